"""Tests of pathsim.theory (loop_sums, diffusive, confined, films): 1D and 3D loop sums, films and wires, input checks.

Deterministic except one seeded Monte Carlo check of the 1D loop sum (its
tolerance is five standard errors, computed from the sample). The loop sums
are checked against quadratures of the Fourier-space integrals done here from
scratch (radial measure ``S_d q^(d-1) / (2 pi)^d``); the same construction in
2D must reproduce the known exact zero-field values, which fixes the sign and
normalisation of the non-backscattering term in every dimension.
"""

import numpy as np
import pytest
from scipy import constants, integrate, special

from pathsim import theory as th

TAU_PHIS = [0.1, 1.0, 10.0, 100.0, 1e4]
SPHERE = {1: 2.0, 2: 2.0 * np.pi, 3: 4.0 * np.pi}     # S_d, area of the unit sphere


def _quad(f, edges):
    return sum(integrate.quad(f, lo, hi, limit=400, epsabs=1e-13, epsrel=1e-11)[0]
               for lo, hi in zip(edges[:-1], edges[1:]))


def _loop_sum_numeric(tau_phi, dim, term):
    """``-4 pi D Int P^3/(1-P)`` or ``+4 pi D Int F^2 P/(1-P)`` over ``d^dq / (2 pi)^d``."""
    D = 1.0 / dim
    measure = SPHERE[dim] / (2.0 * np.pi) ** dim

    def integrand(q):
        P, F = th.flight_transforms(q, tau_phi, dim)
        body = -P ** 3 if term == "backscattering" else F * F * P
        return 4.0 * np.pi * D * measure * q ** (dim - 1) * body / (1.0 - P)

    return _quad(integrand, [0.0, 0.1, 1.0, 10.0, np.inf])


def _sph_j1(x):
    """Spherical Bessel j1 (scipy's spherical_jn is slow per scalar call)."""
    if x < 1e-3:
        return x / 3 - x ** 3 / 30
    return np.sin(x) / x ** 2 - np.cos(x) / x


# ------------------------------------------------------ one-flight transforms

@pytest.mark.parametrize("dim, phi, psi", [
    (1, np.cos, np.sin),
    (2, special.j0, special.j1),
    (3, lambda x: np.sinc(x / np.pi), lambda x: _sph_j1(x)),
])
@pytest.mark.parametrize("tau_phi", [0.5, 20.0, np.inf])
def test_flight_transforms_are_radial_integrals(dim, phi, psi, tau_phi):
    # P = Int_0^inf dr exp(-a r) phi_d(q r), F = same with psi_d (angular averages).
    a = 1.0 + 1.0 / tau_phi
    q = np.array([0.0, 1e-3, 0.3, 1.0, 4.0, 30.0])
    P, F = th.flight_transforms(q, tau_phi, dim)
    for qi, Pi, Fi in zip(q, P, F):
        edges = [0.0, 1.0, 3.0, 10.0, 20.0, 40.0, 60.0]          # exp(-60) < 1e-26
        p_num = _quad(lambda r: np.exp(-a * r) * phi(qi * r), edges)
        f_num = _quad(lambda r: np.exp(-a * r) * psi(qi * r), edges)
        assert Pi == pytest.approx(p_num, rel=1e-9, abs=1e-13)
        assert Fi == pytest.approx(f_num, rel=1e-9, abs=1e-13)
    assert P[0] == pytest.approx(1.0 / a) and F[0] == 0.0


@pytest.mark.parametrize("dim", [2, 3])
def test_angular_average_of_rhat_is_i_qhat_psi(dim):
    # <rhat exp(i q.r)> over directions = i qhat psi_d(q r): the e_1 . e_n
    # factor becomes (i F)(i F) = -F^2, so sigma_b has the opposite sign of its integral.
    x = 2.7
    if dim == 2:
        two_pi = 2 * np.pi
        re = integrate.quad(lambda t: np.cos(t) * np.cos(x * np.cos(t)), 0, two_pi)[0] / two_pi
        im = integrate.quad(lambda t: np.cos(t) * np.sin(x * np.cos(t)), 0, two_pi)[0] / two_pi
        expected = special.j1(x)
    else:
        re = integrate.quad(lambda mu: mu * np.cos(x * mu), -1, 1)[0] / 2
        im = integrate.quad(lambda mu: mu * np.sin(x * mu), -1, 1)[0] / 2
        expected = special.spherical_jn(1, x)
    assert abs(re) < 1e-12
    assert im == pytest.approx(expected, rel=1e-10)


