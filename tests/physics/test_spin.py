"""Spin in the loop sum against theory, in units of standard errors
(|z| <= 4, harness.Z_MAX; fixed seeds).

One run of 8000 walkers at tau_phi = 300 tallies seven spin settings on the
same walkers (spinless, Rashba, strong and weak Elliott-Yafet, magnetic
impurities, strong Elliott-Yafet with a Zeeman field, Rashba with linear and
cubic Dresselhaus).  The
heavier checks (tau_phi = 1000, the 5 % criterion, B / B_phi up to 30) are
``python scripts/check_spin.py``.
"""
import numpy as np
import pytest

import pathsim
from harness import assert_below, assert_consistent
from pathsim import theory
from pathsim.run.spin import spin_relaxation
from pathsim.analysis.wal import fit_wal_simulation
from pathsim.theory.spin import dp_decay, dp_rates, hln_so, hln_zeeman, ilp, zeeman_so

TAU = 300.0
THETA = 0.2        # Rashba angle per l: B_so = theta^2 / 2 = 6 B_phi
TAU_SO = 5.0       # Elliott-Yafet: B_so = 60 B_phi (strong)
TAU_SF = 30.0      # magnetic impurities: B_sf = 10 B_phi
TAU_SO_WEAK = 100.0  # Elliott-Yafet with B_so = 3 B_phi: the WL-WAL crossover
ZEEMAN = 0.04      # in-plane Zeeman angle per tau with tau_so = 5: w^2 tau_so = 2.4 / tau_phi
MIXED = dict(rashba=0.2, dresselhaus=0.1, dresselhaus3=0.05)   # B_R = 4 B_D = 16 B_3
X = np.array([0.1, 0.3, 1.0, 3.0, 10.0])   # B / B_phi, b <= 0.033 (diffusive)


@pytest.fixture(scope="module")
def runs():
    return pathsim.simulate_spin(
        [{}, dict(rashba=THETA), dict(tau_so=TAU_SO), dict(tau_sf=TAU_SF),
         dict(tau_so=TAU_SO_WEAK), dict(tau_so=TAU_SO, zeeman=[ZEEMAN, 0.0, 0.0]), MIXED],
        walkers=8_000, tau_phi_max=TAU, tau_phi=[TAU], truncation=10.0, blocks=16,
        seed=7, progress=False)


def _mc_blocks(result, b):
    """Per-block sums of delta_sigma(b) - delta_sigma(0) (shape (K, n_b))."""
    b = np.asarray(b, float)
    tau = np.array([TAU])
    return (result.loop_block_sums(b, tau)[:, 0]
            - result.loop_block_sums(np.zeros(1), tau)[:, 0])


def _mean(result, block_sums):
    return result.per_walker(block_sums)


def test_dyakonov_perel_relaxation():
    """Rashba, theta = 0.1: <R_aa(t)> against the exact renewal solution of
    the walk, and the asymptotic rates: out of plane twice in plane
    (D'yakonov-Perel: theta^2 and theta^2 / 2)."""
    times = np.array([10.0, 20.0, 50.0, 100.0, 200.0])
    value, err = spin_relaxation(times, walkers=20_000, seed=3, rashba=0.1)
    for axis in range(3):
        assert_consistent(value[:, axis], err[:, axis], dp_decay(times, 0.1, axis),
                          f"<R_{'xyz'[axis] * 2}(t)>")
    in_plane, normal = dp_rates(0.1)
    assert abs(in_plane / 0.005 - 1) < 1e-3 and abs(normal / 0.01 - 1.0) < 0.011
    # the rates measured from the walk: decay between t = 50 and 200
    rate = -np.log(value[4] / value[2]) / 150.0
    rate_err = np.hypot(err[4] / value[4], err[2] / value[2]) / 150.0
    assert_consistent(rate, rate_err, [in_plane, in_plane, normal], "DP rates")
    assert_consistent(rate[2] / rate[:2].mean(), 2 * rate_err[2] / rate[2],
                      normal / in_plane, "out-of-plane / in-plane rate")


