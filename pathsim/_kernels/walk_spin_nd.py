"""Spin in the general walk: 3D bulk, films and wires, 2D wires (jitted).

The general walk (:mod:`pathsim._kernels.walk_nd`) carries, when its
``spin`` argument is not None (a :data:`SpinWalk`), the loop's and the
twin's rotations of every spin setting j, exactly as the 2D spin walk does
(:mod:`pathsim._kernels.walk_spin`: Q_j with new rotations on the left, P_j
its twin's with the reversed ones on the right; the score multiplies the
loop's weight by s = (1/2) Tr(U_loop^dagger U_twin), :ref:`theory-spin-twins`).
Without spin terms no arithmetic is done and no random number is added:
the spinless walk, number for number.

The spin table's columns are those of :mod:`pathsim._kernels.spin`; in the
general walk they act as follows.

* Rashba and Dresselhaus are precession fields of a two-dimensional electron
  gas in the x-y plane (the plane of a film or the axis-x/width-y plane of
  a wire).  In 3D they are taken with the in-plane components (c_x, c_y)
  of the direction (the momentum's in-plane part; the motion along z does
  not precess), so that in a film Omega_R = theta_a (c_y, -c_x, 0) with
  c_x^2 + c_y^2 = sin^2 of the polar angle; the cubic Dresselhaus term is
  its third harmonic k_par^3 (cos 3 phi, sin 3 phi).
* Elliott-Yafet: in 2D as in the 2D walk (eta (c x c')_z about the
  impurity's frozen isotropic axis g); in 3D the rotation vector is
  eta (c x c') itself (the spin-orbit part i sigma . (k x k') of a
  scattering amplitude, isotropic in 3D), odd under c -> -c', c' -> -c.
  Its strength eta is calibrated with the law's average of
  cos(eta |c x c'|) (:func:`pathsim.model.spin.ey_strength` with dim = 3).
* Magnetic impurities and Zeeman: as in 2D (any dimension).

Walls turn no spin.  Specular walls flip the real direction's normal
component; the walk is followed unfolded, so a flight is cut at its
reflection points (:func:`segment_rotation`) and every piece precesses with
its real direction; scatterings use the real directions.  Lengths in l.
"""
import math
from collections import namedtuple

import numpy as np

from numba import prange

from .jit import inline_jit, jit, parallel_jit
from .rng import exponential, seed_stream, uniform
from .scatter import isotropic, lambert, scatter
from .spin import (axis_rotation, draw_impurity, precess, qdot, qmul, rotation_diagonal,
                   scattering)
from .tally import bin_loop, time_row
from .walls import crossings

SpinWalk = namedtuple("SpinWalk", "table q p active imp weights need")
SpinWalk.__doc__ = """One thread's spin state in the general walk.

table : float (n_set, 8)
    The spin table (:mod:`pathsim._kernels.spin`).
q, p : float (n_set, 4)
    Loop and twin rotations of each setting (quaternions).
active : bool (n_set,)
    Settings with a spin term (the others weigh 1, with no arithmetic).
imp : float (6,)
    Frozen axes (g, m) of the impurity at the current event.
weights : float (n_set,)
    Scratch: the spin factors of one loop.
need : (bool, bool)
    Whether any setting uses g (Elliott-Yafet in 2D) or m (magnetic).
"""


@inline_jit
def precession_nd(sp, cx, cy):
    """Precession vector (angle per tau) of a flight whose direction has the
    in-plane components (cx, cy) (|c_par| <= 1)."""
    ox = sp[0] * cy + sp[1] * cx
    oy = -sp[0] * cx - sp[1] * cy
    if sp[2] != 0.0:
        r2 = cx * cx + cy * cy
        ox += sp[2] * cx * (4.0 * cx * cx - 3.0 * r2)   # k_par^3 cos 3 phi
        oy += sp[2] * cy * (3.0 * r2 - 4.0 * cy * cy)   # k_par^3 sin 3 phi
    return ox + sp[5], oy + sp[6], sp[7]


@inline_jit
def flight_nd(sp, cx, cy, ell):
    """Rotation of a flight of length ell with in-plane direction (cx, cy)."""
    ox, oy, oz = precession_nd(sp, cx, cy)
    return precess(ox, oy, oz, ell)


@inline_jit
def scattering_nd(sp, dim, imp, a, b):
    """Rotation of a scattering a -> b (real directions): exchange about m,
    then Elliott-Yafet (2D: eta (a x b)_z about g; 3D: vector eta a x b)."""
    if dim == 2:
        return scattering(sp, imp, a[0], a[1], b[0], b[1])
    q = (1.0, 0.0, 0.0, 0.0)
    if sp[4] != 0.0:
        q = axis_rotation(imp[3], imp[4], imp[5], sp[4])
    if sp[3] != 0.0:
        nx = a[1] * b[2] - a[2] * b[1]
        ny = a[2] * b[0] - a[0] * b[2]
        nz = a[0] * b[1] - a[1] * b[0]
        n = math.sqrt(nx * nx + ny * ny + nz * nz)
        if n > 0.0:
            q = qmul(axis_rotation(nx / n, ny / n, nz / n, sp[3] * n), q)
    return q


