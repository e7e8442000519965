"""Jitted walks in d = 1, 2, 3, unbounded or between walls.

The general counterpart of :mod:`pathsim._kernels` (which keeps the fast,
triangle-sampled path for the unbounded 2D walk).  Same model, same
next-event estimator (PHYSICS.md sections 2 and 4), same tallies; in addition

* dimension d = 1, 2, 3: flights of length Exp(l = 1) and new directions on
  the sphere S^(d-1); the return weight after event n at distance s is
  exp(-s) f(e) / s^(d-1), f the density of the new direction (1 / S_d for
  isotropic scattering, S_1 = 2, S_2 = 2 pi, S_3 = 4 pi);
* anisotropic scattering: Henyey-Greenstein phase functions with mean cosine
  ``g`` (wrapped Cauchy on the circle, the usual HG law on the sphere,
  forward with probability (1 + g) / 2 on the line);
* confinement across axis y (2D strip: a wire), axis z (3D film) or both
  (3D wire of rectangular section), with walls that reflect specularly or
  diffusely (Lambert's cosine law).

Walls and the estimator
-----------------------
Diffuse walls randomise the direction, so a wall hit is an event like a
scattering: the walk stops at the wall, a new direction is drawn with
density (e . n) / pi (3D) or (e . n) / 2 (2D) about the inward normal n, and
the next-event weight from the wall point carries that density.  The
straight flight back to the start never crosses a wall (the section is
convex).

Specular walls are unfolded: the walk is followed in unfolded coordinates,
where it is a free walk, and the real path is its reflection (a triangle
wave in each confined coordinate).  A flight reaches the start through k
reflections exactly when it flies straight to one of the images of the
start, 2 m W + y0 or 2 m W - y0 (absolute coordinate, wall at 0 and W), so
every event is scored once per image.  At the first event the image that
retraces the first flight is skipped (that path is its own time reverse);
the others are genuine loops (the wall acts as a scatterer).

Far events are scored by Russian roulette with a single uniform u per event:
an image at distance s is scored when s < S_R u^(-1/4), with its weight
divided by min(1, (S_R / s)^4); each image is thus scored without bias, and
only the images within that (finite on average) radius are visited.

Areas
-----
The twice-area vector sum r_a x r_b runs over the vertices of the real path,
including the reflection points, which are found on each straight unfolded
segment at the crossings of the wall planes.  Each loop is tallied once per
field direction n_k with the projected area n_k . A.
"""
import math

import numpy as np
from numba import prange

import numba

from ._kernels import S_MAX, S_ROULETTE, SPHERE, TWO_PI, _row, detector_profile
from ._numba import JIT, jit, parallel_jit
from ._rng import direction_2d, exponential, seed_stream, uniform

# Scattering laws (``law`` argument): Henyey-Greenstein with mean cosine g,
# or the specular hard disk (2D, mean cosine -1/3).
HENYEY_GREENSTEIN = 0
HARD_DISK = 1


# ---------------------------------------------------------------- directions
@numba.njit(inline="always", **JIT)
def _isotropic(state, dim):
    if dim == 1:
        return (1.0 if uniform(state) < 0.5 else -1.0), 0.0, 0.0
    if dim == 2:
        cx, cy = direction_2d(state)
        return cx, cy, 0.0
    # Archimedes: z uniform on [-1, 1], azimuth uniform (no trigonometry)
    mu = 2.0 * uniform(state) - 1.0
    ax, ay = direction_2d(state)
    st = math.sqrt(max(0.0, 1.0 - mu * mu))
    return st * ax, st * ay, mu


