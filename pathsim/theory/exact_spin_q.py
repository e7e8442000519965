"""The zero-field continuum of the ballistic spin-orbit theory (private):
the triplet flight operators at wave vector ``q`` for one linear
spin-orbit term, in closed form, and their loop sums integrated over ``q``
(:ref:`theory-ballistic-wal`).  Shared by :mod:`.exact_spin` (one term)
and :mod:`.exact_spin_rd` (Rashba and Dresselhaus together, whose
continuum beyond a large ``q`` is this one at the combined angle).

Engine units: l = v = tau = 1, ``g = 1 / tau_phi``, conductivities in G0.
"""
import functools

import numpy as np
from numpy.polynomial.legendre import leggauss

GL_ORDER = 16
_ROOT2 = np.sqrt(2.0)

#: The spin-1 rotation d(beta) = exp(-i beta S_y), beta = -theta r, in the
#: basis m = +1, 0, -1, written as weights of (1, cos(theta r), sin(theta r)).
D_WEIGHTS = np.array([
    [[0.5, 0.5, 0.0], [0.0, 0.0, 1 / _ROOT2], [0.5, -0.5, 0.0]],
    [[0.0, 0.0, -1 / _ROOT2], [0.0, 1.0, 0.0], [0.0, 0.0, 1 / _ROOT2]],
    [[0.5, -0.5, 0.0], [0.0, 0.0, -1 / _ROOT2], [0.5, 0.5, 0.0]],
])
#: spin projections of the triplet basis
M = (1, 0, -1)


@functools.lru_cache(maxsize=8)
def gauss_legendre(order):
    """Gauss-Legendre nodes and weights on [-1, 1] (cached, read-only)."""
    t, wt = leggauss(order)
    t.flags.writeable = wt.flags.writeable = False
    return t, wt


def q_kernels(u, g, theta):
    """Zero-field K_sigma(q), q^2 = u (1-D), along x: shape (3, n_u, 3, 3).

    Element (m', m) of harmonic sigma has Bessel order n = m' - m - sigma:
    Int dr exp(-c r) (-i)^|n| J_|n|(q r) {1, cos, sin}(theta r), with
    Int_0^inf dr exp(-c r) J_n(q r) = (sqrt(c^2 + q^2) - c)^n / (q^n sqrt(c^2 + q^2)).
    """
    q = np.sqrt(u)[:, None]
    c = np.array([1.0 + g, 1.0 + g + 1j * theta])[None, :]
    root = np.sqrt(c * c + q * q)
    ratio = q / (root + c)          # (root - c) / q without the cancellation at small q
    bessel = np.stack([ratio ** n / root for n in range(4)])      # (4, n_u, 2)
    parts = np.stack((bessel[..., 0].real, bessel[..., 1].real, -bessel[..., 1].imag), -1)
    out = np.zeros((3, u.size, 3, 3), dtype=complex)
    for s, sigma in enumerate((0, 1, -1)):
        for i, mp in enumerate(M):
            for j, m in enumerate(M):
                n = abs(mp - m - sigma)
                out[s, :, i, j] = (-1j) ** n * (parts[n] @ D_WEIGHTS[i, j])
    return out


def q_integrand(u, g, theta):
    """Triplet (f_a, f_b) of the zero-field kernel at q^2 = u, and 3 times the
    spinless ones: sigma = -(1/2) Int du f."""
    K0, Kp, Km = q_kernels(u, g, theta)
    G = K0 @ np.linalg.inv(np.eye(3) - K0)
    f_a = np.einsum("uab,ubc,uca->u", K0, K0, G).real
    f_b = 0.5 * (np.einsum("uab,ubc,uca->u", Km, G, Kp)
                 + np.einsum("uab,ubc,uca->u", Kp, G, Km)).real
    p = 1.0 / np.sqrt((1.0 + g) ** 2 + u)
    qq = (1.0 - (1.0 + g) * p) / np.sqrt(u)
    return f_a, f_b, 3.0 * p ** 3 / (1.0 - p), -3.0 * qq * qq * p / (1.0 - p)


def q_change(u_lo, g, theta):
    """Change of the triplet (sigma_a, sigma_b) by theta from the zero-field
    continuum q^2 > u_lo (u_lo = 0: all q)."""
    t, wt = gauss_legendre(GL_ORDER)
    scale = (1.0 + g) ** 2 + theta ** 2
    if u_lo > 0:
        lo = np.log(u_lo)
        cut = 0.0
    else:                     # from q^2 = 1e-12 of the smallest scale; below it a constant
        lo = np.log(1e-12 * min(g * g + g, theta ** 2, 1.0) + 1e-300)
        cut = np.exp(lo)
    hi = max(lo, np.log(scale)) + 40.0
    edges = np.arange(lo, hi + 1.0, 1.0)
    half, mid = np.diff(edges)[:, None] / 2, (edges[1:] + edges[:-1])[:, None] / 2
    s, ws = (half * t + mid).ravel(), (half * wt).ravel()
    u = np.exp(s)
    weights = ws * u
    if cut > 0:               # the constant integrand below q^2 = cut
        u, weights = np.append(u, cut), np.append(weights, cut)
    f_a, f_b, s_a, s_b = q_integrand(u, g, theta)
    change_a = -0.5 * np.sum(weights * (f_a - s_a))
    change_b = -0.5 * np.sum(weights * (f_b - s_b))
    return change_a, change_b

