"""Exact 2D weak antilocalization with Rashba and linear Dresselhaus
together, beyond the diffusion approximation (:ref:`theory-ballistic-wal-rd`).

The walk of :mod:`.exact_spin`, with the precession vector of
:mod:`pathsim._kernels.spin`,
``Omega = a (c_y, -c_x) + d (c_x, -c_y)`` (angles per l).  Its length
depends on the direction, so the flight's spin-1 rotation ``R(r, phi)``
has all even harmonic shifts in ``phi``: the triplet operator no longer
conserves ``N - m`` and couples the Landau blocks ``J`` to ``J +- 2, +- 4,
...``.  The Landau part is the truncated, banded ``(J, m)`` matrix built
from the Fourier harmonics of ``R`` and the displacement tables of all
orders it needs, inverted densely; above the cut the zero-field operators
at ``(q, psi)`` are integrated over the direction ``psi`` and over ``q``
(the radial integral is the resolvent of the spin-orbit field), and
beyond ``q^2 = Q^2`` the one-term continuum at the combined angle ``sqrt(a^2 + d^2)`` (exact to second order in the spin-orbit field,
the cross terms average out over ``psi``).

Engine units: l = v = tau = 1, ``b = B / B_tr``, conductivities in G0.
"""
import functools

import numpy as np
from numpy.polynomial.legendre import leggauss
from scipy.special import gammaln

from pathsim.theory.exact_2d import _nodes
from pathsim.theory.exact_spin_q import GL_ORDER, q_change, q_integrand

__all__ = ["triplet_change", "landau_cut"]

#: Landau blocks summed before the continuum when both terms are present
#: (at least; more where the helix ring needs them, :func:`landau_cut`)
N_CUT_RD = 96
#: the most Landau blocks :func:`landau_cut` asks for
J_MAX = 512

_ROOT2 = np.sqrt(2.0)
_SX = np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]], dtype=complex) / _ROOT2
_SY = np.array([[0, -1j, 0], [1j, 0, -1j], [0, 1j, 0]]) / _ROOT2
_M = np.array([1, 0, -1])
_SIGMAS = (0, 1, -1)
_MAX_PHASE = 8.0     # largest spin phase across a 16-node panel (as exact_spin)
_NEGLIGIBLE = 40.0   # exp(-40): flights longer than 40 / (1 + g) carry nothing
_REACH = 30.0        # harmonics of R resolved for flights up to 30 / (1 + g)
_HARMONIC_TOL = 1e-11
_K_CHUNK = 32        # displacement orders tabulated at a time  # harmonics of R whose radial weight is below this are dropped
_LN_Q2_TAIL = 7.0    # the 2D continuum runs to q^2 = e^7 (1 + g + a + d)^2
_PSI_NODES = 16       # directions of q to start with (doubled until converged)
_PSI_TOL = 1e-10      # G0 per panel of the q integral


def _field(a, d, phi):
    """``Omega(phi) . S`` (shape ``phi.shape + (3, 3)``) and ``|Omega(phi)|``."""
    ox = a * np.sin(phi) + d * np.cos(phi)
    oy = -a * np.cos(phi) - d * np.sin(phi)
    gen = ox[..., None, None] * _SX + oy[..., None, None] * _SY
    return gen, np.hypot(ox, oy)


def _rotations(a, d, r, phi):
    """``R = exp(-i r Omega . S)``, shape (r.size, phi.size, 3, 3).

    For spin 1, ``(n . S)^3 = n . S``, so
    ``R = 1 - i (sin w / |Omega|) Omega.S + ((cos w - 1) / |Omega|^2) (Omega.S)^2``
    with ``w = r |Omega|``, written with sinc so that it stays entire in
    ``Omega`` (no trouble where ``|Omega|`` is small).
    """
    gen, w = _field(a, d, phi)
    rw = r[:, None] * w[None, :]
    s1 = r[:, None] * np.sinc(rw / np.pi)
    s2 = -0.5 * (r[:, None] * np.sinc(rw / (2.0 * np.pi))) ** 2
    return (np.eye(3) - 1j * s1[..., None, None] * gen
            + s2[..., None, None] * (gen @ gen))