@numba.njit(inline="always", **JIT)
def _scatter(state, dim, g, law, cx, cy, cz):
    """New direction after a scattering of incoming direction c: the HG law
    (``law`` 0) or specular reflection on a hard disk hit at a uniformly
    random impact parameter (``law`` 1, 2D)."""
    if law == HARD_DISK:
        # impact parameter u = sin(alpha) uniform: deflection pi - 2 alpha
        u = 2.0 * uniform(state) - 1.0
        ct = 2.0 * u * u - 1.0  # cos(pi - 2 alpha)
        st = 2.0 * u * math.sqrt(max(0.0, 1.0 - u * u))  # sin(pi - 2 alpha)
        return ct * cx - st * cy, st * cx + ct * cy, 0.0
    if g == 0.0:
        return _isotropic(state, dim)
    if dim == 1:
        keep = uniform(state) < 0.5 * (1.0 + g)
        return (cx if keep else -cx), 0.0, 0.0
    if dim == 2:
        # wrapped Cauchy = circular Henyey-Greenstein
        theta = 2.0 * math.atan((1.0 - g) / (1.0 + g)
                                * math.tan(math.pi * (uniform(state) - 0.5)))
        ct = math.cos(theta)
        st = math.sin(theta)
        return ct * cx - st * cy, st * cx + ct * cy, 0.0
    frac = (1.0 - g * g) / (1.0 - g + 2.0 * g * uniform(state))
    mu = min(1.0, max(-1.0, (1.0 + g * g - frac * frac) / (2.0 * g)))
    phi = TWO_PI * uniform(state)
    st = math.sqrt(max(0.0, 1.0 - mu * mu))
    cp = math.cos(phi)
    sp = math.sin(phi)
    if abs(cz) > 0.99999:
        return st * cp, st * sp, math.copysign(mu, cz)
    tmp = math.sqrt(1.0 - cz * cz)
    return (st * (cx * cz * cp - cy * sp) / tmp + cx * mu,
            st * (cy * cz * cp + cx * sp) / tmp + cy * mu,
            -st * cp * tmp + cz * mu)


@numba.njit(inline="always", **JIT)
def _phase_function(dim, g, law, mu):
    """Density of the new direction at cosine mu to the old one (per unit
    solid angle, per radian in 2D, per direction in 1D)."""
    if law == HARD_DISK:
        # |sin(theta / 2)| / 4 on (-pi, pi]: mean cosine -1/3
        return 0.25 * math.sqrt(max(0.0, 0.5 * (1.0 - mu)))
    if g == 0.0:
        return 1.0 / SPHERE[dim]
    if dim == 1:
        return 0.5 * (1.0 + g) if mu > 0.0 else 0.5 * (1.0 - g)
    q = 1.0 + g * g - 2.0 * g * mu
    if dim == 2:
        return (1.0 - g * g) / (TWO_PI * q)
    return (1.0 - g * g) / (4.0 * math.pi * q * math.sqrt(q))


@numba.njit(inline="always", **JIT)
def _lambert(state, dim, axis, sign):
    """Diffuse re-emission from the wall normal to ``axis`` (1 = y, 2 = z);
    ``sign`` is the direction of the inward normal."""
    if dim == 2:
        t = 2.0 * uniform(state) - 1.0
        return t, sign * math.sqrt(max(0.0, 1.0 - t * t)), 0.0
    cn = math.sqrt(uniform(state))
    sn = math.sqrt(max(0.0, 1.0 - cn * cn))
    phi = TWO_PI * uniform(state)
    a = sn * math.cos(phi)
    b = sn * math.sin(phi)
    if axis == 2:
        return a, b, sign * cn
    return a, sign * cn, b


# ---------------------------------------------------------------- geometry
@numba.njit(inline="always", **JIT)
def _fold(u, start, width):
    """Real coordinate (relative to the start) of the unfolded coordinate u."""
    if not math.isfinite(width):
        return u
    x = start + u
    period = 2.0 * width
    m = x - period * math.floor(x / period)
    if m > width:
        m = period - m
    return m - start


@numba.njit(inline="always", **JIT)
def _crossings(a, b, width):
    """Wall planes m W crossed between absolute coordinates a and b: the
    first m, how many, and the step of m (0 crossings on a free axis)."""
    if not math.isfinite(width):
        return 0, 0, 0
    k = int(math.floor(a / width))
    n = abs(int(math.floor(b / width)) - k)
    step = 1 if b > a else -1
    return (k + 1 if step > 0 else k), n, step


