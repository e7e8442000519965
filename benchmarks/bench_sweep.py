"""Wall time of one 8-point study on 1 and on 2 workers, side by side.

Each worker is a single-threaded process (numba threads = 1), so the ratio
measures how the points spread over workers: a local process pool and a
local Dask cluster, each with 1 and then 2 workers, and for reference the
default executor (points in sequence, each on all numba threads).  Times
include starting the workers; numba's compile cache is warmed first.

    python benchmarks/bench_sweep.py            # points of ~6 s on one core
    python benchmarks/bench_sweep.py --quick    # tiny points, process pool only

Goal: 2 workers at least 1.7 times faster than 1.  The ratio needs two idle
cores: each timing also prints the CPU time that other processes took
meanwhile (from /proc/stat, Linux), and the best of ``--rounds`` alternating
rounds is kept.
"""
import argparse
import os
import shutil
import tempfile
import time

import pathsim
from pathsim.studies.executors import DaskExecutor, LocalExecutor
from pathsim.studies.study import Study
from pathsim.studies.sweep import run_sweep


def study(walkers):
    return Study(seed=8, walkers=walkers, fixed=dict(tau_phi_max=300.0, tau_phi=[300.0],
                                                     b=[0.0, 0.003]),
                 grid={"detector_radius": {"start": 0.02, "stop": 0.09, "num": 8}})


def busy_seconds():
    """CPU seconds of the whole machine (None where /proc/stat is missing)
    and of this process with its finished children."""
    mine = sum(os.times()[:4])
    try:
        with open("/proc/stat") as handle:
            fields = [int(x) for x in handle.readline().split()[1:]]
    except OSError:
        return None, mine
    busy = sum(fields[:3]) + sum(fields[5:8])  # user nice system irq softirq steal
    return busy / os.sysconf("SC_CLK_TCK"), mine


def timed(executor, walkers):
    """Wall time of the sweep, a checksum of its results, and the CPU
    seconds other processes took meanwhile."""
    folder = tempfile.mkdtemp(prefix="pathsim-bench-")
    try:
        all0, mine0 = busy_seconds()
        start = time.perf_counter()
        report = run_sweep(study(walkers), folder, executor, progress=False)
        elapsed = time.perf_counter() - start
        all1, mine1 = busy_seconds()
        assert report["computed"] == 8
        others = None if all0 is None else max(0.0, (all1 - all0) - (mine1 - mine0))
        return elapsed, pathsim.load_study(folder).results.flat[0].hist_a.sum(), others
    finally:
        shutil.rmtree(folder)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny points")
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask cluster")
    parser.add_argument("--rounds", type=int, default=1, help="alternating rounds; "
                        "the best time of each is kept")
    args = parser.parse_args(argv)
    walkers = 500 if args.quick else 60_000
    pathsim.simulate(64, seed=0, tau_phi_max=10.0, progress=False)  # warm the cache
    print(f"8 points of {walkers:,} walkers, tau_phi_max = 300 tau; "
          f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    # one worker is a pool of one process with one thread, like each of two
    cases = [("local pool", lambda n: LocalExecutor(workers=n, threads=1, pool=True))]
    if not (args.no_dask or args.quick):
        cases.append(("dask local", lambda n: DaskExecutor(local_workers=n)))
    checks = set()
    for label, make in cases:
        best = {}
        for _ in range(args.rounds):
            for n in (1, 2):
                elapsed, check, others = timed(make(n), walkers)
                checks.add(check)
                print(f"{label:>11}, {n} worker{'s' if n > 1 else ''}: {elapsed:6.1f} s"
                      + ("" if others is None else
                         f" (other processes: {others:.1f} CPU s meanwhile)"))
                best[n] = min(best.get(n, elapsed), elapsed)
        print(f"{label:>11}: best 1 worker {best[1]:.1f} s, 2 workers {best[2]:.1f} s, "
              f"ratio {best[1] / best[2]:.2f}")
    if not args.quick:
        default, check, _ = timed(LocalExecutor(), walkers)
        checks.add(check)
        print(f"    default: in sequence on all numba threads {default:6.1f} s")
    print("identical results on every executor:", len(checks) == 1)


if __name__ == "__main__":
    main()
