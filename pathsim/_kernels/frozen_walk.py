"""Jitted walks through frozen impurity fields (:ref:`theory-frozen`).

A walker starts with a scattering at the start impurity (at the origin):
for hard impurities it leaves from the surface point over a uniformly random
point of the cross-section seen from its direction, the direction being
uniform (what a uniform incoming flux does after reflection); a point
scatterer emits from its centre.  It then flies from impurity to impurity
(:func:`pathsim._kernels.raytrace.trace`): hard impurities reflect
specularly or re-emit isotropically (a uniform new direction, from the surface point drawn
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
loop histogram (:func:`pathsim._kernels.tally.tally_loop`).

Three kernels share the one walker :func:`_walk`: ``tally_blocks`` (loop
histograms per block, for :class:`~pathsim.results.SimulationResult`),
``amplitude_sums`` (coherent and incoherent sums of the loop amplitudes of
each realization) and ``record_loops`` (every loop with its impurity
sequence, for tests and pictures); what they do with a loop is chosen by
which of the walker's ``tally``, ``amps`` and ``record`` arguments are not
None (numba compiles the others away; :mod:`pathsim._kernels.frozen_sums`).
Walker j of realization r uses the stream (seed, r * walkers_per_realization
+ j); the field of realization r is keyed by (seed, r): results do not
depend on threads or batching.
"""
import math

import numpy as np
from numba import prange

from .frozen_sums import (SEEN_CAP, add_amplitudes, add_spinor_amplitudes, first_visit,
                          record_loop)
from .jit import jit, parallel_jit
from .raytrace import (CELL_CAP, F_DIM, F_KIND, F_RADIUS, F_REFLECT, HARD,
                       SPECULAR, cell_key, emission_point, impurity_phase,
                       random_direction, reflect, trace)
from .rng import seed_stream, splitmix64
from .spin import frozen_impurity, spin_flight, spin_scattering
from .state import AmplitudeSums, BlockTally, FieldScratch
from .tally import sample_msd, tally_loop

_FIELD_SALT = np.uint64(0x8CB92BA72F3D8DD7)
_WALKER_SALT = np.uint64(0x3C6EF372FE94F82B)
_HASH_BASE = np.uint64(0x9E3779B97F4A7C15)

# what _walk returns instead of a collision count
OVERFLOW = -1   # the impurity sequence outgrew its buffer
VOID = -2       # the start point lay inside another impurity


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
def _walk(scratch, field, fseed, t_cut, walker, tally, amps, record, spin):
    """Walk one walker from the start impurity until t_cut; returns the
    number of collisions, or OVERFLOW or VOID.

    Each loop found goes to the sinks that are not None: ``tally`` =
    (:class:`~pathsim._kernels.state.LoopBins`,
    :class:`~pathsim._kernels.state.BlockTally`), which also gets the
    squared displacements; ``amps``
    (:class:`~pathsim._kernels.state.AmplitudeSums`); ``record``
    (:class:`~pathsim._kernels.state.LoopRecord`, loops of ``walker``).
    ``spin`` = (row of the spin table, scratch (8,)) carries the loop's
    and its twin's spin rotations (2D: :mod:`pathsim._kernels.spin`), the
    impurity axes being functions of the impurity (frozen); None: no spin.
    """
    state = scratch.state
    ids = scratch.ids
    pts = scratch.pts
    best = scratch.best
    hit = scratch.hit
    cur = scratch.cur
    dim = int(field[F_DIM])
    a = field[F_RADIUS]
    hard = int(field[F_KIND]) == HARD
    specular = int(field[F_REFLECT]) == SPECULAR
    sigma = 2.0 * a if dim == 2 else math.pi * a * a
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
    trace(field, fseed, (px, py, pz), (ex, ey, ez), t_cut, scratch)
    if best[4] != 0.0:
        return VOID
    p0x, p0y, p0z = px, py, pz
    e1x, e1y, e1z = ex, ey, ez
    if spin is not None:
        rot = spin[1]
        for j in range(8):
            rot[j] = 1.0 if j % 4 == 0 else 0.0
    if record is not None:
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
        if tally is not None:
            k_msd = sample_msd(tally[0].msd_times, tally[1].msd, k_msd, (t, length, length),
                               (px, py, pz), (hx - px, hy - py, hz - pz), (True, True))
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
        if spin is not None:
            spin_flight(spin, enx, eny, length)
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
            if tally is not None:
                tally_loop(tally[0], tally[1], 1.0 / sigma, t, (cx, cy, cz), e1en)
            if amps is not None and t >= amps.grid.t_min:
                if first_visit(min(fwd, bwd), t, amps):
                    if spin is None:
                        add_amplitudes(amps, t, phase, (cx, cy, cz))
                    else:
                        rot = spin[1]
                        add_spinor_amplitudes(amps, t, phase, (cx, cy, cz),
                                              (rot[0], rot[1], rot[2], rot[3]),
                                              (rot[4], rot[5], rot[6], rot[7]))
            if record is not None:
                record_loop(record, scratch, n_seq, (walker, t, e1en, phase), (cx, cy, cz),
                            (p0x, p0y, p0z), (hx, hy, hz))
        phase += impurity_phase(fseed, hit[0], hit[1], hit[2], hit[3])
        h = splitmix64(cell_key(fseed, hit[0], hit[1], hit[2]) ^ np.uint64(hit[3]))
        fwd += h * power
        power *= _HASH_BASE
        bwd = bwd * _HASH_BASE + h
        # the scattering: new direction and departure point
        if hard and specular:
            ex, ey, ez = reflect((ex, ey, ez), (hx, hy, hz), (qx, qy, qz), a)
            px, py, pz = hx, hy, hz
            trace(field, fseed, (px, py, pz), (ex, ey, ez), t_cut - t, scratch)
        else:
            while True:
                ex, ey, ez = random_direction(state, dim)
                if hard:
                    ox, oy, oz = emission_point(state, dim, a, ex, ey, ez)
                    px, py, pz = qx + ox, qy + oy, qz + oz
                else:
                    px, py, pz = qx, qy, qz
                trace(field, fseed, (px, py, pz), (ex, ey, ez), t_cut - t, scratch)
                if best[4] == 0.0:
                    break
            # the path crosses the impurity from where it arrived to where it leaves
            a2x += hy * pz - hz * py
            a2y += hz * px - hx * pz
            a2z += hx * py - hy * px
        if spin is not None:
            spin_scattering(spin, frozen_impurity(h), (enx, eny), (ex, ey))
        if record is not None:
            pts[n_seq, 0] = hx
            pts[n_seq, 1] = hy
            pts[n_seq, 2] = hz
            pts[n_seq, 3] = px
            pts[n_seq, 4] = py
            pts[n_seq, 5] = pz
        n_seq += 1
    return events


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
def _scratch(cap, n_pts):
    """One thread's buffers: sequences of up to ``cap`` impurities, ``n_pts``
    rows of points (``cap`` when loops are recorded, else 0)."""
    return FieldScratch(np.empty(4, dtype=np.uint64), np.empty(4, dtype=np.uint64),
                        np.empty((cap, 4), dtype=np.int64), np.empty((n_pts, 6)),
                        np.empty((CELL_CAP, 3)), np.empty(5), np.zeros(4, dtype=np.int64),
                        np.zeros(4, dtype=np.int64))