def test_flight_transforms_small_q_and_shapes():
    P, F = th.flight_transforms(1e-9, 3.0, 3)
    a = 4.0 / 3.0
    assert P == pytest.approx(1.0 / a, rel=1e-15)
    assert F == pytest.approx(1e-9 / (3 * a * a), rel=1e-12, abs=0)      # F ~ q / (3 a^2)
    _, F = th.flight_transforms(1e-300, 1.0, 3)
    assert F == pytest.approx(1e-300 / 12, rel=1e-12, abs=0)          # a = 2
    P, F = th.flight_transforms(np.ones((2, 3)), [1.0, 2.0, np.inf], 2)
    assert P.shape == F.shape == (2, 3)
    assert isinstance(th.flight_transforms(1.0, 1.0, 1)[0], float)


# ------------------------------------------------------------------- 1D

@pytest.mark.parametrize("tau_phi", TAU_PHIS)
@pytest.mark.parametrize("term", ["backscattering", "nonbackscattering"])
def test_loop_sum_1d_closed_form_matches_quadrature(tau_phi, term):
    expected = _loop_sum_numeric(tau_phi, 1, term)
    assert th.loop_sum_1d(tau_phi, term) == pytest.approx(expected, rel=1e-9)


def test_loop_sum_1d_terms_and_signs():
    tau = np.array(TAU_PHIS)
    a, b = th.loop_sum_1d(tau, "backscattering"), th.loop_sum_1d(tau, "nonbackscattering")
    np.testing.assert_allclose(th.loop_sum_1d(tau), a + b, rtol=1e-14)
    assert np.all(a < 0) and np.all(b > 0) and np.all(a + b < 0)


def test_loop_sum_1d_diffusive_limit():
    # sigma_a = -2 pi sqrt(tau_phi) + 3 pi + O(tau_phi^-1/2); sigma_b -> pi.
    for tau in [1e4, 1e6, 1e8]:
        sa = th.loop_sum_1d(tau, "backscattering")
        assert sa - th.wl_1d(tau) == pytest.approx(3 * np.pi, abs=10 / np.sqrt(tau))
        sb = th.loop_sum_1d(tau, "nonbackscattering")
        assert sb == pytest.approx(np.pi, rel=2 / np.sqrt(tau))
    assert th.loop_sum_1d(np.inf, "nonbackscattering") == pytest.approx(np.pi, rel=1e-15)
    # slope d sigma / d L_phi = -2 pi, L_phi = sqrt(tau_phi) (D = 1)
    t1, t2 = 1e6, 4e6
    slope = (th.loop_sum_1d(t2) - th.loop_sum_1d(t1)) / (np.sqrt(t2) - np.sqrt(t1))
    assert slope == pytest.approx(-2 * np.pi, rel=1e-5)


def test_loop_sum_1d_small_tau_phi_is_accurate():
    # sigma_a ~ -(3 pi / 4) tau^2 and sigma_b ~ (pi / 4) tau^2 as tau_phi -> 0 (no cancellation).
    for tau in [1e-7, 1e-150]:
        sa, sb = th.loop_sum_1d(tau, "backscattering"), th.loop_sum_1d(tau, "nonbackscattering")
        assert sa == pytest.approx(-0.75 * np.pi * tau ** 2, rel=1e-6, abs=0)
        assert sb == pytest.approx(0.25 * np.pi * tau ** 2, rel=1e-6, abs=0)