def test_elliott_yafet_and_magnetic_relaxation():
    """Each spin component decays as exp(-t / tau): one rotation per
    scattering, so the rate is exactly 1 - (1 - 1/tau_so)(1 - 1/tau_sf)."""
    times = np.array([5.0, 10.0, 20.0, 40.0])
    for setting, rate in ((dict(tau_so=20.0), 1 / 20), (dict(tau_sf=10.0), 1 / 10),
                          (dict(tau_so=20.0, tau_sf=50.0), 1 - (1 - 1 / 20) * (1 - 1 / 50)),
                          # tau_so is calibrated with the walk's scattering law
                          (dict(tau_so=10.0, mean_cosine=0.5), 1 / 10),
                          (dict(tau_so=10.0, scattering="hard-disk"), 1 / 10)):
        value, err = spin_relaxation(times, walkers=20_000, seed=4, **setting)
        expected = np.exp(-rate * times)[:, None] * np.ones(3)
        assert_consistent(value, err, expected, f"spin decay {setting}")


def test_strong_spin_orbit_gives_minus_half(runs):
    """Elliott-Yafet with B_so = 60 B_phi: the triplet is gone, the
    magnetoconductance is -1/2 of the spinless one, and agrees with HLN
    with spin-orbit scattering."""
    plain, so = runs[0], runs[2]
    b = X / TAU
    value, err = so.magnetoconductance(b, TAU)
    assert_consistent(value, err, hln_so(b, TAU, tau_so=TAU_SO), "HLN-SO, tau_so = 5")
    # the same walkers: delta_SO + delta_0 / 2 is the triplet remainder
    diff, diff_err = _mean(so, _mc_blocks(so, b) + 0.5 * _mc_blocks(plain, b))
    remainder = hln_so(b, TAU, tau_so=TAU_SO) + 0.5 * theory.hln(b, TAU)
    assert_consistent(diff, diff_err, remainder, "delta_SO + delta_0 / 2")
    assert_below(value, err, 0.0, "antilocalization: negative magnetoconductance")


def test_rashba_against_ilp(runs):
    """Diffusive Rashba (theta = 0.2, tau_phi = 300): the ILP theory over
    B / B_phi = 0.1 .. 10, and the crossover: the magnetoconductance has its
    minimum where ILP puts it (lower there than a factor 4 to either side)."""
    rashba = runs[1]
    b = X / TAU
    value, err = rashba.magnetoconductance(b, TAU)
    assert_consistent(value, err, ilp(b, TAU, THETA), "ILP, Rashba theta = 0.2")
    fine = np.geomspace(0.3, 30, 200) / TAU
    b_min = fine[np.argmin(ilp(fine, TAU, THETA))]
    around = np.array([b_min / 4, b_min, 4 * b_min])
    blocks = _mc_blocks(rashba, around)
    at_min, at_err = _mean(rashba, blocks[:, 1])
    assert_below(at_min, at_err, 0.0, "WAL dip at the ILP minimum")
    for side in (0, 2):
        step, step_err = _mean(rashba, blocks[:, 1] - blocks[:, side])
        assert_below(step, step_err, 0.0, f"minimum below b = {around[side]:.3g}")


def test_rashba_and_dresselhaus_against_general_ilp(runs):
    """Rashba 0.2 with linear Dresselhaus 0.1 and cubic 0.05 together: the
    general ILP theory (Landau-level matrix, no conserved spin component)
    over B / B_phi = 0.1 .. 10; the curves of Rashba alone and of one
    linear term with the same total B_so are far from it at 10 B_phi."""
    b = X / TAU
    value, err = runs[6].magnetoconductance(b, TAU)
    expected = ilp(b, TAU, **MIXED)
    assert_consistent(value, err, expected, "ILP, Rashba + Dresselhaus")
    for other in (ilp(b[-1:], TAU, 0.2, dresselhaus3=0.05),
                  ilp(b[-1:], TAU, np.hypot(0.2, 0.1), dresselhaus3=0.05)):
        assert abs(other[0] - expected[-1]) > 8 * err[-1]