@inline_jit
def fold_sign(u, start, width, unfold):
    """+1 or -1: the sign of the real direction's component along an axis
    at unfolded coordinate u (odd cells of a specular axis are mirrored)."""
    if not unfold or not math.isfinite(width):
        return 1.0
    return 1.0 if int(math.floor((start + u) / width)) % 2 == 0 else -1.0


@inline_jit
def real_direction(c, u, start, width, unfold):
    """Real direction of the unfolded direction c at unfolded point u."""
    return (c[0], c[1] * fold_sign(u[1], start[1], width[1], unfold),
            c[2] * fold_sign(u[2], start[2], width[2], unfold))


@jit
def segment_rotation(sp, a, b, start, width, unfold):
    """(forward, backward) rotations of the real path along the straight
    unfolded segment a -> b, and of its reverse; cut at the y-wall planes
    (reflections on z do not change (c_x, c_y))."""
    dx = b[0] - a[0]
    dy = b[1] - a[1]
    dz = b[2] - a[2]
    length = math.sqrt(dx * dx + dy * dy + dz * dz)
    if length == 0.0:
        return (1.0, 0.0, 0.0, 0.0), (1.0, 0.0, 0.0, 0.0)
    cx = dx / length
    cy = dy / length
    k, n, step = 0, 0, 0
    if unfold:
        k, n, step = crossings(start[1] + a[1], start[1] + b[1], width[1])
    fwd = (1.0, 0.0, 0.0, 0.0)
    bwd = (1.0, 0.0, 0.0, 0.0)
    t0 = 0.0
    for i in range(n + 1):
        t1 = (k * width[1] - start[1] - a[1]) / dy if i < n else 1.0
        mid = a[1] + 0.5 * (t0 + t1) * dy
        ry = cy * fold_sign(mid, start[1], width[1], unfold)
        piece = (t1 - t0) * length
        f = flight_nd(sp, cx, ry, piece)
        if sp[5] != 0.0 or sp[6] != 0.0 or sp[7] != 0.0:
            r = flight_nd(sp, -cx, -ry, piece)
        else:
            r = (f[0], -f[1], -f[2], -f[3])
        fwd = qmul(f, fwd)
        bwd = qmul(bwd, r)
        k += step
        t0 = t1
    return fwd, bwd


@jit
def spin_reset(spin):
    """All rotations back to 1 (a new walker)."""
    for j in range(spin.q.shape[0]):
        for c in range(4):
            spin.q[j, c] = 1.0 if c == 0 else 0.0
            spin.p[j, c] = 1.0 if c == 0 else 0.0


@jit
def spin_draw(state, spin):
    """The frozen axes of the impurity just reached (random numbers only if
    a setting uses them)."""
    g = draw_impurity(state, spin.need[0], spin.need[1])
    for c in range(6):
        spin.imp[c] = g[c]


@inline_jit
def _scattered(sp, dim, imp, a, b, q, p, scattered):
    """A setting's loop and twin rotations (rows q, p) after a scattering
    a -> b, if there was one: the loop turns by the scattering, the twin
    (the reversed path) by the reversed scattering -b -> -a, first."""
    loop = (q[0], q[1], q[2], q[3])
    twin = (p[0], p[1], p[2], p[3])
    if scattered and (sp[3] != 0.0 or sp[4] != 0.0):
        loop = qmul(scattering_nd(sp, dim, imp, a, b), loop)
        twin = qmul(twin, scattering_nd(sp, dim, imp, (-b[0], -b[1], -b[2]),
                                        (-a[0], -a[1], -a[2])))
    return loop, twin


@jit
def spin_advance(spin, dim, geometry, u, v, c_old, c_new, scattered):
    """Scattering c_old -> c_new at unfolded point u (if ``scattered``),
    then the flight u -> v, for every active setting.  ``geometry`` =
    (start, width, unfold)."""
    start, width, unfold = geometry
    a = real_direction(c_old, u, start, width, unfold)
    b = real_direction(c_new, u, start, width, unfold)
    q = spin.q
    p = spin.p
    for j in range(q.shape[0]):
        if not spin.active[j]:
            continue
        sp = spin.table[j]
        loop, twin = _scattered(sp, dim, spin.imp, a, b, q[j], p[j], scattered)
        fwd, bwd = segment_rotation(sp, u, v, start, width, unfold)
        q[j, 0], q[j, 1], q[j, 2], q[j, 3] = qmul(fwd, loop)
        p[j, 0], p[j, 1], p[j, 2], p[j, 3] = qmul(twin, bwd)


