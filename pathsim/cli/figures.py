"""``pathsim figures``: regenerate the figure set."""
import os
import time

from .common import SEED, Interrupted, OutputFolder, UsageError, announce, check_files

PROG = "pathsim figures"


def _figure_files():
    """Every file the figure set may write (``<name>.png``, ``<name>.pdf``)."""
    from ..figures import FIGURES

    return [f"{name}.{ext}" for name in FIGURES for ext in ("png", "pdf")]


def add_parser(sub):
    p = sub.add_parser("figures", help="regenerate the figure set (PNG and PDF)")
    p.add_argument("--quick", action="store_true", help="small workloads (seconds)")
    p.add_argument("--only", metavar="NAME", help="one figure by name")
    p.add_argument("--out", default=None, type=OutputFolder(_figure_files),
                   help="output folder (default figures/, or "
                   "figures/quick/ with --quick so smoke runs never replace the real "
                   "figures)")
    p.add_argument("--seed", type=SEED, help="random seed (default: each figure's own)")
    p.add_argument("--quiet", action="store_true", help="no progress bars")
    p.set_defaults(func=command)


# The full set on 2 cores: about 6 minutes when last measured (README), before
# the spin and interaction figures, each well under a minute, were added.
FULL_SET_SECONDS_2_CORES = 12 * 60.0


def command(args):
    from .._kernels.jit import max_threads
    from ..figures import FIGURES, make_all

    if args.only is not None and args.only not in FIGURES:
        raise UsageError(f"{PROG}: --only must name one of {', '.join(FIGURES)} "
                         f"(got {args.only!r})")
    out = args.out or os.path.join("figures", "quick" if args.quick else "")
    check_files(PROG, [("--out", out, OutputFolder(_figure_files))])
    names = [args.only] if args.only else list(FIGURES)
    if not args.quick and args.only is None:
        threads = max_threads()
        announce(PROG, FULL_SET_SECONDS_2_CORES * 2.0 / threads,
                 f"the full set of {len(names)} figures on {threads} thread"
                 f"{'s' * (threads > 1)}", stop="Ctrl-C stops it; finished figures stay")
    start = time.time()
    try:
        for name in names:
            for path in make_all(out, quick=args.quick, only=name, seed=args.seed,
                                 progress=False if args.quiet else None):
                print(path, flush=True)
    except KeyboardInterrupt:
        planned = [os.path.join(out, name) for name in _figure_files()]
        raise Interrupted(interrupted_line(PROG, planned, start)) from None
    except ValueError as exc:
        raise UsageError(f"{PROG}: {exc}")


def interrupted_line(prog, planned, start):
    """What an interrupted figure command says: which of the ``planned``
    files it wrote since ``start`` (time.time()); each is written atomically,
    so the one being made when Ctrl-C came is not among them."""
    written = [p for p in planned if os.path.isfile(p) and os.path.getmtime(p) >= start]
    if not written:
        return f"{prog}: interrupted; no file written"
    return (f"{prog}: interrupted; {len(written)} file{'s' * (len(written) > 1)} written "
            f"before: {', '.join(written)}")