def test_loop_sum_1d_monte_carlo_next_event_estimator():
    # Independent check of the normalisation and of e_n: walk on the line, after
    # every scattering n >= 2 add the density exp(-a|r_n|)/2 of flying straight
    # home (times the dephasing exp(-g t_n)), weighted by 1 and by e_1 . e_n.
    tau_phi = 2.0
    g, a = 1.0 / tau_phi, 1.0 + 1.0 / tau_phi
    rng = np.random.default_rng(12345)
    n_walk, n_step = 200_000, 70
    r, t = np.zeros(n_walk), np.zeros(n_walk)
    e1 = rng.choice([-1.0, 1.0], n_walk)
    wa, wb = np.zeros(n_walk), np.zeros(n_walk)
    for n in range(1, n_step + 1):
        direction = e1 if n == 1 else rng.choice([-1.0, 1.0], n_walk)
        s = rng.exponential(1.0, n_walk)
        r += direction * s
        t += s
        if n >= 2:
            w = 0.5 * np.exp(-a * np.abs(r) - g * t)
            wa += w
            wb += w * e1 * -np.sign(r)         # e_n points from r_n back home
    for w, term in [(wa, "backscattering"), (wb, "nonbackscattering")]:
        mean = -4 * np.pi * w.mean()
        err = 4 * np.pi * w.std() / np.sqrt(n_walk)
        assert abs(mean - th.loop_sum_1d(tau_phi, term)) < 5 * err
        assert err < 0.02 * abs(mean)             # the check has teeth


# ---------------------------------------------------- 2D cross-check of the construction

@pytest.mark.parametrize("tau_phi", TAU_PHIS)
def test_general_construction_reproduces_exact_2d_zero_field(tau_phi):
    g = 1.0 / tau_phi
    sigma_a = _loop_sum_numeric(tau_phi, 2, "backscattering")
    sigma_b = _loop_sum_numeric(tau_phi, 2, "nonbackscattering")
    assert sigma_a == pytest.approx(-np.log1p(tau_phi), rel=1e-9)
    total = -(2 / (2 + g)) * ((1 + g) * np.log((1 + g) / g) - np.log(2))
    assert sigma_a + sigma_b == pytest.approx(total, rel=1e-9)
    assert sigma_b == pytest.approx(th.exact_2d(0.0, tau_phi, "nonbackscattering"), rel=1e-9)


# ------------------------------------------------------------------- 3D

def _sigma_3d_direct_difference(tau, ref, term):
    """``sigma(tau) - sigma(ref)`` by quad in q of the integrand difference (no regularisation)."""
    def f(q, tau_phi):
        a = 1.0 + 1.0 / tau_phi
        P = np.arctan(q / a) / q
        if term == "backscattering":
            return -(2 / (3 * np.pi)) * q * q * P ** 3 / (1 - P)
        F = (1 - a * P) / q
        return (2 / (3 * np.pi)) * q * q * F * F * P / (1 - P)
    return _quad(lambda q: f(q, tau) - f(q, ref), [1e-12, 0.1, 1.0, 10.0, np.inf])


@pytest.mark.parametrize("tau, ref", [(1.0, 3.0), (10.0, 0.5), (100.0, 2.0), (0.05, 1.0)])
@pytest.mark.parametrize("term", ["backscattering", "nonbackscattering"])
def test_loop_sum_3d_difference_matches_direct_quadrature(tau, ref, term):
    expected = _sigma_3d_direct_difference(tau, ref, term)
    value = th.loop_sum_3d_difference(tau, ref, term)
    assert value == pytest.approx(expected, rel=1e-8, abs=1e-12)


def test_loop_sum_3d_difference_logarithmic_divergence_is_tau_independent():
    # With a hard cutoff q < Lambda each sum grows like c ln(Lambda) with the same
    # c for every tau_phi: the cutoff integral of the difference converges to ours.
    tau, ref = 3.0, 30.0
    exact = th.loop_sum_3d_difference(tau, ref, "backscattering")
    a, a_ref = 1 + 1 / tau, 1 + 1 / ref

    def cut(lam, aa):
        def f(q):
            P = np.arctan(q / aa) / q
            return -(2 / (3 * np.pi)) * q * q * P ** 3 / (1 - P)
        return _quad(f, [1e-12, 0.1, 1.0, 10.0, lam])
    errors = [abs(cut(lam, a) - cut(lam, a_ref) - exact) for lam in (1e2, 1e3, 1e4)]
    assert errors[2] < errors[1] < errors[0] < 1e-2          # falls like 1 / Lambda
    assert errors[1] / errors[2] == pytest.approx(10.0, rel=0.1)


