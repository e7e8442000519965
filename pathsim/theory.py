"""Analytic results that the simulations are checked against.

Engine units throughout: mean free path ``l = 1``, Fermi speed ``v = 1``, elastic
time ``tau = 1``; fields ``b = B / B_tr`` with ``B_tr = hbar / (2 e l^2)``;
conductivity corrections in ``G0 = e^2 / (pi h)``. Two-dimensional unless a
function says otherwise.

Every function accepts scalars or arrays and broadcasts them; it returns a
float when all inputs are scalars and an ndarray otherwise. The functions of
``(b, tau_phi)`` (:func:`hln`, :func:`exact_2d`) broadcast as an outer product
when both arguments are arrays: the result has shape
``tau_phi.shape + b.shape`` (``tau_phi`` on the first axes). Invalid input
raises ``ValueError`` naming the parameter and the accepted range.
"""

import functools

import numpy as np
from numpy.polynomial.legendre import leggauss
from scipy import special

from pathsim._validate import check_array, check_choice, check_int

__all__ = [
    "diffusion_constant", "return_density", "loop_return_density_2d",
    "mean_square_displacement", "levy_cos", "levy_area_density",
    "b_phi", "hln", "ln_law_2d", "exact_2d",
]

TERMS = ("total", "backscattering", "nonbackscattering")


# ---------------------------------------------------------------- helpers

def _result(arr):
    """A float for 0-d results, the array otherwise."""
    arr = np.asarray(arr, dtype=float)
    return float(arr) if arr.ndim == 0 else arr


def _pair(b, tau_phi):
    """Broadcast b against tau_phi, as an outer product (tau_phi first) if both are arrays."""
    if b.ndim and tau_phi.ndim:
        tau_phi = tau_phi.reshape(tau_phi.shape + (1,) * b.ndim)
    return np.broadcast_arrays(b, tau_phi)


# ---------------------------------------------------- classical Poisson walk

def diffusion_constant(dim=2, mean_cosine=0.0):
    """Diffusion constant ``D = v^2 tau_tr / d = 1 / (d (1 - g))``, in ``l^2 / tau``.

    Parameters
    ----------
    dim : int or array_like of int
        Dimension, 1, 2 or 3.
    mean_cosine : float or array_like
        Mean cosine ``g`` of the scattering angle, in [-1, 1); the transport
        time is ``tau_tr = tau / (1 - g)``.
    """
    d = np.asarray(dim)
    if not np.all(np.isin(d, (1, 2, 3))):
        raise ValueError(f"dim must be 1, 2 or 3 (got {d[~np.isin(d, (1, 2, 3))].flat[0]!r})")
    g = check_array("mean_cosine", mean_cosine, -1.0, high=1.0)
    return _result(1.0 / (d * (1.0 - g)))


def return_density(t, dim=2):
    """Diffusive return-probability density ``(4 pi D t)^(-d/2)`` per ``l^d``, ``D = 1/d``.

    Valid for ``t >> tau`` (isotropic scattering); in 2D it is exact for the
    Poisson walk at every ``t`` (see :func:`loop_return_density_2d`).

    Parameters
    ----------
    t : float or array_like
        Time in units of ``tau``, finite and > 0.
    dim : int
        Dimension, 1, 2 or 3.
    """
    t = check_array("t", t, 0.0, strict=True)
    d = np.asarray(dim)
    return _result((4.0 * np.pi * diffusion_constant(d) * t) ** (-d / 2.0))


def loop_return_density_2d(t):
    """Exact 2D return density of the Poisson walk for loops of >= 3 flights.

    ``W(t) = (1 - exp(-t)) / (2 pi t)`` per ``l^2`` per ``tau``, for exponential
    flights (mean ``l``), isotropic scattering and speed ``v = 1``, counting
    only paths with at least two scatterings (the loops of weak localization).

    Derivation: one flight, including its survival ``exp(-t)`` and dephasing
    ``exp(-g t)``, has the Fourier-Laplace transform
    ``P(q) = ((1 + g)^2 + q^2)^(-1/2)``. The return density after ``n``
    flights is ``(2 pi)^-1 Int q dq P^n``; summing ``n >= 3`` gives
    ``(1/(4 pi)) Int d(q^2) P^3 / (1 - P) = (1/(2 pi)) ln((1 + g) / g)``,
    whose inverse Laplace transform (Frullani) is ``W(t)``. The single-scattering
    return adds ``exp(-t) / (2 pi t)``, so the full density is exactly
    ``1 / (4 pi D t)`` with ``D = 1/2``. Cf. Chakravarty & Schmid, Phys. Rep.
    140, 193 (1986) for the loop picture.

    Parameters
    ----------
    t : float or array_like
        Time in units of ``tau``, finite and >= 0 (``W(0) = 1 / (2 pi)``).
    """
    t = check_array("t", t, 0.0)
    safe = np.where(t > 0.0, t, 1.0)
    return _result(np.where(t > 0.0, -np.expm1(-safe) / (2.0 * np.pi * safe), 0.5 / np.pi))


