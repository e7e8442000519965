"""One-parameter scaling: crossings, scaling collapse and beta(g).

Finite-size scaling of the transfer-matrix ratio Lambda = xi_M / M near the
3D Anderson transition (MacKinnon & Kramer 1981; Slevin & Ohtsuki, PRL 82,
382 (1999)): ln Lambda = F(u), u = (W - W_c) M^(1/nu), F a polynomial; at
W_c all sizes share one Lambda_c.  The scaling function of the conductance,
beta(g) = d ln g / d ln L (Abrahams et al., PRL 42, 673 (1979)), is
estimated from conductances of L^d samples at neighbouring L and compared
with its weak-localization form (d - 2) - 1 / (pi g) for spinless g in
units of e^2/h (derived in :func:`beta_perturbative`).
"""
import math

import numpy as np
from scipy.optimize import least_squares


def linear_fit(x, y, err):
    """Weighted straight line y = a + b (x - x0), x0 the weighted mean of x.

    Returns (a, b, x0, var_a, var_b); a and b are uncorrelated by the choice
    of x0.
    """
    x, y, w = (np.asarray(v, dtype=float) for v in (x, y, 1.0 / np.square(err)))
    x0 = np.sum(w * x) / np.sum(w)
    dx = x - x0
    a = np.sum(w * y) / np.sum(w)
    b = np.sum(w * dx * y) / np.sum(w * dx * dx)
    return a, b, x0, 1.0 / np.sum(w), 1.0 / np.sum(w * dx * dx)


def crossing(w, lam_a, err_a, lam_b, err_b):
    """Disorder at which two sizes' Lambda(W) cross, with its error.

    Each size's Lambda(W) is fitted by a weighted straight line over the
    points given (keep them close to the crossing); the crossing and its
    error follow from the fit parameters by first-order propagation.
    Returns (w_cross, stderr, lambda_cross).
    """
    a1, b1, x1, va1, vb1 = linear_fit(w, lam_a, err_a)
    a2, b2, x2, va2, vb2 = linear_fit(w, lam_b, err_b)
    # a1 + b1 (W - x1) = a2 + b2 (W - x2)
    num = a2 - a1 + b1 * x1 - b2 * x2
    den = b1 - b2
    wc = num / den
    dnum = np.array([-1.0, x1 - wc, 1.0, -(x2 - wc)])     # d/d(a1, b1, a2, b2) times den
    var = np.sum(dnum ** 2 * np.array([va1, vb1, va2, vb2])) / den ** 2
    return wc, math.sqrt(var), a1 + b1 * (wc - x1)


def collapse_fit(w, m, lam, err, *, order=3, guess=(16.5, 1.5)):
    """Fit ln Lambda = sum_n a_n u^n, u = (W - W_c) M^(1/nu).

    Parameters
    ----------
    w, m, lam, err : arrays of the same length
        Disorder, bar width, Lambda and its standard error.
    order : int
        Degree of the polynomial F.
    guess : (W_c, nu) starting point.

    Returns
    -------
    dict with W_c, nu, their standard errors (from the Jacobian at the
    optimum, scaled by chi^2 / dof when that exceeds 1), chi2, dof and the
    polynomial coefficients.
    """
    w, m, lam, err = (np.asarray(v, dtype=float) for v in (w, m, lam, err))
    y, sy = np.log(lam), err / lam

    def residual(p):
        u = (w - p[0]) * m ** (1.0 / p[1])
        return (np.polyval(p[:1:-1], u) - y) / sy

    # Start from a straight line in u at the guess; keep W_c inside the data
    # and nu in a physical range so that the fit cannot run off.
    u0 = (w - guess[0]) * m ** (1.0 / guess[1])
    line = np.polyfit(u0, y, 1, w=1.0 / sy)
    start = np.concatenate([guess, line[::-1], np.zeros(order - 1)])
    lower = np.full(start.size, -np.inf)
    upper = np.full(start.size, np.inf)
    lower[:2], upper[:2] = (w.min(), 0.3), (w.max(), 5.0)
    fit = least_squares(residual, start, bounds=(lower, upper))
    dof = len(y) - len(start)
    chi2 = float(np.sum(fit.fun ** 2))
    cov = np.linalg.pinv(fit.jac.T @ fit.jac) * max(1.0, chi2 / max(dof, 1))
    errs = np.sqrt(np.diag(cov))
    return dict(W_c=fit.x[0], W_c_err=errs[0], nu=fit.x[1], nu_err=errs[1],
                chi2=chi2, dof=dof, coefficients=fit.x[2:],
                lambda_c=math.exp(fit.x[2]), lambda_c_err=math.exp(fit.x[2]) * errs[2])


def beta_from_data(sizes, log_g, log_g_err):
    """beta = d <ln g> / d ln L between neighbouring sizes.

    Parameters
    ----------
    sizes : increasing array of L
    log_g, log_g_err : <ln g> at each L and its standard error (independent
        samples at each L).

    Returns
    -------
    (g_mid, beta, beta_err) : arrays of len(sizes) - 1; g_mid is the typical
    conductance exp(<ln g>) at the geometric-mean size of the pair
    (log-linear interpolation).
    """
    ln_l = np.log(np.asarray(sizes, dtype=float))
    y, sy = np.asarray(log_g, dtype=float), np.asarray(log_g_err, dtype=float)
    dl = np.diff(ln_l)
    beta = np.diff(y) / dl
    beta_err = np.sqrt(sy[1:] ** 2 + sy[:-1] ** 2) / dl
    return np.exp(0.5 * (y[1:] + y[:-1])), beta, beta_err


def beta_perturbative(g, dim):
    """Weak-localization beta(g) = (d - 2) - 1 / (pi g), g in e^2/h per spin.

    The loop sum gives, for both spin directions, delta sigma =
    -(e^2 / (pi h)) ln(tau_phi / tau) in 2D (:ref:`theory-loops` with
    W(t) = 1 / (4 pi D t)); with the cut-off set by the sample,
    tau_phi -> L^2 / D, that is -(2 e^2 / (pi h)) ln L, and per spin
    -(1 / pi) (e^2 / h) ln L.  So d g / d ln L = -1 / pi and
    beta = -1 / (pi g) in 2D; in 3D the same coefficient is used,
    beta = 1 - 1 / (pi g) (Abrahams et al. 1979; its 3D value depends on the
    cut-off convention, only its sign and order are universal).
    """
    return (dim - 2) - 1.0 / (math.pi * np.asarray(g, dtype=float))