def test_magnetic_impurities_reduce_without_sign_change(runs):
    """tau_sf = 30: positive (localization) but smaller than without, and
    HLN with magnetic scattering (triplet 1 / (2 tau_sf), singlet
    3 / (2 tau_sf))."""
    plain, mag = runs[0], runs[3]
    b = X[2:] / TAU
    value, err = mag.magnetoconductance(b, TAU)
    assert_consistent(value, err, hln_so(b, TAU, tau_sf=TAU_SF), "HLN, tau_sf = 30")
    strong = X[-1:] / TAU   # B = 10 B_phi, where the signal is 14 standard errors
    value, err = mag.magnetoconductance(strong, TAU)
    assert_below(-value, err, 0.0, "still weak localization")
    step, step_err = _mean(mag, _mc_blocks(mag, strong) - _mc_blocks(plain, strong))
    assert_below(step, step_err, 0.0, "reduced by magnetic impurities")


def test_fit_wal_recovers_b_phi_and_b_so_from_the_simulation(runs):
    """HLN-SO fitted to the weak Elliott-Yafet run (B_so = 3 B_phi) over
    B / B_phi = 0.1 .. 10 gives B_phi = 1 / tau_phi and B_so = 1 / tau_so
    (units B_tr) within their jackknife errors."""
    b = np.geomspace(0.1, 10, 12) / TAU
    fit = fit_wal_simulation(runs[4], b, TAU)
    assert_consistent([fit.B_phi, fit.B_so], [fit.B_phi_err, fit.B_so_err],
                      [1 / TAU, 1 / TAU_SO_WEAK], "fit-wal on pathsim data")
    assert fit.B_so_err < 0.2 * fit.B_so and fit.B_phi_err < 0.15 * fit.B_phi


def test_zeeman_with_strong_spin_orbit(runs):
    """A Zeeman field mixes singlet and triplet (Maekawa & Fukuyama 1981):
    with tau_so = 5 it dephases the antilocalizing singlet, and the zero-field
    correction falls by the diffusive loop-sum amount of
    :func:`pathsim.theory.spin.zeeman_so` (the same walkers without it are
    the reference).  Without spin-orbit it changes nothing (unit tests)."""
    tau = np.array([TAU])
    base = runs[2].loop_block_sums(np.zeros(1), tau)[:, 0, 0]
    shifted = runs[5].loop_block_sums(np.zeros(1), tau)[:, 0, 0]
    value, err = _mean(runs[5], shifted - base)
    assert_consistent(value, err, zeeman_so(ZEEMAN, TAU, TAU_SO), "Zeeman with SO")
    assert_below(value, err, 0.0, "Zeeman suppresses antilocalization")
    # and in a perpendicular field: the magnetoconductance of the mixed modes
    b = X[2:] / TAU
    change, change_err = _mean(runs[5], _mc_blocks(runs[5], b) - _mc_blocks(runs[2], b))
    expected = hln_zeeman(b, TAU, TAU_SO, ZEEMAN) - hln_so(b, TAU, tau_so=TAU_SO)
    assert_consistent(change, change_err, expected, "Zeeman change of the WAL curve")


def test_narrow_wire_suppresses_spin_relaxation():
    """Rashba theta = 0.3 (L_so ~ 3 l) in 2D wires with diffuse walls at
    tau_phi = 100: the spin-orbit change of the zero-field correction,
    relative to the spinless one of the same walkers, is 17 % in bulk but
    tiny in a wire of width 1 l << L_so (D'yakonov-Perel relaxation needs
    transverse motion; Kettemann, PRL 98, 176808 (2007))."""
    tau = np.array([100.0])
    shares = []
    for extra in (dict(geometry="wire", width=1.0, walls="diffuse"), {}):
        plain, rashba = pathsim.simulate_spin(
            [{}, dict(rashba=0.3)], walkers=3_000, tau_phi_max=100.0, tau_phi=[100.0],
            truncation=10.0, blocks=16, seed=3, progress=False, **extra)
        base = plain.loop_block_sums(np.zeros(1), tau)[:, 0, 0]
        change = rashba.loop_block_sums(np.zeros(1), tau)[:, 0, 0] - base
        value, err = _mean(rashba, change)
        reference, _ = _mean(plain, base)
        shares.append((value / abs(reference), err / abs(reference)))
    (narrow, narrow_err), (bulk, bulk_err) = shares
    assert_below(-bulk, bulk_err, 0.0, "antilocalizing shift in bulk")
    assert_below(narrow - 0.25 * bulk, np.hypot(narrow_err, 0.25 * bulk_err), 0.0,
                 "narrow wire: under a quarter of the bulk shift")


