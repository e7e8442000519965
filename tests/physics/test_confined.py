"""Films and wires: confinement, the field direction and magnetic dephasing.

Split from test_dimensions.py so that the two heaviest physics files run side
by side under pytest-xdist (``--dist loadfile``).  Every statistical check
allows |z| <= 4 (harness.Z_MAX) against theory; the issue's tolerances (3 %,
5 %) are checked on top, with standard errors small enough to make them
meaningful.
"""
import math

import numpy as np
import pytest
from scipy.optimize import brentq

import pathsim
from harness import assert_consistent
from harness import run_preset as _run
from pathsim import theory


@pytest.fixture(scope="module")
def q1d_run():
    return _run("wire-q1d")


# ---------------------------------------------------------------- wires
def test_narrow_wire_slope_against_L_phi(q1d_run):
    """A strip of width W = 2 l << L_phi: delta_sigma * W = -2 pi L_phi + c."""
    tau = np.asarray(q1d_run.params["tau_phi"])
    slope, err = q1d_run.slope("L_phi", tau, term="backscattering")
    width = q1d_run.cross_section
    assert width == 2.0
    assert err * width < 0.01 * 2 * np.pi
    assert abs(slope * width / (-2 * np.pi) - 1.0) < 0.03, slope * width


def _narrow_strip_limit(tau_phi):
    """W delta_sigma_xx / G0 of a specular strip as W -> 0 (theory-exact-tensor).

    The walk unfolds into a free plane; the returns to the images of the
    start, (x0, 2 m W +- y0), averaged over y0 tend to (1/W) Int dy rho_n(0, y)
    for each parity, and the x-components of the current vertices are the same
    for both.  In Fourier (Q along x, a = 1 + 1/tau_phi, flights of unit mean
    length): P = 1/sqrt(a^2 + Q^2), the first flight with weight 2 cos^2 gives
    C = 2 a (1 - a P)/Q^2, with weight cos it gives F1, F1^2 = -((1 - a P)/Q)^2,
    and W delta_sigma / G0 = -Int dQ (C P + 2 F1^2) / (1 - P) over all Q.
    The isotropic weights 1 + e_1 . e_n would give (P^2 + F1^2) instead."""
    a = 1.0 + 1.0 / tau_phi

    def integrand(q, xx):
        p = 1.0 / math.hypot(a, q)
        f1sq = -((1.0 - a * p) / q) ** 2
        c = 2.0 * a * (1.0 - a * p) / q ** 2
        return ((c * p + 2.0 * f1sq) if xx else (p * p + f1sq)) / (1.0 - p)

    from scipy.integrate import quad
    return tuple(-2.0 * quad(integrand, 0.0, np.inf, args=(xx,), limit=400)[0]
                 for xx in (True, False))


def test_walls_score_the_correction_along_the_strip():
    """A specular strip of W = 0.2 l at tau_phi = 10: W delta_sigma against its
    W -> 0 limit with the current vertices along x, -7.812 (the isotropic
    weights would give -10.495).  The finite width moves it by about 0.06
    (measured: -7.751 +- 0.049 at W = 0.2 l, -7.776 +- 0.048 at 0.1 l, 20000
    walkers each), well inside this run's error."""
    along, isotropic = _narrow_strip_limit(10.0)
    assert abs(along + 7.8122) < 1e-3 and abs(isotropic + 10.4945) < 1e-3
    width = 0.2
    run = pathsim.simulate(5000, dim=2, geometry="wire", width=width, walls="specular",
                           tau_phi_max=40.0, seed=31, progress=False)
    value, err = run.delta_sigma(0.0, 10.0)
    value, err = float(value) * width, float(err) * width
    assert err < 0.15
    assert_consistent(value, err, along, "W delta_sigma, narrow specular strip")
    assert abs(value - isotropic) > 10 * err


def test_strip_return_density_is_one_dimensional(q1d_run):
    """Returns at t >> W^2 / D spread along the strip only: density
    1 / (W sqrt(4 pi D t)) per unit area.  This checks the image sum of the
    specular walls."""
    t, value, err = q1d_run.return_density(single_scattering=False, bins_per_decade=8)
    use = (t > 50.0) & np.isfinite(err) & (err > 0)
    expected = 1.0 / (2.0 * np.sqrt(4 * np.pi * 0.5 * t[use]))
    assert_consistent(value[use], err[use], expected, "strip return density")


def test_diffusive_wire_dephasing_rate():
    """A strip of width W = 8 l in a weak perpendicular field: 1 / tau_B =
    W^2 D / (3 l_m^4) (Al'tshuler & Aronov; Beenakker & van Houten 1988),
    measured from the decay of <cos(b A)>_t at 3 .. 10 W^2 / D.  The
    remaining ballistic correction is of order -2 (l / W)^2 (-3 %)."""
    run = _run("wire-field")
    width, D = 8.0, 0.5
    t_max = 10 * width ** 2 / D
    b = math.sqrt(12.0 / (width ** 2 * D * t_max))
    rate, err = run.dephasing_rate(b, 3 * width ** 2 / D, t_max)
    expected = 1.0 / theory.tau_b_wire(b, width, D)
    assert err < 0.02 * expected  # 5 % is at least 2.5 errors
    assert abs(rate / expected - 1.0) < 0.05, rate / expected


