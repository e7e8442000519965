"""Make the wave-stage figures (pathsim.wave.figures) as PNG and PDF.

    python scripts/fig_anderson.py --quick                 (smoke run, figures/quick)
    python scripts/fig_anderson.py --only anderson_beta
    python scripts/fig_anderson.py --only anderson_lambda_3d \
        --points benchmarks/anderson_scaling.npz           (data of anderson_scaling.py)
"""
import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from pathsim.wave import figures  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main(argv=None):
    parser = argparse.ArgumentParser(description="Make the Anderson-model figures.")
    parser.add_argument("--quick", action="store_true", help="small workloads (seconds)")
    parser.add_argument("--out", type=Path, default=None,
                        help="output folder (default figures/, figures/quick with --quick)")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--only", action="append", choices=list(figures.FIGURES))
    parser.add_argument("--points", type=Path, default=None,
                        help="Lambda(W, M) rows saved by scripts/anderson_scaling.py")
    args = parser.parse_args(argv)
    out = args.out or ROOT / ("figures/quick" if args.quick else "figures")
    out.mkdir(parents=True, exist_ok=True)
    for name in args.only or list(figures.FIGURES):
        start = time.perf_counter()
        kwargs = {}
        if name == "anderson_lambda_3d" and args.points is not None:
            with np.load(args.points) as data:
                kwargs["points"] = data["points"]
        for path in figures.FIGURES[name](out, quick=args.quick, seed=args.seed, **kwargs):
            print(path)
        print(f"{name}: {time.perf_counter() - start:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
