"""Exact (non-diffusive) loop sums of the Poisson walk in one and three dimensions.

Engine units throughout: mean free path ``l = 1``, Fermi speed ``v = 1``, elastic
time ``tau = 1``; fields ``b = B / B_tr`` with ``B_tr = hbar / (2 e l^2)``, so the
magnetic length is ``l_m^2 = hbar / (e B) = 2 / b``; conductivity corrections in
``G0 = e^2 / (pi h)`` per ``l^(d-2)``. ``D`` is the diffusion constant in
``l^2 / tau`` (``1/d`` for isotropic scattering).

Exact loop sums (non-diffusive)
-------------------------------
For the Poisson walk in ``d`` dimensions (flights ``Exp(1)``, isotropic
scattering) one flight, with its survival ``exp(-s)`` and the dephasing
``exp(-s / tau_phi)`` folded in, has the displacement density
``K(r) = exp(-a r) / (S_d r^(d-1))``, ``a = 1 + 1/tau_phi``. Its Fourier
transforms (see :func:`flight_transforms`) are::

    P(q)       = Int d^dr exp(i q.r) K(r)           = Int_0^inf dr exp(-a r) phi_d(q r)
    i qhat F(q) = Int d^dr exp(i q.r) rhat K(r),  F(q) = Int_0^inf dr exp(-a r) psi_d(q r)

with the angular averages ``phi_d = <exp(i q.r)>`` (``cos``, ``J0``, ``j0``)
and ``psi_d`` from ``<rhat exp(i q.r)> = i qhat psi_d`` (``sin``, ``J1``,
``j1``). Since ``psi_d = -phi_d'`` in each dimension, ``F = (1 - a P) / q``.

The loop sum of :ref:`theory-loops` over loops of ``n >= 3`` flights, as
estimated by the next-event estimator with the weight ``(1 + e_1 . e_n)``
(``e_1`` the first, ``e_n`` the last, returning flight), is::

    sigma_a = -4 pi D Int d^dq/(2 pi)^d  P^3 / (1 - P)            (backscattering)
    sigma_b = +4 pi D Int d^dq/(2 pi)^d  F^2 P / (1 - P)          (non-backscattering)

(``Sum_{n>=3} K^{*n}(0) = Int P^3/(1-P)``; with ``e_1 . e_n`` the first and the
last flight carry ``i qhat F`` each, whose dot product is ``-F^2``.) In 2D,
with ``P = (a^2 + q^2)^(-1/2)`` and ``D = 1/2``, these are the zero-field
limits of :func:`pathsim.theory.exact_2d` (Wittmann & Schmid 1987; Dmitriev,
Gornyi & Kachorovskii 1997). In 1D they are elementary
(:func:`loop_sum_1d`); in 3D both diverge logarithmically at large ``q``
(short loops), and only differences between two ``tau_phi`` are finite
(:func:`loop_sum_3d_difference`).

Every function accepts scalars or arrays; it returns a float when all inputs
are scalars and an ndarray otherwise. Functions of ``(b, tau_phi)`` broadcast
these two as an outer product when both are arrays (``tau_phi`` first), as in
:mod:`pathsim.theory`; geometry parameters and ``D`` broadcast against the
result. Invalid input raises ``ValueError`` naming the parameter.
"""

import numpy as np
from scipy import integrate

from pathsim._validate import check_array, check_choice, check_int
from pathsim.theory._common import D_3D, TERMS, terms_dict as _terms_dict
from pathsim.theory._common import as_result as _result

__all__ = ["flight_transforms", "loop_sum_1d", "loop_sum_3d_difference"]

_HALF_PI = 0.5 * np.pi


# ---------------------------------------------------------------- helpers

def _one_minus_u_cot_u_over_u2(u):
    """``(1 - u / tan(u)) / u^2`` for ``0 <= u < pi``, accurate as ``u -> 0``.

    With ``u = arctan(x)``, ``1 - u / tan(u) = 1 - arctan(x) / x`` is the 3D
    ``1 - a P(q)`` at ``x = q / a``.
    """
    u = np.asarray(u, dtype=float)
    s = u * u
    # Laurent series of u cot u: truncation error < 3e-15 relative for u < 0.1.
    series = 1 / 3 + s * (1 / 45 + s * (2 / 945 + s * (1 / 4725)))
    safe = np.where(u < 0.1, 1.0, u)
    return np.where(u < 0.1, series, (1.0 - safe * np.cos(safe) / np.sin(safe)) / (safe * safe))


