"""Tests of pathsim.theory.strip_diffusive: the diffusive 2D strip of any width.

Deterministic.  The strip joins the quasi-1D wire (W << L_phi) to the 2D
plane (W >> L_phi, per unit width), and its time-cut version is checked
against a direct time integral of the return density built here from
scratch (eigenvalues of the Cooperon in a cosine basis).
"""
import numpy as np
import pytest

from pathsim import theory as th


@pytest.mark.parametrize("r", [0.3, 1.0, 3.0])
def test_strip_diffusive_narrow_strip_is_quasi_one_dimensional(r):
    # W / L_phi = 0.036 and W << l_m: 2 pi (L_phi - L_eff), tau_phi / tau_B = r;
    # the remaining difference is of order W / L_phi (0.05 % here).
    W, tau_phi, D = 8.0, 1e5, 0.5
    b = np.sqrt(r / (tau_phi * W * W * D / 12.0))
    assert th.strip_diffusive(b, tau_phi, W, D) == pytest.approx(
        th.wire_magnetoconductance(b, tau_phi, W, D), rel=2e-3)


def test_strip_diffusive_wide_strip_is_hln_per_unit_width():
    # W >> L_phi, l_m: each width adds the 2D law per unit width; the walls'
    # share cancels in the difference of two widths up to ~exp(-2 W / L_phi).
    # L_phi = 1, l_m = 2.8, W / L_phi = 6 and 7.
    b, tau_phi = 0.25, 2.0
    narrow, wide = th.strip_diffusive(b, tau_phi, [6.0, 7.0])
    assert wide - narrow == pytest.approx(th.hln(b, tau_phi), rel=5e-3)
    assert wide / 7.0 > th.hln(b, tau_phi)          # the walls add to the field effect


def test_strip_diffusive_cut_matches_direct_time_integral():
    # d/dt_cut of the result is the loop-sum integrand at t = t_cut,
    # -4 pi D exp(-t/tau_phi) Int dq/2pi Sum_n [exp(-t lam_n) - exp(-t lam0_n)]
    # with lam_n(q) the Neumann eigenvalues of D [-d^2/dy^2 + (q - b y)^2] on [0, W]
    # (gauge not centred; matrix elements by Gauss-Legendre quadrature here).
    W, tau_phi, D, b = 8.0, 200.0, 0.5, 0.02
    t1, t2, modes = 100.0, 600.0, 40
    y, yw = np.polynomial.legendre.leggauss(128)
    y, yw = 0.5 * W * (y + 1.0), 0.5 * W * yw
    k = np.arange(modes) * np.pi / W
    phi = np.where(k[:, None] == 0.0, 1.0, np.sqrt(2.0)) * np.cos(k[:, None] * y) / np.sqrt(W)
    x, xw = np.polynomial.legendre.leggauss(200)
    half = 8.0 / np.sqrt(D * t1)
    q, qw = b * W / 2 + half * x, half * xw
    pot = (q[:, None] - b * y[None, :]) ** 2                       # (q, y)
    H = D * (np.einsum("iy,qy,jy,y->qij", phi, pot, phi, yw) + np.diag(k * k))
    lam = np.linalg.eigvalsh(H)                                    # (q, n)
    s, sw = np.polynomial.legendre.leggauss(60)
    t, tw = 0.5 * (t2 - t1) * (s + 1.0) + t1, 0.5 * (t2 - t1) * sw
    with_field = np.exp(-t[:, None, None] * lam[None]).sum(axis=2) @ qw / (2 * np.pi)
    without = np.exp(-t[:, None] * D * k * k).sum(axis=1) / np.sqrt(4 * np.pi * D * t)
    integrand = -4 * np.pi * D * np.exp(-t / tau_phi) * (with_field - without)
    direct = np.sum(tw * integrand)
    cut1, cut2 = th.strip_diffusive(b, tau_phi, W, D, t_cut=[t1, t2])
    assert cut2 - cut1 == pytest.approx(direct, rel=1e-7)
    assert th.strip_diffusive(b, tau_phi, W, D, t_cut=60 * tau_phi) == pytest.approx(
        th.strip_diffusive(b, tau_phi, W, D), rel=1e-12)


def test_strip_diffusive_zero_field_monotonic_and_shapes():
    assert th.strip_diffusive(0.0, 300.0, 8.0) == 0.0
    assert th.strip_diffusive(0.0, 300.0, 8.0, t_cut=900.0) == 0.0
    b = np.array([0.0, 1e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1])
    v = th.strip_diffusive(b, 300.0, 8.0)
    assert v.shape == b.shape and v[0] == 0.0 and np.all(np.diff(v) > 0.0)
    # tiny fields: quadratic in b, no digits lost
    small = th.strip_diffusive(np.array([1e-6, 2e-6]), 300.0, 8.0)
    assert small[1] / small[0] == pytest.approx(4.0, rel=1e-6)
    out = th.strip_diffusive([0.01, 0.02], [100.0, 200.0, 300.0], 8.0,
                             t_cut=[[1e3], [2e3], [np.inf]])
    assert out.shape == (3, 2)
    assert out[1, 0] == th.strip_diffusive(0.01, 200.0, 8.0, t_cut=2e3)
    assert isinstance(th.strip_diffusive(0.01, 100.0, 8.0), float)


@pytest.mark.parametrize("call, name", [
    (lambda: th.strip_diffusive(-0.1, 10.0, 1.0), "b"),
    (lambda: th.strip_diffusive(np.nan, 10.0, 1.0), "b"),
    (lambda: th.strip_diffusive(0.1, 0.0, 1.0), "tau_phi"),
    (lambda: th.strip_diffusive(0.1, 10.0, -8.0), "width"),
    (lambda: th.strip_diffusive(0.1, 10.0, 1.0, D=0.0), "D"),
    (lambda: th.strip_diffusive(0.1, 10.0, 1.0, t_cut=-1.0), "t_cut"),
])
def test_strip_diffusive_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=rf"^{name} must"):
        call()
