"""The one driver every walk kind plugs into.

A run is cut into K blocks of walkers (or of field realizations) for the
batch-means errors; each block is walked by one thread, in rounds of
``batch`` walkers per block so that a progress bar can move.  This module
holds what the Poisson walk (:mod:`pathsim.run.poisson`) and frozen fields
(:mod:`pathsim.run.frozen`) share: the check of the cut-offs and grids and
their defaults, the block ranges, the rounds with their progress bar, the
kernel state (:mod:`pathsim._kernels.state`: loop bins, zeroed tallies),
the parameter record stored with a result, and an up-front estimate of a
run's cost.  Times in tau, lengths in l.
"""
import contextlib
import contextvars
import math
import queue
import threading
import time

import numpy as np

from .._version import __version__
from .._kernels.state import Blocks, LoopBins, Tallies
from .._kernels.tally import detector_profile
from .._validate import check_grid, check_int, check_real
from ..model.medium import describe as describe_medium
from .progress import progress_bar

# Conservative steps (scattering events) per second of one core, by
# dimension, for the slowest common walk of each: the last table of
# ``python benchmarks/bench_kernel.py --quick`` (2 numba threads on the
# 2-core development machine, shared with other jobs) gave per core 1D
# 3.4e6, 2D wire with diffuse walls 2.2e6, 3D film 1.4e6 (the unbounded 2D
# walk: 2e7; single-thread runs on a quieter machine: 1D 7e6, 2D wire 4.5e6,
# 3D film 3.8e6).  Rounded down, so that the estimate errs long.
STEP_RATE_PER_CORE = {1: 3e6, 2: 2e6, 3: 1e6}
# The unbounded isotropic 2D walk (the triangle-sampled kernel, the default
# run): 2e7 per core in the same table, halved.
PLAIN_2D_RATE_PER_CORE = 1e7

# The walks' flights last Exp(1) tau: a walk to t_cut makes t_cut + 1 of
# them on average (a Poisson process has t_cut points in [0, t_cut]).
EXTRA_STEPS = 1.0


def default_tau_phi(tau_phi_max):
    """16 log-spaced values up to tau_phi_max, over at most three decades
    and starting no lower than 2 tau (or tau_phi_max / 10 if that is less)."""
    low = max(tau_phi_max / 1000.0, min(2.0, tau_phi_max / 10.0))
    return np.geomspace(low, tau_phi_max, 16)


def default_fields(tau_phi_max):
    """64 log-spaced fields b from 0.01 B_phi(tau_phi_max) to 10 B_tr, and 0."""
    low = 0.01 / tau_phi_max
    return np.concatenate(([0.0], np.geomspace(low, 10.0, 63)))


def open_time_grid(spec, tau_phi_max, truncation):
    """``tau_phi_max`` checked (infinite allowed for an open sample), and
    the end of an open sample's time grid: ``truncation`` x tau_phi_max,
    or ``truncation`` x L^2 / D when tau_phi_max is infinite (the walks
    themselves end at a lead); None for other media."""
    if spec.length is None:
        return tau_phi_max, None
    tau_phi_max = check_real("tau_phi_max", tau_phi_max, lower=0.0, lower_open=True,
                             allow_inf=True)
    truncation = check_real("truncation", truncation, lower=1.0)
    if tau_phi_max < np.inf:
        return tau_phi_max, truncation * tau_phi_max
    return tau_phi_max, truncation * spec.length * spec.length / spec.diffusion


def mean_walk_time(spec):
    """Rough mean duration (tau) of a walk in an open sample, started
    uniformly between the leads: L^2 / (12 D) + L (for progress and batch
    sizes only)."""
    return spec.length * spec.length / (12.0 * spec.diffusion) + spec.length


