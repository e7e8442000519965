"""Exact 2D weak-localization theory beyond the diffusion approximation:
the Landau-level sums of Wittmann & Schmid and Dmitriev, Gornyi &
Kachorovskii, for all fields and phase-coherence times.

Engine units throughout: mean free path ``l = 1``, Fermi speed ``v = 1``, elastic
time ``tau = 1``; fields ``b = B / B_tr`` with ``B_tr = hbar / (2 e l^2)``;
conductivity corrections in ``G0 = e^2 / (pi h)``. :func:`exact_2d` broadcasts
``(b, tau_phi)`` as an outer product when both are arrays (``tau_phi`` first).
"""

import functools

import numpy as np
from numpy.polynomial.legendre import leggauss

from pathsim._validate import check_array, check_choice, check_int
from pathsim.theory._common import TERMS
from pathsim.theory._common import as_result as _result, outer_pair as _pair

__all__ = ["exact_2d", "N_CUT"]


N_CUT = 400          # Landau levels summed exactly before the continuum tail
N_CUT_MAX = 10 ** 6  # the largest n_cut (memory: arrays of n_cut levels per field)
_GL_ORDER = 16       # Gauss-Legendre nodes per panel
_CHUNK = 128         # (b, tau_phi) points per matrix product, bounds memory


def _nodes(n_max, w_max=None, x_stop=None):
    """Composite Gauss-Legendre nodes ``x``, weights ``w`` and the width of
    each node's panel, for the Laguerre functions up to ``n_max``.

    Panels of two periods of the fastest function (16 nodes resolve that to
    ~1e-14), truncated where all phi_N have decayed (beyond the turning
    point sqrt(4N + 2)); geometric panels near 0 resolve exp(-kappa x) for
    large kappa (small b or small tau_phi).  ``w_max`` caps the panel width
    and ``x_stop`` ends the grid early (for integrands that decay sooner).
    """
    h = 2.0 * np.pi / np.sqrt(n_max + 1.0)
    if w_max is not None:
        h = min(h, w_max)
    x_end = np.sqrt(4.0 * n_max + 6.0) + 8.0
    if x_stop is not None:
        x_end = min(x_end, x_stop)
    geometric = 1e-9 * 2.0 ** np.arange(70)
    geometric = geometric[geometric < h]
    edges = np.concatenate(([0.0], geometric, np.arange(h, x_end + h, h)))
    t, wt = leggauss(_GL_ORDER)
    width = np.diff(edges)[:, None]
    half, mid = width / 2.0, (edges[1:] + edges[:-1])[:, None] / 2.0
    x, w = (half * t + mid).ravel(), (half * wt).ravel()
    return x, w, np.broadcast_to(width, half.shape[:1] + (t.size,)).ravel().copy()


def _laguerre_functions(x, n_max):
    """``phi[N] = exp(-x^2/2) L_N(x^2)``, ``N = 0..n_max``, shape (n_max + 1, x.size)."""
    # Three-term recurrence, stable upwards (L_N dominates where x^2 > 4N);
    # L_N(y) grows like exp(y/2) before the factor exp(-y/2) is applied, so
    # rescale and carry the logarithm instead of overflowing.
    y = x * x
    phi = np.empty((n_max + 1, x.size))
    prev, cur, logscale = np.zeros_like(y), np.ones_like(y), np.zeros_like(y)
    for n in range(n_max + 1):
        phi[n] = cur * np.exp(logscale - y / 2.0)
        prev, cur = cur, ((2 * n + 1 - y) * cur - n * prev) / (n + 1)
        big = np.abs(cur) > 1e100
        scale = np.where(big, np.abs(cur), 1.0)
        prev, cur, logscale = prev / scale, cur / scale, logscale + np.log(scale)
    return phi