def test_loop_sum_3d_diffusive_limit():
    # sigma(L_phi) - sigma(inf) -> 1 / L_phi, L_phi = sqrt(tau_phi / 3); the
    # non-backscattering term changes only by O(1 / tau_phi).
    for tau in [1e4, 1e6, 1e8]:
        diff = th.loop_sum_3d_difference(tau)
        assert diff == pytest.approx(th.wl_3d(tau), rel=30 / np.sqrt(tau))
        assert abs(th.loop_sum_3d_difference(tau, term="nonbackscattering")) < 1.0 / tau
    t1, t2 = 1e6, 9e6
    diff = th.loop_sum_3d_difference(t1, t2)
    assert diff == pytest.approx(th.wl_3d(t1) - th.wl_3d(t2), rel=1e-3)


def test_loop_sum_3d_difference_terms_shapes_and_antisymmetry():
    tau = np.array([[0.3, 3.0, 30.0]])
    ref = np.array([[1.0], [np.inf]])
    tot = th.loop_sum_3d_difference(tau, ref)
    assert tot.shape == (2, 3)
    parts = (th.loop_sum_3d_difference(tau, ref, "backscattering")
             + th.loop_sum_3d_difference(tau, ref, "nonbackscattering"))
    np.testing.assert_allclose(tot, parts, rtol=1e-13, atol=1e-15)
    forward, backward = th.loop_sum_3d_difference([3.0, 7.0], [7.0, 3.0])
    assert forward == pytest.approx(-backward)
    assert th.loop_sum_3d_difference(5.0, 5.0) == 0.0
    assert isinstance(th.loop_sum_3d_difference(2.0), float)
    # shorter coherence, weaker correction: the backscattering part rises as tau_phi falls
    sa = th.loop_sum_3d_difference([0.1, 1.0, 10.0, 100.0], term="backscattering")
    assert np.all(np.diff(sa) < 0)


# ------------------------------------------------------------- diffusive laws

def test_wl_3d_and_1d():
    assert th.wl_3d(300.0) == pytest.approx(0.1)
    assert th.wl_3d(np.inf) == 0.0
    assert th.wl_3d(8.0, D=0.5) == pytest.approx(0.5)
    assert th.wl_1d(4.0) == pytest.approx(-4 * np.pi)
    np.testing.assert_allclose(th.wl_1d([1.0, 100.0], D=0.25), [-np.pi, -10 * np.pi])


def test_tau_b_film_and_wire_formulas():
    # 1/tau_B = W^2 D / (3 l_m^4), l_m^2 = 2/b  ->  tau_B = 12 / (b^2 W^2 D)
    assert th.tau_b_film(0.1, 2.0) == pytest.approx(12.0 / (0.01 * 4.0 / 3.0))
    assert th.tau_b_wire(0.1, 2.0) == pytest.approx(3 * (2 / 0.1) ** 2 / (4.0 * 0.5))
    assert th.tau_b_film(0.0, 1.0) == np.inf and th.tau_b_wire(0.0, 1.0) == np.inf
    np.testing.assert_allclose(th.tau_b_wire([0.1, 0.2], 3.0, D=1.0), [12 / 0.09, 3 / 0.09])


def test_tau_b_film_in_physical_units():
    # 1/tau_B = e^2 B^2 w^2 D / (3 hbar^2) (Al'tshuler & Aronov 1981), in SI.
    e, hbar = constants.e, constants.hbar
    l, v, B, w = 100e-9, 2e5, 0.05, 3.0
    D_si = v * l / 3
    rate_si = e ** 2 * B ** 2 * (w * l) ** 2 * D_si / (3 * hbar ** 2)
    b = B / (hbar / (2 * e * l ** 2))
    assert th.tau_b_film(b, w) * l / v == pytest.approx(1.0 / rate_si, rel=1e-12)


def test_film_parallel_and_wire_magnetoconductance():
    tau_b = th.tau_b_film(0.05, 4.0)
    assert th.film_parallel(0.05, 200.0, 4.0) == pytest.approx(np.log(1 + 200.0 / tau_b))
    # wire: the 1D law with 1/tau_phi -> 1/tau_phi + 1/tau_B
    tau_phi, W, b = 500.0, 3.0, 0.02
    tau_eff = 1.0 / (1.0 / tau_phi + 1.0 / th.tau_b_wire(b, W))
    expected = th.wl_1d(tau_eff, D=0.5) - th.wl_1d(tau_phi, D=0.5)
    assert th.wire_magnetoconductance(b, tau_phi, W) == pytest.approx(expected, rel=1e-12)
    # weak field: 2 pi L_phi x / 2 with x = tau_phi / tau_B, accurate where the direct form cancels
    small = th.wire_magnetoconductance(1e-9, tau_phi, W)
    x = tau_phi / th.tau_b_wire(1e-9, W)
    assert small == pytest.approx(np.pi * np.sqrt(0.5 * tau_phi) * x, rel=1e-8, abs=0)
    assert th.film_parallel(0.0, 10.0, 2.0) == 0.0
    assert th.wire_magnetoconductance(0.0, 10.0, 2.0) == 0.0