def mean_square_displacement(t):
    """Exact ``<r^2(t)> = 2 (t - 1 + exp(-t))`` of the Poisson walk, in ``l^2``.

    Follows from the velocity autocorrelation ``exp(-t)`` of isotropic
    scattering, in any dimension; ``-> 2 d D t`` for ``t >> 1``.

    Parameters
    ----------
    t : float or array_like
        Time in units of ``tau``, finite and >= 0.
    """
    t = check_array("t", t, 0.0)
    # The direct form cancels to t^2 for small t; use its Taylor series there.
    series = t * t * (1.0 - t / 3.0 * (1.0 - t / 4.0 * (1.0 - t / 5.0)))
    return _result(np.where(t < 1e-3, series, 2.0 * (t + np.expm1(-t))))


# ------------------------------------------------------ Levy area statistics

def levy_cos(kappa, t, D=0.5):
    """Levy's law ``<cos(kappa A)>_t = x / sinh(x)``, ``x = kappa D t``.

    Average over closed planar Brownian loops of duration ``t`` of the cosine
    of ``kappa`` times their signed area ``A`` (P. Levy, 1951). For the
    weak-localization phase ``kappa = b``.

    Parameters
    ----------
    kappa : float or array_like
        Coefficient of the area in the phase, in ``l^-2``; finite.
    t : float or array_like
        Loop duration in ``tau``, finite and >= 0.
    D : float or array_like
        Diffusion constant in ``l^2 / tau``, finite and > 0 (2D default 1/2).
    """
    kappa = check_array("kappa", kappa)
    t = check_array("t", t, 0.0)
    D = check_array("D", D, 0.0, strict=True)
    x = np.abs(kappa * D * t)
    # 2x e^-x / (1 - e^-2x) never overflows; the series covers x -> 0.
    safe = np.where(x < 1e-4, 1.0, x)
    big = 2.0 * safe * np.exp(-safe) / -np.expm1(-2.0 * safe)
    return _result(np.where(x < 1e-4, 1.0 - x * x / 6.0, big))


def levy_area_density(A, t, D=0.5):
    """Density (per ``l^2``) of the signed area of closed planar Brownian loops.

    ``p(A) = (pi / (4 D t)) sech^2(pi A / (2 D t))``, the Fourier inverse of
    :func:`levy_cos` (P. Levy, 1951).

    Parameters
    ----------
    A : float or array_like
        Signed area in ``l^2``; finite.
    t : float or array_like
        Loop duration in ``tau``, finite and > 0.
    D : float or array_like
        Diffusion constant in ``l^2 / tau``, finite and > 0.
    """
    A = check_array("A", A)
    t = check_array("t", t, 0.0, strict=True)
    D = check_array("D", D, 0.0, strict=True)
    z = np.abs(np.pi * A / (2.0 * D * t))
    sech = 2.0 * np.exp(-z) / (1.0 + np.exp(-2.0 * z))   # overflow-free
    return _result(np.pi / (4.0 * D * t) * sech ** 2)


# ------------------------------------------------------- diffusive 2D theory

def b_phi(tau_phi):
    """Dephasing field ``B_phi / B_tr = tau / tau_phi`` in 2D.

    ``B_phi = hbar / (4 e D tau_phi)`` with ``D = l^2 / (2 tau)``.

    Parameters
    ----------
    tau_phi : float or array_like
        Phase-coherence time in ``tau``, > 0 or inf.
    """
    return _result(1.0 / check_array("tau_phi", tau_phi, 0.0, strict=True, allow_inf=True))


def _hln_of_ratio(x):
    """``psi(1/2 + 1/x) + ln(x)`` for ``x = B / B_phi >= 0``."""
    small = x < 0.1
    # Asymptotic series of psi(1/2 + y) - ln(y) (Bernoulli numbers B_2k(1/2));
    # at x < 0.1 its truncation error is below 1e-10 relative, while the
    # direct form loses digits to cancellation as x -> 0.
    s = x * x
    series = s * (1 / 24 - s * (7 / 960 - s * (31 / 8064 - s * (127 / 30720 - s * 511 / 67584))))
    xl = np.where(small, 1.0, x)
    return np.where(small, series, special.digamma(0.5 + 1.0 / xl) + np.log(xl))


