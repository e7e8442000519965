"""Jitted frozen impurity fields: cells made on demand, exact ray tracing.

A field is a Poisson process of impurity centres (density n) plus the start
impurity at the origin (the Palm distribution of the process seen from one
of its points: by Slivnyak's theorem, the rest of the field is again Poisson).
Space is cut into cubic cells of side c; the content of a cell is a pure
function of (field seed, cell index): its number of impurities is Poisson
(lambda = n c^d) and their positions uniform, drawn from a stream keyed by a
hash of the index.  No cell is stored, so the field is unbounded and memory
does not grow with the distance walked; a periodic field (teaching pictures)
wraps the cell index instead.

Ray tracing walks the cells pierced by the ray (Amanatides & Woo, "A fast
voxel traversal algorithm for ray tracing", Eurographics 1987).  An impurity
of hit radius a <= c that the ray meets inside a cell has its centre in that
cell or one of its 3^d - 1 neighbours, so the neighbourhood of the first cell
is tested, then, at each cell step, the one new layer of 3^(d-1) cells that
the neighbourhood gains.  Hit tests are exact (no time stepping): the ray
p + s e enters the disk/ball of centre q at s = e.w - sqrt(a^2 - |w|^2 +
(e.w)^2), w = q - p; a point scatterer is passed at s = e.w, its closest
approach.  The search stops once the nearest hit lies within the current
cell: nothing in a later cell can come first.

An impurity is named by four integers (ix, iy, iz, k): its cell and its
rank in the cell; the start impurity is (0, 0, 0, 0).

Field parameters travel as a float array (layout ``F_*`` below) so that the
kernels keep short signatures.
"""
import math

import numpy as np

from .jit import inline_jit, jit
from .rng import seed_stream, splitmix64, uniform

# layout of the ``field`` array
F_DIM, F_KIND, F_REFLECT, F_RADIUS, F_CELL, F_LAMBDA, F_PERIOD = range(7)
F_SIZE = 7
HARD, POINT = 0, 1          # kinds: hard disks/spheres, point scatterers
SPECULAR, ISOTROPIC = 0, 1  # reflection laws of hard impurities

# Impurities one cell can hold.  The cell size keeps lambda <= 2, where a
# count of CELL_CAP or more has probability below 1e-60.
CELL_CAP = 64
MAX_LAMBDA = 2.0

_PHASE = np.uint64(0x632BE59BD9B4E019)


@inline_jit
def _zigzag(i):
    """Signed cell index as an unsigned key (0, -1, 1, -2, ... -> 0, 1, 2, 3)."""
    return np.uint64((i << 1) ^ (i >> 63))


@jit
def cell_key(field_seed, ix, iy, iz):
    """Hash of (field seed, cell index): the seed of the cell's stream."""
    key = splitmix64(field_seed ^ _zigzag(np.int64(ix)))
    key = splitmix64(key ^ _zigzag(np.int64(iy)))
    return splitmix64(key ^ _zigzag(np.int64(iz)))


@jit
def impurity_phase(field_seed, ix, iy, iz, k):
    """Scattering phase of one impurity, uniform on [0, 2 pi): fixed per
    impurity, the same whichever way a path passes it."""
    z = splitmix64(cell_key(field_seed ^ _PHASE, ix, iy, iz) ^ np.uint64(k))
    return float(z >> np.uint64(11)) * (2.0 * math.pi / 9007199254740992.0)


@jit
def _poisson(state, lam):
    """Poisson(lam) variate by inversion (lam small)."""
    p = math.exp(-lam)
    cdf = p
    u = uniform(state)
    k = 0
    while u > cdf and k < CELL_CAP:
        k += 1
        p *= lam / k
        cdf += p
    return k


@jit
def wrap(i, period):
    """Cell index inside the periodic box (unchanged if period == 0)."""
    return i % period if period > 0 else i


@jit
def cell_content(field, field_seed, ix, iy, iz, state, out):
    """Write the centres of cell (ix, iy, iz) into ``out[:n]``; return n.

    Rank 0 of the cell of the origin (and of its periodic images) is the
    start impurity.
    """
    dim = int(field[F_DIM])
    c = field[F_CELL]
    period = int(field[F_PERIOD])
    wx = wrap(ix, period)
    wy = wrap(iy, period)
    wz = wrap(iz, period)
    sx = (ix - wx) * c
    sy = (iy - wy) * c
    sz = (iz - wz) * c
    n = 0
    if wx == 0 and wy == 0 and wz == 0:
        out[0, 0] = sx
        out[0, 1] = sy
        out[0, 2] = sz
        n = 1
    seed_stream(state, cell_key(field_seed, wx, wy, wz), 0)
    count = _poisson(state, field[F_LAMBDA])
    for _ in range(count):
        if n >= CELL_CAP:
            break
        out[n, 0] = (wx + uniform(state)) * c + sx
        out[n, 1] = (wy + uniform(state)) * c + sy
        out[n, 2] = (wz + uniform(state)) * c + sz if dim == 3 else 0.0
        n += 1
    return n