def test_frozen_field_spinor_twins():
    """Frozen point scatterers with strong Elliott-Yafet scattering (tau_so
    = 1.07: each impurity nearly randomizes the spin; its axis is frozen
    with the field): the summed spinor amplitudes of loops and twins give
    <coherent> / <incoherent> = 1 + <s>, far below the spinless 2 and as
    the Poisson walk's loops predict for the same model (dilute field:
    0.57 at tau_phi = 20, -> 1/2 for loops much longer than tau_so)."""
    from pathsim.run import twin_amplitudes
    from pathsim.model import impurity_field
    from pathsim.results import stats
    tau = 20.0
    field = impurity_field(2, kind="point", cross_section=0.04)
    result = twin_amplitudes(field, 1500, walkers_per_realization=16, k_f=(10.0, 30.0),
                             b=(0.0,), tau_phi=tau, truncation=3, seed=1, progress=False,
                             spin=dict(tau_so=1.07))
    ratio, err = result.ratio()
    plain, so = pathsim.simulate_spin([{}, dict(tau_so=1.07)], walkers=40_000,
                                      tau_phi_max=tau, tau_phi=[tau], truncation=3.0,
                                      blocks=16, seed=2, progress=False)
    sums = [r.loop_block_sums(np.zeros(1), np.array([tau]), "backscattering")[:, 0, 0]
            for r in (plain, so)]
    share, share_err = stats.ratio(sums[1], sums[0])
    assert_consistent(ratio[:, 0], np.hypot(err[:, 0], share_err), 1.0 + share,
                      "frozen spinor ratio against the Poisson loops")
    assert_below(ratio[:, 0], err[:, 0], 0.75, "antilocalization: far below 2")


def test_dp_relaxation_with_anisotropic_scattering():
    """Forward scattering (Henyey-Greenstein g = 0.5, tau_1 = 2 tau): the
    D'yakonov-Perel rates theta^2 tau_1 / 2 (in plane) double; the spin
    kernel's walk without spin terms is the general walk's (same law)."""
    times = np.array([50.0, 200.0])
    value, err = spin_relaxation(times, walkers=20_000, seed=3, mean_cosine=0.5, rashba=0.1)
    rate = -np.log(value[1] / value[0]) / 150.0
    rate_err = np.hypot(err[1] / value[1], err[0] / value[0]) / 150.0
    # theta tau_1 = 0.2: the exact rates exceed the diffusive ones by O(4 %)
    assert_consistent(rate[:2], rate_err[:2], 0.01, "in-plane DP rate, g = 0.5")
    assert np.all(np.abs(rate[2] / 0.02 - 1.0) < 0.12)


def test_frozen_field_long_loops_give_one_half():
    """Strong spin-orbit coupling in a frozen field of point scatterers
    (Rashba 10 rad per l and Elliott-Yafet tau_so = 1.07): the loops longer
    than 10 l give <coherent> / <incoherent> = 1/2 (a Haar-random loop
    rotation has <cos Theta> = -1/2).  All loops give more (see
    scripts/frozen_spin_ratio.py: loops through two or three impurities are
    often nearly their own reverse, and keep s near 1); that script also
    shows 1/2 within 1 % (0.4985 +- 0.0045 over 200000 fields)."""
    from pathsim.run import twin_amplitudes
    from pathsim.model import impurity_field
    from pathsim.results import stats
    field = impurity_field(2, kind="point", cross_section=0.1)
    result = twin_amplitudes(field, 6000, walkers_per_realization=4, k_f=(10.0, 30.0),
                             b=(0.0,), tau_phi=30.0, truncation=1.0, seed=5, progress=False,
                             spin=dict(rashba=10.0, tau_so=1.07), t_min=10.0)
    ratio, err = stats.ratio(result.coherent[:, :, 0].mean(axis=1), result.incoherent)
    assert_consistent(ratio, err, 0.5, "frozen ratio of loops >= 10 l, strong spin-orbit")
    assert err < 0.04
    for bad in (-1.0, 30.0):
        with pytest.raises(ValueError, match="t_min must be"):
            twin_amplitudes(field, 4, tau_phi=30.0, truncation=1.0, t_min=bad)
