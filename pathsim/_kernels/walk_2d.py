"""The unbounded 2D walk, with isotropic scattering: the fast path.

The walk is the impurity-averaged (Poisson) model (:ref:`theory-walk`) in
two dimensions: free flights of length Exp(l = 1) at speed v = 1, isotropic
scattering.  Loops are found with the next-event estimator of section 4: after
every scattering event n >= 2 at r_n (time t_n) the exact density of flying
straight back through the origin,

    w_n = exp(-s_n) / (2 pi s_n),   s_n = |r_n|,

is tallied at return time T_n = t_n + s_n and signed area A_n of the polygon
0 -> r_1 -> ... -> r_n -> 0 (a shoelace sum kept along the walk), together
with the non-backscattering factor e_1 . e_n of the exact loop weight
(section 7).  Inside a detector disk of radius ``eps`` the weight is replaced
by the bounded profile of :func:`pathsim._kernels.tally.detector_profile_2d`;
``eps = 0`` gives the textbook 1/s estimator.  Every other walk (1D, 3D,
walls, anisotropic laws) is :mod:`pathsim._kernels.walk_nd`: the two loops
stay separate because they draw their random numbers in different orders.

Nothing here allocates per walker, prints, or touches shared random state:
block ``k`` is walked by one thread, its walkers in index order, so the tallies
are bit-for-bit independent of the thread count and of how the walkers of a
block are split over calls, on one machine.  (Across CPUs of different vector
width, numpy's and numba's vectorised sums may move the last bits, about
1e-12 relative; integer tallies agree exactly.)
"""
import math

import numpy as np
from numba import prange

from .jit import inline_jit, jit, parallel_jit
from .rng import direction_2d, exponential, seed_stream, uniform
from .state import HALT_TIME, BlockTally, Probe
from .tally import TWO_PI, bin_loop, plane_return, sample_msd, time_row


@inline_jit
def _tally(bins, out, probe, w, big_t, area, e1en):
    """Add one loop (weight w, return time T, area A) to the tally of the
    one field direction z, and to the exact probe sums (validation only;
    none when the probe grids are empty)."""
    row = time_row(bins, big_t, out.hist.shape[1])
    bin_loop(out, 0, row, w, big_t, area, e1en, bins.inv_da[0, row])
    sums = probe.sums
    for i in range(probe.tau.shape[0]):
        damp = w * math.exp(-big_t / probe.tau[i])
        for j in range(probe.b.shape[0]):
            c = damp * math.cos(probe.b[j] * area)
            sums[0, i, j] += c
            sums[1, i, j] += c * e1en


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
def _walk_one(state, triangle, bins, out, probe):
    """Walk one 2D walker from the origin until t >= t_cut; return its events.

    With ``triangle`` the three-flight loops are tallied by one sampled
    triangle per walker (:func:`sample_triangle`) and loops of four and more
    flights by the next-event estimator after scattering events n >= 3;
    without it, the plain next-event estimator scores every event n >= 2.
    """
    t_cut = bins.t_cut
    eps = bins.eps
    alpha = bins.alpha
    beta = bins.beta
    two = bins.two_flight
    first_scored = 3 if triangle else 2
    if triangle:
        big_t, area, e1en = sample_triangle(state)
        if big_t < t_cut:
            _tally(bins, out, probe, 1.0 / TWO_PI, big_t, area, e1en)

    k_msd = 0
    x = 0.0
    y = 0.0
    t = 0.0
    twice_area = 0.0  # shoelace sum; the closing segment to 0 adds nothing
    events = 0
    e1x = 0.0
    e1y = 0.0
    while t < t_cut:
        if bins.halt[0] != 0:     # Ctrl-C (state.HALT_TIME): the walk stops
            break
        t_slice = min(t_cut, t + HALT_TIME)
        while t < t_slice:
            cx, cy = direction_2d(state)
            ell = exponential(state)
            if events == 0:
                e1x = cx
                e1y = cy
            k_msd = sample_msd(bins.msd_times, out.msd, k_msd, (t, ell, 1.0), (x, y, 0.0),
                               (cx, cy, 0.0), (True, False))
            xn = x + ell * cx
            yn = y + ell * cy
            twice_area += x * yn - xn * y
            x = xn
            y = yn
            t += ell
            events += 1
            if events < first_scored:
                continue
            if events == 2:     # the two-flight return: its own profile (state.LoopBins)
                scored, w, s, inv_s, big_t = plane_return(state, x, y, t, t_cut, eps, two[0],
                                                          two[1], two[2])
            else:
                scored, w, s, inv_s, big_t = plane_return(state, x, y, t, t_cut, eps, alpha,
                                                          beta)
            if not scored:
                continue
            # e_n points from r_n back to the origin.
            e1en = -(e1x * x + e1y * y) * inv_s
            _tally(bins, out, probe, w, big_t, 0.5 * twice_area, e1en)
    return events


@parallel_jit
def walk_blocks_2d(blocks, triangle, bins, tallies, probe):
    """Walk walkers ``first[k] + [begin[k], stop[k])`` of every block k.

    ``blocks``, ``bins`` and ``tallies`` as in
    :func:`pathsim._kernels.walk_nd.walk_blocks` (one field direction, z);
    ``triangle`` selects the triangle-sampled estimator; ``probe``
    (:class:`~pathsim._kernels.state.Probe`, empty grids when unused) also
    sums the loops exactly.  One thread owns one block, and the walkers of a
    block run in index order.
    """
    seed, first, begin, stop = blocks
    # attribute access before the parallel loop, not unpacking and not inside
    # it: numba 0.68 drops the loop's writes to such arrays (events stayed 0)
    hist = tallies.hist
    rows = tallies.rows
    msd = tallies.msd
    events = tallies.events
    probe_b = probe.b
    probe_tau = probe.tau
    probe_sums = probe.sums
    for k in prange(first.shape[0]):
        state = np.empty(4, dtype=np.uint64)
        out = BlockTally(hist[k], rows[k], msd[k])
        block_probe = Probe(probe_b, probe_tau, probe_sums[k])
        count = 0
        for j in range(begin[k], stop[k]):
            seed_stream(state, seed, first[k] + j)
            count += _walk_one(state, triangle, bins, out, block_probe)
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