@parallel_jit
def tally_blocks(blocks, per_real, field, cap, bins, tallies, counts):
    """Realizations ``first[k] + [begin[k], stop[k])`` of every block k
    (:class:`~pathsim._kernels.state.Blocks`), ``per_real`` walkers each,
    tallied into block k of ``tallies``; ``counts[k]`` gets the walkers
    with a valid start, the void ones and those stopped because their
    impurity sequence outgrew ``cap`` (see :func:`_walk`)."""
    seed, first, begin, stop = blocks
    # attribute access before the parallel loop, not unpacking and not inside
    # it: numba 0.68 drops the loop's writes to such arrays (events stayed 0)
    hist = tallies.hist
    rows = tallies.rows
    msd = tallies.msd
    events = tallies.events
    wseed = walker_seed(seed)
    for k in prange(first.shape[0]):
        scratch = _scratch(cap, 0)
        tally = (bins, BlockTally(hist[k], rows[k], msd[k]))
        for r in range(first[k] + begin[k], first[k] + stop[k]):
            fseed = field_seed(seed, r)
            for j in range(per_real):
                seed_stream(scratch.state, wseed, r * per_real + j)
                n = _walk(scratch, field, fseed, bins.t_cut, j, tally, None, None, None)
                _count(n, events, counts, k)


@parallel_jit
def amplitude_sums(seed, per_real, first, field, t_cut, cap, grid, out):
    """Realizations first + [0, R) (R = ``out.incoherent.shape[0]``): for
    each, |sum of loop amplitudes|^2 per (k_F, b) of ``grid``
    (:class:`~pathsim._kernels.state.AmplitudeGrid`) into
    ``out.coherent[r]`` and the sum of |amplitude|^2 into
    ``out.incoherent[r]``; every loop enters with its twin
    (:class:`~pathsim._kernels.state.AmplitudeOut`).

    A loop of length L (= time) has amplitude exp(-L / (2 tau_phi))
    exp(i (k_F L + phase)) with ``phase`` the sum of the scattering phases of
    the impurities it visits between leaving and reaching the start, and
    the twins the Aharonov-Bohm phases +-b A / 2 (A = n . A_vec).
    """
    wseed = walker_seed(seed)
    n_kf = grid.kf.shape[0]
    n_b = grid.bf.shape[0]
    # attribute access before the parallel loop (see tally_blocks)
    coherent = out.coherent
    incoherent = out.incoherent
    repeats = out.repeats
    events = out.events
    counts = out.counts
    for r in prange(incoherent.shape[0]):
        scratch = _scratch(cap, 0)
        sums = AmplitudeSums(grid, np.zeros((n_kf, n_b)), np.zeros((n_kf, n_b)),
                             np.zeros(3), np.empty(SEEN_CAP, dtype=np.uint64),
                             np.empty(SEEN_CAP))
        fseed = field_seed(seed, first + r)
        for j in range(per_real):
            seed_stream(scratch.state, wseed, (first + r) * per_real + j)
            n = _walk(scratch, field, fseed, t_cut, j, None, sums, None, None)
            _count(n, events, counts, r)
        for i in range(n_kf):
            for m in range(n_b):
                coherent[r, i, m] = (sums.s_re[i, m] * sums.s_re[i, m]
                                     + sums.s_im[i, m] * sums.s_im[i, m])
        incoherent[r] = sums.inc[0]
        repeats[r] = sums.inc[2]


@jit
def record_loops(seed, per_real, realization, walkers, field, t_cut, cap, record):
    """Walkers [0, walkers) of one realization, every loop recorded into
    ``record`` (:class:`~pathsim._kernels.state.LoopRecord`: rows of
    LOOP_COLUMNS, impurity ids and points (arrival xyz, departure xyz))
    until its buffers are full; returns the collisions."""
    wseed = walker_seed(seed)
    scratch = _scratch(cap, cap)
    fseed = field_seed(seed, realization)
    total = 0
    for j in range(walkers):
        seed_stream(scratch.state, wseed, realization * per_real + j)
        n = _walk(scratch, field, fseed, t_cut, j, None, None, record, None)
        total += max(n, 0)
    return total
