"""The diffusive film of any thickness in a parallel or perpendicular field
(:func:`film_diffusive`), with its numerics.

Everything below works in film units: lengths in w, times in w^2 / D. Then
beta = b w^2, g = (w / L_phi)^2 = w^2 / (D tau_phi), T = D t_cut / w^2, the
Cooperon of one q_y is H_q = -d^2/ds^2 + (q - beta s)^2 on s in [-1/2, 1/2]
(Neumann), and the sheet correction in G0 has no further prefactor (see
film_diffusive).  The 2D strip in a perpendicular field has the same H_q
with one free dimension fewer: its time integrals lose the weight
(pi t)^(-1/2), which ``nu`` (1/2 film, 1 strip) selects
(:func:`pathsim.theory.strip_diffusive`).
"""
import functools

import numpy as np
from scipy import linalg, special

from pathsim._validate import check_array, check_choice
from pathsim.theory._common import D_3D, hln_of_ratio as _hln_of_ratio
from pathsim.theory._common import as_result as _result, outer_pair as _pair

__all__ = ["film_diffusive"]

_FILM_GL = np.polynomial.legendre.leggauss(8)      # nodes per Q panel
_FILM_MARGIN = 24                                  # basis functions beyond the modes kept
_FILM_TAIL_MODES = 4000                            # modes summed in the WKB tail
_FILM_MAX_MODES = 8192                             # largest basis (b w^2 up to ~2000)


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


def _f_t(j, lam, g, T, nu=0.5):
    """``j``-th derivative of ``F(lam) = Int_0^T dt t^(nu-1) / Gamma(nu) exp(-(g + lam) t)``.

    ``F^(j) = (-1)^j Gamma(j + nu) / Gamma(nu) a^(-j-nu) P(j + nu, a T)`` with
    ``a = g + lam`` and ``P`` the regularised lower incomplete gamma function
    (``P = 1`` for ``T = inf``).  ``nu = 1/2`` (film):
    ``F = erf(sqrt(a T)) / sqrt(a)``; ``nu = 1`` (strip): ``F = (1 - exp(-a T)) / a``.
    """
    a = g + lam
    coef = (-1) ** j * special.gamma(j + nu) / special.gamma(nu)
    p = 1.0 if np.isinf(T) else special.gammainc(j + nu, a * T)
    return coef * p * a ** (-(j + nu))


def _f_t_increment(lam, shift, shift2, g, T, nu=0.5):
    """``F(lam + shift) - F(lam) - F'(lam) shift2`` without cancellation (see :func:`_f_t`).

    For ``|shift| < 1e-3 (g + lam)`` the Taylor series to ``shift^4`` (with
    ``F' (shift - shift2)`` as one term): at weak fields the terms of order
    ``b^4`` are then not lost under the rounding of ``F``.
    """
    small = np.abs(shift) < 1e-3 * (g + lam)
    d1 = _f_t(1, lam, g, T, nu)
    taylor = (d1 * (shift - shift2) + _f_t(2, lam, g, T, nu) * shift ** 2 / 2.0
              + _f_t(3, lam, g, T, nu) * shift ** 3 / 6.0
              + _f_t(4, lam, g, T, nu) * shift ** 4 / 24.0)
    direct = _f_t(0, lam + shift, g, T, nu) - _f_t(0, lam, g, T, nu) - d1 * shift2
    return np.where(small, taylor, direct)


def _film_second_order(beta, g, T, nb, nu=0.5):
    """The ``beta^2`` term of the parallel-field result, summed over ``nb`` modes.

    ``beta^2 sqrt(pi) / Gamma(nu) Int_0^T dt t^(nu - 3/2) exp(-g t) J(t)``
    (film, ``nu = 1/2``: ``beta^2 Int dt exp(-g t) J(t) / t``) with
    ``J(t) = Int ds0 E[loop; Int_0^t (s - s_bar)^2]`` over Neumann loops: with
    ``E_n = (n pi)^2``, ``a_n = g + E_n``, the matrix ``s_nm`` and
    ``F_nu(a) = a^-nu P(nu, a T)``::

        J(t) = Sum_{n != m} s_nm^2 [t exp(-E_n t) - (exp(-E_m t) - exp(-E_n t)) / (E_n - E_m)]
        film:  Int_0^T exp(-a t) dt = (1 - exp(-a T)) / a
               Int_0^T (exp(-a_m t) - exp(-a_n t)) / t dt = ln(a_n / a_m) + E1(a_n T) - E1(a_m T)
        strip: sqrt(pi) Int_0^T t^(1/2) exp(-a t) dt = pi F_3/2(a) / 2
               sqrt(pi) Int_0^T t^(-1/2) (exp(-a_m t) - exp(-a_n t)) dt
                   = pi (F_1/2(a_m) - F_1/2(a_n))

    The truncation error falls as ``nb^-3`` (about 1e-9 relative at 400).
    """
    sigma, _ = _neumann_moments(nb)
    e = (np.arange(nb) * np.pi) ** 2
    a = g + e
    an, am = a[:, None], a[None, :]
    if nu == 1.0:
        first = 0.5 * np.pi * _f_t(0, an, 0.0, T, 1.5)
        logs = np.pi * (_f_t(0, am, 0.0, T, 0.5) - _f_t(0, an, 0.0, T, 0.5))
    elif np.isinf(T):
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
    kept = 12 + 3.0 * np.sqrt(q * beta + beta * beta) / np.pi + q / np.pi
    return int(min(kept, 2 * _FILM_MAX_MODES))   # beyond the cap: refused by the caller


