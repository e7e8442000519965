"""Jitted walks through frozen impurity fields (PHYSICS.md section 8).

A walker starts with a scattering at the start impurity (at the origin):
for hard impurities it leaves from the surface point over a uniformly random
point of the cross-section seen from its direction, the direction being
uniform (what a uniform incoming flux does after reflection); a point
scatterer emits from its centre.  It then flies from impurity to impurity
(:func:`pathsim._raytrace.trace`): hard impurities reflect specularly or
re-emit isotropically (a uniform new direction, from the surface point drawn
as at the start); point scatterers re-emit isotropically from their centre
and the walker flies to the centre of the one its ray meets first (that
straight flight may graze another scatterer's cross-section: a finite-size
effect of the point model, absent as sigma -> 0).

Every hit of the start impurity closes a loop: the path P0 -> P1 -> ... ->
Pn, closed by the chord Pn -> P0 (points: where the walker met or left each
impurity).  Its time-reversed twin visits the same impurities in reverse
order, with the same length and the opposite area.  A loop whose impurity
sequence is a palindrome is its own reverse and is not counted.  The walk
goes on after a return, so later returns are loops too (as in the Poisson
engine, where W(t) counts every return).

Loops are turned into the observables of the Poisson engine through the
return density: a walker returns to an impurity of cross-section sigma (2a
in 2D, pi a^2 in 3D) at the rate W(t) v sigma, W the density of walkers at
the impurity, so each return is tallied with weight 1 / sigma into the same
loop histogram (:mod:`pathsim.tallies`).

Three drivers share the one walker :func:`_walk`: ``tally_blocks`` (loop
histograms per block, for :class:`~pathsim.result.SimulationResult`),
``amplitude_sums`` (coherent and incoherent sums of the loop amplitudes of
each realization) and ``record_loops`` (every loop with its impurity
sequence, for tests and pictures).  Walker j of realization r uses the
stream (seed, r * walkers_per_realization + j); the field of realization r
is keyed by (seed, r): results do not depend on threads or batching.
"""
import math

import numpy as np
from numba import prange

from ._kernels import _row
from ._kernels_nd import _tally_dirs
from ._numba import jit, parallel_jit
from ._raytrace import (CELL_CAP, F_DIM, F_KIND, F_RADIUS, F_REFLECT, HARD,
                        SPECULAR, cell_key, emission_point, impurity_phase,
                        random_direction, reflect, trace)
from ._rng import seed_stream, splitmix64

_FIELD_SALT = np.uint64(0x8CB92BA72F3D8DD7)
_WALKER_SALT = np.uint64(0x3C6EF372FE94F82B)
_HASH_BASE = np.uint64(0x9E3779B97F4A7C15)

# modes of _walk (bit flags)
TALLY, AMPLITUDES, RECORD = 1, 2, 4
# distinct loops remembered per realization (amplitude sums); beyond, every
# loop is taken as new
SEEN_CAP = 4096
# what _walk returns instead of a collision count
OVERFLOW = -1   # the impurity sequence outgrew its buffer
VOID = -2       # the start point lay inside another impurity

# columns of the loop records
LOOP_COLUMNS = ("walker", "time", "area_x", "area_y", "area_z", "impurities",
                "offset", "e1_en", "phase", "start_x", "start_y", "start_z")


@jit
def field_seed(seed, realization):
    """Seed of the impurity field of one realization."""
    return splitmix64(splitmix64(seed ^ _FIELD_SALT) ^ np.uint64(realization))


@jit
def walker_seed(seed):
    return splitmix64(seed ^ _WALKER_SALT)


