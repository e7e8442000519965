"""Jitted walk kernels: arrays and scalars in, preallocated tallies out.

The walk is the impurity-averaged (Poisson) model of PHYSICS.md section 2 in
two dimensions: free flights of length Exp(l = 1) at speed v = 1, isotropic
scattering.  Loops are found with the next-event estimator of section 4: after
every scattering event n >= 2 at r_n (time t_n) the exact density of flying
straight back through the origin,

    w_n = exp(-s_n) / (2 pi s_n),   s_n = |r_n|,

is tallied at return time T_n = t_n + s_n and signed area A_n of the polygon
0 -> r_1 -> ... -> r_n -> 0, together with the non-backscattering factor
e_1 . e_n of the exact loop weight (section 7).  Inside a detector disk of
radius ``eps`` the weight is replaced by the bounded profile of
:func:`detector_profile_2d`; ``eps = 0`` gives the textbook 1/s estimator.

Nothing here allocates per walker, prints, or touches shared random state:
block ``k`` is walked by one thread, its walkers in index order, so the tallies
are bit-for-bit independent of the thread count and of how the walkers of a
block are split over calls.
"""
import math

import numpy as np
from numba import prange

import numba

from ._numba import JIT, jit, parallel_jit
from ._rng import direction_2d, exponential, seed_stream, uniform

TWO_PI = 2.0 * math.pi
SPHERE = (0.0, 2.0, TWO_PI, 4.0 * math.pi)  # S_d, the area of the unit sphere in d dims

# Beyond S_MAX from the origin a return weight exp(-s)/(2 pi s) is below
# 1e-13; such events are not tallied (the loss is below 1e-8 G0 for any run).
S_MAX = 25.0
# Beyond S_ROULETTE an event is scored with probability (S_ROULETTE / s)^4 and
# its weight divided by that probability (Russian roulette: unbiased).  The
# scored weight s^3 exp(-s) / (2 pi S_ROULETTE^4) stays below 1e-3, so this
# adds almost no variance while most far events skip the tally.
S_ROULETTE = 4.0


@jit
def detector_profile(eps, dim):
    """Coefficients (alpha, beta) of the weight alpha + beta s used for s < eps.

    Replaces K(s) = exp(-s) / (S_d s^(d-1)) inside the detector ball by the
    straight line with the same zeroth and first radial moments,

        Int_0^eps S_d s^(d-1) (alpha + beta s) s^k ds = Int_0^eps s^k e^-s ds,

    k = 0, 1 (:func:`detector_profile_2d` is d = 2).
    In 1D the weight exp(-s) / 2 is bounded and no detector is needed:
    returns (0, 0), as for eps = 0.
    """
    if eps <= 0.0 or dim < 2:
        return 0.0, 0.0
    m0 = -math.expm1(-eps)
    m1 = m0 - eps * math.exp(-eps)
    sd = SPHERE[dim]
    a11 = sd * eps ** dim / dim
    a12 = sd * eps ** (dim + 1) / (dim + 1)
    a22 = sd * eps ** (dim + 2) / (dim + 2)
    det = a11 * a22 - a12 * a12
    return (m0 * a22 - m1 * a12) / det, (a11 * m1 - a12 * m0) / det


@jit
def detector_profile_2d(eps):
    """Coefficients (alpha, beta) of the weight alpha + beta s used for s < eps.

    The exact kernel K(s) = exp(-s) / (2 pi s) has an unbounded variance
    against a finite density of scattering points at the origin.  Inside the
    disk it is replaced by a straight line whose zeroth and first radial
    moments over the disk equal those of K (:func:`detector_profile` with
    d = 2), so the mean is unchanged for any return density of the form
    c0 + c1 |x| near the origin (a cusp, as after three flights, or the
    |x| dependence of T = t + s): the bias is O(eps^3), and the weight is
    bounded by about 3 / (pi eps).  Returns (0, 0) for eps = 0.
    """
    return detector_profile(eps, 2)


@numba.njit(inline="always", **JIT)
def _tally(w, big_t, row, area, e1en, inv_da, probe_b, probe_tau, hist, rows,
           probe):
    """Add one loop (weight w, return time T in row ``row``, area A).

    ``hist[row, col]`` holds (sum w, sum w e_1.e_n) side by side, one cache
    line per loop; ``rows[row]`` holds (overflow w, overflow w e_1.e_n,
    sum w T).
    """
    col = int(abs(area) * inv_da[row])
    if col < hist.shape[1]:
        hist[row, col, 0] += w
        hist[row, col, 1] += w * e1en
    else:
        rows[row, 0] += w
        rows[row, 1] += w * e1en
    rows[row, 2] += w * big_t
    for i in range(probe_tau.shape[0]):
        damp = w * math.exp(-big_t / probe_tau[i])
        for j in range(probe_b.shape[0]):
            c = damp * math.cos(probe_b[j] * area)
            probe[0, i, j] += c
            probe[1, i, j] += c * e1en


@numba.njit(inline="always", **JIT)
def _row(t, t_min, log_t0, inv_dlog, n_time):
    """Time row of t: [0, t_min) is row 0, then log-spaced rows."""
    if t < t_min:
        return 0
    row = 1 + int((math.log(t) - log_t0) * inv_dlog)
    return row if row < n_time else n_time - 1