def _harmonics(a, d, r, damp, g):
    """Fourier harmonics ``c[h] = <exp(i h phi) R(r, phi)>_phi`` for
    ``|h| <= H``, shape (2H + 1, r.size, 3, 3), and H: the largest harmonic
    whose radial weight ``sum damp |c[h]|`` exceeds ``_HARMONIC_TOL``."""
    reach = 2.0 * min(a, d) * _REACH / (1.0 + g)
    n_phi = int(2 ** np.ceil(np.log2(2.0 * reach + 64.0)))
    phi = 2.0 * np.pi * np.arange(n_phi) / n_phi
    coef = np.fft.ifft(_rotations(a, d, r, phi), axis=1)      # index h mod n_phi
    weight = np.einsum("x,xhab->h", damp, np.abs(coef)) / 9.0
    h_all = np.arange(n_phi // 2 - 8)
    big = h_all[(weight[h_all] > _HARMONIC_TOL) | (weight[-h_all] > _HARMONIC_TOL)]
    top = int(big.max()) + 1
    h = np.arange(-top, top + 1)
    return np.moveaxis(coef[:, h % n_phi], 1, 0), top


def _shift_tables(x, n_max, k):
    """``T[k, n](x) = sqrt(n! / (n + k)!) x^k exp(-x^2/2) L_n^k(x^2)`` for the
    orders ``k`` (array), shape (k.size, n_max + 1, x.size), by the upward
    three-term recurrence in ``n`` (rescaled, the logarithm carried, as
    :func:`exact_2d`'s)."""
    y = x * x
    k = np.asarray(k)[:, None]
    logscale = k * np.log(x)[None, :] - y / 2.0 - 0.5 * gammaln(k + 1.0)
    out = np.empty((k.size, n_max + 1, x.size))
    prev, cur = np.zeros_like(logscale), np.ones_like(logscale)
    for n in range(n_max + 1):
        out[:, n] = cur * np.exp(logscale)
        prev, cur = cur, (((2 * n + 1) + k - y) * cur
                          - np.sqrt(n * (n + k)) * prev) / np.sqrt((n + 1.0) * (n + 1 + k))
        big = np.abs(cur) > 1e100
        scale = np.where(big, np.abs(cur), 1.0)
        prev, cur, logscale = prev / scale, cur / scale, logscale + np.log(scale)
    return out


def _grid(b, g, omega_max, n_max):
    """Nodes ``x = r / a_B``, weights ``a_B w exp(-a_B (1+g) x)`` (the rule of
    :mod:`.exact_spin`: finer panels where the spin phase turns fast)."""
    a_b = np.sqrt(2.0 / b)
    kappa = a_b * (1.0 + g)
    x, w, width = _nodes(n_max)
    alive = kappa * (x - width) < _NEGLIGIBLE
    if omega_max * a_b * np.max(width[alive], initial=0.0) > _MAX_PHASE:
        w_max = min(_MAX_PHASE / (omega_max * a_b), 2.0 * np.pi / np.sqrt(n_max + 1.0))
        w_max = 2.0 ** np.floor(np.log2(w_max))
        x_stop = 2.0 ** np.ceil(np.log2(_NEGLIGIBLE / kappa))
        x, w, width = _nodes(n_max, w_max, x_stop)
        alive = kappa * (x - width) < _NEGLIGIBLE
    x, w = x[alive], w[alive]
    # the geometric panels near 0 resolve exp(-kappa x) for a large kappa;
    # below 1e-3 / kappa every factor is a low polynomial: one panel will do
    x0 = 1e-9 * 2.0 ** np.ceil(np.log2(1e-3 / max(kappa, 1.0) / 1e-9))
    if x0 < x.max():
        t, wt = leggauss(GL_ORDER)
        keep = x > x0
        x = np.concatenate((0.5 * x0 * (t + 1.0), x[keep]))
        w = np.concatenate((0.5 * x0 * wt, w[keep]))
    return x, a_b * w * np.exp(-kappa * x), a_b


def _states(j_top):
    """The triplet states (J, m), J = -1 .. j_top, N = J + m >= 0."""
    J = np.repeat(np.arange(-1, j_top + 1), 3)
    m = np.tile(_M, j_top + 2)
    keep = J + m >= 0
    return J[keep], m[keep]


def _operators(x, damp, coef, top, J, m):
    """Dense K_sigma (sigma = 0, +1, -1) on the states (J, m):
    element ((J', m'), (J, m)) = sign * sum_x damp T_|k|^min(N, N') c[sigma + k]_(m' m),
    k = N' - N, sign (-1)^k for k < 0 (the displacement's lower triangle)."""
    N = J + m
    k_max = top + 1
    weighted = damp[None, :, None, None] * coef                 # (2 top + 1, x, 3, 3)
    # P[k + k_max, n, s, m', m]: the radial transforms for each signed k
    P = np.zeros((2 * k_max + 1, N.max() + 1, 3, 3, 3), dtype=complex)
    for kk in range(k_max + 1):
        if kk % _K_CHUNK == 0:       # the tables of a few orders at a time
            orders = np.arange(kk, min(kk + _K_CHUNK, k_max + 1))
            table = _shift_tables(x, N.max(), orders)
        ks = np.array([kk, -kk])[:, None]
        h = ks + np.array(_SIGMAS)[None, :]                        # (2, 3)
        cols = np.where((np.abs(h) <= top)[:, :, None, None, None],
                        weighted[np.clip(h, -top, top) + top], 0.0)  # (2, 3, x, 3, 3)
        cols = np.moveaxis(cols, 2, 0).reshape(damp.size, -1)
        vals = (table[kk % _K_CHUNK] @ cols).reshape(-1, 2, 3, 3, 3)
        P[kk + k_max] = vals[:, 0]
        P[k_max - kk] = vals[:, 1] * (-1.0) ** kk
    k = N[:, None] - N[None, :]
    lo = np.minimum(N[:, None], N[None, :])
    mi = 1 - m              # index of m in (1, 0, -1)
    kc = np.clip(k, -k_max, k_max) + k_max
    ok = np.abs(k) <= k_max
    return [P[kc, lo, s, mi[:, None], mi[None, :]] * ok for s in range(3)]


def _traces(K0, Kp, Km, J, j_cut, diagonal):
    """Triplet (sigma_a / b, sigma_b / b) of the states J < j_cut (the
    convention of :mod:`.exact_spin`).  K0 keeps the parity of J (two
    sectors, inverted apart; ``diagonal``: K0 is diagonal), K_+- flip it."""
    n = J.size
    G = np.zeros((n, n), dtype=complex)
    if diagonal:
        p = np.diag(K0)
        G[np.arange(n), np.arange(n)] = p / (1.0 - p)
    else:
        for sector in (J % 2 == 0, J % 2 == 1):
            idx = np.flatnonzero(sector)
            block = K0[np.ix_(idx, idx)]
            G[np.ix_(idx, idx)] = np.linalg.inv(np.eye(idx.size) - block) - np.eye(idx.size)
    # K0^2 G = K0^3 (1 - K0)^-1 = G - K0 - K0^2: the diagonal needs no product
    back = np.diag(G) - np.diag(K0) - np.sum(K0 * K0.T, axis=1)
    down = np.sum((Km @ G) * Kp.T, axis=1)     # K_+ first: J -> J - 1 (+ even)
    up = np.sum((Kp @ G) * Km.T, axis=1)
    sigma_a = -back[J < j_cut].sum().real
    sigma_b = -0.5 * (down[J <= j_cut].sum() + up[J < j_cut].sum()).real
    return sigma_a, sigma_b


def _landau(b, g, a, d, j_cut, extra=4):
    """Triplet (sigma_a, sigma_b) of the Landau states with J < j_cut, with
    (a, d) and with no spin-orbit on the same grid and truncation:
    J <= j_cut + H + 4, H the harmonics kept (the reach of the coupling)."""
    n_grid = j_cut + 64
    while True:
        x, damp, a_b = _grid(b, g, a + d, n_grid)
        coef, top = _harmonics(a, d, a_b * x, damp, g)
        j_top = j_cut + top + extra
        if j_top + 1 <= n_grid:
            break
        n_grid = j_top + 1
    J, m = _states(j_top)
    plain = np.zeros((3, x.size, 3, 3), dtype=complex)
    plain[1] = np.eye(3)
    spin = _traces(*_operators(x, damp, coef, top, J, m), J, j_cut, False)
    none = _traces(*_operators(x, damp, plain, 1, J, m), J, j_cut, True)
    return b * np.array(spin), b * np.array(none)


def _q_kernels(q, g, a, d, psi, n_phi):
    """Zero-field K_sigma at wave vectors q e^(i psi): shape (3, q.size, psi.size, 3, 3).

    The radial integral of ``exp(-(1+g) r - i q.r) R(r, phi)`` is the
    resolvent ``(z + i Omega.S)^-1``, ``z = 1 + g + i q cos(phi - psi)``;
    with ``M = Omega.S``, ``M^3 = |Omega|^2 M``, it is
    ``1/z - i M / (z^2 + |Omega|^2) - M^2 / (z (z^2 + |Omega|^2))``, smooth
    in ``phi`` however small ``|Omega|`` gets; ``phi`` by the trapezoid rule.
    """
    phi = 2.0 * np.pi * np.arange(n_phi) / n_phi
    gen, w = _field(a, d, phi)
    mats = np.stack((np.broadcast_to(np.eye(3), gen.shape), -1j * gen, -(gen @ gen)), axis=1)
    harm = np.exp(1j * np.outer(_SIGMAS, phi))                      # (3, n_phi)
    right = np.einsum("tj,jsab->jstab", harm, mats).reshape(3 * n_phi, 27) / n_phi
    z = 1.0 + g + 1j * q[:, None, None] * np.cos(phi[None, None, :] - psi[None, :, None])
    inv = 1.0 / (z * z + w * w)
    coef = np.stack((1.0 / z, inv, inv / z), axis=-1)
    K = coef.reshape(q.size * psi.size, -1) @ right
    return np.moveaxis(K.reshape(q.size, psi.size, 3, 3, 3), 2, 0)


def _q_traces(u, g, a, d, n_psi):
    """psi-averaged triplet (f_a, f_b) minus three spinless ones, at q^2 = u."""
    psi = 2.0 * np.pi * (np.arange(n_psi) + 0.5) / n_psi
    q = np.sqrt(u)
    n_phi = int(2 ** np.ceil(np.log2(64.0 + 24.0 * (q.max() + a + d) / (1.0 + g))))
    K0, Kp, Km = _q_kernels(q, g, a, d, psi, n_phi)
    G = K0 @ np.linalg.inv(np.eye(3) - K0)
    f_a = np.einsum("upab,upbc,upca->up", K0, K0, G).real.mean(axis=1)
    f_b = 0.5 * (np.einsum("upab,upbc,upca->up", Km, G, Kp)
                 + np.einsum("upab,upbc,upca->up", Kp, G, Km)).real.mean(axis=1)
    spinless = q_integrand(u, g, 0.0)
    return f_a - spinless[2], f_b - spinless[3]


def _q_piece(lo, hi, g, a, d, order=GL_ORDER):
    """-(1/2) int_{e^lo}^{e^hi} du (f - f_spinless): the change of (sigma_a, sigma_b)."""
    t, wt = leggauss(order)
    s = 0.5 * (hi - lo) * t + 0.5 * (hi + lo)
    u = np.exp(s)
    weights = 0.5 * (hi - lo) * wt * u
    # near the helix (a ~ d) the small-q integrand peaks sharply in psi, at
    # q ~ a + d along (1, 1): double the psi nodes until the panel settles
    n_psi, last = _PSI_NODES, None
    while True:
        da, db = _q_traces(u, g, a, d, n_psi)
        now = np.array([-0.5 * np.sum(weights * da), -0.5 * np.sum(weights * db)])
        if last is not None and (np.abs(now - last).max() < _PSI_TOL or n_psi >= 8192):
            return now
        n_psi, last = 2 * n_psi, now


@functools.lru_cache(maxsize=4096)
def _q_panel(k, g, a, d):
    """:func:`_q_piece` over the panel ln u in [k, k + 1] (cached)."""
    return _q_piece(float(k), k + 1.0, g, a, d)


def _q_continuum(u_lo, g, a, d):
    """Change of the triplet (sigma_a, sigma_b) from the continuum q^2 > u_lo
    (u_lo = 0: all q, constant below q^2 = 1e-12 of the smallest scale)."""
    top = _LN_Q2_TAIL + 2.0 * np.log(1.0 + g + a + d)
    cut = 0.0
    if u_lo <= 0.0:
        small = min([g * g + g, 1.0] + [s * s for s in (a - d, a, d) if s != 0.0])
        u_lo = cut = 1e-12 * small
    total = np.zeros(2)
    lo = np.log(u_lo)
    edge = np.ceil(lo)
    if lo < top <= edge:       # below the tail, less than a panel is left
        total += _q_piece(lo, top, g, a, d)
        lo = top
    elif lo < top:
        if edge > lo:
            total += _q_piece(lo, edge, g, a, d)
        for k in range(int(edge), int(np.ceil(top))):
            total += _q_panel(k, g, a, d)
        lo = np.ceil(top)
    total += q_change(np.exp(lo), g, np.hypot(a, d))
    if cut > 0.0:            # the constant integrand below q^2 = cut
        total -= 0.5 * cut * np.array(_q_traces(np.array([cut]), g, a, d, _PSI_NODES))[:, 0]
    return total


def landau_cut(b, a, d, j_cut):
    """Landau blocks summed at field ``b`` with both terms: at least
    ``j_cut``, and up to ``J_MAX`` (512) to reach ``q^2 = 5 (a + d)^2``.

    Near ``q = a + d`` the triplet has its helix modes (the pure-gauge
    shift of equal Rashba and Dresselhaus), a ring in ``q`` as narrow as
    the dephasing and helix-breaking rates allow; where the field
    quantizes it, the continuum cannot stand in for the Landau levels, so
    the cut goes beyond it (:ref:`theory-ballistic-wal-rd`).

    Parameters
    ----------
    b : float
        Field ``B / B_tr``, > 0.
    a, d : float
        Rashba and linear Dresselhaus angles per mean free path.
    j_cut : int
        The least number of blocks.

    Returns
    -------
    int
        The number of Landau blocks ``J`` summed before the continuum.
    """
    ring = 5.0 * (a + d) ** 2
    return int(max(j_cut, min(J_MAX, np.ceil(ring / (2.0 * b)))))


@functools.lru_cache(maxsize=1024)    # the three terms of one field share it
def triplet_change(b, g, a, d, j_cut):
    """Half the change of the triplet loop sums by Rashba and linear
    Dresselhaus together: what :func:`pathsim.theory.ballistic_wal` adds to
    the spinless exact theory (:ref:`theory-ballistic-wal-rd`).

    The Landau blocks below :func:`landau_cut` are summed exactly, the
    zero-field continuum from ``q^2 = 2 b j`` on (``2 b (j + 1/2)`` for the
    non-backscattering term, as for one term); ``b = 0`` is the continuum
    alone; ``a == d`` gives zero (the persistent spin helix).  Cached.

    Parameters
    ----------
    b : float
        Field ``B / B_tr``, >= 0.
    g : float
        Dephasing rate ``tau / tau_phi`` (1/tau), > 0 at ``b = 0``.
    a, d : float
        Rashba and linear Dresselhaus angles per mean free path, >= 0.
    j_cut : int
        The least number of Landau blocks summed.

    Returns
    -------
    tuple of float
        The changes of the backscattering and the non-backscattering terms
        (G0).
    """
    if a == d:
        return 0.0, 0.0
    if d > a:
        # the mirror x <-> y turns Rashba into Dresselhaus and flips every
        # loop's area (delta_sigma is even in b): the larger term is Rashba
        # here, so that d -> 0 meets the one-term blocks exactly
        return triplet_change(b, g, d, a, j_cut)
    if b == 0.0:
        da, db = _q_continuum(0.0, g, a, d)
        return 0.5 * da, 0.5 * db
    j_cut = landau_cut(b, a, d, j_cut)
    (sa, sb), (sa0, sb0) = _landau(b, g, a, d, j_cut)
    ta, tb = _q_continuum(2.0 * b * j_cut, g, a, d)
    # sigma_b's continuum starts half a level on: take off that sliver
    tb -= _q_piece(np.log(2.0 * b * j_cut), np.log(2.0 * b * (j_cut + 0.5)), g, a, d, 4)[1]
    return 0.5 * (sa - sa0 + ta), 0.5 * (sb - sb0 + tb)
