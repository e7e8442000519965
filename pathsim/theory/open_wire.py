"""Open wires between absorbing leads (:ref:`theory-open`): the classical
transmission and the weak-localization correction to the conductance in
the diffusion picture, with the leads' extrapolation length.

Lengths in l, conductances in e^2/h per spin.  A walk between absorbing
ends at x = 0 and x = L diffuses as if the ends were at -z_e and L + z_e
(the Milne extrapolation length: exactly l in 1D, 0.7104 l in 3D for
isotropic scattering, Case & Zweifel, *Linear Transport Theory* (1967)), so
the sample behaves as a diffusive wire of length L_eff = L + 2 z_e.
"""
import numpy as np

from .._validate import check_array, check_int
from ._common import as_result

#: Milne extrapolation lengths (l) of isotropic scattering: exact in 1D (the
#: two-stream rod) and 3D (Case & Zweifel); the 2D value is measured, not
#: listed.
MILNE = {1: 1.0, 3: 0.7104}
#: Drude conductance per channel times L / l_tr, c_d = S_d / (d V_(d-1))
DRUDE_PER_CHANNEL = {1: 2.0, 2: np.pi / 2.0, 3: 4.0 / 3.0}


def open_transmission(dim, length, extrapolation):
    """Diffusive transmission per channel, T = c_d / (L + 2 z_e).

    Units of l_tr = 1: G = (e^2/h) N T is the Drude resistance L / (c_d N)
    plus the contact resistance 2 z_e / (c_d N) of the two leads (Sharvin's
    1 / N for z_e = c_d / 2, the diffusion-theory value); c_d = 2, pi/2, 4/3
    in 1D, 2D, 3D (:ref:`theory-open`).

    Parameters
    ----------
    dim : {1, 2, 3}
        Dimension of the walk.
    length : float or array_like
        Sample length L in l, > 0.
    extrapolation : float or array_like
        Extrapolation length z_e of each lead in l, >= 0 (Milne's 0.7104 in
        3D, :data:`MILNE`).

    Returns
    -------
    float or ndarray
        T, the transmission per channel (dimensionless).
    """
    if dim not in DRUDE_PER_CHANNEL:
        raise ValueError(f"dim must be 1, 2 or 3 (got {dim!r})")
    length = check_array("length", length, 0.0, strict=True)
    z = check_array("extrapolation", extrapolation, 0.0)
    return as_result(DRUDE_PER_CHANNEL[dim] / (length + 2.0 * z))


def open_return_integral(x, length, extrapolation=0.0, D=1.0):
    """Time-integrated return density of diffusion between absorbing ends.

    Int dt P(x, t | x) between ends extrapolated to -z_e and L + z_e:
    (x + z_e) (L + z_e - x) / (L_eff D), L_eff = L + 2 z_e.

    Parameters
    ----------
    x : float or array_like
        Position along the sample in l, 0 <= x <= L.
    length : float or array_like
        Sample length L in l, > 0.
    extrapolation : float or array_like
        Extrapolation length z_e in l, >= 0.
    D : float or array_like
        Diffusion constant in l^2 / tau, > 0.

    Returns
    -------
    float or ndarray
        The integral in tau / l (per unit length).
    """
    length = check_array("length", length, 0.0, strict=True)
    x = check_array("x", x, 0.0)
    if np.any(x > length):
        raise ValueError(f"x must lie in the sample, 0 <= x <= length = {length} "
                         f"(got {x})")
    z = check_array("extrapolation", extrapolation, 0.0)
    D = check_array("D", D, 0.0, strict=True)
    return as_result((x + z) * (length + z - x) / ((length + 2.0 * z) * D))


def open_wire_correction(length, extrapolation=0.0, constant=0.0, l_phi=np.inf):
    """Weak-localization correction of a wire between two leads, e^2/h per
    spin, in the diffusion picture.

    With delta_G = (1 / L_eff^2) Int_0^L dx delta_sigma_1D(x) (G0 units
    per spin, e^2 / (2 pi h); :mod:`pathsim.results.open_sample`) and the
    local correction delta_sigma_1D(x) / G0 = -4 pi D P(x) + C, where
    P(x) = Int dt P(x, t | x) exp(-t / tau_phi) is the diffusion Green's
    function between absorbing ends extrapolated to -z_e and L + z_e,
    sinh(k (x + z_e)) sinh(k (L + z_e - x)) / (D k sinh(k L_eff)) with
    k = 1 / L_phi, and C the short-loop constant of the infinite wire
    (delta_sigma_1D / G0 = -2 pi L_phi + C; :func:`pathsim.theory.
    loop_sum_1d` gives C = 4 pi in 1D):

        delta_G = -[L cosh(k L_eff) - sinh(k L) / k] / (k L_eff^2 sinh(k L_eff))
                  + C L / (2 pi L_eff^2),

    which for L_phi = inf is -1/3 + 2 a^2 - (4/3) a^3 + C L / (2 pi L_eff^2),
    a = z_e / L_eff, L_eff = L + 2 z_e: the universal -1/3
    (:ref:`theory-open-wire`) approached as C / (2 pi L); for L_phi << L the dephased
    wire, -(L_phi / L) (L / L_eff)^2 (1 - exp(-2 z_e / L_phi) L_phi / L).
    Neglected: the change
    of the short loops within about l of the leads, O(l^2 / L^2).

    Parameters
    ----------
    length, extrapolation : float or array_like
        L > 0 and z_e >= 0, units of l (the walks' L_eff - L is 2 z_e).
    constant : float or array_like
        C in G0 l (per l^(d-2) times the cross-section).
    l_phi : float or array_like
        L_phi = sqrt(D tau_phi) along the wire, units of l, > 0 or inf.

    Returns
    -------
    float or ndarray
        delta_G in e^2/h per spin.
    """
    length = check_array("length", length, 0.0, strict=True)
    z = check_array("extrapolation", extrapolation, 0.0)
    constant = check_array("constant", constant)
    l_phi = check_array("l_phi", l_phi, 0.0, strict=True, allow_inf=True)
    l_eff = length + 2.0 * z
    a = z / l_eff
    k = 1.0 / l_phi
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        kl = np.where(k > 0, k * l_eff, 1.0)
        # sinh(kL)/sinh(kL_eff) and cosh/sinh written to stay finite at large k
        ratio = np.exp(k * (length - l_eff)) * -np.expm1(-2 * k * length) / -np.expm1(-2 * kl)
        coth = 1.0 / np.tanh(kl)
        dephased = -(length * coth - ratio / np.where(k > 0, k, 1.0)) / (
            np.where(k > 0, k, 1.0) * l_eff ** 2)
    coherent = -1.0 / 3.0 + 2.0 * a * a - 4.0 / 3.0 * a ** 3
    small = k * l_eff < 1e-3
    return as_result(np.where(small, coherent, dephased)
                     + constant * length / (2.0 * np.pi * l_eff ** 2))