@jit
def _palindrome(ids, m):
    """Whether the impurity sequence ids[0..m] (ids[m] == ids[0]) reads the
    same both ways."""
    for i in range(1, m // 2 + 1):
        j = m - i
        if (ids[i, 0] != ids[j, 0] or ids[i, 1] != ids[j, 1] or ids[i, 2] != ids[j, 2]
                or ids[i, 3] != ids[j, 3]):
            return False
    return True


@jit
def _add_amplitudes(t, phase, cx, cy, cz, dirs, kf, bf, inv_tau, s_re, s_im, inc):
    """Add a loop and its twin to the amplitude sums of every (k_F, b):
    2 cos(b A / 2) exp(-t / 2 tau_phi) exp(i (k_F t + phase)), and
    2 exp(-t / tau_phi) to the incoherent sum."""
    decay = math.exp(-t * inv_tau)
    inc[0] += 2.0 * decay * decay
    area = 0.5 * (dirs[0, 0] * cx + dirs[0, 1] * cy + dirs[0, 2] * cz)
    for i in range(kf.shape[0]):
        theta = kf[i] * t + phase
        re = decay * math.cos(theta)
        im = decay * math.sin(theta)
        for m in range(bf.shape[0]):
            pair = 2.0 * math.cos(0.5 * bf[m] * area)
            s_re[i, m] += re * pair
            s_im[i, m] += im * pair


@jit
def _record_loop(walker, t, cx, cy, cz, e1en, phase, p0x, p0y, p0z, hx, hy, hz, ids, pts,
                 n_seq, loops, rec_ids, rec_pts, counts):
    """Append a loop (LOOP_COLUMNS) with its sequence ids[:n_seq] + start and
    points pts[:n_seq] + arrival h, unless the buffers are full."""
    n_loop = counts[0]
    n_ids = counts[1]
    if n_loop >= loops.shape[0] or n_ids + n_seq + 1 > rec_ids.shape[0]:
        counts[2] += 1  # not recorded: buffers full
        return
    row = loops[n_loop]
    row[0] = walker
    row[1] = t
    row[2] = 0.5 * cx
    row[3] = 0.5 * cy
    row[4] = 0.5 * cz
    row[5] = n_seq + 1
    row[6] = n_ids
    row[7] = e1en
    row[8] = phase
    row[9] = p0x
    row[10] = p0y
    row[11] = p0z
    for i in range(n_seq):
        for j in range(4):
            rec_ids[n_ids + i, j] = ids[i, j]
        for j in range(6):
            rec_pts[n_ids + i, j] = pts[i, j]
    for j in range(4):
        rec_ids[n_ids + n_seq, j] = 0
    for j in range(2):
        rec_pts[n_ids + n_seq, 3 * j] = hx
        rec_pts[n_ids + n_seq, 3 * j + 1] = hy
        rec_pts[n_ids + n_seq, 3 * j + 2] = hz
    counts[0] = n_loop + 1
    counts[1] = n_ids + n_seq + 1


@jit
def _walk(state, cstate, field, fseed, t_cut, mode, walker, ids, pts, cell, best, hit,
          cur, t_min, log_t0, inv_dlog, dirs, inv_da, hist, rows, msd_times, msd,
          kf, bf, inv_tau, s_re, s_im, inc, seen_key, seen_len, loops, rec_ids,
          rec_pts, counts):
    """Walk one walker from the start impurity until t_cut; returns the
    number of collisions, or OVERFLOW or VOID.

    AMPLITUDES: ``inc`` holds (incoherent sum, loops in ``seen``, repeats);
    ``seen_key``, ``seen_len`` the distinct loops of the
    realization so far: a loop already found by another walker (same
    impurity sequence and length, as happens with point scatterers) is the
    same path and enters the sums once; so is a loop whose reverse was
    found (it is that loop's twin, already in the sums).
    """
    dim = int(field[F_DIM])
    a = field[F_RADIUS]
    hard = int(field[F_KIND]) == HARD
    specular = int(field[F_REFLECT]) == SPECULAR
    sigma = 2.0 * a if dim == 2 else math.pi * a * a
    n_time = hist.shape[1]
    cap = ids.shape[0]
    for j in range(4):
        cur[j] = 0
        ids[0, j] = 0
    qx = 0.0
    qy = 0.0
    qz = 0.0
    # the start: a scattering at the origin impurity.  A start point inside
    # another impurity is no start: the walker is void (not counted), which
    # weights the start impurities by their exposed cross-section, as the
    # scattering events of an incoming flux are.
    ex, ey, ez = random_direction(state, dim)
    px, py, pz = emission_point(state, dim, a, ex, ey, ez) if hard else (0.0, 0.0, 0.0)
    trace(field, fseed, px, py, pz, ex, ey, ez, t_cut, cur, cstate, cell, best, hit)
    if best[4] != 0.0:
        return VOID
    p0x, p0y, p0z = px, py, pz
    e1x, e1y, e1z = ex, ey, ez
    if mode & RECORD:
        pts[0, 0] = px
        pts[0, 1] = py
        pts[0, 2] = pz
        pts[0, 3] = px
        pts[0, 4] = py
        pts[0, 5] = pz
    n_seq = 1
    t = 0.0
    a2x = 0.0
    a2y = 0.0
    a2z = 0.0
    phase = 0.0
    # polynomial hashes of the impurity sequence read forwards and backwards
    # (sum h_i P^(i-1) and sum h_i P^(m-1-i), wrapping): a loop and its
    # reverse share min(forward, backward)
    fwd = np.uint64(0)
    bwd = np.uint64(0)
    power = np.uint64(1)
    events = 0
    k_msd = 0
    n_msd = msd_times.shape[0]
    while True:
        s = best[0]
        if s == np.inf:
            hx = px + (t_cut - t) * ex
            hy = py + (t_cut - t) * ey
            hz = pz + (t_cut - t) * ez
            length = t_cut - t
        elif hard:
            hx = px + s * ex
            hy = py + s * ey
            hz = pz + s * ez
            length = s
        else:
            hx = best[1]
            hy = best[2]
            hz = best[3]
            dx = hx - px
            dy = hy - py
            dz = hz - pz
            length = math.sqrt(dx * dx + dy * dy + dz * dz)
        if mode & TALLY:
            while k_msd < n_msd and msd_times[k_msd] <= t + length:
                f = (msd_times[k_msd] - t) / length
                rx = px + f * (hx - px)
                ry = py + f * (hy - py)
                rz = pz + f * (hz - pz)
                msd[k_msd] += rx * rx + ry * ry + rz * rz
                k_msd += 1
        if s == np.inf:
            break
        qx = best[1]
        qy = best[2]
        qz = best[3]
        a2x += py * hz - pz * hy
        a2y += pz * hx - px * hz
        a2z += px * hy - py * hx
        t += length
        events += 1
        inv_len = 1.0 / length if length > 0.0 else 0.0
        enx = (hx - px) * inv_len
        eny = (hy - py) * inv_len
        enz = (hz - pz) * inv_len
        for j in range(4):
            cur[j] = hit[j]
        if n_seq >= cap:
            return OVERFLOW
        for j in range(4):
            ids[n_seq, j] = hit[j]
        if hit[0] == 0 and hit[1] == 0 and hit[2] == 0 and hit[3] == 0 \
                and not _palindrome(ids, n_seq):
            # a loop: close it with the chord back to P0
            cx = a2x + hy * p0z - hz * p0y
            cy = a2y + hz * p0x - hx * p0z
            cz = a2z + hx * p0y - hy * p0x
            e1en = e1x * enx + e1y * eny + e1z * enz
            if mode & TALLY:
                _tally_dirs(1.0 / sigma, t, _row(t, t_min, log_t0, inv_dlog, n_time),
                            cx, cy, cz, e1en, dirs, inv_da, hist, rows)
            if mode & AMPLITUDES and _first_visit(min(fwd, bwd), t, seen_key, seen_len, inc):
                _add_amplitudes(t, phase, cx, cy, cz, dirs, kf, bf, inv_tau, s_re, s_im, inc)
            if mode & RECORD:
                _record_loop(walker, t, cx, cy, cz, e1en, phase, p0x, p0y, p0z, hx, hy, hz,
                             ids, pts, n_seq, loops, rec_ids, rec_pts, counts)
        phase += impurity_phase(fseed, hit[0], hit[1], hit[2], hit[3])
        h = splitmix64(cell_key(fseed, hit[0], hit[1], hit[2]) ^ np.uint64(hit[3]))
        fwd += h * power
        power *= _HASH_BASE
        bwd = bwd * _HASH_BASE + h
        # the scattering: new direction and departure point
        if hard and specular:
            ex, ey, ez = reflect(ex, ey, ez, hx, hy, hz, qx, qy, qz, a)
            px, py, pz = hx, hy, hz
            trace(field, fseed, px, py, pz, ex, ey, ez, t_cut - t, cur, cstate, cell,
                  best, hit)
        else:
            while True:
                ex, ey, ez = random_direction(state, dim)
                if hard:
                    ox, oy, oz = emission_point(state, dim, a, ex, ey, ez)
                    px, py, pz = qx + ox, qy + oy, qz + oz
                else:
                    px, py, pz = qx, qy, qz
                trace(field, fseed, px, py, pz, ex, ey, ez, t_cut - t, cur, cstate, cell,
                      best, hit)
                if best[4] == 0.0:
                    break
            # the path crosses the impurity from where it arrived to where it leaves
            a2x += hy * pz - hz * py
            a2y += hz * px - hx * pz
            a2z += hx * py - hy * px
        if mode & RECORD:
            pts[n_seq, 0] = hx
            pts[n_seq, 1] = hy
            pts[n_seq, 2] = hz
            pts[n_seq, 3] = px
            pts[n_seq, 4] = py
            pts[n_seq, 5] = pz
        n_seq += 1
    return events


@jit
def _first_visit(key, length, seen_key, seen_len, inc):
    """Whether the loop (sequence key, length) is not yet in ``seen_*``;
    records it."""
    n = int(inc[1])
    for i in range(n):
        if seen_key[i] == key and seen_len[i] == length:
            inc[2] += 1.0
            return False
    if n < seen_key.shape[0]:
        seen_key[n] = key
        seen_len[n] = length
        inc[1] = n + 1
    return True


@jit
def _count(n, events, counts, k):
    """Book one walker's outcome: counts[k] = (valid, void, overflow)."""
    if n == VOID:
        counts[k, 1] += 1
    elif n == OVERFLOW:
        counts[k, 0] += 1
        counts[k, 2] += 1
    else:
        counts[k, 0] += 1
        events[k] += n


@jit
def _scratch(cap):
    return (np.empty(4, dtype=np.uint64), np.empty(4, dtype=np.uint64),
            np.empty((cap, 4), dtype=np.int64),
            np.empty((CELL_CAP, 3)), np.empty(5), np.zeros(4, dtype=np.int64),
            np.zeros(4, dtype=np.int64))


@parallel_jit
def tally_blocks(seed, per_real, first_real, start, stop, field, t_cut, cap,
                 t_min, log_t0, inv_dlog, dirs, inv_da, msd_times, hist, rows, msd,
                 events, counts):
    """Realizations ``first_real[k] + [start[k], stop[k])`` of every block k,
    ``per_real`` walkers each, tallied into ``hist[k]``, ``rows[k]``,
    ``msd[k]``; collisions into ``events[k]``; ``counts[k]`` gets the walkers
    with a valid start, the void ones and those stopped because their
    sequence outgrew ``cap`` (see :func:`_walk`)."""
    wseed = walker_seed(seed)
    pts = np.empty((0, 6))
    kf = np.empty(0)
    s2 = np.empty((0, 0))
    inc = np.empty(3)
    no_key = np.empty(0, dtype=np.uint64)
    loops = np.empty((0, 12))
    rec_ids = np.empty((0, 4), dtype=np.int64)
    rec_counts = np.zeros(3, dtype=np.int64)
    for k in prange(first_real.shape[0]):
        state, cstate, ids, cell, best, hit, cur = _scratch(cap)
        for r in range(first_real[k] + start[k], first_real[k] + stop[k]):
            fseed = field_seed(seed, r)
            for j in range(per_real):
                seed_stream(state, wseed, r * per_real + j)
                n = _walk(state, cstate, field, fseed, t_cut, TALLY, j, ids, pts, cell, best,
                          hit, cur, t_min, log_t0, inv_dlog, dirs, inv_da, hist[k],
                          rows[k], msd_times, msd[k], kf, kf, 1.0, s2, s2, inc, no_key,
                          kf, loops, rec_ids, pts, rec_counts)
                _count(n, events, counts, k)


@parallel_jit
def amplitude_sums(seed, per_real, first, field, t_cut, cap, kf, bf, inv_tau,
                   direction, coherent, incoherent, repeats, events, counts):
    """Realizations first + [0, n) (n = ``incoherent.shape[0]``): for each,
    |sum of loop amplitudes|^2 per (k_F, b) into ``coherent[r]`` and the sum
    of |amplitude|^2 into ``incoherent[r]``; every loop enters with its twin.

    A loop of length L (= time) has amplitude exp(-L / (2 tau_phi))
    exp(i (k_F L + phase)) with ``phase`` the sum of the scattering phases of
    the impurities it visits between leaving and reaching the start, and
    the twins the Aharonov-Bohm phases +-b A / 2 (A = n . A_vec).
    """
    wseed = walker_seed(seed)
    dirs = np.empty((1, 3))
    for j in range(3):
        dirs[0, j] = direction[j]
    n_kf = kf.shape[0]
    n_b = bf.shape[0]
    for r in prange(incoherent.shape[0]):
        state, cstate, ids, cell, best, hit, cur = _scratch(cap)
        pts = np.empty((0, 6))
        hist = np.empty((0, 1, 1, 2))
        rows = np.empty((0, 1, 3))
        inv_da = np.empty((1, 1))
        msd = np.empty(0)
        loops = np.empty((0, 12))
        rec_ids = np.empty((0, 4), dtype=np.int64)
        rec_counts = np.zeros(3, dtype=np.int64)
        s_re = np.zeros((n_kf, n_b))
        s_im = np.zeros((n_kf, n_b))
        inc = np.zeros(3)
        seen_key = np.empty(SEEN_CAP, dtype=np.uint64)
        seen_len = np.empty(SEEN_CAP)
        fseed = field_seed(seed, first + r)
        for j in range(per_real):
            seed_stream(state, wseed, (first + r) * per_real + j)
            n = _walk(state, cstate, field, fseed, t_cut, AMPLITUDES, j, ids, pts, cell, best,
                      hit, cur, 1.0, 0.0, 1.0, dirs, inv_da, hist, rows, msd, msd,
                      kf, bf, inv_tau, s_re, s_im, inc, seen_key, seen_len, loops,
                      rec_ids, pts, rec_counts)
            _count(n, events, counts, r)
        for i in range(n_kf):
            for m in range(n_b):
                coherent[r, i, m] = s_re[i, m] * s_re[i, m] + s_im[i, m] * s_im[i, m]
        incoherent[r] = inc[0]
        repeats[r] = inc[2]


@jit
def record_loops(seed, per_real, realization, walkers, field, t_cut, cap, loops,
                 rec_ids, rec_pts, counts):
    """Walkers [0, walkers) of one realization, every loop recorded (see
    LOOP_COLUMNS) with its impurity ids and points (arrival xyz, departure
    xyz) until the buffers are full; returns the collisions."""
    wseed = walker_seed(seed)
    state, cstate, ids, cell, best, hit, cur = _scratch(cap)
    pts = np.empty((cap, 6))
    dirs = np.zeros((1, 3))
    dirs[0, 2] = 1.0
    hist = np.empty((0, 1, 1, 2))
    rows = np.empty((0, 1, 3))
    inv_da = np.empty((1, 1))
    msd = np.empty(0)
    kf = np.empty(0)
    s2 = np.empty((0, 0))
    inc = np.empty(3)
    no_key = np.empty(0, dtype=np.uint64)
    fseed = field_seed(seed, realization)
    total = 0
    for j in range(walkers):
        seed_stream(state, wseed, realization * per_real + j)
        n = _walk(state, cstate, field, fseed, t_cut, RECORD, j, ids, pts, cell, best, hit,
                  cur, 1.0, 0.0, 1.0, dirs, inv_da, hist, rows, msd, msd, kf, kf, 1.0,
                  s2, s2, inc, no_key, kf, loops, rec_ids, rec_pts, counts)
        total += max(n, 0)
    return total