def test_field_functions_broadcast_like_theory():
    b, tau = np.array([0.0, 0.01, 0.1]), np.array([10.0, 100.0])
    for f in (lambda b, t: th.film_parallel(b, t, 2.0),
              lambda b, t: th.wire_magnetoconductance(b, t, 2.0),
              lambda b, t: th.hln_d(b, t, 1 / 3)):
        out = f(b, tau)
        assert out.shape == (2, 3)
        assert out[1, 2] == pytest.approx(f(0.1, 100.0))
        assert isinstance(f(0.1, 100.0), float)


def test_hln_d_equals_hln_at_d_half_and_scales_with_d():
    b = np.array([0.0, 1e-4, 1e-2, 0.3])
    tau = np.array([3.0, 1e3])
    np.testing.assert_array_equal(th.hln_d(b, tau, 0.5), th.hln(b, tau))
    np.testing.assert_allclose(th.hln_d(b, tau, 1 / 3), th.hln(2 * b / 3, tau), rtol=1e-14)
    # B_phi / B_tr = 1 / (2 D tau_phi): the HLN argument is B_phi / B
    D, tp, bb = 0.3, 50.0, 0.04
    x = (1 / (2 * D * tp)) / bb
    assert th.hln_d(bb, tp, D) == pytest.approx(special.digamma(0.5 + x) - np.log(x), rel=1e-12)


# ------------------------------------------------------ narrow ballistic wires

def test_tau_b_ballistic_wire_formulas():
    b, W = 0.01, 0.2
    lm2 = 2.0 / b
    c1 = 9.5200487                                   # pi^5 / (31 zeta(5))
    assert th.tau_b_ballistic_wire(b, W, "specular") == pytest.approx(c1 * lm2 ** 2 / W ** 3)
    assert th.tau_b_ballistic_wire(b, W, "diffuse") == pytest.approx(4 * np.pi * lm2 ** 2 / W ** 3)
    assert th.tau_b_ballistic_wire(b, W, "specular", "strong") == pytest.approx(4.8 * lm2 / W ** 2)
    assert th.tau_b_ballistic_wire(b, W, "diffuse", "strong") == pytest.approx(3 * lm2 / W ** 2)
    assert th.tau_b_ballistic_wire(0.0, W) == np.inf
    assert th.tau_b_ballistic_wire([0.01, 0.02], W).shape == (2,)
    # flux cancellation: far weaker dephasing than a dirty wire of the same width
    assert th.tau_b_ballistic_wire(b, W) > th.tau_b_wire(b, W)


def test_flux_cancellation_weak_field_constants():
    # 1/tau_B = (2/l_m^2)^2 Int_0^inf <y v_x(0) y v_x(t)> dt, gauge <y> = 0, W = v = 1, l -> inf.
    # Diffuse walls: a flight at angle theta from the wall keeps v_x until the
    # next wall; with lam = l sin(theta), Int C dt -> (2/pi) Int_0^inf g(lam)/lam dlam,
    # g(lam) = <y Int_0^{1/2-y} exp(-u/lam) (y + u) du>_y.
    def g(lam):
        def inner(y):
            a = 0.5 - y
            e = np.exp(-a / lam)
            return y * (y * lam * (1 - e) + lam * lam * (1 - e) - lam * a * e)
        return integrate.quad(inner, -0.5, 0.5, epsabs=1e-15)[0]
    corr = (2 / np.pi) * _quad(lambda lam: g(lam) / lam, [0.0, 1.0, np.inf])
    assert 1 / (4 * corr) == pytest.approx(th.FLUX_CANCELLATION_WEAK["diffuse"], rel=1e-7)
    # Specular walls: y(t) is a triangle wave, autocorrelation sum_{n odd} 8/(pi n)^4 cos(n w t),
    # w = pi |sin theta|; averaging tau / (1 + (n w tau)^2) over grazing theta (density 2/pi):
    lorentz = (2 / np.pi) * integrate.quad(lambda s: 1.0 / (1.0 + (np.pi * s) ** 2), 0, np.inf)[0]
    n = np.arange(1, 400, 2)
    corr = np.sum(8 / (np.pi * n) ** 4 * lorentz / n)
    assert 1 / (4 * corr) == pytest.approx(th.FLUX_CANCELLATION_WEAK["specular"], rel=1e-10)
    assert th.FLUX_CANCELLATION_WEAK["specular"] == pytest.approx(9.5, abs=0.05)   # quoted value