@inline_jit
def _test_cell(field, field_seed, g, p, e, scratch):
    """Test the impurities of cell g = (gx, gy, gz) against the ray p + s e;
    update ``scratch.best`` (s, qx, qy, qz, inside) and ``scratch.hit``
    (the id of the nearest)."""
    gx, gy, gz = g
    px, py, pz = p
    ex, ey, ez = e
    cur = scratch.cur
    cell = scratch.cell
    best = scratch.best
    hit = scratch.hit
    n = cell_content(field, field_seed, gx, gy, gz, scratch.cstate, cell)
    a = field[F_RADIUS]
    a2 = a * a
    hard = int(field[F_KIND]) == HARD
    for k in range(n):
        if gx == cur[0] and gy == cur[1] and gz == cur[2] and k == cur[3]:
            continue
        wx = cell[k, 0] - px
        wy = cell[k, 1] - py
        wz = cell[k, 2] - pz
        proj = wx * ex + wy * ey + wz * ez
        w2 = wx * wx + wy * wy + wz * wz
        if hard and w2 < a2:
            best[4] = 1.0  # the ray starts inside another impurity
            continue
        if proj <= 0.0:
            continue
        d2 = w2 - proj * proj
        if d2 >= a2:
            continue
        s = proj - math.sqrt(a2 - d2) if hard else proj
        if s < best[0]:
            best[0] = s
            best[1] = cell[k, 0]
            best[2] = cell[k, 1]
            best[3] = cell[k, 2]
            hit[0] = gx
            hit[1] = gy
            hit[2] = gz
            hit[3] = k


@jit
def trace(field, field_seed, p, e, s_max, scratch):
    """First impurity other than ``scratch.cur`` met by the ray p + s e
    (p, e: (x, y, z)), 0 < s <= s_max.

    ``scratch`` is a :class:`~pathsim._kernels.state.FieldScratch`.  On
    return ``best[0]`` is s (inf if none within s_max), ``best[1:4]`` the
    centre of that impurity, ``hit`` its id, and ``best[4]`` is 1 if p lies
    inside an impurity other than ``cur`` (the ray is then invalid).
    ``cstate`` is scratch for the cells' streams (never a walker's).
    """
    px, py, pz = p
    ex, ey, ez = e
    best = scratch.best
    dim = int(field[F_DIM])
    c = field[F_CELL]
    best[0] = np.inf
    best[4] = 0.0
    ix = int(math.floor(px / c))
    iy = int(math.floor(py / c))
    iz = int(math.floor(pz / c)) if dim == 3 else 0
    zr = 1 if dim == 3 else 0
    for dx in range(-1, 2):
        for dy in range(-1, 2):
            for dz in range(-zr, zr + 1):
                _test_cell(field, field_seed, (ix + dx, iy + dy, iz + dz), p, e,
                           scratch)
    # distance to the next cell boundary along each axis, and between two
    step_x = 1 if ex > 0.0 else (-1 if ex < 0.0 else 0)
    step_y = 1 if ey > 0.0 else (-1 if ey < 0.0 else 0)
    step_z = 1 if ez > 0.0 else (-1 if ez < 0.0 else 0)
    if dim < 3:
        step_z = 0
    tx = ((ix + (step_x > 0)) * c - px) / ex if step_x != 0 else np.inf
    ty = ((iy + (step_y > 0)) * c - py) / ey if step_y != 0 else np.inf
    tz = ((iz + (step_z > 0)) * c - pz) / ez if step_z != 0 else np.inf
    dtx = c / abs(ex) if step_x != 0 else np.inf
    dty = c / abs(ey) if step_y != 0 else np.inf
    dtz = c / abs(ez) if step_z != 0 else np.inf
    while True:
        t_exit = min(tx, ty, tz)
        if best[0] <= t_exit or t_exit > s_max:
            break
        if tx == t_exit:
            ix += step_x
            tx += dtx
            lx = ix + step_x
            for dy in range(-1, 2):
                for dz in range(-zr, zr + 1):
                    _test_cell(field, field_seed, (lx, iy + dy, iz + dz), p, e,
                           scratch)
        elif ty == t_exit:
            iy += step_y
            ty += dty
            ly = iy + step_y
            for dx in range(-1, 2):
                for dz in range(-zr, zr + 1):
                    _test_cell(field, field_seed, (ix + dx, ly, iz + dz), p, e,
                           scratch)
        else:
            iz += step_z
            tz += dtz
            lz = iz + step_z
            for dx in range(-1, 2):
                for dy in range(-1, 2):
                    _test_cell(field, field_seed, (ix + dx, iy + dy, lz), p, e,
                           scratch)
    if best[0] > s_max:
        best[0] = np.inf


