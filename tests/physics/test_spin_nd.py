"""Spin in the general walk: 3D bulk, films, 3D wires and 2D wires with
specular walls (:mod:`pathsim._kernels.walk_spin_nd`); statistical checks
in units of standard errors (|z| <= 4, harness.Z_MAX; fixed seeds)."""
import numpy as np
import pytest

import pathsim
from harness import assert_below, assert_consistent
from pathsim.run.spin import spin_relaxation
from pathsim.theory.spin_confined import dp_rates_3d

_SMALL = dict(walkers=200, tau_phi_max=10.0, tau_phi=[2.0, 10.0], seed=4, blocks=4,
              progress=False)
GEOMETRIES = [dict(dim=3, geometry="film", thickness=1.5, walls="specular"),
              dict(dim=3, geometry="film", thickness=1.5, walls="diffuse"),
              dict(dim=3, geometry="wire", width=2.0, thickness=1.0, walls="specular"),
              dict(dim=3),
              dict(dim=2, geometry="wire", width=2.0, walls="specular")]


@pytest.mark.parametrize("geometry", GEOMETRIES)
def test_no_spin_term_is_the_spinless_walk(geometry):
    """A setting without spin terms walks the spinless general walk number
    for number (bit-identical tallies); the persistent spin helix (Rashba =
    linear Dresselhaus: one fixed axis, a closed loop's rotation is 1, also
    through specular reflections) and a Zeeman field alone weigh every loop
    1 to rounding; Rashba does change the tallies."""
    kw = dict(_SMALL, **geometry)
    plain = pathsim.simulate(**kw)
    none, psh, zee, rashba = pathsim.simulate_spin(
        [{}, dict(rashba=0.7, dresselhaus=0.7), dict(zeeman=[0.4, 0.3, 0.9]),
         dict(rashba=0.7)], **kw)
    for name in ("hist_a", "hist_b", "over_a", "over_b", "tmom", "msd", "events"):
        assert np.array_equal(getattr(none, name), getattr(plain, name)), name
    assert none.params["grid"]["directions"] == plain.params["grid"]["directions"]
    for r in (psh, zee):
        for name in ("hist_a", "hist_b", "tmom"):
            ref = getattr(plain, name)
            np.testing.assert_allclose(getattr(r, name), ref, rtol=1e-12,
                                       atol=1e-12 * np.abs(ref).max())
    assert not np.allclose(rashba.hist_a, plain.hist_a)


def test_dyakonov_perel_rates_in_a_film():
    """Rashba theta = 0.1 on the in-plane momentum, 3D isotropic scattering:
    the spin relaxes at theta^2 / 3 in plane and 2 theta^2 / 3 out of plane
    (the exact renewal poles of dp_rates_3d), in bulk and in a film with
    specular walls (a reflection on z leaves (c_x, c_y) alone); diffuse
    walls re-emit the direction and slow the relaxation (motional
    narrowing by the extra randomising events)."""
    times = np.array([50.0, 200.0])
    in_plane, normal = dp_rates_3d(0.1)
    rates = {}
    for label, geometry in (("bulk", dict(dim=3)),
                            ("film", dict(dim=3, geometry="film", thickness=1.0)),
                            ("diffuse film", dict(dim=3, geometry="film", thickness=1.0,
                                                  walls="diffuse"))):
        value, err = spin_relaxation(times, walkers=20_000, seed=3, rashba=0.1, **geometry)
        rate = -np.log(value[1] / value[0]) / 150.0
        rate_err = np.hypot(err[1] / value[1], err[0] / value[0]) / 150.0
        rates[label] = rate, rate_err
    for label in ("bulk", "film"):
        assert_consistent(*rates[label], [in_plane, in_plane, normal], f"DP rates, {label}")
    slow, slow_err = rates["diffuse film"]
    assert_below(slow, slow_err, 0.8 * np.array([in_plane, in_plane, normal]),
                 "diffuse walls slow the relaxation")


def test_thin_film_with_strong_elliott_yafet_antilocalizes():
    """A film of thickness 0.5 l (specular walls) in a perpendicular field,
    tau_phi = 100: strong Elliott-Yafet scattering (tau_so = 1.5) turns the
    magnetoconductance into -1/2 of the spinless film's (same walkers): the
    remainder delta_SO + delta_0 / 2 is the triplet's, (3/2) delta_0 at
    1 / tau_phi' = 1 / tau_phi + 1 / tau_so (the mean spin factor of a loop
    of duration t is -1/2 + (3/2) e^{-t / tau_so}; diffusive estimate)."""
    tau = 100.0
    plain, so = pathsim.simulate_spin(
        [{}, dict(tau_so=1.5)], walkers=2_500, tau_phi_max=tau, tau_phi=[tau],
        truncation=8.0, blocks=16, seed=5, progress=False, dim=3, geometry="film",
        thickness=0.5)
    b = np.array([1.0, 3.0, 10.0]) / (2.0 * plain.diffusion * tau)   # B / B_phi = 1, 3, 10

    def change(result, t):
        t = np.array([t])
        return result.loop_block_sums(b, t)[:, 0] - result.loop_block_sums(np.zeros(1), t)[:, 0]

    remainder, remainder_err = so.per_walker(change(so, tau) + 0.5 * change(plain, tau))
    triplet = 1.5 * plain.per_walker(change(plain, 1.0 / (1.0 / tau + 1.0 / 1.5)))[0]
    assert_consistent(remainder, remainder_err, triplet, "film: delta_SO + delta_0 / 2")
    value, err = so.per_walker(change(so, tau))
    assert_below(value, err, 0.0, "film: antilocalization")


def test_narrow_wires_suppress_dyakonov_perel_relaxation():
    """2D wires with specular walls and Rashba theta = 0.15 (L_so = 6.7 l):
    the spin along y (across the wire) relaxes far more slowly than in bulk
    (D theta^2), and its rate grows as W^2 (Kettemann, PRL 98, 176808
    (2007): (1/12) (W / L_so)^2 D theta^2).  scripts/wire_spin_relaxation.py
    has the rates against W; there the walk approaches the diffusive
    theory as l / W -> 0 (0.85 of it at W = 3 l, 0.91 at 6 l)."""
    from pathsim.theory.spin_confined import wire_dp_rate
    theta = 0.15
    rates = []
    for width in (3.0, 6.0):
        t2 = 1.5 / wire_dp_rate(theta, width)
        times = np.array([t2 / 5.0, t2])
        value, err = spin_relaxation(times, walkers=1_000, seed=2, rashba=theta, dim=2,
                                     geometry="wire", width=width)
        span = times[1] - times[0]
        rates.append((-np.log(value[1, 1] / value[0, 1]) / span,
                      np.hypot(err[1, 1] / value[1, 1], err[0, 1] / value[0, 1]) / span))
    (slow, slow_err), (wide, wide_err) = rates
    assert_below(wide, wide_err, 0.1 * theta ** 2 / 2, "W = 6 l: under a tenth of bulk")
    ratio = wide / slow
    assert_consistent(ratio, ratio * np.hypot(slow_err / slow, wide_err / wide), 4.0,
                      "rate ratio W = 6 l / W = 3 l (W^2 law)")
