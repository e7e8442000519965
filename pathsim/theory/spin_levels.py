"""The triplet Cooperon with Rashba and linear Dresselhaus together, in
Landau levels (used by :func:`pathsim.theory.spin.ilp`).

Engine units (l = v = tau = 1, D = 1/2, b = B / B_tr).  A linear
precession vector Omega_a(c) = sum_j A_aj c_j (angle per tau, c the unit
velocity; :mod:`pathsim._kernels.spin`) acts on the triplet Cooperon as an
SU(2) vector potential: to second order in the flight's phases, isotropic
scattering gives the Cooperon operator, in units of D (1/l^2),

    M = (q + a)^2 + theta_3^2 (S_x^2 + S_y^2) + 2 / tau_phi,
    a_j = sum_a A_aj S_a,

with S the spin-1 matrices of the pair (Iordanskii, Lyanda-Geller & Pikus,
JETP Lett. 60, 206 (1994); Pikus & Pikus, PRB 51, 16928 (1995), their
eq. 26).  pathsim's angles: Rashba Omega = theta_a (c_y, -c_x), linear
Dresselhaus Omega = theta_b1 (c_x, -c_y), so

    a_x = theta_b1 S_x - theta_a S_y,   a_y = theta_a S_x - theta_b1 S_y;

the third harmonic theta_b3 only relaxes (the theta_3^2 term).  In field
units (B_x / B_tr = rate x tau with D = 1/2) the Rashba, Dresselhaus and
cubic fields of Pikus & Pikus are B_R = theta_a^2 / 2, B_D = theta_b1^2 / 2,
B_3 = theta_b3^2 / 2 (B_tr), the in-plane spin relaxation rates of each
term alone; equal theta_a and theta_b1 make a_x = a_y commute (the
persistent spin helix: a pure gauge, weak localization restored).

In a perpendicular field q -> Pi, [Pi_x, Pi_y] = i b, and with Landau
ladders Pi_x +- i Pi_y the operator couples level n to n +- 1 with every
spin state, so it is block tridiagonal in n (3 x 3 blocks; with one linear
term alone it splits into the 3 x 3 blocks of
:func:`pathsim.theory.spin._block_trace`).  Its trace of the inverse is
computed as d/dy ln det(H + y) with a complex step (Squire & Trapp, SIAM
Rev. 40, 110 (1998)) through the banded LU of LAPACK: the basis phases
exp(i pi (n + m) / 4) make H real, so the imaginary part carries the
derivative exactly.  The zero-field counterpart is integrated over q and
its direction with the same cut-off.
"""
import numpy as np
from scipy import integrate
from scipy.linalg import lapack

# spin-1 matrices, basis m = +1, 0, -1
_SP = np.sqrt(2.0) * np.array([[0, 1, 0], [0, 0, 1], [0, 0, 0]], dtype=complex)
_SM = _SP.T.copy()
_SX = 0.5 * (_SP + _SM)
_SY = (_SP - _SM) / 2j
_PLANE = _SX @ _SX + _SY @ _SY    # S_x^2 + S_y^2
_BAND = 5                          # |i - j| <= 5 for i = 3 n + k
_STEP = 1e-30                      # complex step (exact to rounding for any scale here)


def gauge(rashba, dresselhaus):
    """(a_x, a_y), 3 x 3 spin-1 matrices (1/l), of the module docstring."""
    return dresselhaus * _SX - rashba * _SY, rashba * _SX - dresselhaus * _SY


def relaxation(rashba, dresselhaus, dresselhaus3):
    """a_x^2 + a_y^2 + theta_3^2 (S_x^2 + S_y^2) (1/l^2)."""
    ax, ay = gauge(rashba, dresselhaus)
    return ax @ ax + ay @ ay + dresselhaus3 ** 2 * _PLANE


