"""The unbounded 2D walk with spin: loops weighted by their spin factor.

The walk, its random numbers and its next-event estimator are those of
:mod:`pathsim._kernels.walk_2d` with ``estimator="next-event"`` (every
event n >= 2 scores the exact density of flying straight back to the
origin).  Each walker also carries, for every spin setting j (a row of the
spin table, :mod:`pathsim._kernels.spin`), two rotations:

* Q_j, the loop's rotation so far (new rotations multiplied on the left):
  F(c_n, l_n) S(c_{n-1} -> c_n) ... S(c_1 -> c_2) F(c_1, l_1);
* P_j, its twin's (the reversed path with reversed momenta, new rotations
  on the right): F(-c_1, l_1) S(-c_2 -> -c_1) ... F(-c_n, l_n).

A score at event n closes the loop with the return flight in direction e
(from r_n to the origin) through the scattering at r_n:

    U_loop = F(e, s_n) S(c_n -> e) Q_j,   U_twin = P_j S(-e -> -c_n) F(-e, s_n)

and the loop's weight is multiplied by s = (1/2) Tr(U_loop^dagger U_twin)
(:ref:`theory-spin-twins`).  When every rotation of a setting is odd in the
momentum (spin-orbit precession and Elliott-Yafet, without Zeeman or
magnetic impurities: kind ODD), the twin's factors are the inverses of the
loop's in reverse order, so U_twin = U_loop^-1 exactly and P_j is not
carried: s = (1/2) Tr(U_loop^-2) = w^2 - x^2 - y^2 - z^2 of the closed loop's
quaternion (the same rule with one quaternion product per flight instead of
two, and in-plane flights, :func:`pathsim._kernels.spin.in_plane_flight`;
the weights agree with carrying P_j to rounding).  The weighted loops of
setting j go to the tally's axis j (the "direction" axis of the spinless tallies, one field
direction z per setting), so all settings share the walkers and their
differences keep the walkers' correlations.  Without Elliott-Yafet and
magnetic impurities no random number is added: the walk is the spinless
walk, number for number.
"""
import math

import numpy as np
from numba import prange

from .jit import inline_jit, jit, parallel_jit
from .rng import direction_2d, exponential, seed_stream, uniform
from .scatter import HENYEY_GREENSTEIN, lambert, phase_function, scatter
from .spin import (draw_impurity, flight_pair, in_plane_flight, qdot, qmul, qmul_in_plane,
                   scattering)
from .state import HALT_TIME, BlockTally
from .tally import TWO_PI, along_current, bin_loop, plane_return, sample_msd, time_row

#: a 2D strip's current axes (tally.current_axes): x alone, d / 2 = 1
STRIP = (True, False, False, 1.0)


#: setting kinds: no spin term; every rotation odd in the momentum (the
#: twin's rotation is the loop's inverse); anything else
NONE, ODD, GENERAL = 0, 1, 2


@jit
def setting_kinds(spin):
    """Kind of each row of the spin table: NONE without any spin term, ODD
    when the rotations are all odd in the momentum (no magnetic impurities,
    no Zeeman field), else GENERAL."""
    kind = np.zeros(spin.shape[0], dtype=np.int64)
    for j in range(spin.shape[0]):
        for c in range(spin.shape[1]):
            if spin[j, c] != 0.0:
                kind[j] = GENERAL
        if kind[j] == GENERAL and spin[j, 4] == 0.0 and spin[j, 5] == 0.0 \
                and spin[j, 6] == 0.0 and spin[j, 7] == 0.0:
            kind[j] = ODD
    return kind


@jit
def _set_identity(q):
    for j in range(q.shape[0]):
        q[j, 0] = 1.0
        q[j, 1] = 0.0
        q[j, 2] = 0.0
        q[j, 3] = 0.0


@inline_jit
def _row(spin, j):
    """Row j of the spin table as a tuple (no array view)."""
    return (spin[j, 0], spin[j, 1], spin[j, 2], spin[j, 3], spin[j, 4], spin[j, 5],
            spin[j, 6], spin[j, 7])


@inline_jit
def _advance(spin, q, p, j, imp, c_old, c_new, ell, scattered):
    """Multiply setting j's loop rotation on the left, and its twin's on
    the right, by the scattering c_old -> c_new (if ``scattered``) and the
    flight of length ell along c_new."""
    sp = spin[j]
    ox, oy = c_old
    nx, ny = c_new
    loop = (q[j, 0], q[j, 1], q[j, 2], q[j, 3])
    twin = (p[j, 0], p[j, 1], p[j, 2], p[j, 3])
    if scattered and (sp[3] != 0.0 or sp[4] != 0.0):
        loop = qmul(scattering(sp, imp, ox, oy, nx, ny), loop)
        twin = qmul(twin, scattering(sp, imp, -nx, -ny, -ox, -oy))
    forward, backward = flight_pair(sp, nx, ny, ell)
    loop = qmul(forward, loop)
    twin = qmul(twin, backward)
    q[j, 0], q[j, 1], q[j, 2], q[j, 3] = loop
    p[j, 0], p[j, 1], p[j, 2], p[j, 3] = twin