def test_flux_cancellation_strong_field_constants():
    # Per impurity collision (rate v/l), a flight of small angle theta sweeping area
    # dH / theta is dephased with probability <1 - cos(k dH/theta)>_theta = k |dH|,
    # k = 2 / l_m^2; H = +-(1/8 - y^2/2) at an impurity, 0 at a diffuse wall.
    h_mean = integrate.quad(lambda y: 1 / 8 - y * y / 2, -0.5, 0.5)[0]             # 1/12
    h_absdiff = integrate.quad(lambda y1: integrate.quad(
        lambda y2: abs(y1 * y1 - y2 * y2) / 2, -0.5, 0.5, points=[-abs(y1), abs(y1)])[0],
        -0.5, 0.5)[0]                                                                 # 1/24
    # specular: one flight per collision, |dH| averaged over equal and opposite signs
    rate_specular = 2 * 0.5 * (h_absdiff + 2 * h_mean)
    # diffuse: an incoming and an outgoing flight, each from/to a wall (H = 0)
    rate_diffuse = 2 * 2 * h_mean
    assert 1 / rate_specular == pytest.approx(th.FLUX_CANCELLATION_STRONG["specular"], rel=1e-8)
    assert 1 / rate_diffuse == pytest.approx(th.FLUX_CANCELLATION_STRONG["diffuse"], rel=1e-8)


# ------------------------------------------------------------- input checks

@pytest.mark.parametrize("call, name", [
    (lambda: th.flight_transforms(-1.0, 1.0, 2), "q"),
    (lambda: th.flight_transforms(1.0, 0.0, 2), "tau_phi"),
    (lambda: th.flight_transforms(1.0, 1.0, 4), "dim"),
    (lambda: th.loop_sum_1d(-1.0), "tau_phi"),
    (lambda: th.loop_sum_1d(np.inf), "tau_phi"),
    (lambda: th.loop_sum_1d(np.nan, "backscattering"), "tau_phi"),
    (lambda: th.loop_sum_1d(1.0, "ladder"), "term"),
    (lambda: th.loop_sum_3d_difference(0.0), "tau_phi"),
    (lambda: th.loop_sum_3d_difference(1.0, -2.0), "tau_phi_ref"),
    (lambda: th.loop_sum_3d_difference(1.0, term="x"), "term"),
    (lambda: th.wl_3d(-1.0), "tau_phi"),
    (lambda: th.wl_3d(1.0, D=0.0), "D"),
    (lambda: th.wl_1d(np.inf), "tau_phi"),
    (lambda: th.tau_b_film(-0.1, 1.0), "b"),
    (lambda: th.tau_b_film(0.1, 0.0), "thickness"),
    (lambda: th.film_parallel(0.1, np.inf, 1.0), "tau_phi"),
    (lambda: th.tau_b_wire(0.1, -1.0), "width"),
    (lambda: th.wire_magnetoconductance(0.1, 10.0, 1.0, D=-1.0), "D"),
    (lambda: th.hln_d(0.1, 10.0, np.inf), "D"),
    (lambda: th.hln_d(np.nan, 10.0, 0.5), "b"),
    (lambda: th.tau_b_ballistic_wire(0.1, 0.0), "width"),
    (lambda: th.tau_b_ballistic_wire(0.1, 0.1, walls="rough"), "walls"),
    (lambda: th.tau_b_ballistic_wire(0.1, 0.1, field="medium"), "field"),
])
def test_bad_input_raises_naming_the_parameter(call, name):
    with pytest.raises(ValueError, match=rf"^{name} must"):
        call()


