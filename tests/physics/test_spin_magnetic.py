"""Elliott-Yafet spin-orbit scattering with magnetic impurities: the walk
against the exact zero-field loop sum of its own model
(:func:`pathsim.theory.spin_magnetic.loop_sum_spin_2d`), |z| <= 4
(harness.Z_MAX), fixed seed; and against HLN's sum of rates, which it must
miss where the rotation per scattering is large (docs/theory/spin_magnetic.md,
theory-spin-magnetic).  The sweep over tau_so, tau_sf and tau_phi is
``python scripts/check_spin_magnetic.py``.
"""
import numpy as np
import pytest

import pathsim
from harness import assert_consistent
from pathsim.theory import exact_2d
from pathsim.theory._common import hln_of_ratio
from pathsim.theory.spin import hln_so, ilp
from pathsim.theory.spin_magnetic import channel_rates, ilp_magnetic, loop_sum_spin_2d

TAUS = np.array([30.0, 100.0])
SETTINGS = [{}, dict(tau_so=1.07), dict(tau_so=1.07, tau_sf=10.0),
            dict(tau_so=1.07, tau_sf=30.0), dict(tau_so=20.0, tau_sf=50.0)]


@pytest.fixture(scope="module")
def runs():
    return pathsim.simulate_spin(SETTINGS, walkers=8_000, tau_phi_max=TAUS[-1],
                                 tau_phi=list(TAUS), truncation=10.0, blocks=16, seed=12,
                                 progress=False)


def _zero_field(result):
    return result.loop_block_sums(np.zeros(1), TAUS)[:, :, 0]


def _theory(setting, combine="walk"):
    return loop_sum_spin_2d(TAUS, setting.get("tau_so"), setting.get("tau_sf"), combine)


def test_exact_loop_sum_limits():
    """Without spin terms the loop sum is exact_2d at b = 0; with magnetic
    impurities alone (a constant factor per scattering) it is the closed form
    lambda ln(1 - lambda/a) + lambda [2 lambda ln 2 + (a - lambda) ln(1 - lambda/a)] / (a + lambda)
    per channel; the channel rates add when one kind is absent."""
    tau = np.array([10.0, 300.0])
    assert np.allclose(loop_sum_spin_2d(tau), exact_2d(0.0, tau), atol=1e-7, rtol=0)
    a = 1.0 + 1.0 / tau

    def closed(lam):
        log = np.log(1.0 - lam / a)
        return lam * log + lam * (2.0 * lam * np.log(2.0) + (a - lam) * log) / (a + lam)

    expected = 1.5 * closed(1.0 - 1.0 / 40.0) - 0.5 * closed(1.0 - 1.5 / 20.0)
    assert np.allclose(loop_sum_spin_2d(tau, tau_sf=20.0), expected, atol=1e-7, rtol=0)
    assert channel_rates(5.0, None) == channel_rates(5.0, None, "born") == (0.2, 0.0)
    assert channel_rates(None, 10.0) == channel_rates(None, 10.0, "born")
    assert np.allclose(channel_rates(None, 10.0), (0.05, 0.15), rtol=1e-15, atol=0)
    t, s = channel_rates(2.0, 10.0)
    assert abs(t - (0.5 + 0.05 - 0.0125)) < 1e-15 and abs(s - 0.15 * 0.75) < 1e-15
    b = np.array([0.01, 0.1])
    g = 1.0 / 300.0
    for combine, (rt, rs) in (("born", (0.05 + 0.01, 0.03)), ("walk", (0.06 - 0.00025, 0.03 * 0.975))):
        expected = 1.5 * hln_of_ratio(b / (g + rt)) - 0.5 * hln_of_ratio(b / (g + rs))
        assert np.allclose(hln_so(b, 300.0, 20.0, 50.0, combine=combine), expected, rtol=1e-12)
    # Rashba with magnetic impurities: ILP with each channel's rate added
    assert np.allclose(ilp_magnetic(b, 300.0, 0.2), ilp(b, 300.0, 0.2), rtol=1e-12, atol=0)
    shifted = ilp_magnetic(b, 300.0, 0.2, tau_sf=30.0)
    tau_t, tau_s = 1 / (g + 1 / 60), 1 / (g + 1 / 20)
    expected = ilp(b, tau_t, 0.2) + 0.5 * hln_of_ratio(b * tau_t) - 0.5 * hln_of_ratio(b * tau_s)
    assert np.allclose(shifted, expected, rtol=1e-12, atol=0)
    with pytest.raises(ValueError, match="combine"):
        channel_rates(2.0, 10.0, "sum")


def test_walk_against_exact_loop_sum(runs):
    """Every setting's zero-field correction at tau_phi = 30 and 100 equals
    the exact loop sum of the walk's model."""
    for setting, result in zip(SETTINGS, runs):
        value, err = result.per_walker(_zero_field(result))
        assert_consistent(value, err, _theory(setting), f"delta_sigma(0), {setting}")


def test_magnetic_change_with_strong_spin_orbit(runs):
    """With strong Elliott-Yafet scattering (tau_so = 1.07) magnetic
    impurities change the correction by the walk's channel rates (singlet
    (3 / (2 tau_sf)) (1 - 1 / (2 tau_so)), nearly half of HLN's); the same
    walkers without them are the reference, and HLN's sum of rates misses
    the change by more than 5 standard errors."""
    base = _zero_field(runs[1])
    reference = _theory(SETTINGS[1])
    for k in (2, 3):
        value, err = runs[k].per_walker(_zero_field(runs[k]) - base)
        assert_consistent(value, err, _theory(SETTINGS[k]) - reference,
                          f"magnetic change, {SETTINGS[k]}")
        born = _theory(SETTINGS[k], "born") - reference
        assert np.all(np.abs(value - born) > 5 * err), f"HLN's sum fits {SETTINGS[k]}"