@inline_jit
def _advance_odd(spin, q, j, imp, c_old, c_new, ell, scattered):
    """:func:`_advance` for a setting whose every rotation is odd in the
    momentum (ODD): only the loop's rotation is carried, its twin's being
    the inverse (module docstring)."""
    sp = _row(spin, j)
    ox, oy = c_old
    nx, ny = c_new
    loop = (q[j, 0], q[j, 1], q[j, 2], q[j, 3])
    if scattered and sp[3] != 0.0:
        loop = qmul(scattering(sp, imp, ox, oy, nx, ny), loop)
    loop = qmul_in_plane(in_plane_flight(sp, nx, ny, ell), loop)
    q[j, 0], q[j, 1], q[j, 2], q[j, 3] = loop


@inline_jit
def _closed_weight(spin, q, p, j, odd, imp, c_last, e, s, scattered):
    """Spin factor (1/2) Tr(U_loop^dagger U_twin) of the loop closed from
    the current point by the return flight e (length s), through the
    scattering there (none at a wall); ``odd``: setting j is ODD."""
    sp = _row(spin, j)
    cx, cy = c_last
    ex, ey = e
    loop = (q[j, 0], q[j, 1], q[j, 2], q[j, 3])
    if odd:
        # ODD: U_twin = U_loop^-1, and (1/2) Tr(U_loop^-2) = w^2 - |v|^2
        if scattered and sp[3] != 0.0:
            loop = qmul(scattering(sp, imp, cx, cy, ex, ey), loop)
        loop = qmul_in_plane(in_plane_flight(sp, ex, ey, s), loop)
        return qdot(loop, (loop[0], -loop[1], -loop[2], -loop[3]))
    twin = (p[j, 0], p[j, 1], p[j, 2], p[j, 3])
    if scattered and (sp[3] != 0.0 or sp[4] != 0.0):
        loop = qmul(scattering(sp, imp, cx, cy, ex, ey), loop)
        twin = qmul(twin, scattering(sp, imp, -ex, -ey, -cx, -cy))
    forward, backward = flight_pair(sp, ex, ey, s)
    return qdot(qmul(forward, loop), qmul(twin, backward))


