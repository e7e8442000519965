"""Spin rotations as unit quaternions, and the single-spin walk (jitted).

A spin rotation U = exp(-i (phi / 2) n . sigma) (the spin vector turns by
phi about n, right-handed) is the unit quaternion
(cos(phi / 2), sin(phi / 2) n); the product of two rotations is the
Hamilton product (:func:`qmul`), and (1/2) Tr(U^dagger V) of two SU(2)
matrices is the 4-vector dot product of their quaternions.

The spin Hamiltonian is H = (hbar / 2) Omega . sigma, so a flight of
duration t in direction c turns the spin by |Omega(c)| t about Omega(c)
(:func:`flight`).  One row ``sp`` of the kernel's spin table holds, in
engine units (l = v = tau = 1),

====  ==============================================================
sp[0] Rashba angle per l, theta_a: Omega_R = theta_a (c_y, -c_x, 0)
sp[1] linear Dresselhaus theta_b1: Omega_D1 = theta_b1 (c_x, -c_y, 0)
sp[2] cubic Dresselhaus (its third harmonic) theta_b3:
      Omega_D3 = theta_b3 (cos 3 phi, sin 3 phi, 0)
sp[3] Elliott-Yafet strength eta: at a scattering c -> c' the spin turns
      by eta (c x c')_z about the impurity's axis g (isotropic, frozen)
sp[4] magnetic impurities: at a scattering the spin turns by gamma about
      the impurity's classical spin m (isotropic, frozen)
sp[5:8] Zeeman precession vector (angle per tau), even in the momentum
====  ==============================================================

Rashba H_R = alpha (sigma_x k_y - sigma_y k_x) gives
theta_a = 2 alpha k_F tau / hbar = 2 alpha m* l / hbar^2 (the angle turned
in one mean free path, Sawada & Koga, PRE 95, 023309 (2017), their
theta_alpha); linear Dresselhaus beta_1 (sigma_x k_x - sigma_y k_y) gives
theta_b1 = 2 beta_1 k_F tau / hbar.  A cubic term
beta_3 (sigma_x k_x k_y^2 - sigma_y k_y k_x^2) is a first harmonic of
angle beta_3 k_F^3 tau / (2 hbar) (add it to theta_b1) plus the third
harmonic above with theta_b3 = beta_3 k_F^3 tau / (2 hbar) (sign and
phase of that harmonic do not change any loop sum of isotropic walks).

Twins (:ref:`theory-spin-twins`): the twin of a loop traverses every flight
with reversed momentum and every scattering c -> c' as -c' -> -c, with the
same rules.  Every rotation here is computed from that rule (no case is
special): the spin-orbit terms are odd in the momentum and so give the
twin the inverse rotation, Zeeman and the frozen magnetic spins are even
and give it the same one.
"""
import math

import numpy as np
from numba import prange

from .jit import inline_jit, parallel_jit
from .rng import direction_2d, exponential, seed_stream, splitmix64, uniform
from .scatter import scatter

#: columns of a spin-table row (see the module docstring)
N_SPIN_COLUMNS = 8


@inline_jit
def qmul(a, b):
    """Hamilton product a b of quaternions (w, x, y, z): rotation b, then a."""
    aw, ax, ay, az = a
    bw, bx, by, bz = b
    return (aw * bw - ax * bx - ay * by - az * bz,
            aw * bx + ax * bw + ay * bz - az * by,
            aw * by - ax * bz + ay * bw + az * bx,
            aw * bz + ax * by - ay * bx + az * bw)


@inline_jit
def qdot(a, b):
    """(1/2) Tr(U_a^dagger U_b) of the two rotations."""
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2] + a[3] * b[3]


# sin and cos on [-pi/4, pi/4] as series in r^2: the minimax polynomials of
# fdlibm's __kernel_sin and __kernel_cos (Sun Microsystems, 1993)
_SIN = (-1.66666666666666324348e-01, 8.33333333332248946124e-03,
        -1.98412698298579493134e-04, 2.75573137070700676789e-06,
        -2.50507602534068634195e-08, 1.58969099521155010221e-10)
_COS = (4.16666666666666019037e-02, -1.38888888888741095749e-03,
        2.48015872894767294178e-05, -2.75573143513906633035e-07,
        2.08757232129817482790e-09, -1.13596475577881948265e-11)
_PIO4_SQUARED = (0.25 * math.pi) ** 2


@inline_jit
def _sin_tail(z):
    """(sin(r) / r - 1) / z for z = r^2 <= (pi/4)^2."""
    return _SIN[0] + z * (_SIN[1] + z * (_SIN[2] + z * (_SIN[3] + z * (
        _SIN[4] + z * _SIN[5]))))


@inline_jit
def _cos_series(z):
    """cos(r) for z = r^2 <= (pi/4)^2."""
    return 1.0 - 0.5 * z + z * z * (_COS[0] + z * (_COS[1] + z * (_COS[2] + z * (
        _COS[3] + z * (_COS[4] + z * _COS[5])))))