@jit
def spin_close(spin, dim, geometry, u, image, c_in, scattered):
    """Spin factors (into ``spin.weights``) of the loops closed from the
    unfolded point u by the straight flight to ``image`` (of the start),
    through the scattering there (none at a diffuse wall)."""
    start, width, unfold = geometry
    dx = image[0] - u[0]
    dy = image[1] - u[1]
    dz = image[2] - u[2]
    s = math.sqrt(dx * dx + dy * dy + dz * dz)
    e = (dx / s, dy / s, dz / s) if s > 0.0 else c_in
    a = real_direction(c_in, u, start, width, unfold)
    b = real_direction(e, u, start, width, unfold)
    q = spin.q
    p = spin.p
    for j in range(q.shape[0]):
        if not spin.active[j]:
            spin.weights[j] = 1.0
            continue
        sp = spin.table[j]
        loop, twin = _scattered(sp, dim, spin.imp, a, b, q[j], p[j], scattered)
        fwd, bwd = segment_rotation(sp, u, image, start, width, unfold)
        spin.weights[j] = qdot(qmul(fwd, loop), qmul(twin, bwd))


@inline_jit
def tally_spin(bins, out, spin, w, big_t, a2, e1en):
    """Add one loop to setting j's field directions (tally axis j n_dir + k)
    with weight w s_j."""
    row = time_row(bins, big_t, out.hist.shape[1])
    a2x, a2y, a2z = a2
    dirs = bins.dirs
    n_set = spin.weights.shape[0]
    n_dir = dirs.shape[0] // n_set
    for k in range(n_dir):
        area = 0.5 * (dirs[k, 0] * a2x + dirs[k, 1] * a2y + dirs[k, 2] * a2z)
        for j in range(n_set):
            d = j * n_dir + k
            bin_loop(out, d, row, w * spin.weights[j], big_t, area, e1en, bins.inv_da[d, row])


@parallel_jit
def track_spins_nd(seed, n_walkers, sp, medium, times, out):
    """Single-spin dynamics of the general walk (2D or 3D, walls).

    ``medium`` (:class:`~pathsim._kernels.state.MediumArgs`): walkers start
    uniformly across the confined axes in a uniformly random direction and
    walk in real coordinates (specular walls reflect the direction, diffuse
    ones re-emit by Lambert's law; walls turn no spin).  ``out[i, k]`` gets
    the diagonal (R_xx, R_yy, R_zz) of walker i's spin rotation at
    ``times[k]``.  Units tau.
    """
    dim, g, law, width, unfold, start_x = medium
    need_g = sp[3] != 0.0 and dim == 2
    need_m = sp[4] != 0.0
    n_t = times.shape[0]
    for i in prange(n_walkers):
        state = np.empty(4, dtype=np.uint64)
        seed_stream(state, seed, i)
        pos = np.zeros(3)
        for j in range(1, 3):
            pos[j] = width[j] * uniform(state) if math.isfinite(width[j]) else 0.0
        q = (1.0, 0.0, 0.0, 0.0)
        t = 0.0
        k = 0
        c = isotropic(state, dim)
        while k < n_t:
            ell = exponential(state)
            axis = -1
            for j in range(1, dim):
                cj = c[j]
                if math.isfinite(width[j]) and cj != 0.0:
                    dist = ((width[j] if cj > 0.0 else 0.0) - pos[j]) / cj
                    if dist < ell:
                        ell = max(dist, 0.0)
                        axis = j
            while k < n_t and times[k] <= t + ell:
                rxx, ryy, rzz = rotation_diagonal(qmul(flight_nd(sp, c[0], c[1],
                                                                  times[k] - t), q))
                out[i, k, 0] = rxx
                out[i, k, 1] = ryy
                out[i, k, 2] = rzz
                k += 1
            q = qmul(flight_nd(sp, c[0], c[1], ell), q)
            t += ell
            for j in range(3):
                pos[j] += ell * c[j]
            if axis >= 0:
                inward = 1.0 if c[axis] < 0.0 else -1.0
                pos[axis] = 0.0 if inward > 0.0 else width[axis]
                if unfold:
                    c = (c[0], -c[1], c[2]) if axis == 1 else (c[0], c[1], -c[2])
                else:
                    c = lambert(state, dim, axis, inward)
                continue
            imp = draw_impurity(state, need_g, need_m)
            new = scatter(state, dim, g, law, c[0], c[1], c[2])
            q = qmul(scattering_nd(sp, dim, imp, c, new), q)
            c = new