@jit
def _walk_one(state, spin, need, medium, bins, out, q, p, kind):
    """Walk one walker until t >= t_cut; return its events.

    ``medium`` = (width, g, law): scattering by the law of
    :mod:`pathsim._kernels.scatter` (the score then carries its density);
    ``width`` is inf for the unbounded walk, else the width of a strip
    0 <= y <= width with diffuse walls (the walker starts at a uniformly
    random y0; a wall hit re-emits with Lambert's law, turns no spin, and
    is an event whose next-event score carries the density (e . n) / 2).
    ``kind[j]`` (:func:`setting_kinds`): NONE, a setting without spin
    terms, keeps rotations 1 and loops of weight 1 with no arithmetic; ODD
    carries only the loop's rotation; GENERAL carries both.
    """
    need_g, need_m = (False, False) if need is None else need
    if medium is None:       # the unbounded isotropic walk, fixed when compiled
        width, g, law = math.inf, 0.0, HENYEY_GREENSTEIN
    else:
        width, g, law = medium
    isotropic = g == 0.0 and law == HENYEY_GREENSTEIN
    n_set = spin.shape[0]
    t_cut = bins.t_cut
    eps = bins.eps
    wire = math.isfinite(width)
    y0 = width * uniform(state) if wire else 0.0
    _set_identity(q)
    _set_identity(p)
    imp = (0.0, 0.0, 1.0, 0.0, 0.0, 1.0)
    k_msd = 0
    x = 0.0
    y = 0.0
    t = 0.0
    twice_area = 0.0
    events = 0
    e1x = 0.0
    e1y = 0.0
    cx = 0.0
    cy = 0.0
    wall_sign = 0.0   # != 0: the last event was a wall hit (inward normal +-y)
    nx = 0.0
    ny = 0.0
    while t < t_cut:
        if bins.halt[0] != 0:     # Ctrl-C (state.HALT_TIME): the walk stops
            break
        t_slice = min(t_cut, t + HALT_TIME)
        while t < t_slice:
            if wall_sign == 0.0:
                if isotropic or events == 0:
                    nx, ny = direction_2d(state)
                else:
                    nx, ny, _ = scatter(state, 2, g, law, cx, cy, 0.0)
            ell = exponential(state)
            scattered = events > 0 and wall_sign == 0.0
            wall_sign = 0.0
            if wire:
                if ny > 0.0 and (width - y0 - y) / ny < ell:
                    ell = max((width - y0 - y) / ny, 0.0)
                    wall_sign = -1.0
                elif ny < 0.0 and (-y0 - y) / ny < ell:
                    ell = max((-y0 - y) / ny, 0.0)
                    wall_sign = 1.0
            for j in range(n_set):
                if kind[j] == ODD:
                    _advance_odd(spin, q, j, imp, (cx, cy), (nx, ny), ell, scattered)
                elif kind[j] == GENERAL:
                    _advance(spin, q, p, j, imp, (cx, cy), (nx, ny), ell, scattered)
            cx = nx
            cy = ny
            if events == 0:
                e1x = cx
                e1y = cy
            k_msd = sample_msd(bins.msd_times, out.msd, k_msd, (t, ell, 1.0), (x, y, 0.0),
                               (cx, cy, 0.0), (not wire, False))
            xn = x + ell * cx
            yn = y + ell * cy
            twice_area += x * yn - xn * y
            x = xn
            y = yn
            t += ell
            events += 1
            if wall_sign == 0.0:
                imp = draw_impurity(state, need_g, need_m)
            else:
                nx, ny, _ = lambert(state, 2, 1, wall_sign)
            if events < 2:
                continue
            if events == 2 and isotropic and not wire:
                # the two-flight return of the unbounded isotropic walk: its own
                # profile, as in walk_2d (state.LoopBins; not yet in walk_nd,
                # whose anisotropic and walled walks this kernel must match)
                two = bins.two_flight
                scored, w, s, inv_s, big_t = plane_return(state, x, y, t, t_cut, eps, two[0],
                                                          two[1], two[2])
            else:
                scored, w, s, inv_s, big_t = plane_return(state, x, y, t, t_cut, eps,
                                                          bins.alpha, bins.beta)
            if not scored:
                continue
            ex = -x * inv_s if s > 0.0 else -cx
            ey = -y * inv_s if s > 0.0 else -cy
            if wall_sign != 0.0:
                # Lambert re-emission towards the start instead of 1 / (2 pi)
                dens = wall_sign * ey * 0.5
                if dens <= 0.0:
                    continue
                w *= TWO_PI * dens
            elif not isotropic:
                w *= TWO_PI * phase_function(2, g, law, cx * ex + cy * ey)
            # e_n points from r_n back to the origin (written as in walk_2d)
            e1en = -(e1x * x + e1y * y) * inv_s
            if wire:
                # the correction along the strip (tally.along_current)
                w_a, e1en = along_current(STRIP, (e1x, e1y, 0.0), (ex, ey, 0.0))
                if w_a <= 0.0:
                    continue
                w *= w_a
            row = time_row(bins, big_t, out.hist.shape[1])
            area = 0.5 * twice_area
            for j in range(n_set):
                weight = 1.0
                if kind[j] != NONE:
                    weight = _closed_weight(spin, q, p, j, kind[j] == ODD, imp, (cx, cy),
                                            (ex, ey), s, wall_sign == 0.0)
                bin_loop(out, j, row, w * weight, big_t, area, e1en, bins.inv_da[j, row])
    return events


@parallel_jit
def walk_blocks_spin(blocks, spin, need, medium, bins, tallies):
    """Walk walkers ``first[k] + [begin[k], stop[k])`` of every block k.

    ``spin`` (n_set, 8) is the spin table (:mod:`pathsim._kernels.spin`);
    ``need`` = (Elliott-Yafet axes, magnetic axes): which frozen impurity
    axes some setting uses (None: neither, fixed when compiled);
    ``medium`` = (width: inf or a strip's with diffuse walls, mean cosine g,
    scattering-law code), or None for the unbounded isotropic walk (fixed
    when compiled, as in :func:`pathsim.run.spin_rounds.walk_spin`);
    setting j's loops are tallied along the second axis of ``tallies``
    (n_dir = n_set, all of field direction z).  One thread owns one block,
    and the walkers of a block run in index order.
    """
    seed, first, begin, stop = blocks
    hist = tallies.hist
    rows = tallies.rows
    msd = tallies.msd
    events = tallies.events
    n_set = spin.shape[0]
    kind = setting_kinds(spin)
    for k in prange(first.shape[0]):
        state = np.empty(4, dtype=np.uint64)
        q = np.empty((n_set, 4))
        p = np.empty((n_set, 4))
        out = BlockTally(hist[k], rows[k], msd[k])
        count = 0
        for j in range(begin[k], stop[k]):
            seed_stream(state, seed, first[k] + j)
            count += _walk_one(state, spin, need, medium, bins, out, q, p, kind)
        events[k] += count