@functools.lru_cache(maxsize=4096)
def _film_spectrum(q, beta, nb):
    """``lam0_n``, the exact shift ``lam_n - lam0_n`` and ``dlam2_n`` of the
    ``M`` modes kept at ``q`` (see :func:`_film_remainder`).

    They do not depend on ``tau_phi`` or ``t_cut``: cached (``3 M`` floats,
    about 1 kB at ``beta < 10``).  The Q panels are powers of two
    (:func:`_film_parallel_scaled`), so other ``g`` at the same ``beta``
    share most nodes and a grid of ``tau_phi`` costs about one
    diagonalisation per node.
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
    out = lam0[:m], shift, shift2
    for array in out:
        array.flags.writeable = False
    return out


def _film_remainder(q, beta, g, T, nb, nu=0.5):
    """``Sum_n [F(lam_n) - F(lam0_n) - F'(lam0_n) dlam2_n]`` at one ``q`` (film units).

    ``lam_n`` are the eigenvalues of ``H_q``, ``lam0_n = (n pi)^2 + q^2`` those
    at ``beta = 0`` and ``dlam2_n`` their second-order shift in ``beta``. Modes
    ``n < M`` come from a cosine basis of ``M + 24`` functions (the shift from
    the Rayleigh quotient of ``H_q - lam0_n`` with the eigenvector, accurate to
    second order in its error, and :func:`_f_t_increment`, so that weak fields
    keep their digits); modes
    ``n >= M`` from WKB to order ``beta^4``.
    """
    lam0, shift, shift2 = _film_spectrum(q, beta, nb)
    m = len(lam0)
    exact = np.sum(_f_t_increment(lam0, shift, shift2, g, T, nu))
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
    tail = (0.5 * _f_t(2, lt, g, T, nu) * (beta * beta * e2) ** 2
            + _f_t(1, lt, g, T, nu) * beta ** 4 * e4)
    # beyond: terms fall as n^-p, p = 4 + 2 nu
    last, p = m + _FILM_TAIL_MODES - 1, 4.0 + 2.0 * nu
    rest = tail[-1] * last ** p / ((p - 1.0) * (last + 0.5) ** (p - 1.0))
    return float(exact + np.sum(tail) + rest)


def _film_parallel_scaled(beta, g, T, nu=0.5):
    """Parallel-field film magnetoconductance (G0) in film units; see :func:`film_diffusive`.

    With ``nu = 1``: ``-Int dq Sum_n [F(lam_n) - F(lam0_n)]`` of the 2D strip
    (:func:`pathsim.theory.strip_diffusive`), the same operator ``H_q``.
    """
    if beta == 0.0:
        return 0.0
    q_s = np.sqrt(g + beta * beta / 12.0)
    # q_max also keeps a T = q_max^2 T >= 64, where F_T = F for the tail.
    q_max = max(6.0 * beta, 6.0 * np.sqrt(beta), 48.0, 8.0 * q_s, 8.0 / np.sqrt(T))
    q_max = 2.0 ** np.ceil(np.log2(q_max))
    nb = max(400, _film_modes_kept(q_max, beta) + _FILM_MARGIN)
    nb = 64 * -(-nb // 64)
    if nb > _FILM_MAX_MODES:
        raise ValueError(f"b * thickness^2 = {beta:.3g} (film units) needs {nb} film modes, "
                         f"more than {_FILM_MAX_MODES}: use a smaller field or thickness")
    total = _film_second_order(beta, g, T, nb, nu)
    # Q panels [0, q0], q0 the power of two in (q_s/16, q_s/8], then doubling up to
    # q_max: powers of two, so that other g reuse the spectra (_film_spectrum).
    edges = [0.0, 2.0 ** np.floor(np.log2(q_s / 8.0))]
    while edges[-1] < q_max:
        edges.append(edges[-1] * 2.0)
    x, wt = _FILM_GL
    integral = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        half = 0.5 * (hi - lo)
        for xi, wi in zip(x, wt):
            integral += half * wi * _film_remainder(lo + half * (1.0 + xi), beta, g, T, nb, nu)
    # Large-Q tail (semiclassical): R ~ c4/q^4 + c5/q^5 + c6/q^6 + c7/q^7, from the bulk
    # (Int ds Int_0^inf dk/pi F(k^2 + (q - beta s)^2) at order beta^4: film
    # -(1/pi) Int ln|1 - beta s/q| ds, strip Int ds / (2 |q - beta s|)) and the walls
    # (Euler-Maclaurin end term, (1/4) F((q -+ beta/2)^2) each); the last matched to
    # the remainder at q_max.
    r_max = _film_remainder(q_max, beta, g, T, nb, nu)
    if nu == 1.0:
        c = [0.0, beta ** 4 / 160.0, 5.0 * beta ** 4 / 32.0]
    else:
        c = [beta ** 4 / (320.0 * np.pi), beta ** 4 / 32.0]
    powers = np.arange(4, 5 + len(c))
    c.append((r_max - sum(ci / q_max ** k for ci, k in zip(c, powers))) * q_max ** powers[-1])
    integral += sum(ci / ((k - 1.0) * q_max ** (k - 1)) for ci, k in zip(c, powers))
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
    :ref:`theory-loops` (Chakravarty & Schmid, Phys. Rep. 140, 193
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