# ------------------------------------------------ diffusive film, any thickness

def _levy_3d_magnetoconductance(b, tau_phi, D):
    """Bulk 3D ``-4 pi D Int dt exp(-t/tau_phi) (4 pi D t)^(-3/2) [u/sinh(u) - 1]``, u = b D t."""
    def integrand(t):
        u = b * D * t
        levy = 1.0 - u * u / 6.0 if u < 1e-4 else 2.0 * u * np.exp(-u) / -np.expm1(-2.0 * u)
        return 4 * np.pi * D * np.exp(-t / tau_phi) * (4 * np.pi * D * t) ** -1.5 * (1 - levy)
    return _quad(integrand, [0.0, 1.0, 10.0, 100.0, 1000.0, np.inf])


@pytest.mark.parametrize("r", [0.3, 1.0, 3.0])
def test_film_diffusive_thin_film_is_altshuler_aronov(r):
    # w / L_phi = 0.011 and w << l_m: ln(1 + tau_phi / tau_B), also cut at t_cut.
    w, tau_phi, D = 2.0, 1e5, 1.0 / 3.0
    b = np.sqrt(r / (tau_phi * w * w * D / 12.0))
    assert th.film_diffusive(b, tau_phi, w, D) == pytest.approx(
        th.film_parallel(b, tau_phi, w, D), rel=1e-3)
    t_cut = 2.0 * tau_phi
    cut = np.log1p(r) - special.exp1(t_cut / tau_phi) + special.exp1(t_cut * (1 + r) / tau_phi)
    assert th.film_diffusive(b, tau_phi, w, D, t_cut=t_cut) == pytest.approx(cut, rel=1e-3)


def test_film_diffusive_zero_field_monotonic_and_shapes():
    for direction in ("parallel", "perpendicular"):
        assert th.film_diffusive(0.0, 300.0, 5.0, direction=direction) == 0.0
        assert th.film_diffusive(0.0, 300.0, 5.0, direction=direction, t_cut=900.0) == 0.0
        b = np.array([0.0, 1e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1])
        v = th.film_diffusive(b, 300.0, 5.0, direction=direction)
        assert v.shape == b.shape and v[0] == 0.0 and np.all(np.diff(v) > 0.0)
    # tiny fields: quadratic in b, no digits lost
    small = th.film_diffusive(np.array([1e-6, 2e-6]), 300.0, 5.0)
    assert small[1] / small[0] == pytest.approx(4.0, rel=1e-6)
    out = th.film_diffusive([0.01, 0.02], [100.0, 200.0, 300.0], 4.0,
                            t_cut=[[1e3], [2e3], [np.inf]])
    assert out.shape == (3, 2)
    assert out[1, 0] == th.film_diffusive(0.01, 200.0, 4.0, t_cut=2e3)
    assert isinstance(th.film_diffusive(0.01, 100.0, 4.0), float)


def test_film_diffusive_perpendicular_is_hln_for_thin_films():
    b, tau_phi, D = np.array([1e-3, 1e-2, 0.05]), 1000.0, 1.0 / 3.0
    thin = th.film_diffusive(b, tau_phi, 0.3, D, direction="perpendicular")
    np.testing.assert_allclose(thin, th.hln_d(b, tau_phi, D), rtol=1e-6)
    # thicker: the modes n >= 1 add HLN terms with 1/tau_phi + D (n pi / w)^2
    w = 20.0
    modes = sum(th.hln_d(0.05, 1.0 / (1.0 / tau_phi + D * (n * np.pi / w) ** 2), D)
                for n in range(2000))
    assert th.film_diffusive(0.05, tau_phi, w, D, direction="perpendicular") == pytest.approx(
        modes, rel=1e-7)
    # finite t_cut: the cut Levy integral; a long t_cut gives the uncut law
    t_cut = 500.0
    cut = _quad(lambda t: np.exp(-t / tau_phi) * (1 - 0.05 * D * t / np.sinh(0.05 * D * t)) / t,
                [0.0, 1.0, 10.0, 100.0, t_cut])
    assert th.film_diffusive(0.05, tau_phi, 0.3, D, "perpendicular", t_cut) == pytest.approx(
        cut, rel=1e-7)
    assert th.film_diffusive(0.05, tau_phi, w, D, "perpendicular", 60 * tau_phi) == pytest.approx(
        modes, rel=1e-9)


