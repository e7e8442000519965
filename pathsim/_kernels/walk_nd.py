"""Jitted walks in d = 1, 2, 3, unbounded or between walls.

The general counterpart of :mod:`pathsim._kernels.walk_2d` (which keeps the
fast, triangle-sampled path for the unbounded 2D walk).  Same model, same
next-event estimator (:ref:`theory-walk`, :ref:`theory-estimator`), same tallies; in addition

* dimension d = 1, 2, 3: flights of length Exp(l = 1) and new directions on
  the sphere S^(d-1); the return weight after event n at distance s is
  exp(-s) f(e) / s^(d-1), f the density of the new direction (1 / S_d for
  isotropic scattering, S_1 = 2, S_2 = 2 pi, S_3 = 4 pi);
* anisotropic scattering: the laws of :mod:`pathsim._kernels.scatter`
  (Henyey-Greenstein with mean cosine ``g``, the specular hard disk);
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
segment at the crossings of the wall planes
(:func:`pathsim._kernels.walls.segment`).  Each loop is tallied once per
field direction n_k with the projected area n_k . A.
"""
import math

import numpy as np
from numba import prange

from .jit import jit, parallel_jit
from .rng import exponential, seed_stream, uniform
from .scatter import isotropic, lambert, phase_function, scatter
from .state import HALT_TIME, BlockTally
from .tally import (S_MAX, S_ROULETTE, SPHERE, along_current, current_axes, sample_msd,
                    tally_loop)
from .walls import image_range, segment
from .walk_spin_nd import SpinWalk, spin_advance, spin_close, spin_draw, spin_reset, tally_spin


@jit
def _score(state, medium, bins, out, start, at, incoming, path, spin):
    """Next-event scores of one event.

    ``at`` = (ux, uy, uz, t, first): unfolded position, time, and whether
    this is the first event; ``incoming`` = (cx, cy, cz, wall_axis,
    wall_sign): the incoming direction, or a diffuse wall of normal
    ``wall_axis`` if >= 0; ``path`` = (a2x, a2y, a2z, e1x, e1y, e1z): twice
    the area vector so far and the first direction.
    """
    dim, g, law, width, unfold, start_x = medium
    ux, uy, uz, t, first = at
    cx, cy, cz, wall_axis, wall_sign = incoming
    a2x, a2y, a2z, e1x, e1y, e1z = path
    if unfold:
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
    sd = SPHERE[dim]
    axes = current_axes(dim, width)
    for kind_y in range(2):
        oy, ky_lo, ky_hi, sgn_y = image_range(uy, start[1], width[1], unfold, kind_y, s_u)
        for ky in range(ky_lo, ky_hi + 1):
            iy = oy + 2.0 * ky * width[1] if unfold and math.isfinite(width[1]) else 0.0
            dy = iy - uy
            if dy * dy >= su2:
                continue
            for kind_z in range(2):
                oz, kz_lo, kz_hi, sgn_z = image_range(uz, start[2], width[2], unfold,
                                                      kind_z, s_u)
                for kz in range(kz_lo, kz_hi + 1):
                    if first and kind_y == 0 and ky == 0 and kind_z == 0 and kz == 0:
                        continue  # retraces the first flight: not a loop
                    iz = (oz + 2.0 * kz * width[2] if unfold and math.isfinite(width[2])
                          else 0.0)
                    dz = iz - uz
                    s2 = ux * ux + dy * dy + dz * dz
                    if s2 >= su2:
                        continue
                    s = math.sqrt(s2)
                    big_t = t + s
                    if big_t >= bins.t_cut:
                        continue
                    inv_s = 1.0 / s if s > 0.0 else 0.0
                    ex = -ux * inv_s
                    ey = dy * inv_s
                    ez = dz * inv_s
                    if wall_axis < 0:
                        dens = phase_function(dim, g, law, cx * ex + cy * ey + cz * ez)
                    else:
                        en = ey if wall_axis == 1 else ez
                        dens = wall_sign * en / (2.0 if dim == 2 else math.pi)
                        if dens <= 0.0:
                            continue
                    if s > bins.eps or dim == 1:
                        radial = math.exp(-s) * (inv_s if dim == 2 else
                                                 (inv_s * inv_s if dim == 3 else 1.0))
                    else:
                        radial = (bins.alpha + bins.beta * s) * sd
                    w = radial * dens
                    if s > S_ROULETTE:
                        boost = s * (1.0 / S_ROULETTE)
                        boost *= boost
                        w *= boost * boost
                    cx2, cy2, cz2, _, _, _ = segment((ux, uy, uz), (0.0, iy, iz), start,
                                                     width, unfold)
                    # arrival direction in real space: each reflection flips
                    # one component, an odd number exactly for kind 1
                    e1en = e1x * ex + e1y * ey * sgn_y + e1z * ez * sgn_z
                    if axes[0]:
                        # the current axes are never reflected: their
                        # components are the same in real space
                        w_a, e1en = along_current(axes, (e1x, e1y, e1z), (ex, ey, ez))
                        if w_a <= 0.0:
                            continue
                        w *= w_a
                    area2 = (a2x + cx2, a2y + cy2, a2z + cz2)
                    if spin is None:
                        tally_loop(bins, out, w, big_t, area2, e1en)
                    else:
                        spin_close(spin, dim, (start, width, unfold), (ux, uy, uz),
                                   (0.0, iy, iz), (cx, cy, cz), wall_axis < 0)
                        tally_spin(bins, out, spin, w, big_t, area2, e1en)


