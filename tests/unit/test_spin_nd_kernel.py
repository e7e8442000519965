"""The general walk with spin against the 2D spin walk, and its helpers."""
import numpy as np

from pathsim._kernels.walk_spin_nd import flight_nd, scattering_nd, segment_rotation
from pathsim._kernels.spin import flight, qdot, qmul, scattering
from pathsim.model.medium import medium
from pathsim.model.spin import ey_strength, spin_setting, spin_table
from pathsim.results import LoopGrid
from pathsim.run.driver import allocate, block_ranges, loop_bins
from pathsim.run.spin_rounds import walk_spin


def _walk(settings, kernel_medium, spec, walkers=400, blocks=4, t_cut=60.0):
    grid = LoopGrid(t_cut=t_cut, bins_per_decade=32, area_bins=64,
                    diffusion=spec.diffusion, directions=spec.directions * len(settings),
                    widths=(None,) + tuple(spec.widths[1:]))
    bins = loop_bins(grid, t_cut, 0.05, 2)
    tallies = allocate(blocks, grid, bins.msd_times.size)
    first, sizes = block_ranges(walkers, blocks)
    walk_spin([spin_setting(**s) for s in settings], tallies, np.uint64(11), first, sizes,
              10**6, False, None, bins, kernel_medium)
    return tallies


def test_general_walk_with_spin_is_the_2d_spin_walk_in_a_diffuse_strip():
    """A 2D strip with diffuse walls walked by both spin kernels (they draw
    the same random numbers): Rashba, linear and cubic Dresselhaus,
    Elliott-Yafet, magnetic impurities and Zeeman give the same tallies to
    rounding, an independent check of the general walk's rotations, twins
    and closing flights."""
    spec = medium(2, "wire", 2.0, None, "diffuse")
    settings = [dict(rashba=0.8, dresselhaus=0.3), dict(dresselhaus3=0.5, tau_so=3.0),
                dict(tau_sf=4.0, zeeman=[0.2, 0.1, 0.4], rashba=0.5)]
    own = _walk(settings, (2.0, 0.0, 0), spec)
    general = _walk(settings, spec.kernel_args(), spec)
    for name in ("hist", "rows", "events"):
        a, b = getattr(own, name), getattr(general, name)
        np.testing.assert_allclose(b, a, rtol=1e-9, atol=1e-9 * np.abs(a).max())
    assert np.abs(own.hist).max() > 0


def test_rotations_in_the_plane_reduce_to_the_2d_ones():
    """With a unit in-plane direction the 3D precession is the 2D one; a
    specular wall cut leaves a flight along x alone and, for a flight
    crossing y-walls, loop and twin rotations stay inverse to each other."""
    table = spin_table([spin_setting(rashba=0.7, dresselhaus=0.2, dresselhaus3=0.4)])[0]
    c = (np.cos(0.3), np.sin(0.3))
    np.testing.assert_allclose(flight_nd(table, *c, 1.7), flight(table, *c, 1.7), atol=1e-14)
    start = np.array([0.0, 0.4, 0.0])
    width = np.array([np.inf, 1.0, np.inf])
    fwd, bwd = segment_rotation(table, (0.0, 0.0, 0.0), (2.0, 0.0, 0.0), start, width, True)
    np.testing.assert_allclose(fwd, flight(table, 1.0, 0.0, 2.0), atol=1e-14)
    fwd, bwd = segment_rotation(table, (0.0, 0.0, 0.0), (1.0, 3.5, 0.0), start, width, True)
    assert abs(qdot(qmul(fwd, bwd), (1.0, 0.0, 0.0, 0.0)) - 1.0) < 1e-13
    # the unfolded flight equals the product of its real pieces (y walls at 0, 1)
    ey = 3.5 / np.hypot(1.0, 3.5)
    ex = 1.0 / np.hypot(1.0, 3.5)
    pieces = [0.6, 1.0, 1.0, 0.9]   # y: 0.4 -> 1 -> 0 -> 1 -> 0.1
    expect = (1.0, 0.0, 0.0, 0.0)
    for k, dy in enumerate(pieces):
        expect = qmul(flight(table, ex, ey * (1 if k % 2 == 0 else -1), dy / ey), expect)
    np.testing.assert_allclose(fwd, expect, atol=1e-13)


def test_elliott_yafet_in_3d():
    """The 3D rotation vector eta c x c' is odd under the reversed
    scattering, and eta is calibrated with the 3D law's <cos(eta |c x c'|)>."""
    eta = ey_strength(2.0, dim=3)
    assert 0.0 < eta < 3.7
    sp = np.zeros(8)
    sp[3] = eta
    a = np.array([0.3, -0.5, 0.8])
    a /= np.linalg.norm(a)
    b = np.array([-0.6, 0.1, 0.2])
    b /= np.linalg.norm(b)
    imp = np.zeros(6)
    fwd = scattering_nd(sp, 3, imp, tuple(a), tuple(b))
    rev = scattering_nd(sp, 3, imp, tuple(-b), tuple(-a))
    np.testing.assert_allclose(qmul(fwd, rev), (1.0, 0.0, 0.0, 0.0), atol=1e-14)
    # in 2D the general walk uses the 2D rule
    sp2 = spin_table([spin_setting(tau_so=2.0)])[0]
    imp2 = (0.6, 0.0, 0.8, 0.0, 0.0, 1.0)
    np.testing.assert_allclose(scattering_nd(sp2, 2, imp2, (1.0, 0.0, 0.0), (0.0, 1.0, 0.0)),
                               scattering(sp2, imp2, 1.0, 0.0, 0.0, 1.0), atol=1e-15)


def test_confined_spin_theory_limits():
    """3D D'yakonov-Perel poles -> theta^2 / 3 and 2 theta^2 / 3; the wire's
    lowest spin-diffusion mode -> Kettemann's (1/12) (W / L_so)^2 D theta^2
    for theta W << 1 and stays below the bulk rate; bad input is refused."""
    import pytest

    from pathsim.theory.spin_confined import dp_rates_3d, wire_dp_rate, wire_dp_rate_diffusive
    in_plane, normal = dp_rates_3d(0.01)
    assert abs(in_plane / (1e-4 / 3) - 1) < 1e-3 and abs(normal / (2e-4 / 3) - 1) < 1e-3
    assert abs(wire_dp_rate(0.15, 2.0) - 0.5 * 0.15 ** 4 * 4.0 / 12.0) < 1e-15
    assert abs(wire_dp_rate_diffusive(0.01, 3.0) / wire_dp_rate(0.01, 3.0) - 1) < 2e-3
    assert wire_dp_rate_diffusive(0.15, 6.0) < wire_dp_rate(0.15, 6.0) < 0.5 * 0.15 ** 2
    with pytest.raises(ValueError, match="width"):
        wire_dp_rate(0.1, 0.0)
    with pytest.raises(ValueError, match="theta"):
        dp_rates_3d(0.7)
