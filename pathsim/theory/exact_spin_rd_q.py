"""The zero-field continuum of the ballistic theory with Rashba and linear
Dresselhaus together (private; :ref:`theory-ballistic-wal-rd`): the triplet
flight operators at wave vector ``q e^(i psi)``, their loop sums averaged
over the direction ``psi`` and integrated over ``q^2`` in panels of
``ln q^2``.  Used by :mod:`.exact_spin_rd` above its Landau cut.

Engine units: l = v = tau = 1, ``g = 1 / tau_phi``, conductivities in G0.
"""
import collections

import numpy as np

from pathsim.theory.exact_spin_q import GL_ORDER, gauss_legendre, q_change

_ROOT2 = np.sqrt(2.0)
_SX = np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]], dtype=complex) / _ROOT2
_SY = np.array([[0, -1j, 0], [1j, 0, -1j], [0, 1j, 0]]) / _ROOT2
#: the resolvent's matrices, (z + i M)^-1 = a0 + a1 (-i S_x) + a2 (-i S_y)
#: - a3 S_x^2 - a4 S_y^2 - a5 {S_x, S_y}, as rows of their 9 elements
_BASIS = np.stack((np.eye(3), -1j * _SX, -1j * _SY, -_SX @ _SX, -_SY @ _SY,
                   -(_SX @ _SY + _SY @ _SX))).reshape(6, 9)
_SIGMAS = (0, 1, -1)
_LN_Q2_TAIL = 7.0    # the 2D continuum runs to q^2 = e^7 (1 + g + a + d)^2
_PSI_NODES = 16      # directions of q to start with (doubled until converged)
_PSI_TOL = 1e-10     # G0 per panel of the q integral


def _q_kernels(q, g, a, d, psi, n_phi):
    """Zero-field K_sigma at wave vectors q e^(i psi): shape (3, q.size, psi.size, 3, 3).

    The radial integral of ``exp(-(1+g) r - i q.r) R(r, phi)`` is the
    resolvent ``(z + i Omega.S)^-1``, ``z = 1 + g + i q cos(phi - psi)``;
    with ``M = Omega.S``, ``M^3 = |Omega|^2 M``, it is
    ``1/z - i M / (z^2 + |Omega|^2) - M^2 / (z (z^2 + |Omega|^2))``, smooth
    in ``phi`` however small ``|Omega|`` gets; ``phi`` by the trapezoid
    rule, one matrix product per scalar factor (the six of :data:`_BASIS`).
    """
    # phi -> phi + pi turns z into its conjugate and Omega into -Omega: each
    # sum over the circle is twice that over the half circle of the real or
    # the imaginary part of the resolvent factor, by the parity eps = +-1 of
    # its weight (harmonic sigma times an odd or even power of Omega)
    half = n_phi // 2
    phi = 2.0 * np.pi * np.arange(half) / n_phi
    ox = a * np.sin(phi) + d * np.cos(phi)
    oy = -a * np.cos(phi) - d * np.sin(phi)
    harm = np.exp(1j * np.outer(phi, _SIGMAS)) * (2.0 / n_phi)     # (half, 3)
    z = 1.0 + g + 1j * (q[:, None, None] * np.cos(phi[None, :] - psi[:, None])).reshape(-1, half)
    inv_z = 1.0 / z
    inv = 1.0 / (z * z + (ox * ox + oy * oy))
    parity = np.array([0, 1, 1])                                   # sigma mod 2
    parts = []
    for factor, funcs, odd in ((inv_z, np.ones((1, half)), 0),
                               (inv, np.stack((ox, oy)), 1),
                               (inv * inv_z, np.stack((ox * ox, oy * oy, ox * oy)), 0)):
        weight = funcs[:, :, None] * harm[None, :, :]              # (f, half, sigma)
        even = (parity + odd) % 2 == 0                             # eps = +1
        out = np.empty((z.shape[0], funcs.shape[0], 3), dtype=complex)
        for part, cols, scale in ((factor.real, even, 1.0), (factor.imag, ~even, 1j)):
            w = weight[:, :, cols]
            w = np.moveaxis(w, 1, 0).reshape(half, -1)
            prod = part @ np.concatenate((w.real, w.imag), axis=1)
            n = w.shape[1]
            out[:, :, cols] = (scale * (prod[:, :n] + 1j * prod[:, n:])).reshape(
                z.shape[0], funcs.shape[0], -1)
        parts.append(out)
    scal = np.concatenate(parts, axis=1)                           # (rows, 6, 3)
    K = np.einsum("rfs,fe->sre", scal, _BASIS)
    return K.reshape(3, q.size, psi.size, 3, 3)


def _n_phi(q_max, g, a, d):
    """Trapezoid nodes in phi for wave vectors up to q_max (a power of 2)."""
    return int(2 ** np.ceil(np.log2(64.0 + 24.0 * (q_max + a + d) / (1.0 + g))))