def check_run_grids(tau_phi_max, truncation, bins_per_decade, area_bins, tau_phi, b,
                    t_grid=None):
    """Check the cut-offs and grids every walk shares (the Poisson walk and
    frozen fields); ``tau_phi`` and ``b`` default to :func:`default_tau_phi`
    and :func:`default_fields`.  Returns them validated, grids as arrays.
    ``t_grid`` (an open sample, :func:`open_time_grid`) allows an infinite
    tau_phi_max; the default grids then end at t_grid / truncation."""
    if t_grid is None:
        tau_phi_max = check_real("tau_phi_max", tau_phi_max, lower=0.0, lower_open=True)
    truncation = check_real("truncation", truncation, lower=1.0)
    finite_max = tau_phi_max if t_grid is None else min(tau_phi_max, t_grid / truncation)
    bins_per_decade = check_int("bins_per_decade", bins_per_decade, 4, 1024)
    area_bins = check_int("area_bins", area_bins, 8, 8192)
    if tau_phi is None:
        tau_phi = default_tau_phi(finite_max)
    tau_phi, _ = check_grid("tau_phi", tau_phi, lower=0.0, lower_open=True,
                            upper=tau_phi_max)
    if b is None:
        b = default_fields(finite_max)
    b, _ = check_grid("b", b, lower=0.0)
    return tau_phi_max, truncation, bins_per_decade, area_bins, tau_phi, b


def msd_times(t_cut):
    """The 40 times (tau) at which squared displacements are summed."""
    return np.geomspace(0.1, 0.5 * t_cut, 40)


def block_ranges(walkers, blocks):
    """First walker index and size of each block (sizes differ by <= 1)."""
    sizes = np.full(blocks, walkers // blocks, dtype=np.int64)
    sizes[: walkers % blocks] += 1
    first = np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.int64)
    return first, sizes


def two_flight_profile(eps):
    """Coefficients (a, b, c) of the weight a + b s + c s^2 that replaces
    K(s) = exp(-s) / (2 pi s) inside the 2D detector disk (radius ``eps``)
    for the return after exactly two flights.

    After two flights the walker's density at the origin diverges like
    ln(1 / s) / (2 pi) (both flights shorter than s), so the straight-line
    profile of :func:`~pathsim._kernels.tally.detector_profile`, whose
    moments are matched against a smooth density, biases the three-flight
    loops by O(eps) (+0.007 G0 at eps = 0.05).  Used by the unbounded
    isotropic 2D walks (walk_2d, walk_spin); the walks with walls or an
    anisotropic law do not use it yet.  This profile keeps the mean
    for any density a ln(1/s) + b + c s near the origin: the moments
    Int_0^eps s g(s) (w - K) ds vanish for g = ln(1/s), 1 and s
    (docs: theory-variance).  ``eps = 0``: (0, 0, 0), the bare 1/s weight.
    """
    if eps <= 0.0:
        return 0.0, 0.0, 0.0
    log = math.log(1.0 / eps)

    def kernel_moment(j, with_log):
        # (1 / 2 pi) Int_0^eps s^j e^-s [ln(1/s)] ds, summed as a series
        total, k, term = 0.0, 0, 1.0
        while True:
            p = k + j + 1
            part = term * eps ** p / p * ((log + 1.0 / p) if with_log else 1.0)
            total += part
            if k > 3 and abs(part) <= 1e-17 * abs(total):
                return total / (2.0 * math.pi)
            k += 1
            term *= -1.0 / k

    def power_moment(m, with_log):      # Int_0^eps s s^m [ln(1/s)] ds
        p = m + 2
        return eps ** p / p * ((log + 1.0 / p) if with_log else 1.0)

    tests = ((0, True), (0, False), (1, False))          # g = ln(1/s), 1, s
    matrix = [[power_moment(m + j, log_) for m in range(3)] for j, log_ in tests]
    return tuple(float(x) for x in np.linalg.solve(matrix, [kernel_moment(j, log_)
                                                             for j, log_ in tests]))