def _one_minus_u_cot_u(u):
    """``1 - u / tan(u)``; see :func:`_one_minus_u_cot_u_over_u2`."""
    return u * u * _one_minus_u_cot_u_over_u2(u)


# ---------------------------------------------------- single-flight transforms

def flight_transforms(q, tau_phi, dim):
    """Fourier transforms ``(P, F)`` of one dephased free flight in ``dim`` dimensions.

    ``K(r) = exp(-a r) / (S_d r^(d-1))`` (``a = 1 + 1/tau_phi``, ``S_d`` the
    area of the unit sphere) is the density of the displacement of one
    exponential flight of the Poisson walk, weighted by the dephasing
    ``exp(-r / tau_phi)`` (``v = 1``). Then ``P(q)`` is its Fourier transform
    and ``i qhat F(q)`` that of ``rhat K(r)``::

        d = 1:  P = a / (a^2 + q^2),          F = q / (a^2 + q^2)
        d = 2:  P = (a^2 + q^2)^(-1/2),       F = (1 - a P) / q
        d = 3:  P = arctan(q / a) / q,        F = (1 - a P) / q

    ``F`` enters the non-backscattering term through the factor ``e_1 . e_n``
    of the first and last flights of a loop (see the module docstring).

    Parameters
    ----------
    q : float or array_like
        Wave number in ``1 / l``, finite and >= 0.
    tau_phi : float or array_like
        Phase-coherence time in ``tau``, > 0 or inf. Broadcast against ``q``
        (ordinary NumPy broadcasting).
    dim : int
        Dimension, 1, 2 or 3.

    Returns
    -------
    (P, F) : tuple of float or ndarray
        Both dimensionless (``P(0) = 1/a``, ``F(0) = 0``).
    """
    q = check_array("q", q, 0.0)
    tau_phi = check_array("tau_phi", tau_phi, 0.0, strict=True, allow_inf=True)
    dim = check_int("dim", dim, 1, 3)
    q, tau_phi = np.broadcast_arrays(q, tau_phi)
    a = 1.0 + 1.0 / tau_phi
    if dim == 1:
        den = a * a + q * q
        P, F = a / den, q / den
    elif dim == 2:
        s = np.hypot(a, q)
        # 1 - a/s = q^2 / (s (s + a)): no cancellation as q -> 0.
        P, F = 1.0 / s, q / (s * (s + a))
    else:
        x = q / a
        u = np.arctan(x)
        p = np.where(x > 0.0, u / np.where(x > 0.0, x, 1.0), 1.0)     # arctan(x) / x
        # F = (1 - p) / (a x) = [(1 - p) / u^2] u p / a: no underflow as q -> 0.
        P, F = p / a, _one_minus_u_cot_u_over_u2(u) * u * p / a
    return _result(P), _result(F)


# ------------------------------------------------------------- 1D loop sum