@jit
def _walk_one(state, start, medium, bins, out, exits, spin):
    """Walk one walker from a uniformly random start across the section
    (written into ``start``); returns its scattering events.

    An open sample (``width[0]`` = L finite) also starts uniformly along x,
    and the walker is gone when a flight crosses x = 0 or x = L (the
    leads); ``exits`` gets e_1x (x_exit - x_0) and the lead it went
    through.  The straight flight of a next-event score from a point
    inside back to the start never crosses them (x is monotone along it).
    ``spin``: None, or a :class:`~pathsim._kernels.walk_spin_nd.SpinWalk`
    whose rotations follow the walk (no random number is added unless a
    setting needs the impurities' frozen axes).
    """
    dim, g, law, width, unfold, start_x = medium
    t_cut = bins.t_cut
    for j in range(3):
        start[j] = width[j] * uniform(state) if math.isfinite(width[j]) else 0.0
    if not math.isnan(start_x):
        start[0] = start_x      # a fixed start along x (the draw keeps the stream)
    free = (not math.isfinite(width[1]), not math.isfinite(width[2]))
    k_msd = 0
    ux = 0.0
    uy = 0.0
    uz = 0.0
    a2x = 0.0
    a2y = 0.0
    a2z = 0.0
    t = 0.0
    events = 0
    cx, cy, cz = isotropic(state, dim)
    e1x, e1y, e1z = cx, cy, cz
    # the direction before the last event, and whether it was a scattering
    ox, oy, oz = cx, cy, cz
    scattered = False
    if spin is not None:
        spin_reset(spin)
    while t < t_cut:
        if bins.halt[0] != 0:     # Ctrl-C (state.HALT_TIME): the walk stops
            break
        t_slice = min(t_cut, t + HALT_TIME)
        while t < t_slice:
            ell = exponential(state)
            wall_axis = -1
            wall_sign = 0.0
            if not unfold:  # diffuse walls stop the flight (free axes have none)
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
            if math.isfinite(width[0]):
                x_end = start[0] + ux + ell * cx
                if x_end <= 0.0 or x_end >= width[0]:
                    lead = width[0] if x_end > 0.0 else 0.0
                    exits[0] += e1x * (lead - start[0])
                    exits[1 if x_end > 0.0 else 2] += 1.0
                    return events
            k_msd = sample_msd(bins.msd_times, out.msd, k_msd, (t, ell, 1.0), (ux, uy, uz),
                               (cx, cy, cz), free)
            vx = ux + ell * cx
            vy = uy + ell * cy
            vz = uz + ell * cz
            if spin is not None:
                spin_advance(spin, dim, (start, width, unfold), (ux, uy, uz), (vx, vy, vz),
                             (ox, oy, oz), (cx, cy, cz), scattered)
            if dim >= 2:
                sx, sy, sz, _, _, _ = segment((ux, uy, uz), (vx, vy, vz), start, width, unfold)
                a2x += sx
                a2y += sy
                a2z += sz
            ux = vx
            uy = vy
            uz = vz
            t += ell
            events += 1
            ox, oy, oz = cx, cy, cz
            scattered = wall_axis < 0
            if wall_axis >= 0:
                cx, cy, cz = lambert(state, dim, wall_axis, wall_sign)
            elif spin is not None:
                spin_draw(state, spin)
            # nothing to score if no image of the start lies within S_MAX (the
            # images share the free coordinates of the start, 0)
            free2 = ux * ux
            if not (unfold and math.isfinite(width[1])):
                free2 += uy * uy
            if not (unfold and math.isfinite(width[2])):
                free2 += uz * uz
            near = free2 < S_MAX * S_MAX
            if near and t < t_cut and (events >= 2 or (unfold and events == 1)):
                _score(state, medium, bins, out, start, (ux, uy, uz, t, events == 1),
                       (cx, cy, cz, wall_axis, wall_sign), (a2x, a2y, a2z, e1x, e1y, e1z), spin)
            if wall_axis < 0:
                cx, cy, cz = scatter(state, dim, g, law, cx, cy, cz)
    return events


