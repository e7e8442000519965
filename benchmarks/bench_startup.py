"""Wall time of a small ``pathsim run`` from a fresh process.

The first call may compile the kernels (numba, about 15 s); later calls load
them from the on-disk cache.  Prints the time of each of a few calls:

    python benchmarks/bench_startup.py [--runs 4]
"""
import argparse
import subprocess
import sys
import tempfile
import time


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=4, help="calls to time")
    parser.add_argument("--quick", action="store_true", help="two calls only")
    args = parser.parse_args(argv)
    if args.quick:
        args.runs = 2
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "pathsim", "run", "--walkers", "2000",
               "--tau-phi-max", "10", "--quiet", "-o", f"{tmp}/r.npz"]
        for i in range(args.runs):
            start = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True)
            print(f"call {i + 1}: {time.perf_counter() - start:.2f} s wall")


if __name__ == "__main__":
    main()
