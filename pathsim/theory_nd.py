"""Analytic results in one and three dimensions, and for films and wires.

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

The loop sum of section 3 of PHYSICS.md over loops of ``n >= 3`` flights, as
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

import functools

import numpy as np
from scipy import integrate, linalg, special

from pathsim._validate import check_array, check_choice, check_int
from pathsim.theory import TERMS, _hln_of_ratio, _pair, _result

__all__ = [
    "flight_transforms", "loop_sum_1d", "loop_sum_3d_difference",
    "wl_1d", "wl_3d", "tau_b_film", "film_parallel", "tau_b_wire",
    "wire_magnetoconductance", "hln_d", "film_diffusive", "tau_b_ballistic_wire",
    "FLUX_CANCELLATION_WEAK", "FLUX_CANCELLATION_STRONG",
]

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


def _terms_dict(sigma_a, sigma_b):
    return {"total": sigma_a + sigma_b, "backscattering": sigma_a,
            "nonbackscattering": sigma_b}


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

    The non-diffusive loop sum of section 3 of PHYSICS.md for a walk on a line
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

D_3D = 1.0 / 3.0


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


# --------------------------------------------------------- diffusive laws

def wl_3d(tau_phi, D=D_3D):
    """Diffusive 3D correction, its ``L_phi``-dependent part ``+1 / L_phi`` in ``G0 / l``.

    ``delta_sigma(L_phi) - delta_sigma(L_phi = inf) = G0 / L_phi``,
    ``L_phi = sqrt(D tau_phi)`` (Gorkov, Larkin & Khmelnitskii, JETP Lett. 30,
    228 (1979); Lee & Ramakrishnan, Rev. Mod. Phys. 57, 287 (1985)). The
    constant depends on short loops; see :func:`loop_sum_3d_difference`.

    Parameters
    ----------
    tau_phi : float or array_like
        Phase-coherence time in ``tau``, > 0 or inf (gives 0).
    D : float or array_like
        Diffusion constant in ``l^2 / tau``, finite and > 0 (default 1/3).
    """
    tau_phi = check_array("tau_phi", tau_phi, 0.0, strict=True, allow_inf=True)
    D = check_array("D", D, 0.0, strict=True)
    return _result(1.0 / np.sqrt(D * tau_phi))


def wl_1d(tau_phi, D=1.0):
    """Diffusive quasi-1D correction ``delta_sigma_1D / G0 = -2 pi L_phi`` in ``G0 l``.

    Up to an additive constant; ``L_phi = sqrt(D tau_phi)``, i.e.
    ``delta_G = -(e^2 / (pi hbar)) L_phi / L`` for a wire of length ``L``
    (Thouless, Phys. Rev. Lett. 39, 1167 (1977); Al'tshuler & Aronov, JETP
    Lett. 33, 499 (1981)). For a wire of width ``W`` (``l << W << L_phi``)
    use its own ``D`` (1/2 for a 2D strip, 1/3 for a 3D wire).

    Parameters
    ----------
    tau_phi : float or array_like
        Phase-coherence time in ``tau``, finite and > 0.
    D : float or array_like
        Diffusion constant in ``l^2 / tau``, finite and > 0 (default 1, the
        1D Poisson walk).
    """
    tau_phi = check_array("tau_phi", tau_phi, 0.0, strict=True)
    D = check_array("D", D, 0.0, strict=True)
    return _result(-2.0 * np.pi * np.sqrt(D * tau_phi))


def _tau_b_geometric(b, width, D):
    """``12 / (b^2 W^2 D)``: ``1/tau_B = W^2 D / (3 l_m^4)`` with ``l_m^2 = 2 / b``."""
    with np.errstate(divide="ignore"):
        return 12.0 / (b * b * width * width * D)


def tau_b_film(b, thickness, D=D_3D):
    """Orbital dephasing time of a film in a parallel field, in ``tau``.

    ``1 / tau_B = e^2 B^2 w^2 D / (3 hbar^2)`` (Al'tshuler & Aronov, JETP
    Lett. 33, 499 (1981)); with ``e B / hbar = b / 2`` in engine units,
    ``1 / tau_B = b^2 w^2 D / 12``. Valid for ``l << w << L_phi`` and
    ``w << l_m = sqrt(2 / b)``; for ``w < l`` (ballistic across the film) the
    result differs (Dugaev & Khmelnitskii, JETP 59, 1038 (1984)).

    Parameters
    ----------
    b : float or array_like
        Field ``B / B_tr``, finite and >= 0 (0 gives inf).
    thickness : float or array_like
        Film thickness ``w`` in ``l``, finite and > 0.
    D : float or array_like
        Diffusion constant in ``l^2 / tau``, finite and > 0 (default 1/3).
    """
    b = check_array("b", b, 0.0)
    w = check_array("thickness", thickness, 0.0, strict=True)
    D = check_array("D", D, 0.0, strict=True)
    return _result(_tau_b_geometric(b, w, D))


def film_parallel(b, tau_phi, thickness, D=D_3D):
    """Parallel-field magnetoconductance of a film, ``ln(1 + tau_phi / tau_B)`` in ``G0``.

    ``[delta_sigma(B) - delta_sigma(0)] w / G0``, the sheet-conductance change
    of a film of thickness ``w`` (``l << w << L_phi``) in a parallel field:
    the field only adds the dephasing rate ``1 / tau_B`` of :func:`tau_b_film`
    to ``1 / tau_phi`` in the 2D law (Al'tshuler & Aronov, JETP Lett. 33, 499
    (1981)).

    Parameters
    ----------
    b : float or array_like
        Field ``B / B_tr``, finite and >= 0.
    tau_phi : float or array_like
        Phase-coherence time in ``tau``, finite and > 0.
    thickness : float or array_like
        Film thickness in ``l``, finite and > 0.
    D : float or array_like
        Diffusion constant in ``l^2 / tau``, finite and > 0 (default 1/3).

    Returns
    -------
    float or ndarray
        In ``G0`` (per square); shape ``tau_phi.shape + b.shape`` when both
        are arrays.
    """
    b = check_array("b", b, 0.0)
    tau_phi = check_array("tau_phi", tau_phi, 0.0, strict=True)
    w = check_array("thickness", thickness, 0.0, strict=True)
    D = check_array("D", D, 0.0, strict=True)
    b, tau_phi = _pair(b, tau_phi)
    return _result(np.log1p(tau_phi * b * b * w * w * D / 12.0))


def tau_b_wire(b, width, D=0.5):
    """Magnetic dephasing time of a diffusive wire in a perpendicular field, in ``tau``.

    ``1 / tau_B = W^2 D / (3 l_m^4)``, ``l_m^2 = hbar / (e B) = 2 / b``, so
    ``tau_B = 12 / (b^2 W^2 D)`` (Al'tshuler & Aronov, JETP Lett. 33, 499
    (1981); Beenakker & van Houten, Phys. Rev. B 38, 3232 (1988)). Valid for
    ``l << W << L_phi`` and ``W << l_m``; see :func:`tau_b_ballistic_wire`
    for ``W << l``.

    Parameters
    ----------
    b : float or array_like
        Field ``B / B_tr``, finite and >= 0 (0 gives inf).
    width : float or array_like
        Wire width ``W`` in ``l``, finite and > 0.
    D : float or array_like
        Diffusion constant in ``l^2 / tau``, finite and > 0 (default 1/2, a
        2D strip).
    """
    b = check_array("b", b, 0.0)
    W = check_array("width", width, 0.0, strict=True)
    D = check_array("D", D, 0.0, strict=True)
    return _result(_tau_b_geometric(b, W, D))


def wire_magnetoconductance(b, tau_phi, width, D=0.5):
    """Quasi-1D magnetoconductance ``2 pi (L_phi - L_eff)`` in ``G0 l``.

    ``[delta_sigma(B) - delta_sigma(0)] W / G0`` for a diffusive wire of width
    ``W`` in a perpendicular field, from the 1D law ``-2 pi L_phi``
    (:func:`wl_1d`) with ``1 / tau_phi -> 1 / tau_phi + 1 / tau_B``
    (:func:`tau_b_wire`): ``L_eff = sqrt(D / (1/tau_phi + 1/tau_B))``
    (Al'tshuler & Aronov, JETP Lett. 33, 499 (1981)). Valid for
    ``l << W << L_phi`` and ``W << l_m``.

    Parameters
    ----------
    b : float or array_like
        Field ``B / B_tr``, finite and >= 0.
    tau_phi : float or array_like
        Phase-coherence time in ``tau``, finite and > 0.
    width : float or array_like
        Wire width in ``l``, finite and > 0.
    D : float or array_like
        Diffusion constant in ``l^2 / tau``, finite and > 0 (default 1/2).

    Returns
    -------
    float or ndarray
        In ``G0 l`` (positive); shape ``tau_phi.shape + b.shape`` when both
        are arrays.
    """
    b = check_array("b", b, 0.0)
    tau_phi = check_array("tau_phi", tau_phi, 0.0, strict=True)
    W = check_array("width", width, 0.0, strict=True)
    D = check_array("D", D, 0.0, strict=True)
    b, tau_phi = _pair(b, tau_phi)
    x = tau_phi * b * b * W * W * D / 12.0          # tau_phi / tau_B
    # L_phi - L_eff = L_phi (1 - (1 + x)^(-1/2)), without cancellation.
    return _result(2.0 * np.pi * np.sqrt(D * tau_phi) * -np.expm1(-0.5 * np.log1p(x)))


def hln_d(b, tau_phi, D):
    """Hikami-Larkin-Nagaoka magnetoconductance for any diffusion constant, in ``G0``.

    ``psi(1/2 + B_phi/B) - ln(B_phi/B)`` with ``B_phi = hbar / (4 e D tau_phi)``,
    so ``B_phi / B_tr = 1 / (2 D tau_phi)`` and ``B / B_phi = 2 D b tau_phi``
    (Hikami, Larkin & Nagaoka, Prog. Theor. Phys. 63, 707 (1980)). For
    ``D = 1/2`` this is :func:`pathsim.theory.hln`; other ``D`` describe, e.g.,
    a 3D film (``D = 1/3``) thinner than ``L_phi`` in a perpendicular field.
    Diffusive: valid for ``tau_phi >> tau`` and ``b << 1``.

    Parameters
    ----------
    b : float or array_like
        Field ``B / B_tr``, finite and >= 0.
    tau_phi : float or array_like
        Phase-coherence time in ``tau``, finite and > 0.
    D : float or array_like
        Diffusion constant in ``l^2 / tau``, finite and > 0.

    Returns
    -------
    float or ndarray
        In ``G0``; shape ``tau_phi.shape + b.shape`` when both are arrays.
    """
    b = check_array("b", b, 0.0)
    tau_phi = check_array("tau_phi", tau_phi, 0.0, strict=True)
    D = check_array("D", D, 0.0, strict=True)
    b, tau_phi = _pair(b, tau_phi)
    return _result(_hln_of_ratio(2.0 * D * b * tau_phi))


# ------------------------------------------------ diffusive film, any thickness
#
# Everything below works in film units: lengths in w, times in w^2 / D. Then
# beta = b w^2, g = (w / L_phi)^2 = w^2 / (D tau_phi), T = D t_cut / w^2, the
# Cooperon of one q_y is H_q = -d^2/ds^2 + (q - beta s)^2 on s in [-1/2, 1/2]
# (Neumann), and the sheet correction in G0 has no further prefactor (see
# film_diffusive).

_FILM_GL = np.polynomial.legendre.leggauss(8)      # nodes per Q panel
_FILM_MARGIN = 24                                  # basis functions beyond the modes kept
_FILM_TAIL_MODES = 4000                            # modes summed in the WKB tail


@functools.lru_cache(maxsize=4)
def _neumann_moments(n):
    """Matrices of ``s`` and ``s^2`` (``s = z - 1/2``) in the cosine basis of ``[0, 1]``.

    Basis ``phi_0 = 1``, ``phi_k = sqrt(2) cos(k pi z)``: with
    ``I1(j) = Int_0^1 s cos(j pi z) dz = ((-1)^j - 1) / (j pi)^2`` and
    ``I2(j) = Int_0^1 s^2 cos(j pi z) dz = ((-1)^j + 1) / (j pi)^2`` (``I1(0) = 0``,
    ``I2(0) = 1/12``), the elements are ``c_k c_m (I(k - m) + I(k + m)) / 2``.
    """
    k = np.arange(n)
    j_minus = np.abs(k[:, None] - k[None, :])
    j_plus = k[:, None] + k[None, :]

    def moment(j, even):
        sign = np.where(j % 2 == 0, 1.0, -1.0)
        jj = np.where(j == 0, 1, j) * np.pi
        val = ((sign + 1.0) if even else (sign - 1.0)) / (jj * jj)
        return np.where(j == 0, 1.0 / 12.0 if even else 0.0, val)

    c = np.where(k == 0, 1.0, np.sqrt(2.0))
    cc = c[:, None] * c[None, :]
    sigma = 0.5 * cc * (moment(j_minus, False) + moment(j_plus, False))
    sigma2 = 0.5 * cc * (moment(j_minus, True) + moment(j_plus, True))
    sigma.flags.writeable = sigma2.flags.writeable = False
    return sigma, sigma2


def _f_t(j, lam, g, T):
    """``j``-th derivative of ``F(lam) = pi^(-1/2) Int_0^T dt t^(-1/2) exp(-(g + lam) t)``.

    ``F^(j) = (-1)^j Gamma(j + 1/2) / sqrt(pi) a^(-j-1/2) P(j + 1/2, a T)`` with
    ``a = g + lam`` and ``P`` the regularised lower incomplete gamma function
    (``P = 1`` for ``T = inf``; ``F = erf(sqrt(a T)) / sqrt(a)``).
    """
    a = g + lam
    coef = (-1) ** j * special.gamma(j + 0.5) / np.sqrt(np.pi)
    p = 1.0 if np.isinf(T) else special.gammainc(j + 0.5, a * T)
    return coef * p * a ** (-(j + 0.5))


def _f_t_increment(lam, shift, shift2, g, T):
    """``F(lam + shift) - F(lam) - F'(lam) shift2`` without cancellation (see :func:`_f_t`).

    For ``|shift| < 1e-3 (g + lam)`` the Taylor series to ``shift^4`` (with
    ``F' (shift - shift2)`` as one term): at weak fields the terms of order
    ``b^4`` are then not lost under the rounding of ``F``.
    """
    small = np.abs(shift) < 1e-3 * (g + lam)
    d1 = _f_t(1, lam, g, T)
    taylor = (d1 * (shift - shift2) + _f_t(2, lam, g, T) * shift ** 2 / 2.0
              + _f_t(3, lam, g, T) * shift ** 3 / 6.0 + _f_t(4, lam, g, T) * shift ** 4 / 24.0)
    direct = _f_t(0, lam + shift, g, T) - _f_t(0, lam, g, T) - d1 * shift2
    return np.where(small, taylor, direct)


def _film_second_order(beta, g, T, nb):
    """The ``beta^2`` term of the parallel-field result, summed over ``nb`` modes.

    ``beta^2 Int_0^T dt exp(-g t) J(t) / t`` with ``J(t) = Int ds0 E[loop;
    Int_0^t (s - s_bar)^2]`` over Neumann loops: with ``E_n = (n pi)^2``,
    ``a_n = g + E_n`` and the matrix ``s_nm``::

        J(t) = Sum_{n != m} s_nm^2 [t exp(-E_n t) - (exp(-E_m t) - exp(-E_n t)) / (E_n - E_m)]
        Int_0^T exp(-a t) dt = (1 - exp(-a T)) / a
        Int_0^T (exp(-a_m t) - exp(-a_n t)) / t dt = ln(a_n / a_m) + E1(a_n T) - E1(a_m T)

    The truncation error falls as ``nb^-3`` (about 1e-9 relative at 400).
    """
    sigma, _ = _neumann_moments(nb)
    e = (np.arange(nb) * np.pi) ** 2
    a = g + e
    an, am = a[:, None], a[None, :]
    if np.isinf(T):
        first = 1.0 / an
        logs = np.log(an / am)
    else:
        first = -np.expm1(-an * T) / an
        logs = np.log(an / am) + special.exp1(an * T) - special.exp1(am * T)
    de = e[:, None] - e[None, :]
    np.fill_diagonal(de, 1.0)
    term = first - logs / de
    np.fill_diagonal(term, 0.0)
    return beta * beta * float(np.sum(sigma * sigma * term))


def _film_modes_kept(q, beta):
    """Modes treated exactly at ``q``: beyond them the WKB tail is accurate."""
    return int(12 + 3.0 * np.sqrt(q * beta + beta * beta) / np.pi + q / np.pi)


def _film_remainder(q, beta, g, T, nb):
    """``Sum_n [F(lam_n) - F(lam0_n) - F'(lam0_n) dlam2_n]`` at one ``q`` (film units).

    ``lam_n`` are the eigenvalues of ``H_q``, ``lam0_n = (n pi)^2 + q^2`` those
    at ``beta = 0`` and ``dlam2_n`` their second-order shift in ``beta``. Modes
    ``n < M`` come from a cosine basis of ``M + 24`` functions (the shift from
    the Rayleigh quotient of ``H_q - lam0_n`` with the eigenvector, accurate to
    second order in its error, and :func:`_f_t_increment`, so that weak fields
    keep their digits); modes
    ``n >= M`` from WKB to order ``beta^4``.
    """
    m = _film_modes_kept(q, beta)
    n = m + _FILM_MARGIN
    sigma, sigma2 = _neumann_moments(nb)
    e = (np.arange(nb) * np.pi) ** 2
    lam0 = e[:n] + q * q
    v = -2.0 * q * beta * sigma[:n, :n] + beta * beta * sigma2[:n, :n]
    vec = linalg.eigh(np.diag(lam0) + v, driver="evd")[1][:, :m]
    shift = (np.sum(vec * (v @ vec), axis=0)
             + np.sum(vec * vec * (lam0[:, None] - lam0[None, :m]), axis=0))
    shift /= np.sum(vec * vec, axis=0)
    de = e[:m, None] - e[None, :]
    de[np.arange(m), np.arange(m)] = np.inf
    shift2 = (beta * beta * np.diag(sigma2)[:m]
              + np.sum((2.0 * q * beta * sigma[:m, :]) ** 2 / de, axis=1))
    exact = np.sum(_f_t_increment(lam0[:m], shift, shift2, g, T))
    # WKB: Int_0^1 sqrt(k^2 + eps - U(s)) ds = k with U = -2 q beta s + beta^2 s^2
    # gives eps = beta^2 e2 + beta^4 e4 (moments <s^2> = 1/12, <s^4> = 1/80).
    k2 = (np.arange(m, m + _FILM_TAIL_MODES) * np.pi) ** 2
    lt = k2 + q * q
    u1sq = q * q / 3.0                                      # <(2 q s)^2>
    e2 = 1.0 / 12.0 + u1sq / (4.0 * k2)
    y2 = 1.0 / 180.0 + (u1sq / (4.0 * k2)) ** 2             # <(e2 - s^2)^2>
    u1sq_y = 4.0 * q * q * (e2 / 12.0 - 1.0 / 80.0)          # <(2 q s)^2 (e2 - s^2)>
    u1_4 = 16.0 * q ** 4 / 80.0
    e4 = y2 / (4.0 * k2) - 3.0 * u1sq_y / (8.0 * k2 ** 2) + 5.0 * u1_4 / (64.0 * k2 ** 3)
    tail = (0.5 * _f_t(2, lt, g, T) * (beta * beta * e2) ** 2
            + _f_t(1, lt, g, T) * beta ** 4 * e4)
    # beyond: terms fall as n^-5
    last = m + _FILM_TAIL_MODES - 1
    rest = tail[-1] * last ** 5 / (4.0 * (last + 0.5) ** 4)
    return float(exact + np.sum(tail) + rest)


def _film_parallel_scaled(beta, g, T):
    """Parallel-field film magnetoconductance (G0) in film units; see :func:`film_diffusive`."""
    if beta == 0.0:
        return 0.0
    q_s = np.sqrt(g + beta * beta / 12.0)
    # q_max also keeps a T = q_max^2 T >= 64, where F_T = F for the tail.
    q_max = max(6.0 * beta, 6.0 * np.sqrt(beta), 48.0, 8.0 * q_s, 8.0 / np.sqrt(T))
    nb = max(400, _film_modes_kept(q_max, beta) + _FILM_MARGIN)
    nb = 64 * -(-nb // 64)
    total = _film_second_order(beta, g, T, nb)
    # Q panels [0, q_s/8], then doubling up to q_max.
    edges = [0.0, q_s / 8.0]
    while edges[-1] * 2.0 < q_max:
        edges.append(edges[-1] * 2.0)
    edges.append(q_max)
    x, wt = _FILM_GL
    integral = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        half = 0.5 * (hi - lo)
        for xi, wi in zip(x, wt):
            integral += half * wi * _film_remainder(lo + half * (1.0 + xi), beta, g, T, nb)
    # Large-Q tail (semiclassical): R ~ c4/q^4 + c5/q^5 + c6/q^6, with c4 from the bulk
    # (-(1/pi) Int ln|1 - beta s/q| ds at order beta^4), c5 from the walls (Euler-Maclaurin
    # end term) and c6 matched to the remainder at q_max.
    c4 = beta ** 4 / (320.0 * np.pi)
    c5 = beta ** 4 / 32.0
    r_max = _film_remainder(q_max, beta, g, T, nb)
    c6 = (r_max - c4 / q_max ** 4 - c5 / q_max ** 5) * q_max ** 6
    integral += c4 / (3.0 * q_max ** 3) + c5 / (4.0 * q_max ** 4) + c6 / (5.0 * q_max ** 5)
    return total - 2.0 * integral


def _film_perpendicular_scaled(beta, g, T):
    """Perpendicular-field film magnetoconductance (G0) in film units; :func:`film_diffusive`."""
    if beta == 0.0:
        return 0.0
    if np.isinf(T):
        # Sum over modes of HLN with 1/tau_phi -> 1/tau_phi + D (n pi / w)^2;
        # past x_n = 1e-3 the terms are x_n^2 / 24 (relative error < 1e-6).
        # n_max also makes g negligible against (n pi)^2 in the tail.
        n_max = int(np.sqrt(max(2.0 * beta / 1e-3, 1e4 * g)) / np.pi) + 2
        x = 2.0 * beta / (g + (np.arange(n_max) * np.pi) ** 2)
        tail = (2.0 * beta / np.pi ** 2) ** 2 / 24.0 * special.zeta(4.0, n_max)
        return float(np.sum(_hln_of_ratio(x)) + tail)
    # Int_0^T dt/t exp(-g t) [1 - beta t / sinh(beta t)] Theta(t),
    # Theta(t) = Sum_n exp(-(n pi)^2 t), by Gauss-Legendre in ln t.
    t_lo = 1e-7 * min(1.0, 1.0 / beta, 1.0 / g, T)        # below: < 1e-10 relative
    edges = np.linspace(np.log(t_lo), np.log(T), int(np.ceil(np.log(T / t_lo) / 0.5)) + 1)
    x, wt = _FILM_GL
    half = 0.5 * np.diff(edges)
    u = (edges[:-1, None] + half[:, None] * (1.0 + x[None, :])).ravel()
    wu = (half[:, None] * wt[None, :]).ravel()
    t = np.exp(u)
    u = beta * t
    s = u * u
    # 1 - u / sinh(u): its series below u = 0.1 (error < 1e-12 relative), then directly
    series = s * (1.0 / 6.0 - s * (7.0 / 360.0 - s * 31.0 / 15120.0))
    ul = np.clip(u, 0.1, 700.0)
    direct = 1.0 - np.where(u > 700.0, 0.0, ul / np.sinh(ul))
    one_minus_levy = np.where(u < 0.1, series, direct)
    return float(np.sum(wu * np.exp(-g * t) * one_minus_levy * _neumann_theta(t)))


def _neumann_theta(t):
    """``Sum_{n>=0} exp(-(n pi)^2 t)``: the direct sum, or its Poisson dual for ``t < 1/pi``."""
    t = np.asarray(t, dtype=float)
    small = t < 1.0 / np.pi
    ts = np.where(small, t, 1.0)
    m = np.arange(1, 6)
    images = 1.0 + 2.0 * np.sum(np.exp(-m[:, None] ** 2 / ts), axis=0)
    dual = 0.5 * (1.0 + images / np.sqrt(np.pi * ts))
    n = np.arange(0, 12)
    direct = np.sum(np.exp(-(n[:, None] * np.pi) ** 2 * np.where(small, 1.0, t)), axis=0)
    return np.where(small, dual, direct)


def film_diffusive(b, tau_phi, thickness, D=D_3D, direction="parallel", t_cut=np.inf):
    """Magnetoconductance of a diffusive film of any thickness, in ``G0``.

    ``[delta_sigma(B) - delta_sigma(0)] w / G0``, the sheet-conductance change
    of a film of thickness ``w`` (walls at ``z = 0`` and ``z = w`` that
    reflect: Neumann conditions for the Cooperon), from the loop sum of
    section 3 of PHYSICS.md (Chakravarty & Schmid, Phys. Rep. 140, 193
    (1986)) with no assumption on ``w / L_phi`` or ``w / l_m``::

        delta_sigma w / G0 = -4 pi D Int_0^t_cut dt exp(-t / tau_phi) W_B(t) w

    where ``W_B(t)`` is the Cooperon return density (magnetic phase included)
    averaged over the start height ``z0`` in ``[0, w]``. Diffusive: valid for
    ``l << w``, ``tau_phi >> tau`` and ``b << 1`` (for ``w < l`` see
    :func:`tau_b_film`).

    ``direction="parallel"`` (``B`` along ``x``, gauge ``A = -B z y``): ``q_y``
    is conserved and, with ``H_q = D [-d^2/dz^2 + (q - b z)^2]`` on ``[0, w]``
    (Neumann; ``2 e B / hbar = b``) and ``lam_n(q)`` its eigenvalues,
    ``W_B(t) w = (4 pi D t)^(-1/2) Int dq/(2 pi) Sum_n exp(-lam_n t)``. The
    time integral is elementary::

        result = -sqrt(D) Int dq Sum_n [F(lam_n(q)) - F(lam0_n(q))]
        F(lam) = Int_0^t_cut dt (pi t)^(-1/2) exp(-(1/tau_phi + lam) t)
               = erf(sqrt(a t_cut)) / sqrt(a),  a = 1/tau_phi + lam

    with ``lam0_n(q) = D (q^2 + (n pi / w)^2)`` the zero-field spectrum (``q``
    measured from the centre of the film, ``q -> q - b w / 2``, which makes
    the double integral absolutely convergent). In film units (lengths in
    ``w``, times in ``w^2 / D``) it depends only on ``beta = b w^2``,
    ``(w / L_phi)^2`` and ``D t_cut / w^2``. The short-loop (large ``q``, high
    mode) part, where a truncated basis converges slowly, is the term of order
    ``b^2``; it is summed exactly in closed form (time domain, with
    ``s_nm`` the matrix of ``z - w/2`` between Neumann modes, ``E_n = D (n
    pi / w)^2``, ``a_n = 1/tau_phi + E_n``)::

        S2 = b^2 D Sum_{n != m} s_nm^2 [ (1 - exp(-a_n t_cut)) / a_n
             - (ln(a_n / a_m) + E1(a_n t_cut) - E1(a_m t_cut)) / (E_n - E_m) ]

    and the rest (order ``b^4`` and beyond) is integrated numerically: exact
    eigenvalues of ``H_q`` in a cosine basis for the low modes, WKB to order
    ``b^4`` for the high ones, Gauss-Legendre panels in ``q`` and a
    semiclassical ``q^-4`` tail. Accuracy about 1e-6 relative (checked
    against a direct time integral and against doubled resolution) for
    ``w / L_phi`` up to 5 and ``b w^2`` up to 40; one point takes about
    0.1 s, more as ``b w^2`` grows (the basis grows like ``b w^2``, the cost
    like its cube: seconds beyond ``b w^2 ~ 150``).

    Checks (tests): for ``w << L_phi`` and ``w << l_m`` the result tends to
    ``ln(1 + tau_phi / tau_B)``, ``1 / tau_B = b^2 w^2 D / 12``
    (:func:`film_parallel`; Al'tshuler & Aronov, JETP Lett. 33, 499 (1981));
    to first order in ``b^2`` it is ``S2``, which is smaller than
    ``tau_phi / tau_B`` by a relative ``O((w / L_phi)^2 ln(L_phi / w))``
    (6 % at ``w / L_phi = 0.25``). For ``w >> L_phi`` it grows by the bulk
    3D magnetoconductance per unit thickness, in either direction.

    ``direction="perpendicular"``: the field acts in the plane and each
    transverse mode ``n`` is a 2D Landau problem with the extra rate
    ``D (n pi / w)^2``: with ``1 / tau_n = 1 / tau_phi + D (n pi / w)^2``::

        result = Sum_n Int_0^t_cut (dt / t) exp(-t / tau_n) [1 - b D t / sinh(b D t)]
               = Sum_n [psi(1/2 + 1 / x_n) + ln(x_n)],  x_n = 2 D b tau_n  (t_cut = inf)

    the HLN law (:func:`hln_d`) for ``n = 0`` plus the thickness corrections
    (Hikami, Larkin & Nagaoka, Prog. Theor. Phys. 63, 707 (1980); Lévy's
    ``<cos(b A)>_t = b D t / sinh(b D t)``). A finite ``t_cut`` is done by
    Gauss-Legendre quadrature in ``ln t``.

    Parameters
    ----------
    b : float or array_like
        Field ``B / B_tr``, finite and >= 0 (0 gives exactly 0).
    tau_phi : float or array_like
        Phase-coherence time in ``tau``, finite and > 0.
    thickness : float or array_like
        Film thickness ``w`` in ``l``, finite and > 0.
    D : float or array_like
        Diffusion constant in ``l^2 / tau``, finite and > 0 (default 1/3).
    direction : {"parallel", "perpendicular"}
        Field in the plane of the film or normal to it.
    t_cut : float or array_like
        Upper limit of the time integral in ``tau``, > 0 or inf (default):
        the loop sum of walks cut at ``t_cut``, as in a Monte Carlo that
        follows walks up to a fixed time.

    Returns
    -------
    float or ndarray
        In ``G0`` (per square; positive); shape ``tau_phi.shape + b.shape``
        when both are arrays, broadcast against ``thickness``, ``D`` and
        ``t_cut``.
    """
    check_choice("direction", direction, ("parallel", "perpendicular"))
    b = check_array("b", b, 0.0)
    tau_phi = check_array("tau_phi", tau_phi, 0.0, strict=True)
    w = check_array("thickness", thickness, 0.0, strict=True)
    D = check_array("D", D, 0.0, strict=True)
    t_cut = check_array("t_cut", t_cut, 0.0, strict=True, allow_inf=True)
    b, tau_phi = _pair(b, tau_phi)
    b, tau_phi, w, D, t_cut = np.broadcast_arrays(b, tau_phi, w, D, t_cut)
    one = _film_parallel_scaled if direction == "parallel" else _film_perpendicular_scaled
    out = np.empty(b.shape)
    for i in np.ndindex(b.shape):
        wi, di = w[i], D[i]
        out[i] = one(b[i] * wi * wi, wi * wi / (di * tau_phi[i]), di * t_cut[i] / (wi * wi))
    return _result(out)


# ------------------------------------------------ narrow ballistic wires

#: ``C1`` of ``tau_B = C1 l_m^4 / (W^3 v)`` (pure metal, weak field).
FLUX_CANCELLATION_WEAK = {
    "specular": np.pi ** 5 / (31.0 * float(special.zeta(5.0))),   # 9.520
    "diffuse": 4.0 * np.pi,                                         # 12.566
}
#: ``C2`` of ``tau_B = C2 l_m^2 l / (W^2 v)`` (pure metal, strong field).
FLUX_CANCELLATION_STRONG = {"specular": 24.0 / 5.0, "diffuse": 3.0}


def tau_b_ballistic_wire(b, width, walls="specular", field="weak"):
    """Magnetic dephasing time of a narrow ballistic channel (``W << l``), in ``tau``.

    A 2D channel of width ``W`` in a perpendicular field, in the pure-metal
    regime ``W << l`` where flux cancellation makes the dephasing far weaker
    than in the dirty metal (``tau_B = 3 l_m^4 / (W^2 D)``, :func:`tau_b_wire`).
    With ``l_m^2 = hbar / (e B) = 2 / b`` and ``l = v = 1``:

    ``field="weak"``, ``l_m^2 >> W l``::

        tau_B = C1 l_m^4 / (W^3 v) = 4 C1 / (b^2 W^3)
        C1 = pi^5 / (31 zeta(5)) = 9.520 (specular), 4 pi = 12.566 (diffuse)

    ``field="strong"``, ``W^2 << l_m^2 << W l``::

        tau_B = C2 l_m^2 l / (W^2 v) = 2 C2 / (b W^2)
        C2 = 24/5 (specular), 3 (diffuse)

    Source: C. W. J. Beenakker & H. van Houten, "Boundary scattering and weak
    localization of electrons in a magnetic field", Phys. Rev. B 38, 3232
    (1988), and their review "Quantum transport in semiconductor
    nanostructures", Solid State Phys. 44, 1 (1991), Table on ``tau_B``
    (quoted there as ``C1 = 9.5``, ``C2 = 24/5`` specular, ``C1 = 4 pi``,
    ``C2 = 3`` diffuse). The paper text could not be consulted when this was
    written; the forms and the constants quoted above are from memory, and
    all four constants were re-derived independently here from the kinetic
    (Boltzmann) picture: ``1 / tau_B = (2 / l_m^2)^2 Int_0^inf dt
    <y v_x(0) y v_x(t)>`` in the gauge with zero mean ``y`` (weak field;
    isotropic stationary state; for specular walls the triangle-wave Fourier
    series gives ``pi^5 / (31 zeta(5))``, for diffuse Lambert walls an
    elementary integral gives ``4 pi``), and the mean of
    ``1 - cos(2 A / l_m^2)`` per impurity collision for the strong field
    (``A`` the area swept in a flight that ends or starts at an impurity;
    giving 24/5 and 3). The two regimes match at ``l_m^2 ~ W l`` up to the
    ratio of the constants; there is no interpolation between them here.
    Classical simulations of a strip (done while writing this; not part of
    the tests) agree: weak field 9.51 +- 0.08 (specular, ``l = 1000 W``) and
    12.4 +- 0.4 (diffuse, ``l = 100 W``); strong field 4.75 (specular) and
    3.08 (diffuse) at ``l_m^2 = W l / 100`` and ``/ 200``, but 3.28 (diffuse)
    at ``l_m^2 = W l / 50``: the strong-field limit is approached slowly,
    with corrections that grow with ``l_m^2 / (W l)``.

    Parameters
    ----------
    b : float or array_like
        Field ``B / B_tr``, finite and >= 0 (0 gives inf).
    width : float or array_like
        Channel width ``W`` in ``l``, finite and > 0 (the formulas assume
        ``W << 1``).
    walls : {"specular", "diffuse"}
        Boundary scattering: specular reflection or diffuse (Lambert cosine
        law) re-emission.
    field : {"weak", "strong"}
        Regime, see above; the caller checks that ``b`` lies inside it.
    """
    check_choice("walls", walls, ("specular", "diffuse"))
    check_choice("field", field, ("weak", "strong"))
    b = check_array("b", b, 0.0)
    W = check_array("width", width, 0.0, strict=True)
    with np.errstate(divide="ignore"):
        if field == "weak":
            tau = 4.0 * FLUX_CANCELLATION_WEAK[walls] / (b * b * W ** 3)
        else:
            tau = 2.0 * FLUX_CANCELLATION_STRONG[walls] / (b * W * W)
    return _result(tau)
