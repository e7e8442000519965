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
orders it needs (on the radial grid of :mod:`.exact_spin_rd_grid`),
inverted densely per parity sector; above the cut the zero-field operators
at ``(q, psi)`` are integrated over the direction ``psi`` and over ``q``
(:mod:`.exact_spin_rd_q`: the radial integral is the resolvent of the
spin-orbit field), and beyond ``q^2 = Q^2`` the one-term continuum at the
combined angle ``sqrt(a^2 + d^2)`` (exact to second order in the
spin-orbit field, the cross terms average out over ``psi``).

Engine units: l = v = tau = 1, ``b = B / B_tr``, conductivities in G0.
"""
import functools

import numpy as np

from pathsim.theory.exact_spin_rd_grid import radial_grid
from pathsim.theory.exact_spin_rd_q import q_continuum, q_piece

__all__ = ["triplet_change", "landau_cut"]

#: Landau blocks summed before the continuum when both terms are present
#: (at least; more where the helix ring needs them, :func:`landau_cut`)
N_CUT_RD = 96
#: the most Landau blocks :func:`landau_cut` asks for
J_MAX = 512

_ROOT2 = np.sqrt(2.0)
_SX = np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]], dtype=complex) / _ROOT2
_SY = np.array([[0, -1j, 0], [1j, 0, -1j], [0, 1j, 0]]) / _ROOT2
#: R(r, phi) = 1 + sum_f f(r, phi) B_f: the B_f as rows of their 9 elements
_BASIS = np.stack((-1j * _SX, -1j * _SY, _SX @ _SX, _SY @ _SY,
                   _SX @ _SY + _SY @ _SX)).reshape(5, 9)
_PARITY = np.array([1, 1, 0, 0, 0])    # the harmonics each function carries
_EYE9 = np.eye(3).ravel()
_M = np.array([1, 0, -1])
_SIGMAS = (0, 1, -1)
_REACH = 30.0        # harmonics of R resolved for flights up to 30 / (1 + g)
_HARMONIC_TOL = 1e-11  # harmonics of R whose radial weight is below this are dropped


def _harmonics(a, d, r, damp, g):
    """Fourier harmonics ``F[f, x, h] = <exp(i h phi) f(r, phi)>_phi``,
    ``h = 0 .. top``, of the five real functions that make up
    ``R(r, phi) = 1 + sum_f f B_f`` (:data:`_BASIS`), and top: the largest
    harmonic whose radial weight ``sum damp |c[h]| / 9`` (``c[h]`` the
    harmonic of ``R``, element by element) exceeds ``_HARMONIC_TOL``.

    For spin 1, ``(n . S)^3 = n . S``, so
    ``R = exp(-i r Omega.S) = 1 - i s1 Omega.S + s2 (Omega.S)^2``,
    ``s1 = sin(r w) / w``, ``s2 = (cos(r w) - 1) / w^2 = -2 (sin(r w / 2) / w)^2``,
    ``w = |Omega| >= a - d > 0``; the functions are ``s1 Omega_x``, ``s1 Omega_y``,
    ``s2 Omega_x^2``, ``s2 Omega_y^2``, ``s2 Omega_x Omega_y``.  The first
    two carry the odd harmonics, the other three the even ones, and
    ``c[-h]`` is ``c[h]`` with the ``F`` conjugated (real functions).
    """
    reach = 2.0 * min(a, d) * _REACH / (1.0 + g)
    n_phi = int(2 ** np.ceil(np.log2(2.0 * reach + 64.0)))
    phi = 2.0 * np.pi * np.arange(n_phi) / n_phi
    ox = a * np.sin(phi) + d * np.cos(phi)
    oy = -a * np.cos(phi) - d * np.sin(phi)
    # |Omega| >= a - d > 0 (a == d never gets here), the same at phi + pi
    w = np.hypot(ox, oy)[:n_phi // 2]
    rw = r[:, None] * w[None, :]
    s1 = np.tile(np.sin(rw) / w, 2)
    s2 = np.tile(-2.0 * (np.sin(0.5 * rw) / w) ** 2, 2)   # (cos rw - 1) / w^2, no cancellation
    funcs = np.stack((s1 * ox, s1 * oy, s2 * (ox * ox), s2 * (oy * oy), s2 * (ox * oy)))
    F = np.conj(np.fft.rfft(funcs, axis=-1)) / n_phi        # harmonics h = 0 .. n_phi / 2
    # sum over the nine elements of |c[h]|, from the elements of the B_f
    F1, F2, F3, F4, F5 = F
    one = np.zeros(F.shape[-1])
    one[0] = 1.0
    half = 0.5 * (F3 + F4)
    skew = 0.5 * (F3 - F4)
    size = (_ROOT2 * (np.abs(F2 + 1j * F1) + np.abs(F2 - 1j * F1))
            + 2.0 * np.abs(one + half) + np.abs(one + F3 + F4)
            + np.abs(skew - 1j * F5) + np.abs(skew + 1j * F5))
    weight = damp @ size / 9.0
    h_all = np.arange(n_phi // 2 - 8)
    top = int(h_all[weight[h_all] > _HARMONIC_TOL].max()) + 1
    return F[:, :, :top + 1], top


def _states(j_top):
    """The triplet states (J, m), J = -1 .. j_top, N = J + m >= 0."""
    J = np.repeat(np.arange(-1, j_top + 1), 3)
    m = np.tile(_M, j_top + 2)
    keep = J + m >= 0
    return J[keep], m[keep]


def _radial(grid, F, top, n_max):
    """The radial transforms of the flight,
    ``P[k + k_max, n, s] = sign sum_x damp T_|k|^n c[sigma_s + k]`` (3 x 3
    each; ``k_max = top + 1``, sign ``(-1)^k`` for ``k < 0``), shape
    (2 k_max + 1, n_max + 1, 3, 3, 3), and ``Z[k, n] = sum_x damp T_k^n``,
    k = 0, 1 (the spinless flight).

    One real matrix product per order ``|k|``, with the columns of the
    harmonics ``|k| - 1, |k|, |k| + 1`` it needs: ``c[-h]`` is ``c[h]``
    with ``F`` conjugated, and ``T`` and ``damp`` are real.
    """
    k_max = top + 1
    nf = len(_BASIS)
    # per harmonic h: damp * (Re, Im) of the functions of h's parity
    funcs = [np.flatnonzero(_PARITY == h % 2) for h in range(top + 1)]
    cols = [np.concatenate((F[f, :, h].real, F[f, :, h].imag)).T * grid.damp[:, None]
            for h, f in enumerate(funcs)]
    P = np.zeros((2 * k_max + 1, n_max + 1, 3, 9), dtype=complex)
    Z = np.zeros((2, n_max + 1))          # the last level of Z[1] is never read
    for kk in range(k_max + 1):
        rows = n_max + 1 - kk                    # lo = min(N, N') <= n_max - |k|
        hs = sorted({abs(kk - 1), kk, kk + 1} & set(range(top + 1)))
        block = [grid.damp[:, None]] if kk <= 1 else []
        out = grid.transform(kk, rows, np.concatenate(block + [cols[h] for h in hs], axis=1))
        if kk <= 1:
            Z[kk, :rows], out = out[:, 0], out[:, 1:]
        Y = {}
        for h in hs:            # the complex transforms of the five functions
            f, width = funcs[h], funcs[h].size
            y = np.zeros((rows, nf), dtype=complex)
            y[:, f] = out[:, :width] + 1j * out[:, width:2 * width]
            Y[h], out = y, out[:, 2 * width:]
        for sign in (1, -1):
            k = sign * kk
            for s, sigma in enumerate(_SIGMAS):
                h = k + sigma
                if abs(h) > top:
                    continue
                y = Y[abs(h)] if h >= 0 else np.conj(Y[abs(h)])
                val = y @ _BASIS
                if h == 0:
                    val += Z[kk, :rows, None] * _EYE9
                P[k + k_max, :rows, s] = val * (-1.0) ** kk if k < 0 else val
    return P.reshape(2 * k_max + 1, n_max + 1, 3, 3, 3), Z


@functools.lru_cache(maxsize=8)
def _blocks(j_top, j_cut, k_max, n_levels):
    """Where the blocks of the dense K_sigma sit in the flattened transforms
    ``P`` (:func:`_radial`, with 27 zeros appended), per parity sector of J:
    (K0 on the sector, K_- and K_+ from the outer rows to the sector, K_+
    and K_- back), for sigma = 0; add 9 sigma for the others.

    Element ((N', m'), (N, m)) of K_sigma is ``P[N' - N, min(N, N'), s, m', m]``
    (zero beyond the orders kept).  Cached: the fields of a curve share it."""
    J, m = _states(j_top)
    N, mi = J + m, 1 - m           # mi: index of m in (1, 0, -1)

    def index(rows, cols):
        k = N[rows, None] - N[None, cols]
        flat = ((np.clip(k, -k_max, k_max) + k_max) * n_levels
                + np.minimum(N[rows, None], N[None, cols])) * 27 \
            + mi[rows, None] * 3 + mi[None, cols]
        flat[np.abs(k) > k_max] = (2 * k_max + 1) * n_levels * 27
        return flat

    out = []
    for parity in (0, 1):
        S = np.flatnonzero(J % 2 == parity)
        O = np.flatnonzero(J % 2 != parity)
        down, up = O[J[O] <= j_cut], O[J[O] < j_cut]
        out.append((index(S, S), J[S] < j_cut, index(down, S), index(S, down).T,
                    index(up, S), index(S, up).T))
    return out


def _traces(P, J, m, j_cut):
    """Triplet (sigma_a / b, sigma_b / b) of the states J < j_cut (the
    convention of :mod:`.exact_spin`).  K0 keeps the parity of J, K_+- flip
    it: ``1 - K0`` is inverted in each parity sector and only the blocks
    between the sectors of K_+- are built (the others vanish); K_+ first
    takes J to J - 1 (+ even) and back (``down``), K_- the other way."""
    flat = np.concatenate((P.reshape(-1), np.zeros(27)))
    sigma_a = down = up = 0.0
    for K0, outer, down_out, down_back, up_out, up_back in _blocks(
            int(J.max()), j_cut, P.shape[0] // 2, P.shape[1]):
        K0 = flat[K0]
        G = np.linalg.inv(np.eye(K0.shape[0]) - K0) - np.eye(K0.shape[0])
        # K0^2 G = K0^3 (1 - K0)^-1 = G - K0 - K0^2: the diagonal needs no product
        back = np.diag(G) - np.diag(K0) - np.sum(K0 * K0.T, axis=1)
        sigma_a -= back[outer].sum().real
        down += np.sum((flat[down_out + 18] @ G) * flat[down_back + 9])
        up += np.sum((flat[up_out + 9] @ G) * flat[up_back + 18])
    return sigma_a, -0.5 * (down + up).real


def _plain_traces(Z, J, m, j_cut):
    """The same without spin-orbit (``c[h] = delta_h0``): K0 is diagonal,
    ``Z[0, N]``, and K_+- move one level in J at the same m (``-Z[1, N - 1]``
    down, ``Z[1, N]`` up), so the traces are sums over single states."""
    N = J + m
    p = Z[0, N]
    back = p ** 3 / (1.0 - p)
    g = p / (1.0 - p)                    # G on the state (J, m), a function of N
    gN = np.zeros(Z.shape[1] + 1)
    gN[N] = g
    has_below = (N >= 1) & (J >= 0)
    down = np.where(has_below, -Z[1, np.maximum(N - 1, 0)] ** 2 * gN[np.maximum(N - 1, 0)], 0.0)
    up = -Z[1, N] ** 2 * gN[N + 1]
    sigma_a = -back[J < j_cut].sum()
    sigma_b = -0.5 * (down[J <= j_cut].sum() + up[J < j_cut].sum())
    return sigma_a, sigma_b


def _landau(b, g, a, d, j_cut, extra=4):
    """Triplet (sigma_a, sigma_b) of the Landau states with J < j_cut, with
    (a, d) and with no spin-orbit on the same grid and truncation:
    J <= j_cut + H + 4, H the harmonics kept (the reach of the coupling)."""
    n_grid = j_cut + 64
    while True:
        grid = radial_grid(b, g, a + d, n_grid)
        F, top = _harmonics(a, d, grid.a_b * grid.x, grid.damp, g)
        j_top = j_cut + top + extra
        if j_top + 1 <= n_grid:
            break
        n_grid = j_top + 1
    J, m = _states(j_top)
    P, Z = _radial(grid, F, top, j_top + 1)
    spin = _traces(P, J, m, j_cut)
    none = _plain_traces(Z, J, m, j_cut)
    return b * np.array(spin), b * np.array(none)


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
        da, db = q_continuum(0.0, g, a, d)
        return 0.5 * da, 0.5 * db
    j_cut = landau_cut(b, a, d, j_cut)
    (sa, sb), (sa0, sb0) = _landau(b, g, a, d, j_cut)
    ta, tb = q_continuum(2.0 * b * j_cut, g, a, d)
    # sigma_b's continuum starts half a level on: take off that sliver
    tb -= q_piece(np.log(2.0 * b * j_cut), np.log(2.0 * b * (j_cut + 0.5)), g, a, d, 4)[1]
    return 0.5 * (sa - sa0 + ta), 0.5 * (sb - sb0 + tb)