@numba.njit(inline="always", **JIT)
def _segment(ax, ay, az, bx, by, bz, start, width, fold):
    """Twice the vector area sum r x r' of the real path along the straight
    unfolded segment a -> b, over its reflection points (``fold``).

    Returns (Ax, Ay, Az) and the real end point.
    """
    ry = _fold(ay, start[1], width[1]) if fold else ay
    rz = _fold(az, start[2], width[2]) if fold else az
    px, py, pz = ax, ry, rz
    sx = 0.0
    sy = 0.0
    sz = 0.0
    if fold:
        # crossings of the wall planes m W on each confined axis, in order
        ya = start[1] + ay
        yb = start[1] + by
        za = start[2] + az
        zb = start[2] + bz
        ky, ny, dir_y = _crossings(ya, yb, width[1])
        kz, nz, dir_z = _crossings(za, zb, width[2])
        iy = 0
        iz = 0
        while iy < ny or iz < nz:
            ty = (ky * width[1] - ya) / (yb - ya) if iy < ny else 2.0
            tz = (kz * width[2] - za) / (zb - za) if iz < nz else 2.0
            if ty <= tz:
                t = ty
                iy += 1
                ky += dir_y
            else:
                t = tz
                iz += 1
                kz += dir_z
            qx = ax + t * (bx - ax)
            qy = _fold(ay + t * (by - ay), start[1], width[1])
            qz = _fold(az + t * (bz - az), start[2], width[2])
            sx += py * qz - pz * qy
            sy += pz * qx - px * qz
            sz += px * qy - py * qx
            px, py, pz = qx, qy, qz
        qy = _fold(by, start[1], width[1])
        qz = _fold(bz, start[2], width[2])
    else:
        qy = by
        qz = bz
    qx = bx
    sx += py * qz - pz * qy
    sy += pz * qx - px * qz
    sz += px * qy - py * qx
    return sx, sy, sz, qx, qy, qz


@numba.njit(inline="always", **JIT)
def _image_range(u, start, width, fold, kind, s_max):
    """Images of the start along one axis: (offset, k_lo, k_hi, sign) of the
    images offset + 2 k W within s_max of the unfolded coordinate u.

    kind 0: offset 0 (an even number of reflections); kind 1: offset
    -2 start (odd).  Unconfined or unfolded axes have the one image 0.
    """
    if not fold or not math.isfinite(width):
        return 0.0, 0, 0 if kind == 0 else -1, 1.0
    offset = 0.0 if kind == 0 else -2.0 * start
    period = 2.0 * width
    k_lo = int(math.ceil((u - offset - s_max) / period))
    k_hi = int(math.floor((u - offset + s_max) / period))
    return offset, k_lo, k_hi, (1.0 if kind == 0 else -1.0)


@numba.njit(inline="always", **JIT)
def _tally_dirs(w, big_t, row, a2x, a2y, a2z, e1en, dirs, inv_da, hist, rows):
    """Add one loop to the tally of every field direction."""
    for k in range(dirs.shape[0]):
        area = 0.5 * (dirs[k, 0] * a2x + dirs[k, 1] * a2y + dirs[k, 2] * a2z)
        col = int(abs(area) * inv_da[k, row])
        if col < hist.shape[2]:
            hist[k, row, col, 0] += w
            hist[k, row, col, 1] += w * e1en
        else:
            rows[k, row, 0] += w
            rows[k, row, 1] += w * e1en
        rows[k, row, 2] += w * big_t


