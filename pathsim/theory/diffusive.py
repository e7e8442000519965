"""Diffusive laws of weak localization: HLN magnetoconductance (any ``D``),
the 2D ln law, and the 1D and 3D dependences on ``L_phi = sqrt(D tau_phi)``.

Engine units throughout: mean free path ``l = 1``, Fermi speed ``v = 1``, elastic
time ``tau = 1``; fields ``b = B / B_tr`` with ``B_tr = hbar / (2 e l^2)``;
conductivity corrections in ``G0 = e^2 / (pi h)`` per ``l^(d-2)``. Functions of
``(b, tau_phi)`` broadcast as an outer product when both are arrays
(``tau_phi`` first). Invalid input raises ``ValueError`` naming the parameter.
"""
import numpy as np

from pathsim._validate import check_array
from pathsim.theory._common import D_3D, hln_of_ratio as _hln_of_ratio
from pathsim.theory._common import as_result as _result, outer_pair as _pair

__all__ = ["b_phi", "hln", "hln_d", "ln_law_2d", "wl_1d", "wl_3d"]


def b_phi(tau_phi):
    """Dephasing field ``B_phi / B_tr = tau / tau_phi`` in 2D.

    ``B_phi = hbar / (4 e D tau_phi)`` with ``D = l^2 / (2 tau)``.

    Parameters
    ----------
    tau_phi : float or array_like
        Phase-coherence time in ``tau``, > 0 or inf.

    Returns
    -------
    float or ndarray
        B_phi / B_tr.
    """
    return _result(1.0 / check_array("tau_phi", tau_phi, 0.0, strict=True, allow_inf=True))


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
    return hln_d(b, tau_phi, 0.5)


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


def ln_law_2d(tau_phi):
    """Diffusive zero-field correction ``delta_sigma / G0 = -ln(tau_phi / tau)``.

    Defined up to an additive constant set by short loops (the exact
    backscattering term is ``-ln(1 + tau_phi)``); the slope against
    ``ln(tau_phi)`` is exactly -1 (Chakravarty & Schmid 1986).

    Parameters
    ----------
    tau_phi : float or array_like
        Phase-coherence time in ``tau``, finite and > 0.

    Returns
    -------
    float or ndarray
        delta_sigma in G0 (sheet conductance), up to the additive constant.
    """
    return _result(-np.log(check_array("tau_phi", tau_phi, 0.0, strict=True)))


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

    Returns
    -------
    float or ndarray
        delta_sigma(L_phi) - delta_sigma(inf) in G0 / l.
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

    Returns
    -------
    float or ndarray
        delta_sigma_1D in G0 l, up to the additive constant.
    """
    tau_phi = check_array("tau_phi", tau_phi, 0.0, strict=True)
    D = check_array("D", D, 0.0, strict=True)
    return _result(-2.0 * np.pi * np.sqrt(D * tau_phi))