def loop_sum_1d(tau_phi, term="total"):
    """Exact loop sum of the 1D Poisson walk, ``delta_sigma_1D / G0`` in ``G0 l``.

    The non-diffusive loop sum of :ref:`theory-loops` for a walk on a line
    with flights ``Exp(1)`` and direction +1 or -1 with probability 1/2 at
    every scattering (``D = 1``), over loops of ``n >= 3`` flights with the
    weight ``(1 + e_1 . e_n)``: what the loop Monte Carlo estimates in 1D.
    With ``a = 1 + 1/tau_phi``, ``P = a / (a^2 + q^2)`` and
    ``F = q / (a^2 + q^2)`` (:func:`flight_transforms`), partial fractions in
    ``q^2`` give, with ``s = sqrt(1 + tau_phi)``::

        sigma_a = -4 pi Int dq/(2 pi) P^3/(1-P) = -pi (s - 1)^2 (2 s + 1) / s^2
        sigma_b = +4 pi Int dq/(2 pi) F^2 P/(1-P)
                = (2 pi / a) (a - 1/2 - sqrt(a (a - 1)))
                = pi / (2 a (a - 1/2 + sqrt(a (a - 1))))

    Diffusive limit ``tau_phi >> 1``: ``sigma_a = -2 pi sqrt(tau_phi) + 3 pi
    + O(tau_phi^-1/2)``, i.e. ``-2 pi L_phi + const`` (:func:`wl_1d`), and
    ``sigma_b -> pi`` (the 1D analogue of ``ln 2`` in 2D). Loop picture:
    Chakravarty & Schmid, Phys. Rep. 140, 193 (1986); the weight
    ``(1 + e_1 . e_n)`` is the real-space form of the 2D exact theory
    (Wittmann & Schmid, J. Low Temp. Phys. 69, 131 (1987); Dmitriev, Gornyi &
    Kachorovskii, Phys. Rev. B 56, 9910 (1997)), carried over to the 1D walk.

    Parameters
    ----------
    tau_phi : float or array_like
        Phase-coherence time in ``tau``, > 0 or inf (inf only for
        ``term="nonbackscattering"``, which gives ``pi``; the others diverge).
    term : {"total", "backscattering", "nonbackscattering"}
        ``sigma_a + sigma_b``, ``sigma_a`` (negative) or ``sigma_b`` (positive).

    Returns
    -------
    float or ndarray
        ``delta_sigma_1D / G0``, in units of ``G0 l``.
    """
    check_choice("term", term, TERMS)
    tau_phi = check_array("tau_phi", tau_phi, 0.0, strict=True,
                          allow_inf=term == "nonbackscattering")
    a = 1.0 + 1.0 / tau_phi
    with np.errstate(invalid="ignore"):        # inf * 0 where tau_phi = inf
        s = np.sqrt(1.0 + tau_phi)
        s_minus_1 = tau_phi / (s + 1.0)        # s - 1 without cancellation
        sigma_a = -np.pi * s_minus_1 ** 2 * (2.0 * s + 1.0) / (s * s)
    sigma_b = np.pi / (2.0 * a * (a - 0.5 + np.sqrt(a * (a - 1.0))))
    return _result(_terms_dict(sigma_a, sigma_b)[term])


# ------------------------------------------------------------- 3D loop sum



def _reg_3d_integrand(u, g, term):
    """Integrand in ``u = arctan(q / a)`` of the regularised 3D loop sums.

    With ``x = q / a``, ``p = arctan(x) / x``, ``m = 1 - p`` and ``a = 1 + g``
    the integrands over ``x`` are ``h_a = a x^2 p^3 / (g + m)`` and
    ``h_b = a m^2 p / (g + m)``; at large ``x`` they fall as ``c / x`` with
    ``c = (pi/2)^3`` and ``pi/2``, and ``c x / (1 + x^2)`` is subtracted. After
    ``dx = sec^2(u) du`` both are finite on ``[0, pi/2]``.
    """
    a = 1.0 + g
    m = _one_minus_u_cot_u(u)
    su, cu = np.sin(u), np.cos(u)
    if u == 0.0:                     # quad never asks; the limits, for completeness
        return 3.0 if (term == "a" and g == 0.0) else 0.0
    if term == "a":
        # x^2 p^3 sec^2(u) = u^3 / (sin u cos u);  subtraction: c tan u.
        return (u ** 3 * a / (su * (g + m)) - _HALF_PI ** 3 * su) / cu
    # m^2 p sec^2(u) = m^2 u / (sin u cos u)
    return (a * m * m * u / (su * (g + m)) - _HALF_PI * su) / cu


def _reg_3d(g, term):
    """``R(a) - c ln a`` for one ``g = 1 / tau_phi >= 0``; see :func:`loop_sum_3d_difference`.

    ``R(a) = Int_0^inf [h(x) - c x / (1 + x^2)] dx``; a cutoff ``q < Lambda``
    (``x < Lambda / a``) then gives ``Int h = c ln(Lambda) + (R(a) - c ln a)
    + o(1)``, so differences of the returned value are cutoff-free.
    """
    c = _HALF_PI ** 3 if term == "a" else _HALF_PI
    # The diffusive pole: g + m ~ g + x^2/3 makes h_a peak on the scale
    # x ~ sqrt(3 g); give quad break points there.
    w = np.sqrt(3.0 * g)
    points = [np.arctan(k * w) for k in (0.25, 1.0, 4.0, 16.0, 64.0) if 0.0 < k * w < 1e3]
    val, _ = integrate.quad(_reg_3d_integrand, 0.0, _HALF_PI, args=(g, term),
                            points=points or None, limit=400,
                            epsabs=1e-13, epsrel=1e-12)
    return val - c * np.log1p(g)


