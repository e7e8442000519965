"""Confined geometries: films and wires thinner than ``L_phi`` in a field
(the dephasing time ``tau_B`` and the laws it gives), 2D strips of any width
(:func:`strip_diffusive`), and narrow ballistic wires with flux
cancellation.  Films of any thickness: :mod:`pathsim.theory.films`.

Engine units throughout: mean free path ``l = 1``, Fermi speed ``v = 1``, elastic
time ``tau = 1``; fields ``b = B / B_tr`` with ``B_tr = hbar / (2 e l^2)``, so the
magnetic length is ``l_m^2 = hbar / (e B) = 2 / b``; conductivity corrections in
``G0 = e^2 / (pi h)``. ``D`` is the diffusion constant in ``l^2 / tau``.
Functions of ``(b, tau_phi)`` broadcast as an outer product when both are
arrays (``tau_phi`` first). Invalid input raises ``ValueError`` naming the
parameter.
"""
import numpy as np
from scipy import special

from pathsim._validate import check_array, check_choice
from pathsim.theory._common import D_3D
from pathsim.theory._common import as_result as _result, outer_pair as _pair
from pathsim.theory.films import _film_parallel_scaled

__all__ = ["tau_b_film", "film_parallel", "tau_b_wire", "wire_magnetoconductance",
           "strip_diffusive", "tau_b_ballistic_wire", "FLUX_CANCELLATION_WEAK",
           "FLUX_CANCELLATION_STRONG"]


def _tau_b(b, size, size_name, D):
    """``tau_B = 12 / (b^2 W^2 D)`` of a film or a wire, checked (``size_name``
    names ``W``): ``1/tau_B = W^2 D / (3 l_m^4)`` with ``l_m^2 = 2 / b``."""
    b = check_array("b", b, 0.0)
    W = check_array(size_name, size, 0.0, strict=True)
    D = check_array("D", D, 0.0, strict=True)
    with np.errstate(divide="ignore"):
        return _result(12.0 / (b * b * W * W * D))


def _dephasing_ratio(b, tau_phi, size, size_name, D):
    """``tau_phi / tau_B = tau_phi b^2 W^2 D / 12`` of a film or a wire, checked
    and broadcast as ``(tau_phi, b)``; returns it with ``tau_phi`` and ``D``."""
    b = check_array("b", b, 0.0)
    tau_phi = check_array("tau_phi", tau_phi, 0.0, strict=True)
    W = check_array(size_name, size, 0.0, strict=True)
    D = check_array("D", D, 0.0, strict=True)
    b, tau_phi = _pair(b, tau_phi)
    return tau_phi * b * b * W * W * D / 12.0, tau_phi, D


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

    Returns
    -------
    float or ndarray
        tau_B in tau (inf at b = 0).
    """
    return _tau_b(b, thickness, "thickness", D)


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
    x, _, _ = _dephasing_ratio(b, tau_phi, thickness, "thickness", D)
    return _result(np.log1p(x))


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

    Returns
    -------
    float or ndarray
        tau_B in tau (inf at b = 0).
    """
    return _tau_b(b, width, "width", D)


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
    x, tau_phi, D = _dephasing_ratio(b, tau_phi, width, "width", D)
    # L_phi - L_eff = L_phi (1 - (1 + x)^(-1/2)), without cancellation.
    return _result(2.0 * np.pi * np.sqrt(D * tau_phi) * -np.expm1(-0.5 * np.log1p(x)))


def strip_diffusive(b, tau_phi, width, D=0.5, t_cut=np.inf):
    """Magnetoconductance of a diffusive 2D strip of any width, in ``G0 l``.

    ``[delta_sigma(B) - delta_sigma(0)] W / G0`` of a strip ``0 <= y <= W``
    (reflecting walls: Neumann conditions for the Cooperon) in a
    perpendicular field, with no assumption on ``W / L_phi`` or ``W / l_m``:
    it joins :func:`wire_magnetoconductance` (``W << L_phi``) to ``W`` times
    the 2D law :func:`hln` (``W >> L_phi, l_m``).  Diffusive: valid for
    ``l << W``, ``tau_phi >> tau`` and ``b << 1``.

    In the gauge ``A = -B y x`` the momentum ``q`` along the strip is
    conserved; the Cooperon of one ``q`` is
    ``H_q = D [-d^2/dy^2 + (q - b y)^2]`` on ``[0, W]``, the operator of a
    film in a parallel field (:func:`film_diffusive`) with one free
    dimension fewer, so its return density has no factor
    ``(4 pi D t)^(-1/2)``: with ``lam_n(q)`` the eigenvalues of ``H_q`` and
    ``lam0_n(q) = D (q^2 + (n pi / W)^2)``::

        delta_sigma W / G0 = -4 pi D Int_0^t_cut dt exp(-t / tau_phi) W_B(t) W
        W_B(t) W = Int dq / (2 pi) Sum_n exp(-lam_n(q) t)
        result = -2 D Int dq Sum_n [F(lam_n(q)) - F(lam0_n(q))]
        F(lam) = (1 - exp(-(1/tau_phi + lam) t_cut)) / (1/tau_phi + lam)

    It is computed by the film's numerics (closed-form ``b^2`` term, exact
    low modes, WKB high modes, a semiclassical large-``q`` tail) with the
    time weight of a 2D strip; in strip units it depends on ``b W^2``,
    ``(W / L_phi)^2`` and ``D t_cut / W^2`` only.  Checks (tests): it tends
    to :func:`wire_magnetoconductance` for ``W << L_phi`` (0.25 % at
    ``L_phi = 15 W``) and, per unit width, to :func:`hln` for
    ``W >> L_phi`` (edge terms cancel in the difference of two widths).
    One point takes about 0.1 s (one core, BLAS on one thread); points at
    other ``tau_phi`` and the same ``b W^2`` reuse its spectra, so 24
    fields by 6 ``tau_phi`` take about 6 s.

    Parameters
    ----------
    b : float or array_like
        Field ``B / B_tr``, finite and >= 0 (0 gives exactly 0).
    tau_phi : float or array_like
        Phase-coherence time in ``tau``, finite and > 0.
    width : float or array_like
        Strip width ``W`` in ``l``, finite and > 0.
    D : float or array_like
        Diffusion constant in ``l^2 / tau``, finite and > 0 (default 1/2, 2D).
    t_cut : float or array_like
        Upper limit of the time integral in ``tau``, > 0 or inf (default),
        as in a Monte Carlo that follows walks up to a fixed time.

    Returns
    -------
    float or ndarray
        In ``G0 l`` (positive); shape ``tau_phi.shape + b.shape`` when both
        are arrays, broadcast against ``width``, ``D`` and ``t_cut``.
    """
    b = check_array("b", b, 0.0)
    tau_phi = check_array("tau_phi", tau_phi, 0.0, strict=True)
    W = check_array("width", width, 0.0, strict=True)
    D = check_array("D", D, 0.0, strict=True)
    t_cut = check_array("t_cut", t_cut, 0.0, strict=True, allow_inf=True)
    b, tau_phi = _pair(b, tau_phi)
    b, tau_phi, W, D, t_cut = np.broadcast_arrays(b, tau_phi, W, D, t_cut)
    out = np.empty(b.shape)
    for i in np.ndindex(b.shape):
        wi, di = W[i], D[i]
        out[i] = 2.0 * wi * _film_parallel_scaled(b[i] * wi * wi, wi * wi / (di * tau_phi[i]),
                                                  di * t_cut[i] / (wi * wi), nu=1.0)
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

    Returns
    -------
    float or ndarray
        tau_B in tau (inf at b = 0).
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