@functools.lru_cache(maxsize=4)
def _laguerre_table(n_max):
    """Quadrature nodes ``x``, weights ``w`` and Laguerre-function tables.

    ``phi[N] = exp(-x^2/2) L_N(x^2)`` and
    ``psi[N] = x exp(-x^2/2) L^1_N(x^2) / sqrt(N + 1)``, ``N = 0..n_max``;
    both are bounded by 1 and oscillate with period about ``pi / sqrt(N)``.
    In ``x`` they do not depend on the field, so one table serves all
    ``(b, tau_phi)``.
    """
    x, w, _ = _nodes(n_max)
    phi = _laguerre_functions(x, n_max)
    # L^1_N = sum_{k <= N} L_k.
    psi = x * np.cumsum(phi, axis=0) / np.sqrt(np.arange(1.0, n_max + 2.0))[:, None]
    table = np.vstack((phi, psi))
    for arr in (x, w, table):
        arr.flags.writeable = False
    return x, w, table


def _landau_pq(b, c, n_cut):
    """``P_N`` (N = 0..n_cut) and ``Q_N`` (N = 0..n_cut-1) for 1-D ``b > 0``, ``c = 1 + g``.

    ``P_N = a Int dx exp(-a c x) phi_N(x)``, ``a = l_B / l = sqrt(2 / b)``.
    """
    x, w, table = _laguerre_table(n_cut)
    a = np.sqrt(2.0 / b)
    out = np.empty((b.size, table.shape[0]))
    for lo in range(0, b.size, _CHUNK):
        sl = slice(lo, lo + _CHUNK)
        weights = w * np.exp(-(a[sl] * c[sl])[:, None] * x)
        out[sl] = a[sl, None] * (weights @ table.T)
    return out[:, : n_cut + 1], out[:, n_cut + 1 : 2 * n_cut + 1]


def _continuum_tail(g, u):
    """Zero-field continuum of ``sigma_a`` and ``sigma_b`` over ``(q l)^2 > u``.

    With ``P(q) = ((1+g)^2 + q^2)^(-1/2)`` and ``p = P(sqrt(u))`` the integrals
    ``-(1/2) Int du P^3/(1-P)`` and ``(1/2) Int du Q^2 P/(1-P)`` are
    elementary; ``u = 0`` gives the zero-field results.
    """
    p = 1.0 / np.sqrt((1.0 + g) ** 2 + u)
    with np.errstate(divide="ignore", invalid="ignore"):   # p = 1 at g = u = 0
        log_gap = np.log1p(-p)
        # g ln(1 - p) -> 0 as g -> 0 even where p -> 1 (tau_phi = inf, u = 0).
        glog = np.where(g > 0.0, g * log_gap, 0.0)
    return log_gap, (2.0 * np.log1p((1.0 + g) * p) + glog) / (2.0 + g)


def _exact_terms(b, g, n_cut):
    """``(sigma_a, sigma_b)`` for 1-D arrays ``b > 0``, ``g >= 0``."""
    P, Q = _landau_pq(b, 1.0 + g, n_cut)
    R = P / (1.0 - P)
    sigma_a = -b * np.sum(P[:, :-1] ** 2 * R[:, :-1], axis=1)
    sigma_b = 0.5 * b * np.sum(Q ** 2 * (R[:, :-1] + R[:, 1:]), axis=1)
    # Level N is centred at (q l)^2 = 2b(N + 1/2) (P_N) and Q_N at 2b(N + 1):
    # the midpoint rule then matches the sums to the continuum integrals at
    # the cell edges, with an error ~ n_cut^-2.
    tail_a, _ = _continuum_tail(g, 2.0 * b * n_cut)
    _, tail_b = _continuum_tail(g, 2.0 * b * (n_cut + 0.5))
    return sigma_a + tail_a, sigma_b + tail_b