def _sigma_3d_reg(g, term):
    """Regularised ``sigma_a`` or ``sigma_b`` (G0 / l) for each ``g`` in a 1-D array."""
    uniq, inv = np.unique(g, return_inverse=True)
    sign = -1.0 if term == "a" else 1.0
    vals = np.array([_reg_3d(gi, term) for gi in uniq])
    return (sign * 2.0 * D_3D / np.pi * vals)[inv]


def loop_sum_3d_difference(tau_phi, tau_phi_ref=np.inf, term="total"):
    """Exact 3D loop sum at ``tau_phi`` minus its value at ``tau_phi_ref``, in ``G0 / l``.

    The 3D Poisson walk (flights ``Exp(1)``, isotropic scattering, ``D = 1/3``):
    ``P(q) = arctan(q/a) / q`` and ``F(q) = (1 - a P) / q``, ``a = 1 + 1/tau_phi``
    (:func:`flight_transforms`). The loop sums (module docstring)::

        sigma_a = -(2 D / pi) Int_0^inf q^2 dq P^3 / (1 - P)
        sigma_b = +(2 D / pi) Int_0^inf q^2 dq F^2 P / (1 - P)

    both diverge like ``ln(q_max)`` (short loops: the constant of the 3D
    correction is not universal), with coefficients that do not depend on
    ``tau_phi``; their differences converge. In ``x = q / a`` the integrands
    fall as ``(pi/2)^3 / x`` and ``(pi/2) / x``; these tails are subtracted
    analytically and the rest is integrated with ``scipy.integrate.quad`` in
    ``u = arctan(x)`` on ``[0, pi/2]``, to about 1e-12 absolute.

    Diffusive limit (``tau_phi, tau_phi_ref >> 1``): the difference tends to
    ``1 / L_phi - 1 / L_phi_ref`` with ``L_phi = sqrt(D tau_phi)``
    (:func:`wl_3d`); it all comes from ``sigma_a``, the change of ``sigma_b``
    is ``O(1 / tau_phi)``. Loop picture: Chakravarty & Schmid, Phys. Rep. 140,
    193 (1986); weight ``(1 + e_1 . e_n)`` as in the 2D exact theory
    (Wittmann & Schmid 1987; Dmitriev, Gornyi & Kachorovskii 1997), here
    derived for the 3D walk.

    Parameters
    ----------
    tau_phi : float or array_like
        Phase-coherence time in ``tau``, > 0 or inf.
    tau_phi_ref : float or array_like
        Reference phase-coherence time, > 0 or inf (default inf: the 3D sum
        converges at ``tau_phi = inf``). Broadcast against ``tau_phi``
        (ordinary NumPy broadcasting).
    term : {"total", "backscattering", "nonbackscattering"}
        Difference of ``sigma_a + sigma_b``, of ``sigma_a`` or of ``sigma_b``.

    Returns
    -------
    float or ndarray
        ``[delta_sigma(tau_phi) - delta_sigma(tau_phi_ref)] / G0`` in
        ``G0 / l``.
    """
    check_choice("term", term, TERMS)
    tau_phi = check_array("tau_phi", tau_phi, 0.0, strict=True, allow_inf=True)
    tau_phi_ref = check_array("tau_phi_ref", tau_phi_ref, 0.0, strict=True, allow_inf=True)
    tau_phi, tau_phi_ref = np.broadcast_arrays(tau_phi, tau_phi_ref)
    g = np.concatenate(((1.0 / tau_phi).ravel(), (1.0 / tau_phi_ref).ravel()))
    parts = {"backscattering": ("a",), "nonbackscattering": ("b",), "total": ("a", "b")}[term]
    sigma = sum(_sigma_3d_reg(g, part) for part in parts)
    n = tau_phi.size
    return _result((sigma[:n] - sigma[n:]).reshape(tau_phi.shape))
