"""The zero-field continuum of the ballistic theory with Rashba and linear
Dresselhaus together (private; :ref:`theory-ballistic-wal-rd`): the triplet
flight operators at wave vector ``q e^(i psi)``, their loop sums averaged
over the direction ``psi`` and integrated over ``q^2`` in panels of
``ln q^2``.  Used by :mod:`.exact_spin_rd` above its Landau cut.

Engine units: l = v = tau = 1, ``g = 1 / tau_phi``, conductivities in G0.
"""
import functools

import numpy as np
from numpy.polynomial.legendre import leggauss

from pathsim.theory.exact_spin_q import GL_ORDER, q_change, q_integrand

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
    phi = 2.0 * np.pi * np.arange(n_phi) / n_phi
    ox = a * np.sin(phi) + d * np.cos(phi)
    oy = -a * np.cos(phi) - d * np.sin(phi)
    harm = np.exp(1j * np.outer(phi, _SIGMAS)) / n_phi             # (n_phi, 3)
    z = 1.0 + g + 1j * (q[:, None, None] * np.cos(phi[None, :] - psi[:, None])).reshape(-1, n_phi)
    inv_z = 1.0 / z
    inv = 1.0 / (z * z + (ox * ox + oy * oy))
    parts = (inv_z @ harm,                                          # a0
             inv @ (np.stack((ox, oy), 1)[:, :, None] * harm[:, None, :]).reshape(n_phi, 6),
             (inv * inv_z) @ (np.stack((ox * ox, oy * oy, ox * oy), 1)[:, :, None]
                              * harm[:, None, :]).reshape(n_phi, 9))
    scal = np.concatenate([p.reshape(z.shape[0], -1, 3) for p in parts], axis=1)  # (rows, 6, 3)
    K = np.einsum("rfs,fe->sre", scal, _BASIS)
    return K.reshape(3, q.size, psi.size, 3, 3)


def _q_traces(u, g, a, d, n_psi):
    """psi-averaged triplet (f_a, f_b) minus three spinless ones, at q^2 = u.

    The traces have the symmetry of the two terms (C2v): even under
    ``psi -> psi + pi`` and under the mirrors ``psi -> pi/2 - psi`` about
    the axes (1, 1) and (1, -1).  The ``n_psi`` midpoint nodes (n_psi a
    multiple of 8) fall into orbits of four, one of each in
    ``(pi/4, 3 pi/4)``: those give the mean."""
    psi = 2.0 * np.pi * (np.arange(n_psi // 8, 3 * n_psi // 8) + 0.5) / n_psi
    q = np.sqrt(u)
    n_phi = int(2 ** np.ceil(np.log2(64.0 + 24.0 * (q.max() + a + d) / (1.0 + g))))
    K0, Kp, Km = _q_kernels(q, g, a, d, psi, n_phi)
    G = K0 @ np.linalg.inv(np.eye(3) - K0)
    f_a = np.einsum("upab,upbc,upca->up", K0, K0, G).real.mean(axis=1)
    f_b = 0.5 * (np.einsum("upab,upbc,upca->up", Km, G, Kp)
                 + np.einsum("upab,upbc,upca->up", Kp, G, Km)).real.mean(axis=1)
    spinless = q_integrand(u, g, 0.0)
    return f_a - spinless[2], f_b - spinless[3]


def q_piece(lo, hi, g, a, d, order=GL_ORDER):
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
    """:func:`q_piece` over the panel ln u in [k, k + 1] (cached)."""
    return q_piece(float(k), k + 1.0, g, a, d)


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
        if edge > lo:
            total += q_piece(lo, edge, g, a, d)
        for k in range(int(edge), int(np.ceil(top))):
            total += _q_panel(k, g, a, d)
        lo = np.ceil(top)
    total += q_change(np.exp(lo), g, np.hypot(a, d))
    if cut > 0.0:            # the constant integrand below q^2 = cut
        total -= 0.5 * cut * np.array(_q_traces(np.array([cut]), g, a, d, _PSI_NODES))[:, 0]
    return total