def loop_bins(grid, t_cut, eps=0.0, dim=2):
    """The cut-off, detector (radius ``eps`` in l, profile of
    :func:`~pathsim._kernels.tally.detector_profile` in ``dim``
    dimensions) and bin layout of a :class:`~pathsim.results.LoopGrid`, as
    the kernels read them."""
    t_min, log_t0, inv_dlog, inv_da = grid.kernel_args()
    alpha, beta = detector_profile(eps, dim)
    two_flight = np.array(two_flight_profile(eps) if dim == 2 else (0.0, 0.0, 0.0))
    return LoopBins(float(t_cut), float(eps), alpha, beta, two_flight, t_min, log_t0, inv_dlog,
                    inv_da, np.array(grid.directions, dtype=float), msd_times(t_cut),
                    np.zeros(1, dtype=np.uint8))


def allocate(blocks, grid, n_msd):
    """Zeroed tallies of ``blocks`` blocks (:class:`~pathsim._kernels.state.Tallies`);
    the kernels fill them, the result reads their components as views."""
    return Tallies(hist=np.zeros((blocks, grid.n_dir, grid.n_time, grid.area_bins, 2)),
                   rows=np.zeros((blocks, grid.n_dir, grid.n_time, 3)),
                   msd=np.zeros((blocks, n_msd)),
                   events=np.zeros(blocks, dtype=np.int64),
                   exits=np.zeros((blocks, 5)))


def result_arrays(tallies):
    """The raw tallies under the names of
    :class:`~pathsim.results.SimulationResult` (views, no copies)."""
    hist, rows = tallies.hist, tallies.rows
    return dict(events=tallies.events, msd=tallies.msd, exits=tallies.exits,
                hist_a=hist[..., 0], hist_b=hist[..., 1],
                over_a=rows[..., 0], over_b=rows[..., 1], tmom=rows[..., 2])


def parameter_record(model, seed, counts, tau_phi_max, truncation, t_cut,
                     detector_radius, estimator, grid, tau_phi, b):
    """The parameter record stored with a result (``result.params``).

    ``model`` describes the medium (the keys of
    :meth:`~pathsim.model.medium.Medium.to_params`, ``medium``: "poisson" or
    "frozen", and for frozen fields ``field``); ``counts`` the walkers,
    realizations and blocks.  Grids are stored as lists.
    """
    return dict(version=__version__, **model, description=describe_medium(model),
                seed=seed, seeds=[seed], **counts,
                tau_phi_max=tau_phi_max, truncation=truncation, t_cut=t_cut,
                detector_radius=detector_radius, estimator=estimator,
                grid=grid.to_dict(), msd_times=msd_times(t_cut).tolist(),
                tau_phi=tau_phi.tolist(), b=b.tolist())


def expected_steps(walkers, t_cut):
    """Scattering events a run is expected to walk: ``walkers`` x (t_cut + 1)
    (flights of mean 1 tau; diffuse walls add their wall hits)."""
    return float(walkers) * (float(t_cut) + EXTRA_STEPS)


def estimate_cost(walkers, t_cut, dim=2, threads=1, plain_2d=False):
    """Expected steps and a conservative wall time of a Poisson run.

    Parameters
    ----------
    walkers : int or float
        Walkers of the run.
    t_cut : float
        Length of each walk, tau (truncation x tau_phi_max).
    dim : {1, 2, 3}
        Dimension of the walk.
    threads : int
        Cores the run may use.
    plain_2d : bool
        The unbounded isotropic 2D walk (:attr:`pathsim.model.Medium.plain_2d`),
        walked by the faster kernel.

    Returns
    -------
    (steps, seconds) : (float, float)
        Expected scattering events, and the seconds they take at
        :data:`STEP_RATE_PER_CORE` (or :data:`PLAIN_2D_RATE_PER_CORE`) per
        core: an upper estimate.
    """
    steps = expected_steps(walkers, t_cut)
    rate = PLAIN_2D_RATE_PER_CORE if plain_2d else STEP_RATE_PER_CORE[int(dim)]
    return steps, steps / (rate * max(1, int(threads)))


_ANNOUNCER = contextvars.ContextVar("pathsim_announcer", default=None)