def exact_2d(b, tau_phi, term="total", *, n_cut=N_CUT):
    """Exact 2D weak-localization correction beyond the diffusion approximation.

    For short-range isotropic scattering, all ``b`` and ``tau_phi``
    (Wittmann & Schmid, J. Low Temp. Phys. 69, 131 (1987); Dmitriev, Gornyi &
    Kachorovskii, Phys. Rev. B 56, 9910 (1997); Zduniak, Dyakonov & Knap,
    Phys. Rev. B 56, 1996 (1997); Golub, Phys. Rev. B 71, 235310 (2005)).
    With ``g = tau / tau_phi`` and ``a = l_B / l = sqrt(2 / b)``::

        P_N = a Int_0^inf dx exp(-a (1+g) x - x^2/2) L_N(x^2)
        Q_N = a (N+1)^(-1/2) Int_0^inf dx exp(-a (1+g) x - x^2/2) x L^1_N(x^2)
        sigma_a = -b sum_N P_N^3 / (1 - P_N)
        sigma_b = (b/2) sum_N Q_N^2 [P_N/(1-P_N) + P_{N+1}/(1-P_{N+1})]

    The levels ``N < n_cut`` are summed with ``P_N``, ``Q_N`` from composite
    Gauss-Legendre quadrature (error ~1e-13); the rest are replaced by the
    zero-field continuum, integrated in closed form. The truncation error
    falls like ``n_cut^-2`` and is below 1e-6 G0 for the default at
    ``1e-3 <= b <= 100``, ``1 <= tau_phi <= 1e4``. At ``b = 0``:
    ``sigma_a = -ln(1 + tau_phi)`` and
    ``sigma = -(2/(2+g)) [(1+g) ln((1+g)/g) - ln 2]``.

    Parameters
    ----------
    b : float or array_like
        Field ``B / B_tr``, finite and >= 0.
    tau_phi : float or array_like
        Phase-coherence time in ``tau``, > 0 or inf (``g = 0``); ``b = 0``
        with ``tau_phi = inf`` diverges and raises, except for
        ``term="nonbackscattering"`` (``ln 2``).
    term : {"total", "backscattering", "nonbackscattering"}
        ``sigma_a + sigma_b``, ``sigma_a`` (negative) or ``sigma_b`` (positive).
    n_cut : int
        Number of Landau levels summed exactly (keyword only; for checks),
        1 <= n_cut <= 10**6.

    Returns
    -------
    float or ndarray
        ``delta_sigma / G0``; shape ``tau_phi.shape + b.shape`` when both are
        arrays.
    """
    check_choice("term", term, TERMS)
    n_cut = check_int("n_cut", n_cut, 1, N_CUT_MAX)
    b = check_array("b", b, 0.0)
    tau_phi = check_array("tau_phi", tau_phi, 0.0, strict=True, allow_inf=True)
    b, tau_phi = _pair(b, tau_phi)
    if term != "nonbackscattering" and np.any((b == 0.0) & np.isinf(tau_phi)):
        raise ValueError("exact_2d diverges at b = 0 with tau_phi = inf; give a finite tau_phi")

    sigma_a, sigma_b = flat_terms(b.ravel(), tau_phi.ravel(), n_cut)
    out = {"total": sigma_a + sigma_b, "backscattering": sigma_a, "nonbackscattering": sigma_b}
    return _result(out[term].reshape(b.shape))


def flat_terms(b, tau_phi, n_cut=N_CUT):
    """``(sigma_a, sigma_b)`` of :func:`exact_2d` for checked 1-D arrays of
    equal length, element by element (no outer product)."""
    g = 1.0 / tau_phi
    sigma_a, sigma_b = np.empty_like(g), np.empty_like(g)
    zero = b == 0.0
    sigma_b[zero] = _continuum_tail(g[zero], 0.0)[1]
    sigma_a[zero] = -np.log1p(tau_phi[zero])
    if not zero.all():
        sigma_a[~zero], sigma_b[~zero] = _exact_terms(b[~zero], g[~zero], n_cut)
    return sigma_a, sigma_b
