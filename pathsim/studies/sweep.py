"""Run a study into its store: plan what is missing, compute it, save it.

A point's result is the merge of chunks.  Chunk 0 holds the first walker
budget; each raise of the budget adds one chunk of the difference, with the
seed :func:`pathsim.studies.study.chunk_seed` (point seed, k).  So a sweep run again
computes only what is missing, and its results are bit for bit those of an
uninterrupted sweep, whatever the executor.  (A study run directly at a
budget N2 and one raised from N1 to N2 are chunked differently: both are
valid, with independent walkers, but not identical.)
"""
import time

from .._validate import check_folder
from ..run.progress import progress_bar
from .executors import LocalExecutor
from .store import Store, point_id
from .study import StudyError, chunk_seed, load_study_file


def plan(study, store):
    """What each point needs, decided before any work.

    Returns a list of dicts with keys ``pid``, ``point`` (its parameters),
    ``params`` (for :func:`pathsim.simulate`), ``seed``, ``chunks`` (all of
    the point's (walkers, seed) chunks after this sweep), ``todo`` (chunks
    to compute), ``keep`` (the stored result is valid and kept) and
    ``event`` (``up-to-date``, ``computed``, ``raised``, ``recomputed`` or
    ``adopted``).
    """
    steps = []
    for point in study.points():
        seed = study.point_seed(point)
        pid = point_id(seed)
        rec = store.record(pid)
        chunks = [tuple(c) for c in rec["chunks"]] if rec else []
        have = sum(w for w, _ in chunks)
        blocks = study.min_chunk(point)
        extra = study.budget - have
        if extra > 0:
            if chunks and extra < blocks:
                raise StudyError(f"raising the walker budget from {have} to {study.walkers} "
                                 f"adds fewer walkers than blocks ({blocks}) at point {pid}")
            chunks.append((extra, chunk_seed(seed, len(chunks))))
        valid = rec is not None and store.verify(pid)
        step = dict(pid=pid, point=point, params=study.run_params(point), seed=seed,
                    chunks=chunks, todo=[], keep=False)
        if valid:
            step.update(keep=True, todo=chunks[len(rec["chunks"]):],
                        event="raised" if extra > 0 else "up-to-date")
        elif store.adoptable(pid, chunks) is not None:
            step.update(event="adopted")
        else:
            step.update(todo=chunks, event="computed" if rec is None else "recomputed")
        steps.append(step)
    return steps


def _dry_run(steps):
    """Validate every point's parameters with a tiny run (milliseconds), so
    bad values stop the sweep before any work or any write."""
    from ..run import simulate

    seen = set()
    for step in steps:
        if step["event"] == "up-to-date" or step["pid"] in seen:
            continue
        seen.add(step["pid"])
        if "kind" in step["params"]:  # wave runs: validated when the study was read
            continue
        blocks = step["point"].get("blocks", 32)
        params = dict(step["params"], truncation=1.0) if "truncation" not in step["params"] \
            else step["params"]
        try:
            simulate(max(2, blocks), seed=0, threads=None, progress=False, **params)
        except (ValueError, TypeError) as exc:
            raise StudyError(f"point {step['point']}: {exc}") from None


def run_sweep(study, folder, executor=None, progress=None):
    """Compute the missing points of ``study`` into the store ``folder``.

    Parameters
    ----------
    study : Study or str
        A :class:`~pathsim.studies.study.Study` or the path of a study TOML file.
    folder : str
        The store folder (created if missing).
    executor : LocalExecutor or DaskExecutor, optional
        Default: points in sequence with all numba threads.
    progress : bool, optional
        Progress bar over points (default: when stderr is a terminal).

    Returns
    -------
    dict
        Counts of each plan event, ``points``, ``walkers`` computed and
        ``wall_time_s``.
    """
    if isinstance(study, str):
        study = load_study_file(study)
    executor = executor or LocalExecutor()
    try:  # a folder that cannot be written is refused before any work
        check_folder("store", folder)
    except ValueError as exc:
        raise StudyError(str(exc)) from None
    store = Store.open(folder, study)  # refuses another study's store: reads only
    steps = plan(study, store)
    _dry_run(steps)
    start = time.perf_counter()
    store.lock()
    try:
        by_pid = {}
        for step in steps:
            by_pid.setdefault(step["pid"], step)
        for step in by_pid.values():
            if step["event"] == "adopted":
                store.save(step["pid"], step["point"], step["seed"], step["chunks"],
                           store.adoptable(step["pid"], step["chunks"]), "adopted")
        tasks = [(s["pid"], s["params"], s["todo"]) for s in by_pid.values() if s["todo"]]
        walkers = 0
        with progress_bar(len(tasks), progress, desc="points", unit="point") as bar:
            for pid, result in executor.run(tasks):
                step = by_pid[pid]
                if step["keep"]:
                    result = store.load(pid).merge(result)
                store.save(pid, step["point"], step["seed"], step["chunks"], result,
                           step["event"])
                walkers += sum(w for w, _ in step["todo"])
                bar.update(1)
    finally:
        store.unlock()
    report = {event: sum(1 for s in by_pid.values() if s["event"] == event)
              for event in ("computed", "raised", "recomputed", "adopted", "up-to-date")}
    report.update(points=len(by_pid), walkers=walkers,
                  wall_time_s=time.perf_counter() - start)
    if study.kind != "walk":  # the budget counted is realizations
        report["realizations"] = report.pop("walkers")
    return report
