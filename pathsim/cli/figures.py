"""``pathsim figures``: regenerate the figure set."""
import os

from .common import SEED, OutputFolder, UsageError, check_files

PROG = "pathsim figures"


def _figure_files():
    """Every file the figure set may write (``<name>.png``, ``<name>.pdf``)."""
    from ..figures import FIGURES

    return [f"{name}.{ext}" for name in FIGURES for ext in ("png", "pdf")]


def add_parser(sub):
    p = sub.add_parser("figures", help="regenerate the figure set (PNG and PDF)")
    p.add_argument("--quick", action="store_true", help="small workloads (seconds)")
    p.add_argument("--only", metavar="NAME", help="one figure by name")
    p.add_argument("--out", default=None, type=OutputFolder(_figure_files), help="output folder (default figures/, or "
                   "figures/quick/ with --quick so smoke runs never replace the real "
                   "figures)")
    p.add_argument("--seed", type=SEED, help="random seed (default: each figure's own)")
    p.add_argument("--quiet", action="store_true", help="no progress bars")
    p.set_defaults(func=command)


def command(args):
    from ..figures import make_all

    out = args.out or os.path.join("figures", "quick" if args.quick else "")
    check_files(PROG, [("--out", out, OutputFolder(_figure_files))])
    try:
        written = make_all(out, quick=args.quick, only=args.only, seed=args.seed,
                           progress=False if args.quiet else None)
    except ValueError as exc:
        raise UsageError(f"{PROG}: {exc}")
    for path in written:
        print(path)