@contextlib.contextmanager
def announcing(callback):
    """Within the block, every :func:`pathsim.simulate` call without its own
    ``_announce`` calls ``callback(steps, seconds, threads)`` before its work
    (the command line's estimate line, also for the walks run by the tables
    and datasets a command builds)."""
    token = _ANNOUNCER.set(callback)
    try:
        yield
    finally:
        _ANNOUNCER.reset(token)


def announcer(explicit=None):
    """The estimate callback of a run: ``explicit``, else the innermost
    :func:`announcing` block's, else None."""
    return explicit if explicit is not None else _ANNOUNCER.get()


_WALKER = [None, None]     # the helper thread that runs walks, and its queue


def _walker_queue():
    """The queue of the one long-lived helper thread that runs the walks of
    the main thread (kept, so that OpenMP keeps its thread team between
    runs; made again after a fork)."""
    thread, jobs = _WALKER
    if thread is None or not thread.is_alive():
        jobs = queue.SimpleQueue()

        def serve():
            while True:
                job, done = jobs.get()
                job()
                done.set()
        thread = threading.Thread(target=serve, name="pathsim-walker", daemon=True)
        thread.start()
        _WALKER[:] = [thread, jobs]
    return jobs


def interruptible(work, halt, *args):
    """``work(*args)`` (a run's rounds of kernel calls), stopped in bounded
    time by Ctrl-C.

    A jitted kernel holds the main thread until it returns, and Python runs
    its SIGINT handler only then: a single walk of 1e9 tau would ignore
    Ctrl-C for minutes.  On the main thread ``work`` (whose kernels are
    compiled with ``nogil``) runs in a helper thread while the main thread
    waits, ready for the KeyboardInterrupt; it then sets ``halt[0]``
    (``LoopBins.halt``), which every walk reads every
    :data:`~pathsim._kernels.state.HALT_TIME` of its time and :func:`rounds`
    before each round, waits for ``work`` to return and re-raises.  The
    arithmetic is the same whichever thread runs it: results are unchanged.
    Elsewhere (a worker thread of a pool: signals reach only the main
    thread) ``work`` is called directly.
    """
    if threading.current_thread() is not threading.main_thread():
        return work(*args)
    box = {}

    def job():
        try:
            box["value"] = work(*args)
        except BaseException as exc:  # handed to the caller below
            box["error"] = exc
    done = threading.Event()
    _walker_queue().put((job, done))
    try:
        while not done.wait(0.25):
            pass
    except KeyboardInterrupt:
        halt[0] = 1
        done.wait()
        raise
    if "error" in box:
        raise box["error"]
    return box.get("value")


def rounds(seed, first, sizes, batch, events, progress, walkers_per_unit=1,
           steps=None, halt=None):
    """Yield the :class:`~pathsim._kernels.state.Blocks` of each round.

    Round by round, block k walks the next ``batch`` of its ``sizes[k]``
    walkers (or realizations of ``walkers_per_unit`` walkers each, for
    frozen fields); a progress bar counts walkers and shows the steps
    walked (read from ``events``) against ``steps`` expected, and the rate.
    Set ``halt[0]`` (:func:`interruptible`) to end the rounds early.
    """
    start = time.perf_counter()
    total = f"/{steps:.3g}" if steps else ""
    seed = np.uint64(seed)
    with progress_bar(int(sizes.sum()) * walkers_per_unit, progress) as bar:
        for lo in range(0, int(sizes.max()), batch):
            if halt is not None and halt[0]:
                return
            begin = np.minimum(sizes, lo)
            stop = np.minimum(sizes, lo + batch)
            yield Blocks(seed, first, begin, stop)
            bar.update(int((stop - begin).sum()) * walkers_per_unit)
            done = int(events.sum())
            rate = done / max(time.perf_counter() - start, 1e-9)
            bar.set_postfix_str(f"{done:.3g}{total} steps, {rate:.3g} steps/s")