@jit
def sample_triangle(state):
    """One three-flight loop 0 -> r_1 -> r_2 -> 0, sampled without singularity.

    The three-flight term of the loop sum is
    Int d^2r_1 d^2r_2 K(r_1) K(|r_2 - r_1|) K(r_2) F with K(s) = e^-s / (2 pi s);
    its next-event estimate has a log^2-divergent variance.  In elliptic
    coordinates about the foci 0 and r_1 (r_1 = l_1 e_1, c = l_1 / 2):
    s + a = l_1 cosh(mu), and d^2r_2 / (a s) = d(mu) d(nu), which removes
    both singularities.  Sampling mu with density 1 / (1 + cosh mu)
    (mu = 2 artanh u), l_1 ~ Exp(1 + cosh mu) and nu uniform makes the
    estimator of the whole term F / (2 pi) times a density: bounded.

    Returns (T, A, e_1 . e_3) of the sampled loop, in the frame e_1 = x.
    """
    mu = 2.0 * math.atanh(uniform(state))
    ch = math.cosh(mu)
    ell1 = exponential(state) / (1.0 + ch)
    nu = TWO_PI * uniform(state)
    c = 0.5 * ell1
    x = c * (1.0 + ch * math.cos(nu))
    y = c * math.sinh(mu) * math.sin(nu)
    s = c * (ch + math.cos(nu))
    big_t = ell1 * (1.0 + ch)
    e1e3 = -x / s if s > 0.0 else 0.0
    return big_t, 0.5 * ell1 * y, e1e3


@jit
def _walk_one(state, triangle, t_cut, eps, alpha, beta, t_min, log_t0, inv_dlog, inv_da,
              msd_times, probe_b, probe_tau, hist, rows, msd, probe):
    """Walk one 2D walker from the origin until t >= t_cut; return its events.

    With ``triangle`` the three-flight loops are tallied by one sampled
    triangle per walker (:func:`sample_triangle`) and loops of four and more
    flights by the next-event estimator after scattering events n >= 3;
    without it, the plain next-event estimator scores every event n >= 2.
    """
    n_time = hist.shape[0]
    first_scored = 3 if triangle else 2
    if triangle:
        big_t, area, e1en = sample_triangle(state)
        if big_t < t_cut:
            _tally(1.0 / TWO_PI, big_t, _row(big_t, t_min, log_t0, inv_dlog, n_time),
                   area, e1en, inv_da, probe_b, probe_tau, hist, rows, probe)

    n_msd = msd_times.shape[0]
    k_msd = 0
    x = 0.0
    y = 0.0
    t = 0.0
    twice_area = 0.0  # shoelace sum; the closing segment to 0 adds nothing
    events = 0
    e1x = 0.0
    e1y = 0.0
    while t < t_cut:
        cx, cy = direction_2d(state)
        ell = exponential(state)
        if events == 0:
            e1x = cx
            e1y = cy
        while k_msd < n_msd and msd_times[k_msd] <= t + ell:
            d = msd_times[k_msd] - t
            px = x + d * cx
            py = y + d * cy
            msd[k_msd] += px * px + py * py
            k_msd += 1
        xn = x + ell * cx
        yn = y + ell * cy
        twice_area += x * yn - xn * y
        x = xn
        y = yn
        t += ell
        events += 1
        if events < first_scored:
            continue
        s2 = x * x + y * y
        if s2 >= S_MAX * S_MAX:
            continue
        boost = 1.0
        if s2 > S_ROULETTE * S_ROULETTE:
            # Russian roulette: score with probability p, weight / p.
            boost = s2 * (1.0 / (S_ROULETTE * S_ROULETTE))
            boost *= boost
            if uniform(state) * boost >= 1.0:
                continue
        s = math.sqrt(s2)
        big_t = t + s
        if big_t >= t_cut:
            continue
        inv_s = 1.0 / s if s > 0.0 else 0.0
        if s > eps:
            w = boost * math.exp(-s) * inv_s * (1.0 / TWO_PI)
        else:
            w = boost * (alpha + beta * s)
        # e_n points from r_n back to the origin.
        e1en = -(e1x * x + e1y * y) * inv_s
        _tally(w, big_t, _row(big_t, t_min, log_t0, inv_dlog, n_time), 0.5 * twice_area,
               e1en, inv_da, probe_b, probe_tau, hist, rows, probe)
    return events


@parallel_jit
def walk_blocks_2d(seed, first_walker, start, stop, triangle, t_cut, eps,
                   t_min, log_t0, inv_dlog, inv_da, msd_times, probe_b, probe_tau,
                   hist, rows, msd, probe, events):
    """Walk walkers ``first_walker[k] + [start[k], stop[k])`` of every block k.

    Tallies of block ``k`` are accumulated into ``hist[k]`` etc.; one
    thread owns one block, and the walkers of a block run in index order.
    """
    alpha, beta = detector_profile_2d(eps)
    n_blocks = first_walker.shape[0]
    for k in prange(n_blocks):
        state = np.empty(4, dtype=np.uint64)
        count = 0
        for j in range(start[k], stop[k]):
            seed_stream(state, seed, first_walker[k] + j)
            count += _walk_one(state, triangle, t_cut, eps, alpha, beta, t_min,
                               log_t0, inv_dlog, inv_da, msd_times, probe_b, probe_tau,
                               hist[k], rows[k], msd[k], probe[k])
        events[k] += count


@parallel_jit
def bare_walk_2d(seed, n_walkers, t_cut, events):
    """The same 2D walk with no tallies at all (benchmark baseline).

    Returns a checksum of the final positions so the work cannot be elided.
    """
    checksum = np.zeros(n_walkers)
    for i in prange(n_walkers):
        state = np.empty(4, dtype=np.uint64)
        seed_stream(state, seed, i)
        x = 0.0
        y = 0.0
        t = 0.0
        n = 0
        while t < t_cut:
            cx, cy = direction_2d(state)
            ell = exponential(state)
            x += ell * cx
            y += ell * cy
            t += ell
            n += 1
        events[i] = n
        checksum[i] = x + y
    return checksum.sum()
