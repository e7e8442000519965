"""The classical Poisson walk: diffusion constant, return densities, mean
square displacement, and Levy's law of the area of planar Brownian loops.

Engine units throughout: mean free path ``l = 1``, Fermi speed ``v = 1``, elastic
time ``tau = 1``. Every function accepts scalars or arrays and broadcasts
them; it returns a float when all inputs are scalars and an ndarray otherwise.
Invalid input raises ``ValueError`` naming the parameter and the accepted range.
"""
import numpy as np

from pathsim._validate import check_array
from pathsim.theory._common import as_result as _result

__all__ = ["diffusion_constant", "return_density", "loop_return_density_2d",
           "mean_square_displacement", "levy_cos", "levy_area_density"]


def diffusion_constant(dim=2, mean_cosine=0.0):
    """Diffusion constant ``D = v^2 tau_tr / d = 1 / (d (1 - g))``, in ``l^2 / tau``.

    Parameters
    ----------
    dim : int or array_like of int
        Dimension, 1, 2 or 3.
    mean_cosine : float or array_like
        Mean cosine ``g`` of the scattering angle, in [-1, 1); the transport
        time is ``tau_tr = tau / (1 - g)``.

    Returns
    -------
    float or ndarray
        D in l^2 / tau.
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

    Returns
    -------
    float or ndarray
        W(t) per l^d (the time integral of the density against dt is in
        tau / l^d).
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

    Returns
    -------
    float or ndarray
        W(t) per l^2.
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

    Returns
    -------
    float or ndarray
        <r^2(t)> in l^2.
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

    Returns
    -------
    float or ndarray
        <cos(kappa A)>_t (dimensionless), broadcast over the inputs.
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

    Returns
    -------
    float or ndarray
        p(A) per l^2.
    """
    A = check_array("A", A)
    t = check_array("t", t, 0.0, strict=True)
    D = check_array("D", D, 0.0, strict=True)
    z = np.abs(np.pi * A / (2.0 * D * t))
    sech = 2.0 * np.exp(-z) / (1.0 + np.exp(-2.0 * z))   # overflow-free
    return _result(np.pi / (4.0 * D * t) * sech ** 2)