def _q_traces(u, g, a, d, n_psi, n_phi=None):
    """psi-averaged triplet (f_a, f_b) minus three spinless ones, at q^2 = u
    (``n_phi`` nodes in phi, by default :func:`_n_phi` of the largest q).

    The traces have the symmetry of the two terms (C2v): even under
    ``psi -> psi + pi`` and under the mirrors ``psi -> pi/2 - psi`` about
    the axes (1, 1) and (1, -1).  The ``n_psi`` midpoint nodes (n_psi a
    multiple of 8) fall into orbits of four, one of each in
    ``(pi/4, 3 pi/4)``: those give the mean."""
    psi = 2.0 * np.pi * (np.arange(n_psi // 8, 3 * n_psi // 8) + 0.5) / n_psi
    q = np.sqrt(u)
    K0, Kp, Km = _q_kernels(q, g, a, d, psi, n_phi or _n_phi(q.max(), g, a, d))
    G = K0 @ np.linalg.inv(np.eye(3) - K0)
    f_a = np.einsum("upab,upbc,upca->up", K0, K0, G).real.mean(axis=1)
    f_b = 0.5 * (np.einsum("upab,upbc,upca->up", Km, G, Kp)
                 + np.einsum("upab,upbc,upca->up", Kp, G, Km)).real.mean(axis=1)
    p = 1.0 / np.sqrt((1.0 + g) ** 2 + u)      # three spinless ones (q_integrand's)
    qq = (1.0 - (1.0 + g) * p) / np.sqrt(u)
    return f_a - 3.0 * p ** 3 / (1.0 - p), f_b + 3.0 * qq * qq * p / (1.0 - p)


def q_pieces(bounds, g, a, d, order=GL_ORDER):
    """-(1/2) int_{e^lo}^{e^hi} du (f - f_spinless) for each (lo, hi) of
    ``bounds``: the changes of (sigma_a, sigma_b), shape (len(bounds), 2).

    Each piece has ``order`` Gauss-Legendre nodes in ln u and its own phi
    rule; near the helix (a ~ d) the small-q integrand peaks sharply in
    psi, at q ~ a + d along (1, 1), so the psi nodes of each piece are
    doubled from 16 until it changes by less than ``_PSI_TOL``.  Pieces
    with the same phi rule are evaluated together (one array each)."""
    t, wt = gauss_legendre(order)
    lo, hi = np.array(bounds, dtype=float).reshape(-1, 2).T
    u = np.exp(0.5 * (hi - lo)[:, None] * t + 0.5 * (hi + lo)[:, None])
    weights = 0.5 * (hi - lo)[:, None] * wt * u
    n_phi = np.array([_n_phi(np.sqrt(row.max()), g, a, d) for row in u])
    out = np.empty((lo.size, 2))
    for rule in np.unique(n_phi):
        active, n_psi, last = np.flatnonzero(n_phi == rule), _PSI_NODES, None
        while active.size:
            da, db = _q_traces(u[active].ravel(), g, a, d, n_psi, int(rule))
            w = weights[active]
            now = -0.5 * np.stack((np.sum(w * da.reshape(w.shape), axis=1),
                                   np.sum(w * db.reshape(w.shape), axis=1)), axis=1)
            if last is not None:
                done = (np.abs(now - last).max(axis=1) < _PSI_TOL) | (n_psi >= 8192)
                out[active[done]] = now[done]
                active, now = active[~done], now[~done]
            n_psi, last = 2 * n_psi, now
    return out


def q_piece(lo, hi, g, a, d, order=GL_ORDER):
    """:func:`q_pieces` of the one piece ``[lo, hi]`` (in ln u)."""
    return q_pieces([(lo, hi)], g, a, d, order)[0]


#: panels ln u in [k, k + 1] of the continuum, by (k, g, a, d)
_PANELS = collections.OrderedDict()
_PANELS_HELD = 4096


def q_continuum(u_lo, g, a, d):
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
        total += q_piece(lo, top, g, a, d)
        lo = top
    elif lo < top:
        # the piece up to the first panel edge, and the panels not yet held,
        # evaluated together; the panels kept for the next field (cached)
        panels = [(k, g, a, d) for k in range(int(edge), int(np.ceil(top)))]
        new = [key for key in panels if key not in _PANELS]
        head = int(edge > lo)
        bounds = [(lo, edge)] * head + [(k, k + 1.0) for k, *_ in new]
        if bounds:
            values = q_pieces(bounds, g, a, d)
            total += values[0] if head else 0.0
            for key, value in zip(new, values[head:]):
                _PANELS[key] = value
        for key in panels:
            total += _PANELS[key]
            _PANELS.move_to_end(key)
        while len(_PANELS) > _PANELS_HELD:
            _PANELS.popitem(last=False)
        lo = np.ceil(top)
    total += q_change(np.exp(lo), g, np.hypot(a, d))
    if cut > 0.0:            # the constant integrand below q^2 = cut
        total -= 0.5 * cut * np.array(_q_traces(np.array([cut]), g, a, d, _PSI_NODES))[:, 0]
    return total
