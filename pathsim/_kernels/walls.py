"""Walls and loop areas: folding, wall crossings, images, segment areas.

Specular walls are unfolded: the general walk (:mod:`pathsim._kernels.walk_nd`)
is followed in unfolded coordinates, where it is a free walk, and the real
path is its reflection (a triangle wave in each confined coordinate).  A
flight reaches the start through k reflections exactly when it flies
straight to one of the images of the start, 2 m W + y0 or 2 m W - y0
(absolute coordinate, walls at 0 and W) (:func:`image_range`).

The loop area is computed here: :func:`segment` adds the twice-area vector
sum r_a x r_b of the real path along one straight unfolded flight, over the
reflection points at which it crosses the wall planes.  (The unbounded 2D
walk keeps its own shoelace sum, :mod:`pathsim._kernels.walk_2d`; the
frozen walk sums over its polygon, :mod:`pathsim._kernels.frozen_walk`.)
Lengths in l; ``width`` is inf on an unconfined axis.
"""
import math

from .jit import inline_jit


@inline_jit
def fold(u, start, width):
    """Real coordinate (relative to the start) of the unfolded coordinate u."""
    if not math.isfinite(width):
        return u
    x = start + u
    period = 2.0 * width
    m = x - period * math.floor(x / period)
    if m > width:
        m = period - m
    return m - start


@inline_jit
def crossings(a, b, width):
    """Wall planes m W crossed between absolute coordinates a and b: the
    first m, how many, and the step of m (0 crossings on a free axis)."""
    if not math.isfinite(width):
        return 0, 0, 0
    k = int(math.floor(a / width))
    n = abs(int(math.floor(b / width)) - k)
    step = 1 if b > a else -1
    return (k + 1 if step > 0 else k), n, step


@inline_jit
def segment(a, b, start, width, unfold):
    """Twice the vector area sum r x r' of the real path along the straight
    unfolded segment a -> b (points (x, y, z) relative to the start), over
    its reflection points (``unfold``: the walls are specular and the walk
    unfolded).

    Returns (Ax, Ay, Az) and the real end point.
    """
    ax, ay, az = a
    bx, by, bz = b
    ry = fold(ay, start[1], width[1]) if unfold else ay
    rz = fold(az, start[2], width[2]) if unfold else az
    px, py, pz = ax, ry, rz
    sx = 0.0
    sy = 0.0
    sz = 0.0
    if unfold:
        # crossings of the wall planes m W on each confined axis, in order
        ya = start[1] + ay
        yb = start[1] + by
        za = start[2] + az
        zb = start[2] + bz
        ky, ny, dir_y = crossings(ya, yb, width[1])
        kz, nz, dir_z = crossings(za, zb, width[2])
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
            qy = fold(ay + t * (by - ay), start[1], width[1])
            qz = fold(az + t * (bz - az), start[2], width[2])
            sx += py * qz - pz * qy
            sy += pz * qx - px * qz
            sz += px * qy - py * qx
            px, py, pz = qx, qy, qz
        qy = fold(by, start[1], width[1])
        qz = fold(bz, start[2], width[2])
    else:
        qy = by
        qz = bz
    qx = bx
    sx += py * qz - pz * qy
    sy += pz * qx - px * qz
    sz += px * qy - py * qx
    return sx, sy, sz, qx, qy, qz


@inline_jit
def image_range(u, start, width, unfold, kind, s_max):
    """Images of the start along one axis: (offset, k_lo, k_hi, sign) of the
    images offset + 2 k W within s_max of the unfolded coordinate u.

    kind 0: offset 0 (an even number of reflections); kind 1: offset
    -2 start (odd).  Unconfined or unfolded axes have the one image 0.
    """
    if not unfold or not math.isfinite(width):
        return 0.0, 0, 0 if kind == 0 else -1, 1.0
    offset = 0.0 if kind == 0 else -2.0 * start
    period = 2.0 * width
    k_lo = int(math.ceil((u - offset - s_max) / period))
    k_hi = int(math.floor((u - offset + s_max) / period))
    return offset, k_lo, k_hi, (1.0 if kind == 0 else -1.0)
