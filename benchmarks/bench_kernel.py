"""Steps per second of the full kernel, the bare walk, and plain NumPy.

Measured side by side in one process with the same numba thread count,
alternating the three a few times and keeping each one's best round.  NumPy
gets large walker batches (tens of thousands), where its per-step overhead is
smallest:

    python benchmarks/bench_kernel.py            # default workloads
    python benchmarks/bench_kernel.py --quick    # a few seconds

Prints the rates and the ratios the project tracks: full / bare (goal >= 0.5)
and full per core / NumPy (goal >= 10), then the full rate per core of the
general walk's slowest common kinds in each dimension, against the
conservative rates that ``pathsim.run.driver.estimate_cost`` assumes.
"""
import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pathsim  # noqa: E402
from pathsim._kernels.walk_2d import bare_walk_2d  # noqa: E402
from pathsim._kernels.jit import set_threads  # noqa: E402
from pathsim.results import LoopGrid  # noqa: E402
from pathsim.run.driver import STEP_RATE_PER_CORE  # noqa: E402
from numpy_walk import walk_numpy  # noqa: E402


def full_rate(walkers, tau_phi_max, seed, **medium):
    run = pathsim.simulate(walkers, seed=seed, tau_phi_max=tau_phi_max, progress=False,
                           **medium)
    return run.n_events / run.wall_time


def bare_rate(walkers, t_cut, seed):
    events = np.zeros(walkers, dtype=np.int64)
    start = time.perf_counter()
    bare_walk_2d(np.uint64(seed), walkers, t_cut, events)
    return events.sum() / (time.perf_counter() - start)


def numpy_rate(walkers, t_cut, seed):
    grid = LoopGrid(t_cut=t_cut)
    start = time.perf_counter()
    _, _, steps = walk_numpy(walkers, t_cut, 0.05, grid, seed=seed)
    return steps / (time.perf_counter() - start)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small workloads")
    parser.add_argument("--rounds", type=int, default=None,
                        help="alternating rounds (default 3, 1 with --quick)")
    parser.add_argument("--threads", type=int, default=None, help="numba threads")
    args = parser.parse_args(argv)
    threads = set_threads(args.threads)
    if args.rounds is None:
        args.rounds = 1 if args.quick else 3
    scale = 0.02 if args.quick else 1.0  # --quick: a smoke run, not a measurement
    cases = [  # (label, tau_phi_max, walkers for kernels, walkers for NumPy)
        ("tau_phi_max = 30 (walks of 450 tau)", 30.0, int(100_000 * scale), int(40_000 * scale)),
        ("tau_phi_max = 1000 (walks of 15000 tau)", 1000.0, int(8_000 * scale), int(20_000 * scale)),
    ]
    # compile outside the timed rounds
    full_rate(64, 1.0, 0)
    bare_rate(64, 10.0, 0)
    print(f"numba threads: {threads}; NumPy runs on one core")
    for label, tau_max, walkers, np_walkers in cases:
        t_cut = 15.0 * tau_max
        best = dict(full=0.0, bare=0.0, numpy=0.0)
        for r in range(args.rounds):
            best["full"] = max(best["full"], full_rate(walkers, tau_max, r))
            best["bare"] = max(best["bare"], bare_rate(walkers, t_cut, r))
            best["numpy"] = max(best["numpy"], numpy_rate(np_walkers, t_cut, r))
        print(f"\n{label}")
        print(f"  full kernel (all tallies)   {best['full']:10.3g} steps/s")
        print(f"  bare walk (no tallies)      {best['bare']:10.3g} steps/s")
        print(f"  NumPy, same estimator       {best['numpy']:10.3g} steps/s")
        print(f"  full / bare                 {best['full'] / best['bare']:10.2f}   (goal >= 0.5)")
        per_core = best["full"] / threads / best["numpy"]
        print(f"  full per core / NumPy       {per_core:10.1f}   (goal >= 10)")
    kinds = [  # (label, dim, medium, walkers): tau_phi_max = 30
        ("1D", 1, dict(dim=1), int(80_000 * scale)),
        ("2D wire, diffuse walls", 2,
         dict(geometry="wire", width=3.0, walls="diffuse"), int(40_000 * scale)),
        ("3D film", 3, dict(dim=3, geometry="film", thickness=2.0), int(20_000 * scale)),
    ]
    print("\nfull kernel per core, tau_phi_max = 30 (estimate_cost assumes)")
    for label, dim, medium, walkers in kinds:
        full_rate(64, 1.0, 0, **medium)
        rate = max(full_rate(walkers, 30.0, r, **medium) for r in range(args.rounds))
        print(f"  {label:26s}  {rate / threads:10.3g} steps/s   "
              f"({STEP_RATE_PER_CORE[dim]:.3g})")


if __name__ == "__main__":
    main()