@inline_jit
def axis_rotation(nx, ny, nz, phi):
    """Rotation by phi about the unit vector n."""
    h = 0.5 * phi
    s = math.sin(h)
    return (math.cos(h), s * nx, s * ny, s * nz)


@inline_jit
def precession(sp, cx, cy):
    """Precession vector Omega (angle per tau) of a flight in direction c."""
    ox = sp[0] * cy + sp[1] * cx
    oy = -sp[0] * cx - sp[1] * cy
    if sp[2] != 0.0:
        ox += sp[2] * cx * (4.0 * cx * cx - 3.0)   # cos 3 phi
        oy += sp[2] * cy * (3.0 - 4.0 * cy * cy)   # sin 3 phi
    return ox + sp[5], oy + sp[6], sp[7]


@inline_jit
def flight(sp, cx, cy, ell):
    """Rotation of a flight of length ell (time ell) in direction c."""
    ox, oy, oz = precession(sp, cx, cy)
    return precess(ox, oy, oz, ell)


@inline_jit
def precess(ox, oy, oz, ell):
    """Rotation by the angle |Omega| ell about Omega, a unit quaternion."""
    w = math.sqrt(ox * ox + oy * oy + oz * oz)
    if w == 0.0:
        return (1.0, 0.0, 0.0, 0.0)
    h = 0.5 * w * ell
    s = math.sin(h) / w
    return (math.cos(h), s * ox, s * oy, s * oz)


@inline_jit
def in_plane_flight(sp, cx, cy, ell):
    """:func:`flight` of a row without Zeeman term (sp[5:8] = 0): Omega lies
    in the plane, and the rotation (w, x, y, 0) is returned as (w, x, y).
    The terms of :func:`flight` with a zero factor are left out, and angles
    |h| <= pi/4 (h = |Omega| ell / 2, the common case) take cos(h) and
    sin(h) / |Omega| = (ell / 2) sin(h) / h from their series in h^2
    (fdlibm's polynomials, within an ulp or two of libm): no square root,
    division or libm call."""
    ox = sp[0] * cy + sp[1] * cx
    oy = -sp[0] * cx - sp[1] * cy
    if sp[2] != 0.0:
        ox += sp[2] * cx * (4.0 * cx * cx - 3.0)   # cos 3 phi
        oy += sp[2] * cy * (3.0 - 4.0 * cy * cy)   # sin 3 phi
    z = 0.25 * ell * ell * (ox * ox + oy * oy)
    if z <= _PIO4_SQUARED:
        half = 0.5 * ell
        s = half + half * z * _sin_tail(z)
        return (_cos_series(z), s * ox, s * oy)
    w = math.sqrt(ox * ox + oy * oy)
    h = 0.5 * w * ell
    s = math.sin(h) / w
    return (math.cos(h), s * ox, s * oy)


@inline_jit
def qmul_in_plane(a, b):
    """:func:`qmul` (a b) for a = (w, x, y, 0) given as (w, x, y)."""
    aw, ax, ay = a
    bw, bx, by, bz = b
    return (aw * bw - ax * bx - ay * by,
            aw * bx + ax * bw + ay * bz,
            aw * by - ax * bz + ay * bw,
            aw * bz + ax * by - ay * bx)


@inline_jit
def flight_pair(sp, cx, cy, ell):
    """Rotations of a flight along c and of its reverse along -c, both
    from the rule Omega(-c) = (odd part reversed) + (even part).  Without
    an even (Zeeman) part the reverse is the inverse rotation, which is
    then written down instead of recomputed: bit for bit the same numbers,
    one sine and cosine fewer."""
    if sp[5] != 0.0 or sp[6] != 0.0 or sp[7] != 0.0:
        return flight(sp, cx, cy, ell), flight(sp, -cx, -cy, ell)
    w, x, y, z = flight(sp, cx, cy, ell)
    return (w, x, y, z), (w, -x, -y, -z)


@inline_jit
def scattering(sp, imp, ax, ay, bx, by):
    """Rotation of a scattering a -> b at an impurity of axes ``imp`` =
    (gx, gy, gz, mx, my, mz): the exchange rotation about m, then the
    Elliott-Yafet rotation by eta (a x b)_z about g (odd: the reversed
    scattering -b -> -a turns the other way)."""
    gx, gy, gz, mx, my, mz = imp
    q = (1.0, 0.0, 0.0, 0.0)
    if sp[4] != 0.0:
        q = axis_rotation(mx, my, mz, sp[4])
    if sp[3] != 0.0:
        q = qmul(axis_rotation(gx, gy, gz, sp[3] * (ax * by - ay * bx)), q)
    return q


@inline_jit
def isotropic_axis(state):
    """Uniform unit vector on the sphere (Archimedes)."""
    mu = 2.0 * uniform(state) - 1.0
    ax, ay = direction_2d(state)
    st = math.sqrt(max(0.0, 1.0 - mu * mu))
    return st * ax, st * ay, mu