def strip_magnetoconductance(length, width, b, extrapolation=0.0, modes=(48, 24)):
    """Magnetoconductance delta_G(b) - delta_G(0) of a 2D strip between two
    leads in a perpendicular field, in the diffusion picture, e^2/h per spin.

    The strip 0 <= x <= L, 0 <= y <= W has reflecting walls at y = 0, W
    and absorbing leads extrapolated to x = -z_e and L + z_e (L_eff =
    L + 2 z_e).  The Cooperon C = H^-1, H = D [(-i d/dx + b (y - W/2))^2
    - d^2/dy^2] (the twins' phase difference is b A, A in l^2, so the
    Cooperon's vector potential has curl b), Dirichlet at the extrapolated
    ends and Neumann at the walls, enters as in
    :func:`open_wire_correction`:

        delta_G = -(2 D / L_eff^2) Int_0^L dx Int_0^W dy C(r, r),

    restricted to the sample as the walkers' starts are.  D cancels, so
    the result depends only on L, W, z_e and b (the lengths in any common
    unit; b = B / B_tr in that unit^-2).  H is written in the modes of the
    field-free strip, sin(m pi (x + z_e) / L_eff) cos(n pi y / W), ``modes``
    = (m_max, n_max) of them; the difference of the traces converges
    fast (the divergent short-distance part cancels).  For W << L_eff and
    small b this is the quasi-1D wire with the magnetic dephasing rate
    D b^2 W^2 / 12 (Altshuler & Aronov 1981, specular/diffusive-wall wire
    in the dirty limit W >> l); it keeps the transverse modes, so it also
    holds for W ~ L.  No ballistic physics: against the walkers it shows
    how much the open-strip result owes to diffusion.

    Parameters
    ----------
    length, width : float
        L > 0 and W > 0.
    b : float or array_like
        Fields b >= 0 (units of the lengths^-2).
    extrapolation : float
        z_e >= 0.
    modes : (int, int)
        Numbers of longitudinal and transverse modes (4 to 4096 each).

    Returns
    -------
    float or ndarray
        delta_G(b) - delta_G(0) in e^2/h per spin, one value per field.
    """
    from numpy.polynomial.legendre import leggauss

    length = float(check_array("length", length, 0.0, strict=True))
    width = float(check_array("width", width, 0.0, strict=True))
    z = float(check_array("extrapolation", extrapolation, 0.0))
    b = check_array("b", b, 0.0)
    if not isinstance(modes, (tuple, list)) or len(modes) != 2:
        raise ValueError(f"modes must be two integers >= 4 (got {modes!r:.60})")
    m_max, n_max = (check_int("modes", m, 4, 4096) for m in modes)
    l_eff = length + 2.0 * z
    q, w = leggauss(max(400, 16 * m_max))
    x, wx = (q + 1.0) * l_eff / 2.0, w * l_eff / 2.0
    q, w = leggauss(max(200, 16 * n_max))
    y, wy = (q + 1.0) * width / 2.0, w * width / 2.0
    m = np.arange(1, m_max + 1)
    km = m * np.pi / l_eff
    sx = np.sqrt(2.0 / l_eff) * np.sin(np.outer(km, x))
    dsx = np.sqrt(2.0 / l_eff) * km[:, None] * np.cos(np.outer(km, x))
    n = np.arange(n_max)
    cy = np.where(n[:, None] == 0, 1.0, np.sqrt(2.0)) / np.sqrt(width) * np.cos(
        np.outer(n * np.pi / width, y))
    derivative = (sx * wx) @ dsx.T                            # <m| d/dx |m'>
    inside = (x >= z) & (x <= z + length)
    project = np.kron((sx * wx * inside) @ sx.T, np.eye(n_max))
    u = y - width / 2.0
    u1, u2 = (cy * wy * u) @ cy.T, (cy * wy * u * u) @ cy.T
    h0 = ((km ** 2)[:, None] + ((n * np.pi / width) ** 2)[None, :]).ravel()
    base = np.sum(np.diag(project) / h0)
    flat = np.ravel(b)
    out = np.empty(flat.shape)
    for i, field in enumerate(flat):
        if field == 0.0:
            out[i] = 0.0
            continue
        h = (np.diag(h0).astype(complex) + np.kron(-2j * field * derivative, u1)
             + field * field * np.kron(np.eye(m_max), u2))
        trace = np.trace(np.linalg.solve(h, project)).real
        out[i] = -2.0 / l_eff ** 2 * (trace - base)
    return as_result(out.reshape(np.shape(b)))
