"""Where the points of a study run: in this process, in a process pool, or
on a Dask cluster.

Every task is a pure function of (run parameters, chunks of (walkers,
seed)) (:func:`compute_point`), and :func:`pathsim.simulate` is bit for bit
independent of the thread count, so every executor gives identical results
(on workers of one CPU kind; across CPU kinds, vectorised sums may differ in
the last bits).
Results come back to the calling process, which alone writes the store (a
cluster needs no shared file system).

Default: points in sequence, each with all numba threads (both cores of a
2-core machine busy inside every point).  Many small points, where each
point's start-up and serial parts weigh, run better in a pool of
``workers`` processes with ``cores / workers`` threads each.
"""
import os

from .study import StudyError

DASK_HINT = "install it with pip install 'pathsim-wl[dask]'"


def compute_point(params, chunks, threads=None):
    """Simulate each chunk ``(walkers, seed)`` of a point and merge them in
    order (the blocks of chunk 0 first).

    Parameters
    ----------
    params : dict
        Keyword arguments of :func:`pathsim.simulate` (no walkers, seed), or
        the parameters of a wave run with its ``kind``
        (:func:`pathsim.wave.runs.run`), whose chunks are (realizations, seed).
    chunks : list of (int, int)
    threads : int, optional
        numba threads (default: all).

    Returns
    -------
    SimulationResult or WaveResult
    """
    from ..run import simulate

    if "kind" in params:  # a wave run: chunks of (realizations, seed)
        from ..wave.runs import run

        params = dict(params)
        kind = params.pop("kind")
        merged = None
        for realizations, seed in chunks:
            part = run(kind, params, realizations=realizations, seed=seed, progress=False)
            merged = part if merged is None else merged.merge(part)
        return merged
    merged = None
    for walkers, seed in chunks:
        run = simulate(walkers, seed=seed, threads=threads, progress=False, **params)
        merged = run if merged is None else merged.merge(run)
    return merged


def _cores():
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


class LocalExecutor:
    """Points in this process (``workers=1``) or in a pool of ``workers``
    processes (spawned: numba's threading layer does not survive fork).

    ``threads`` numba threads per point: default all cores in sequence,
    ``cores // workers`` in a pool.  ``pool=True`` uses a pool even for one
    worker (for benchmarks: the same start-up cost as two).
    """

    def __init__(self, workers=1, threads=None, pool=None):
        self.workers = workers
        self.threads = threads
        self.pool = workers > 1 if pool is None else pool

    def describe(self):
        """How the points run, in words.

        Returns
        -------
        str
            ``"N processes"`` or ``"in sequence"``.
        """
        return f"{self.workers} processes" if self.pool else "in sequence"

    def run(self, tasks):
        """Yield ``(key, result)`` for ``tasks`` = [(key, params, chunks)],
        in order of completion."""
        if not self.pool:
            for key, params, chunks in tasks:
                yield key, compute_point(params, chunks, self.threads)
            return
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor, as_completed

        threads = self.threads or max(1, _cores() // self.workers)
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(self.workers, mp_context=context) as pool:
            futures = {pool.submit(compute_point, params, chunks, threads): key
                       for key, params, chunks in tasks}
            for future in as_completed(futures):
                yield futures[future], future.result()


class DaskExecutor:
    """Points on a Dask cluster: an existing one (``scheduler`` address) or
    a local one of ``local_workers`` processes with one thread each."""

    def __init__(self, scheduler=None, local_workers=None):
        try:
            import distributed  # noqa: F401
        except ImportError:
            raise StudyError(f"Dask distributed is not installed: {DASK_HINT}") from None
        self.scheduler = scheduler
        self.local_workers = local_workers
        self.client = None
        if scheduler is not None:  # connect now: a bad address fails before any work
            from distributed import Client

            try:
                self.client = Client(scheduler, timeout=10)
            except (OSError, ValueError, TypeError) as exc:
                raise StudyError(f"cannot reach the Dask scheduler {scheduler!r}: "
                                 f"{str(exc).splitlines()[0]}") from None

    def describe(self):
        """Where the points run, in words.

        Returns
        -------
        str
            The scheduler address or ``"local Dask cluster of N workers"``.
        """
        return self.scheduler or f"local Dask cluster of {self.local_workers} workers"

    def run(self, tasks):
        """Compute points on the cluster.

        Parameters
        ----------
        tasks : list of tuple
            ``(key, params, chunks)`` of each point to compute.

        Yields
        ------
        key, result
            Each point's key and its result, in order of completion; results come
            back to this process, which alone writes the store.
        """
        from distributed import Client, LocalCluster, as_completed

        cluster, client, threads = None, self.client, None
        if client is None:
            cluster = LocalCluster(n_workers=self.local_workers, threads_per_worker=1,
                                   processes=True, dashboard_address=None)
            client, threads = Client(cluster), 1
        try:
            futures = {client.submit(compute_point, params, chunks, threads, key=f"point-{key}",
                                     pure=False): key for key, params, chunks in tasks}
            for future in as_completed(futures):
                yield futures[future], future.result()
                future.release()
        finally:
            client.close()
            if cluster is not None:
                cluster.close()


def make_executor(workers=None, scheduler=None, dask_local=None):
    """The executor for the command line's options, validated.

    Parameters
    ----------
    workers : int, optional
        Processes for the points (default 1: in sequence, in this process).
    scheduler : str, optional
        Address of an existing Dask scheduler (``tcp://host:8786``).
    dask_local : int, optional
        Workers of a local Dask cluster (one thread each).

    Returns
    -------
    LocalExecutor or DaskExecutor

    Raises
    ------
    StudyError
        For conflicting options: more than one of ``workers``,
        ``dask_local`` and ``scheduler``.
    """
    from .._validate import check_int

    given = [name for name, value in (("--workers", workers), ("--dask-local", dask_local),
                                      ("--scheduler", scheduler)) if value is not None]
    if len(given) > 1:
        both = "all three" if len(given) == 3 else f"both {given[0]} and {given[1]}"
        raise StudyError(f"give one of --workers, --dask-local and --scheduler, not {both} "
                         "(each chooses where the points run)")
    if scheduler is not None or dask_local is not None:
        if dask_local is not None:
            check_int("--dask-local", dask_local, minimum=1)
        return DaskExecutor(scheduler, dask_local)
    return LocalExecutor(check_int("--workers", 1 if workers is None else workers, minimum=1))