# ---------------------------------------------------------------- the walk
@jit
def _score(state, dim, g, law, wall_axis, wall_sign, first, ux, uy, uz, cx, cy, cz,
           t, a2x, a2y, a2z, e1x, e1y, e1z, start, width, fold, t_cut, eps,
           alpha, beta, t_min, log_t0, inv_dlog, dirs, inv_da, hist, rows):
    """Next-event scores of one event at unfolded position u (incoming
    direction c, or a diffuse wall of normal ``wall_axis`` if >= 0)."""
    if fold:
        s_u = S_ROULETTE / math.sqrt(math.sqrt(max(uniform(state), 1e-300)))
        if s_u > S_MAX:
            s_u = S_MAX
    else:
        # one image, the start itself: draw the roulette number only if needed
        s2 = ux * ux + uy * uy + uz * uz
        if s2 >= S_MAX * S_MAX:
            return
        s_u = S_MAX
        if s2 > S_ROULETTE * S_ROULETTE:
            s_u = S_ROULETTE / math.sqrt(math.sqrt(max(uniform(state), 1e-300)))
    su2 = s_u * s_u
    n_time = hist.shape[1]
    sd = SPHERE[dim]
    for kind_y in range(2):
        oy, ky_lo, ky_hi, sgn_y = _image_range(uy, start[1], width[1], fold, kind_y, s_u)
        for ky in range(ky_lo, ky_hi + 1):
            iy = oy + 2.0 * ky * width[1] if fold and math.isfinite(width[1]) else 0.0
            dy = iy - uy
            if dy * dy >= su2:
                continue
            for kind_z in range(2):
                oz, kz_lo, kz_hi, sgn_z = _image_range(uz, start[2], width[2], fold,
                                                       kind_z, s_u)
                for kz in range(kz_lo, kz_hi + 1):
                    if first and kind_y == 0 and ky == 0 and kind_z == 0 and kz == 0:
                        continue  # retraces the first flight: not a loop
                    iz = oz + 2.0 * kz * width[2] if fold and math.isfinite(width[2]) else 0.0
                    dz = iz - uz
                    s2 = ux * ux + dy * dy + dz * dz
                    if s2 >= su2:
                        continue
                    s = math.sqrt(s2)
                    big_t = t + s
                    if big_t >= t_cut:
                        continue
                    inv_s = 1.0 / s if s > 0.0 else 0.0
                    ex = -ux * inv_s
                    ey = dy * inv_s
                    ez = dz * inv_s
                    if wall_axis < 0:
                        dens = _phase_function(dim, g, law, cx * ex + cy * ey + cz * ez)
                    else:
                        en = ey if wall_axis == 1 else ez
                        dens = wall_sign * en / (2.0 if dim == 2 else math.pi)
                        if dens <= 0.0:
                            continue
                    if s > eps or dim == 1:
                        radial = math.exp(-s) * (inv_s if dim == 2 else
                                                 (inv_s * inv_s if dim == 3 else 1.0))
                    else:
                        radial = (alpha + beta * s) * sd
                    w = radial * dens
                    if s > S_ROULETTE:
                        boost = s * (1.0 / S_ROULETTE)
                        boost *= boost
                        w *= boost * boost
                    cx2, cy2, cz2, _, _, _ = _segment(ux, uy, uz, 0.0, iy, iz, start,
                                                      width, fold)
                    # arrival direction in real space: each reflection flips
                    # one component, an odd number exactly for kind 1
                    e1en = e1x * ex + e1y * ey * sgn_y + e1z * ez * sgn_z
                    _tally_dirs(w, big_t, _row(big_t, t_min, log_t0, inv_dlog, n_time),
                                a2x + cx2, a2y + cy2, a2z + cz2, e1en, dirs, inv_da,
                                hist, rows)