# ---------------------------------------------------------------- films
@pytest.fixture(scope="module")
def film_run():
    return _run("film")


def _pooled_ratio(run, b, directions, theory):
    """sum_b delta_sigma(b) over the given directions (averaged) divided by
    the theory's sum, with batch-means errors: one number per field
    orientation, so that 5 % can be resolved."""
    tau = np.array(run.params["tau_phi"])
    with_zero = np.concatenate((b, [0.0]))
    blocks = 0.0
    for d in directions:
        sums = run.loop_block_sums(with_zero, tau, "backscattering", d)[:, 0]
        blocks = blocks + (sums[:, :-1] - sums[:, -1:]).sum(axis=1) / len(directions)
    value, err = run.per_walker(blocks * run.cross_section)
    total = float(np.sum(theory))
    return value / total, err / total


def test_film_in_perpendicular_and_parallel_fields(film_run):
    """A film w = 10 l, L_phi = 32 l: the perpendicular field follows HLN
    (each transverse mode), the parallel field the diffusive film theory,
    which tends to ln(1 + tau_phi / tau_B), 1/tau_B = e^2 B^2 w^2 D / 3 hbar^2
    (Al'tshuler & Aronov 1981), as w / L_phi -> 0 (tested in
    test_theory_beyond_2d).  Both theories are cut at the run's t_cut like the walks."""
    w, tau, D = 10.0, 3000.0, 1.0 / 3.0
    t_cut = film_run.params["t_cut"]
    b_perp = np.array([1.0, 3.0, 10.0]) / (2 * D * tau)               # B / B_phi
    b_par = np.sqrt(12 * np.array([0.5, 1.0, 2.0]) / (w * w * D * tau))  # tau_phi / tau_B
    for b, dirs, direction in ((b_perp, [0], "perpendicular"), (b_par, [1, 2], "parallel")):
        expected = theory.film_diffusive(b, tau, w, D, direction, t_cut=t_cut)
        ratio, err = _pooled_ratio(film_run, b, dirs, expected)
        assert err < 0.03, (direction, err)  # 5 % is at least 1.7 errors
        assert abs(ratio - 1.0) < 0.05, (direction, ratio)
        assert_consistent(ratio, err, 1.0, f"film, {direction} field / theory")


def test_film_field_anisotropy_scales_as_theory(film_run):
    """The fields at which perpendicular and parallel fields reach the same
    magnetoconductance (0.05 G0): their ratio as in the theory.  At weak
    fields HLN ~ (B / B_phi)^2 / 24 and ln(1 + tau_phi / tau_B) ~ tau_phi /
    tau_B give B_par / B_perp = sqrt(2) L_phi / w (4.5 here); the film
    theory lowers it by 8 % at w / L_phi = 0.32."""
    w, tau, D = 10.0, 3000.0, 1.0 / 3.0
    t_cut = film_run.params["t_cut"]
    target = 0.05
    grid = np.geomspace(1e-4, 0.1, 400)

    def crossing(values):
        return float(np.exp(np.interp(target, values, np.log(grid))))

    def theory_crossing(direction):  # a root search: ~15 theory points, not 400
        def f(log_b):
            return float(theory.film_diffusive(np.exp([log_b]), tau, w, D, direction,
                                               t_cut=t_cut)[0]) - target
        return float(np.exp(brentq(f, np.log(grid[0]), np.log(grid[-1]), xtol=1e-7)))

    perp, _ = film_run.magnetoconductance(grid, tau, "backscattering", direction=0)
    par = sum(film_run.magnetoconductance(grid, tau, "backscattering", direction=d)[0]
              for d in (1, 2)) / 2
    measured = crossing(par * w) / crossing(perp * w)
    expected = theory_crossing("parallel") / theory_crossing("perpendicular")
    assert abs(measured / expected - 1.0) < 0.05, (measured, expected)
    thin = np.sqrt(2 * D * tau) / w
    assert 0.85 * thin < measured < thin, (measured, thin)


def test_3d_wire_with_diffuse_walls_is_quasi_one_dimensional():
    """A 3D wire of section 2 l x 2 l with diffuse walls: delta_sigma * W w =
    -2 pi (D / D_x) L_x + c, L_x = sqrt(D_x tau_phi), with D_x the measured
    diffusion constant along the wire (walls slow it down) and D the bulk one
    that sets the prefactor 4 pi D of the loop sum."""
    tau = np.geomspace(30.0, 1000.0, 6)
    run = pathsim.simulate(16_000, seed=12, dim=3, geometry="wire", width=2.0,
                           thickness=2.0, walls="diffuse", tau_phi_max=1000.0,
                           tau_phi=tau, truncation=6.0, progress=False)
    d_x, _ = run.diffusion_constant()
    assert d_x < 0.8 * run.diffusion
    slope, err = run.slope("L_phi", tau, term="backscattering")  # against sqrt(D tau)
    # -2 pi (D / D_x) sqrt(D_x tau) = -2 pi sqrt(D / D_x) sqrt(D tau)
    expected = -2 * np.pi * np.sqrt(run.diffusion / d_x) / run.cross_section
    assert err < 0.015 * abs(expected)
    assert abs(slope / expected - 1.0) < 0.03, slope / expected