@inline_jit
def draw_impurity(state, need_g, need_m):
    """The frozen axes (g, m) of a new impurity; only those some setting
    uses are drawn, so that runs without them walk the spinless walk's
    random numbers."""
    gx, gy, gz = 0.0, 0.0, 1.0
    mx, my, mz = 0.0, 0.0, 1.0
    if need_g:
        gx, gy, gz = isotropic_axis(state)
    if need_m:
        mx, my, mz = isotropic_axis(state)
    return (gx, gy, gz, mx, my, mz)


@inline_jit
def _hash_uniform(h, k):
    return float(splitmix64(h + np.uint64(k)) >> np.uint64(11)) * (1.0 / 9007199254740992.0)


@inline_jit
def frozen_impurity(h):
    """The frozen axes (g, m) of the impurity with hash h: functions of the
    impurity alone, so every visit (and the twin's) sees the same ones."""
    mu = 2.0 * _hash_uniform(h, 1) - 1.0
    phi = 2.0 * math.pi * _hash_uniform(h, 2)
    st = math.sqrt(max(0.0, 1.0 - mu * mu))
    nu = 2.0 * _hash_uniform(h, 3) - 1.0
    psi = 2.0 * math.pi * _hash_uniform(h, 4)
    sn = math.sqrt(max(0.0, 1.0 - nu * nu))
    return (st * math.cos(phi), st * math.sin(phi), mu,
            sn * math.cos(psi), sn * math.sin(psi), nu)


@inline_jit
def spin_flight(spin, cx, cy, length):
    """Loop rotation times the flight's on the left; the twin's reverse
    flight on its right."""
    sp, rot = spin
    forward, backward = flight_pair(sp, cx, cy, length)
    loop = qmul(forward, (rot[0], rot[1], rot[2], rot[3]))
    twin = qmul((rot[4], rot[5], rot[6], rot[7]), backward)
    rot[0], rot[1], rot[2], rot[3] = loop
    rot[4], rot[5], rot[6], rot[7] = twin


@inline_jit
def spin_scattering(spin, imp, c_in, c_out):
    """The scattering c_in -> c_out at an impurity with frozen axes ``imp``,
    and the twin's -c_out -> -c_in at the same impurity."""
    sp, rot = spin
    ax, ay = c_in
    bx, by = c_out
    loop = qmul(scattering(sp, imp, ax, ay, bx, by), (rot[0], rot[1], rot[2], rot[3]))
    twin = qmul((rot[4], rot[5], rot[6], rot[7]), scattering(sp, imp, -bx, -by, -ax, -ay))
    rot[0], rot[1], rot[2], rot[3] = loop
    rot[4], rot[5], rot[6], rot[7] = twin


@inline_jit
def rotation_diagonal(q):
    """Diagonal (R_xx, R_yy, R_zz) of the SO(3) rotation of quaternion q."""
    w, x, y, z = q
    return (1.0 - 2.0 * (y * y + z * z), 1.0 - 2.0 * (x * x + z * z),
            1.0 - 2.0 * (x * x + y * y))


@parallel_jit
def track_spins(seed, n_walkers, sp, times, out, g=0.0, law=0):
    """Single-spin dynamics: the spin rotation of walkers of the 2D walk.

    Walker i (stream (seed, i)) starts at t = 0 in a uniformly random
    direction and carries U(t) (flights, scatterings with new impurities);
    ``out[i, k]`` receives (R_xx, R_yy, R_zz) of U at ``times[k]``
    (increasing), so that <R_aa(t)> is the decay of a spin initially
    along axis a.  ``g``, ``law``: the scattering law
    (:mod:`pathsim._kernels.scatter`; default isotropic).  Units tau.
    """
    need_g = sp[3] != 0.0
    need_m = sp[4] != 0.0
    n_t = times.shape[0]
    for i in prange(n_walkers):
        state = np.empty(4, dtype=np.uint64)
        seed_stream(state, seed, i)
        q = (1.0, 0.0, 0.0, 0.0)
        t = 0.0
        k = 0
        cx, cy = direction_2d(state)
        while k < n_t:
            ell = exponential(state)
            while k < n_t and times[k] <= t + ell:
                rxx, ryy, rzz = rotation_diagonal(qmul(flight(sp, cx, cy, times[k] - t), q))
                out[i, k, 0] = rxx
                out[i, k, 1] = ryy
                out[i, k, 2] = rzz
                k += 1
            q = qmul(flight(sp, cx, cy, ell), q)
            t += ell
            imp = draw_impurity(state, need_g, need_m)
            if g == 0.0 and law == 0:
                nx, ny = direction_2d(state)
            else:
                nx, ny, _ = scatter(state, 2, g, law, cx, cy, 0.0)
            q = qmul(scattering(sp, imp, cx, cy, nx, ny), q)
            cx = nx
            cy = ny