def test_film_diffusive_cut_matches_direct_time_integral():
    # d/dt_cut of the result is the loop-sum integrand at t = t_cut,
    # -4 pi D exp(-t/tau_phi) (4 pi D t)^(-1/2) Int dq/2pi Sum_n [exp(-t lam_n) - exp(-t lam0_n)]
    # with lam_n(q) the Neumann eigenvalues of D [-d^2/dz^2 + (q - b z)^2] on [0, w] (gauge
    # not centred; matrix elements by Gauss-Legendre quadrature here).
    w, tau_phi, D, b = 4.0, 200.0, 1.0 / 3.0, 0.1
    t1, t2, modes = 100.0, 600.0, 40
    z, zw = np.polynomial.legendre.leggauss(128)
    z, zw = 0.5 * w * (z + 1.0), 0.5 * w * zw
    k = np.arange(modes) * np.pi / w
    phi = np.where(k[:, None] == 0.0, 1.0, np.sqrt(2.0)) * np.cos(k[:, None] * z) / np.sqrt(w)
    x, xw = np.polynomial.legendre.leggauss(200)
    half = 8.0 / np.sqrt(D * t1)
    q, qw = b * w / 2 + half * x, half * xw
    pot = (q[:, None] - b * z[None, :]) ** 2                       # (q, z)
    H = D * (np.einsum("iz,qz,jz,z->qij", phi, pot, phi, zw) + np.diag(k * k))
    lam = np.linalg.eigvalsh(H)                                    # (q, n)
    s, sw = np.polynomial.legendre.leggauss(60)
    t, tw = 0.5 * (t2 - t1) * (s + 1.0) + t1, 0.5 * (t2 - t1) * sw
    with_field = np.exp(-t[:, None, None] * lam[None]).sum(axis=2) @ qw / (2 * np.pi)
    without = np.exp(-t[:, None] * D * k * k).sum(axis=1) / np.sqrt(4 * np.pi * D * t)
    integrand = -4 * np.pi * D * np.exp(-t / tau_phi) * (with_field - without)
    direct = np.sum(tw * integrand / np.sqrt(4 * np.pi * D * t))
    cut1, cut2 = th.film_diffusive(b, tau_phi, w, D, t_cut=[t1, t2])
    assert cut2 - cut1 == pytest.approx(direct, rel=1e-7)
    assert th.film_diffusive(b, tau_phi, w, D, t_cut=60 * tau_phi) == pytest.approx(
        th.film_diffusive(b, tau_phi, w, D), rel=1e-12)


def test_film_diffusive_thick_film_is_bulk_3d():
    # w >> L_phi: the sheet correction grows by the bulk 3D value per unit
    # thickness, for either field direction (Levy's law in 3D, Kawabata's regime).
    # L_phi = 1.83 (w / L_phi = 6.6 and 7.7; the walls' share changes by ~e^(-w/L_phi)),
    # b L_phi^2 = 0.17.
    b, tau_phi, D = 0.05, 10.0, 1.0 / 3.0
    bulk = _levy_3d_magnetoconductance(b, tau_phi, D)
    for direction in ("parallel", "perpendicular"):
        thin, thick = th.film_diffusive(b, tau_phi, [12.0, 14.0], D, direction)
        assert (thick - thin) / 2.0 == pytest.approx(bulk, rel=1e-3)


@pytest.mark.parametrize("call, name", [
    (lambda: th.film_diffusive(-0.1, 10.0, 1.0), "b"),
    (lambda: th.film_diffusive(np.inf, 10.0, 1.0), "b"),
    (lambda: th.film_diffusive(0.1, np.inf, 1.0), "tau_phi"),
    (lambda: th.film_diffusive(0.1, 10.0, 0.0), "thickness"),
    (lambda: th.film_diffusive(0.1, 10.0, 1.0, D=np.nan), "D"),
    (lambda: th.film_diffusive(0.1, 10.0, 1.0, t_cut=0.0), "t_cut"),
    (lambda: th.film_diffusive(0.1, 10.0, 1.0, direction="oblique"), "direction"),
])
def test_film_diffusive_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=rf"^{name} must"):
        call()