@jit
def random_direction(state, dim):
    """Uniform unit vector on the circle (dim 2) or the sphere (dim 3)."""
    if dim == 2:
        phi = 2.0 * math.pi * uniform(state)
        return math.cos(phi), math.sin(phi), 0.0
    mu = 2.0 * uniform(state) - 1.0
    phi = 2.0 * math.pi * uniform(state)
    st = math.sqrt(max(0.0, 1.0 - mu * mu))
    return st * math.cos(phi), st * math.sin(phi), mu


@jit
def emission_point(state, dim, a, ex, ey, ez):
    """Where a hard impurity of radius a re-emits in direction e: the
    surface point over a uniformly random point of its cross-section seen
    from e (so the normal lies at cosine-weighted angle to e); the offset
    from the centre is returned.  This is also where the reflected rays of
    a uniform incoming flux leave in direction e, which makes the start of a
    walk (a scattering at the origin impurity) the same for both laws."""
    if dim == 2:
        v = 2.0 * uniform(state) - 1.0
        r = math.sqrt(max(0.0, 1.0 - v * v))
        return a * (r * ex - v * ey), a * (r * ey + v * ex), 0.0
    rho = math.sqrt(uniform(state))
    phi = 2.0 * math.pi * uniform(state)
    # an orthonormal pair normal to e
    if abs(ez) < 0.9:
        nx, ny, nz = -ey, ex, 0.0
    else:
        nx, ny, nz = 0.0, -ez, ey
    norm = math.sqrt(nx * nx + ny * ny + nz * nz)
    nx /= norm
    ny /= norm
    nz /= norm
    mx = ey * nz - ez * ny
    my = ez * nx - ex * nz
    mz = ex * ny - ey * nx
    cp = rho * math.cos(phi)
    sp = rho * math.sin(phi)
    r = math.sqrt(max(0.0, 1.0 - rho * rho))
    return (a * (r * ex + cp * nx + sp * mx), a * (r * ey + cp * ny + sp * my),
            a * (r * ez + cp * nz + sp * mz))


@jit
def reflect(e, h, q, a):
    """Specular reflection of direction e at the point h of the sphere of
    centre q and radius a (e, h, q: (x, y, z))."""
    ex, ey, ez = e
    hx, hy, hz = h
    qx, qy, qz = q
    nx = (hx - qx) / a
    ny = (hy - qy) / a
    nz = (hz - qz) / a
    norm = math.sqrt(nx * nx + ny * ny + nz * nz)
    nx /= norm
    ny /= norm
    nz /= norm
    dot = 2.0 * (ex * nx + ey * ny + ez * nz)
    rx = ex - dot * nx
    ry = ey - dot * ny
    rz = ez - dot * nz
    norm = math.sqrt(rx * rx + ry * ry + rz * rz)
    return rx / norm, ry / norm, rz / norm


@jit
def cells_in_box(field, field_seed, lo, hi, out):
    """Centres (x, y, z) and ids (ix, iy, iz, k) of every impurity whose
    cell meets the box [lo, hi] (arrays of 3), written to ``out`` rows
    (x, y, z, ix, iy, iz, k); returns the number written (at most
    out.shape[0])."""
    dim = int(field[F_DIM])
    c = field[F_CELL]
    state = np.empty(4, dtype=np.uint64)
    cell = np.empty((CELL_CAP, 3))
    n = 0
    z_lo = int(math.floor(lo[2] / c)) if dim == 3 else 0
    z_hi = int(math.floor(hi[2] / c)) if dim == 3 else 0
    for ix in range(int(math.floor(lo[0] / c)), int(math.floor(hi[0] / c)) + 1):
        for iy in range(int(math.floor(lo[1] / c)), int(math.floor(hi[1] / c)) + 1):
            for iz in range(z_lo, z_hi + 1):
                m = cell_content(field, field_seed, ix, iy, iz, state, cell)
                for k in range(m):
                    if n < out.shape[0]:
                        out[n, 0] = cell[k, 0]
                        out[n, 1] = cell[k, 1]
                        out[n, 2] = cell[k, 2]
                        out[n, 3] = ix
                        out[n, 4] = iy
                        out[n, 5] = iz
                        out[n, 6] = k
                    n += 1
    return n