def hln(b, tau_phi):
    """Hikami-Larkin-Nagaoka magnetoconductance, 2D, no spin-orbit.

    ``[delta_sigma(B) - delta_sigma(0)] / G0 = psi(1/2 + B_phi/B) - ln(B_phi/B)``
    with ``B_phi / B = 1 / (b tau_phi)`` (Hikami, Larkin & Nagaoka, Prog.
    Theor. Phys. 63, 707 (1980)). Diffusive: valid for ``tau_phi >> tau`` and
    ``b << 1``; see :func:`exact_2d` beyond that.

    Parameters
    ----------
    b : float or array_like
        Field ``B / B_tr``, finite and >= 0 (0 gives exactly 0).
    tau_phi : float or array_like
        Phase-coherence time in ``tau``, finite and > 0.

    Returns
    -------
    float or ndarray
        In ``G0``; shape ``tau_phi.shape + b.shape`` when both are arrays.
    """
    b = check_array("b", b, 0.0)
    tau_phi = check_array("tau_phi", tau_phi, 0.0, strict=True)
    b, tau_phi = _pair(b, tau_phi)
    return _result(_hln_of_ratio(b * tau_phi))


def ln_law_2d(tau_phi):
    """Diffusive zero-field correction ``delta_sigma / G0 = -ln(tau_phi / tau)``.

    Defined up to an additive constant set by short loops (the exact
    backscattering term is ``-ln(1 + tau_phi)``); the slope against
    ``ln(tau_phi)`` is exactly -1 (Chakravarty & Schmid 1986).

    Parameters
    ----------
    tau_phi : float or array_like
        Phase-coherence time in ``tau``, finite and > 0.
    """
    return _result(-np.log(check_array("tau_phi", tau_phi, 0.0, strict=True)))


# --------------------------------------------------- exact (ballistic) 2D theory

N_CUT = 400          # Landau levels summed exactly before the continuum tail
_GL_ORDER = 16       # Gauss-Legendre nodes per panel
_CHUNK = 128         # (b, tau_phi) points per matrix product, bounds memory


@functools.lru_cache(maxsize=4)
def _laguerre_table(n_max):
    """Quadrature nodes ``x``, weights ``w`` and Laguerre-function tables.

    ``phi[N] = exp(-x^2/2) L_N(x^2)`` and
    ``psi[N] = x exp(-x^2/2) L^1_N(x^2) / sqrt(N + 1)``, ``N = 0..n_max``;
    both are bounded by 1 and oscillate with period about ``pi / sqrt(N)``.
    In ``x`` they do not depend on the field, so one table serves all
    ``(b, tau_phi)``.
    """
    # Panels of two periods of the fastest function (16 nodes resolve that to
    # ~1e-14), truncated where all phi_N have decayed (beyond the turning
    # point sqrt(4N + 2)); geometric panels near 0 resolve exp(-kappa x) for
    # large kappa (small b or small tau_phi).
    h = 2.0 * np.pi / np.sqrt(n_max + 1.0)
    x_end = np.sqrt(4.0 * n_max + 6.0) + 8.0
    geometric = 1e-9 * 2.0 ** np.arange(70)
    edges = np.concatenate(([0.0], geometric[geometric < h], np.arange(h, x_end + h, h)))
    t, wt = leggauss(_GL_ORDER)
    half, mid = np.diff(edges)[:, None] / 2.0, (edges[1:] + edges[:-1])[:, None] / 2.0
    x, w = (half * t + mid).ravel(), (half * wt).ravel()

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
        Number of Landau levels summed exactly (keyword only; for checks).

    Returns
    -------
    float or ndarray
        ``delta_sigma / G0``; shape ``tau_phi.shape + b.shape`` when both are
        arrays.
    """
    check_choice("term", term, TERMS)
    n_cut = check_int("n_cut", n_cut, 1)
    b = check_array("b", b, 0.0)
    tau_phi = check_array("tau_phi", tau_phi, 0.0, strict=True, allow_inf=True)
    b, tau_phi = _pair(b, tau_phi)
    if term != "nonbackscattering" and np.any((b == 0.0) & np.isinf(tau_phi)):
        raise ValueError("exact_2d diverges at b = 0 with tau_phi = inf; give a finite tau_phi")

    g = (1.0 / tau_phi).ravel()
    bf = b.ravel()
    sigma_a, sigma_b = np.empty_like(g), np.empty_like(g)
    zero = bf == 0.0
    sigma_b[zero] = _continuum_tail(g[zero], 0.0)[1]
    sigma_a[zero] = -np.log1p(tau_phi.ravel()[zero])
    if not zero.all():
        sigma_a[~zero], sigma_b[~zero] = _exact_terms(bf[~zero], g[~zero], n_cut)
    out = {"total": sigma_a + sigma_b, "backscattering": sigma_a, "nonbackscattering": sigma_b}
    return _result(out[term].reshape(b.shape))