def level_trace(b, y, rashba, dresselhaus, dresselhaus3, n_top):
    """Sum over the Landau levels n < n_top and the three spin states of the
    inverse triplet operator, in units 4 e D B / hbar (= b / tau):
    Tr H^-1 with H = (n + 1/2 + y) + [relaxation / 2 + coupling] / b."""
    ax, ay = gauge(rashba, dresselhaus)
    diag = relaxation(rashba, dresselhaus, dresselhaus3) / (2.0 * b)
    up = (ax + 1j * ay) / np.sqrt(2.0 * b)     # block H[n+1, n] / sqrt(n + 1)
    size = 3 * n_top
    n = np.arange(size) // 3
    m = 1 - np.arange(size) % 3
    phase = np.exp(0.25j * np.pi * (n + m))
    band = np.zeros((2 * _BAND + 1, size), dtype=complex)   # rows: offset i - j
    levels = np.arange(n_top)
    for r in range(3):
        for c in range(3):
            # diagonal blocks
            band[_BAND + r - c, 3 * levels + c] += diag[r, c] + (r == c) * (levels + 0.5 + y)
            # H[n+1, n] and its adjoint H[n, n+1]
            lower = up[r, c] * np.sqrt(np.arange(1, n_top))
            jj = 3 * np.arange(n_top - 1) + c
            band[_BAND + 3 + r - c, jj] += lower
            band[_BAND - 3 + c - r, jj + 3 + r - c] += np.conj(lower)
    # phases: H'_ij = conj(p_i) H_ij p_j; row offset d = i - j
    cols = np.arange(size)
    for d in range(-_BAND, _BAND + 1):
        j = cols[max(0, -d):size - max(0, d)]
        band[_BAND + d, j] *= np.conj(phase[j + d]) * phase[j]
    if np.abs(band.imag).max() > 1e-12 * np.abs(band.real).max():
        raise RuntimeError("the Landau-level matrix did not become real (internal error)")
    # LAPACK band storage with kl = ku = K: A[i, j] at ab[2 K + i - j, j] (the
    # first K rows are room for the pivoting); ``band`` holds it at K + i - j
    ab = np.zeros((3 * _BAND + 1, size), dtype=complex)
    ab[_BAND:] = band.real
    ab[2 * _BAND] += 1j * _STEP
    lu, _, info = lapack.zgbtrf(ab, _BAND, _BAND)
    if info != 0:
        raise RuntimeError(f"banded LU failed (info {info})")
    pivots = lu[2 * _BAND]
    return float(np.sum(pivots.imag / pivots.real) / _STEP)


def zero_field_trace(q2_max, g2, rashba, dresselhaus, dresselhaus3):
    """Int_0^q2_max d(q^2) <Tr M(q)^-1>, the average over the direction of q,
    for each cut-off of the 1-D array ``q2_max`` (units 1/l^2;
    M = (q + a)^2 + relaxation + g2)."""
    ax, ay = gauge(rashba, dresselhaus)
    rel = relaxation(rashba, dresselhaus, dresselhaus3) + g2 * np.eye(3)
    # Tr M^-1 has period pi in the direction; near the helix it peaks within
    # ~ sqrt(g2) / |a| of a direction: the trapezoid rule then converges as
    # exp(-2 pi width / step), 40 e-foldings at the chosen number of angles
    theta = max(rashba, dresselhaus, 1e-300)
    n_phi = int(np.clip(20.0 * np.sqrt(2.0) * theta / np.sqrt(g2), 64, 8192))
    phi = np.pi * np.arange(n_phi) / n_phi
    lin = np.cos(phi)[:, None, None] * ax + np.sin(phi)[:, None, None] * ay

    def trace(u):
        m = u * np.eye(3) + 2.0 * np.sqrt(u) * lin + rel
        return np.trace(np.linalg.inv(m), axis1=1, axis2=2).real.mean()

    edges = np.sort(np.asarray(q2_max, dtype=float))
    lower = np.log(1e-12 * g2)
    out = np.empty(edges.size)
    total = trace(0.0) * np.exp(lower)
    start = lower
    for i, edge in enumerate(edges):
        stop = np.log(edge)
        value, _ = integrate.quad(lambda s: trace(np.exp(s)) * np.exp(s), start, stop,
                                  limit=400, epsabs=1e-12, epsrel=1e-12)
        total += value
        out[i] = total
        start = stop
    order = np.argsort(np.asarray(q2_max, dtype=float), kind="stable")
    result = np.empty_like(out)
    result[order] = out
    return result


def magnetoconductance(b, tau_phi, rashba, dresselhaus, dresselhaus3, n_top):
    """The triplet part (1/2) [T(0) - T(B)] of the ILP magnetoconductance (G0)
    at one field b > 0, from the Landau levels n < n_top and n < 2 n_top
    with the zero-field integral cut at the same q^2 = 2 b n_top: the
    truncation leaves an error c / n_top^2 (the last level misses its
    coupling to the next), which the Richardson step (4 T_2n - T_n) / 3
    removes."""
    y = 1.0 / (tau_phi * b)
    g2 = 2.0 / tau_phi
    zero = zero_field_trace(2.0 * b * np.array([n_top, 2 * n_top]), g2, rashba,
                            dresselhaus, dresselhaus3)
    parts = [0.5 * (z - level_trace(b, y, rashba, dresselhaus, dresselhaus3, n))
             for z, n in zip(zero, (n_top, 2 * n_top))]
    return (4.0 * parts[1] - parts[0]) / 3.0