@parallel_jit
def walk_blocks(blocks, medium, bins, tallies):
    """Walk walkers ``first[k] + [begin[k], stop[k])`` of every block k.

    ``blocks`` (:class:`~pathsim._kernels.state.Blocks`) says which;
    ``medium`` (:class:`~pathsim._kernels.state.MediumArgs`) is the medium,
    ``bins`` (:class:`~pathsim._kernels.state.LoopBins`) the cut-off,
    detector and tally layout; block k's loops, squared displacements and
    events are added to ``tallies`` (:class:`~pathsim._kernels.state.Tallies`)
    at index k.  One thread owns one block; walkers of a block run in index
    order, so results do not depend on the thread count.
    """
    seed, first, begin, stop = blocks
    # attribute access before the parallel loop, not unpacking and not inside
    # it: numba 0.68 drops the loop's writes to such arrays (events stayed 0)
    hist = tallies.hist
    rows = tallies.rows
    msd = tallies.msd
    events = tallies.events
    exits = tallies.exits
    for k in prange(first.shape[0]):
        state = np.empty(4, dtype=np.uint64)
        origin = np.empty(3)
        out = BlockTally(hist[k], rows[k], msd[k])
        count = 0
        for j in range(begin[k], stop[k]):
            seed_stream(state, seed, first[k] + j)
            count += _walk_one(state, origin, medium, bins, out, exits[k], None)
        events[k] += count


@parallel_jit
def walk_blocks_spin_nd(blocks, table, medium, bins, tallies):
    """:func:`walk_blocks` with spin: ``table`` (n_set, 8) is the spin
    table (:mod:`pathsim._kernels.spin`); setting j's loops go to the tally
    axes j n_dir .. (j + 1) n_dir - 1 (``bins.dirs`` repeats the n_dir field
    directions n_set times).  No leads."""
    seed, first, begin, stop = blocks
    hist = tallies.hist
    rows = tallies.rows
    msd = tallies.msd
    events = tallies.events
    exits = tallies.exits
    n_set = table.shape[0]
    active = np.zeros(n_set, dtype=np.bool_)
    need_g = False
    need_m = False
    for j in range(n_set):
        need_g = need_g or (table[j, 3] != 0.0 and medium.dim == 2)
        need_m = need_m or table[j, 4] != 0.0
        for c in range(table.shape[1]):
            active[j] = active[j] or table[j, c] != 0.0
    for k in prange(first.shape[0]):
        state = np.empty(4, dtype=np.uint64)
        origin = np.empty(3)
        spin = SpinWalk(table, np.empty((n_set, 4)), np.empty((n_set, 4)), active,
                        np.zeros(6), np.empty(n_set), (need_g, need_m))
        out = BlockTally(hist[k], rows[k], msd[k])
        count = 0
        for j in range(begin[k], stop[k]):
            seed_stream(state, seed, first[k] + j)
            count += _walk_one(state, origin, medium, bins, out, exits[k], spin)
        events[k] += count