@jit
def _walk_one(state, start, dim, g, law, width, fold, t_cut, eps, alpha, beta,
              t_min, log_t0, inv_dlog, dirs, inv_da, msd_times, hist, rows, msd):
    """Walk one walker from a uniformly random start across the section
    (written into ``start``)."""
    for j in range(3):
        start[j] = width[j] * uniform(state) if math.isfinite(width[j]) else 0.0
    n_msd = msd_times.shape[0]
    k_msd = 0
    ux = 0.0
    uy = 0.0
    uz = 0.0
    a2x = 0.0
    a2y = 0.0
    a2z = 0.0
    t = 0.0
    events = 0
    cx, cy, cz = _isotropic(state, dim)
    e1x, e1y, e1z = cx, cy, cz
    while t < t_cut:
        ell = exponential(state)
        wall_axis = -1
        wall_sign = 0.0
        if not fold:  # diffuse walls stop the flight (free axes have none)
            for j in range(1, 3):
                if math.isfinite(width[j]):
                    cj = cy if j == 1 else cz
                    uj = uy if j == 1 else uz
                    if cj > 0.0:
                        dist = (width[j] - start[j] - uj) / cj
                        if dist < ell:
                            ell = max(dist, 0.0)
                            wall_axis = j
                            wall_sign = -1.0
                    elif cj < 0.0:
                        dist = (-start[j] - uj) / cj
                        if dist < ell:
                            ell = max(dist, 0.0)
                            wall_axis = j
                            wall_sign = 1.0
        while k_msd < n_msd and msd_times[k_msd] <= t + ell:
            d = msd_times[k_msd] - t
            px = ux + d * cx
            r2 = px * px
            if not math.isfinite(width[1]):
                py = uy + d * cy
                r2 += py * py
            if not math.isfinite(width[2]):
                pz = uz + d * cz
                r2 += pz * pz
            msd[k_msd] += r2
            k_msd += 1
        vx = ux + ell * cx
        vy = uy + ell * cy
        vz = uz + ell * cz
        if dim >= 2:
            sx, sy, sz, _, _, _ = _segment(ux, uy, uz, vx, vy, vz, start, width, fold)
            a2x += sx
            a2y += sy
            a2z += sz
        ux = vx
        uy = vy
        uz = vz
        t += ell
        events += 1
        if wall_axis >= 0:
            cx, cy, cz = _lambert(state, dim, wall_axis, wall_sign)
        # nothing to score if no image of the start lies within S_MAX (the
        # images share the free coordinates of the start, 0)
        free2 = ux * ux
        if not (fold and math.isfinite(width[1])):
            free2 += uy * uy
        if not (fold and math.isfinite(width[2])):
            free2 += uz * uz
        near = free2 < S_MAX * S_MAX
        if near and t < t_cut and (events >= 2 or (fold and events == 1)):
            _score(state, dim, g, law, wall_axis, wall_sign, events == 1, ux, uy, uz,
                   cx, cy, cz, t, a2x, a2y, a2z, e1x, e1y, e1z, start, width, fold,
                   t_cut, eps, alpha, beta, t_min, log_t0, inv_dlog, dirs, inv_da,
                   hist, rows)
        if wall_axis < 0:
            cx, cy, cz = _scatter(state, dim, g, law, cx, cy, cz)
    return events


@parallel_jit
def walk_blocks(seed, first_walker, start, stop, dim, g, law, width, fold, t_cut,
                eps, t_min, log_t0, inv_dlog, dirs, inv_da, msd_times, hist, rows,
                msd, events):
    """Walk walkers ``first_walker[k] + [start[k], stop[k])`` of every block k.

    ``width`` (3,) is the extent of each axis (inf: unconfined); ``fold``
    says the walls are specular (walks unfolded, images scored), else they
    are diffuse; ``dirs``
    (n_dir, 3) the unit field directions; ``hist`` (K, n_dir, n_time,
    n_area, 2) and ``rows`` (K, n_dir, n_time, 3) as in :mod:`pathsim._kernels`
    with a direction axis.  One thread owns one block; walkers of a block run
    in index order, so results do not depend on the thread count.
    """
    alpha, beta = detector_profile(eps, dim)
    for k in prange(first_walker.shape[0]):
        state = np.empty(4, dtype=np.uint64)
        origin = np.empty(3)
        count = 0
        for j in range(start[k], stop[k]):
            seed_stream(state, seed, first_walker[k] + j)
            count += _walk_one(state, origin, dim, g, law, width, fold, t_cut, eps, alpha,
                               beta, t_min, log_t0, inv_dlog, dirs, inv_da,
                               msd_times, hist[k], rows[k], msd[k])
        events[k] += count
