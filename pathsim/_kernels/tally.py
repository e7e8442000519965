"""The loop tally as the kernels fill it: one copy of each helper.

* :func:`time_row` finds the logarithmic time row of a return time;
* :func:`bin_loop` adds one loop to one direction's (T, |A|) histogram, and
  :func:`tally_loop` to every field direction's (projected area n . A);
* :func:`detector_profile` gives the bounded weight used inside the
  next-event detector ball (:ref:`theory-variance`), and :func:`plane_return`
  the next-event score of a 2D walker (both 2D walks call it);
* :func:`sample_msd` adds the squared displacements at the ``msd_times``
  that fall within one straight flight.

The layout of the histogram is :class:`pathsim.results.LoopGrid`; the named
tuples are in :mod:`pathsim._kernels.state`.  Lengths in l, times in tau.
"""
import math

from .jit import inline_jit, jit
from .rng import uniform

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


@inline_jit
def plane_return(state, x, y, t, t_cut, eps, alpha, beta, gamma=0.0):
    """Next-event score of a 2D walker at (x, y) at time t: the straight
    flight back to the origin, of length s, closes a loop at T = t + s with
    weight exp(-s) / (2 pi s) (``alpha + beta s`` inside the detector disk
    of radius ``eps``, :func:`detector_profile`; ``alpha + beta s + gamma s^2``
    with the two-flight profile of :func:`pathsim.run.driver.two_flight_profile`).

    Returns ``(scored, w, s, 1/s, T)``; not scored beyond S_MAX, at T >=
    ``t_cut``, or when the Russian roulette beyond S_ROULETTE drops it (one
    uniform draw from ``state``; a kept score is divided by its probability).
    """
    s2 = x * x + y * y
    if s2 >= S_MAX * S_MAX:
        return False, 0.0, 0.0, 0.0, 0.0
    boost = 1.0
    if s2 > S_ROULETTE * S_ROULETTE:
        # Russian roulette: score with probability p, weight / p.
        boost = s2 * (1.0 / (S_ROULETTE * S_ROULETTE))
        boost *= boost
        if uniform(state) * boost >= 1.0:
            return False, 0.0, 0.0, 0.0, 0.0
    s = math.sqrt(s2)
    big_t = t + s
    if big_t >= t_cut:
        return False, 0.0, 0.0, 0.0, 0.0
    inv_s = 1.0 / s if s > 0.0 else 0.0
    if s > eps:
        w = boost * math.exp(-s) * inv_s * (1.0 / TWO_PI)
    else:
        w = boost * (alpha + s * (beta + gamma * s))
    return True, w, s, inv_s, big_t


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
    bounded by about 3 / (pi eps).  After only two flights the density is
    logarithmic, ln(1 / |x|) / (2 pi), and this profile would bias the
    three-flight loops by O(eps): the unbounded isotropic 2D walks
    (walk_2d, walk_spin) score that return with
    :func:`pathsim.run.driver.two_flight_profile` instead
    (:ref:`theory-variance`).  Returns (0, 0) for eps = 0.
    """
    return detector_profile(eps, 2)


@inline_jit
def current_axes(dim, width):
    """How a medium of section ``width`` (x, y, z; inf where free) scores its
    loops: ``(bounded, cur_y, cur_z, half)``.  Walls or leads make the loops
    anisotropic, so a bounded medium scores the correction along its current
    axes (:ref:`theory-exact-tensor`): x between leads, else every axis
    without walls; ``half`` is d / 2 over their number."""
    leads = math.isfinite(width[0])
    bounded = leads or math.isfinite(width[1]) or math.isfinite(width[2])
    cur_y = dim >= 2 and not leads and not math.isfinite(width[1])
    cur_z = dim == 3 and not leads and not math.isfinite(width[2])
    return bounded, cur_y, cur_z, 0.5 * dim / (1.0 + cur_y + cur_z)


@inline_jit
def along_current(axes, e1, en):
    """The current vertices of a loop leaving along ``e1`` and returning along
    ``en`` (real-space directions): ``(w_a, e1en)``, the backscattering weight
    (d/2)(e_1c^2 + e_nc^2) and the non-backscattering factor d e_1c e_nc / w_a,
    averaged over the current axes c of ``axes`` (:func:`current_axes`); their
    averages over rotations are 1 and e_1 . e_n.  ``w_a`` is 0 when neither
    flight has a component along the current (the loop then scores nothing)."""
    _, cur_y, cur_z, half = axes
    w_a = e1[0] * e1[0] + en[0] * en[0]
    w_b = e1[0] * en[0]
    if cur_y:
        w_a += e1[1] * e1[1] + en[1] * en[1]
        w_b += e1[1] * en[1]
    if cur_z:
        w_a += e1[2] * e1[2] + en[2] * en[2]
        w_b += e1[2] * en[2]
    w_a *= half
    return w_a, (2.0 * half * w_b / w_a if w_a > 0.0 else 0.0)


@inline_jit
def time_row(bins, t, n_time):
    """Time row of t: [0, t_min) is row 0, then log-spaced rows."""
    if t < bins.t_min:
        return 0
    row = 1 + int((math.log(t) - bins.log_t0) * bins.inv_dlog)
    return row if row < n_time else n_time - 1


@inline_jit
def bin_loop(out, d, row, w, big_t, area, e1en, inv_da):
    """Add one loop (weight w, return time T in ``row``, area A) to the
    histogram of direction ``d`` of the block tally ``out``.

    ``hist[d, row, col]`` holds (sum w, sum w e_1.e_n) side by side, one
    cache line per loop; ``rows[d, row]`` holds (overflow w, overflow
    w e_1.e_n, sum w T).  ``inv_da`` is 1 / bin width of that row.
    """
    hist = out.hist
    rows = out.rows
    col = int(abs(area) * inv_da)
    if col < hist.shape[2]:
        hist[d, row, col, 0] += w
        hist[d, row, col, 1] += w * e1en
    else:
        rows[d, row, 0] += w
        rows[d, row, 1] += w * e1en
    rows[d, row, 2] += w * big_t


@inline_jit
def tally_loop(bins, out, w, big_t, a2, e1en):
    """Add one loop of twice-area vector a2 = (x, y, z) to the tally of
    every field direction n (area n . A)."""
    row = time_row(bins, big_t, out.hist.shape[1])
    a2x, a2y, a2z = a2
    dirs = bins.dirs
    for k in range(dirs.shape[0]):
        area = 0.5 * (dirs[k, 0] * a2x + dirs[k, 1] * a2y + dirs[k, 2] * a2z)
        bin_loop(out, k, row, w, big_t, area, e1en, bins.inv_da[k, row])


@inline_jit
def sample_msd(times, msd, k, flight, origin, step, free):
    """Add |r(t)|^2 at every ``times[k:]`` within one straight flight.

    ``flight`` = (t, span, scale): the flight starts at time t at ``origin``
    (x, y, z), lasts ``span`` and moves by ``step`` (dx, dy, dz) per
    ``scale`` of time (the unit direction and 1.0 for Poisson walks, the
    flight vector and its length for frozen fields).  ``free`` = (free_y,
    free_z) says which of the y and z components count (confined axes do
    not: their displacement stays bounded).  Returns the next index k.
    """
    t, span, scale = flight
    x, y, z = origin
    dx, dy, dz = step
    free_y, free_z = free
    n = times.shape[0]
    while k < n and times[k] <= t + span:
        f = (times[k] - t) / scale
        px = x + f * dx
        r2 = px * px
        if free_y:
            py = y + f * dy
            r2 += py * py
        if free_z:
            pz = z + f * dz
            r2 += pz * pz
        msd[k] += r2
        k += 1
    return k
