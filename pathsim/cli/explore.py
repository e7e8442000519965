"""``pathsim explore``: the explorer page, one self-contained HTML file."""
import os

from .common import SEED, Int, OutputFile, UsageError

PROG = "pathsim explore"


def add_parser(sub):
    p = sub.add_parser("explore", help="write the explorer: one offline HTML page with "
                       "sliders (magnetoconductance, tau_phi, spin, geometry, loop and twin)",
                       description="Run pathsim and write an interactive page (Bokeh, all "
                       "JavaScript inlined: it opens offline from a file or a web server). "
                       "Needs the explore extra: pip install \"pathsim[explore]\".")
    p.add_argument("-o", "--output", default="explorer.html", type=OutputFile(".html"),
                   help="the HTML file to write (default explorer.html)")
    p.add_argument("--quick", action="store_true",
                   help="small runs: a page in seconds (default: a few minutes on 2 cores)")
    p.add_argument("--seed", type=SEED, default=0, help="seed of every run (default 0)")
    p.add_argument("--threads", type=Int(1), default=None, help="numba threads (default: all)")
    p.add_argument("--quiet", action="store_true", help="no progress bars")
    p.set_defaults(func=command)


def command(args):
    output = args.output
    try:
        import bokeh  # noqa: F401
    except ImportError:
        raise UsageError(f"{PROG}: needs Bokeh: pip install \"pathsim[explore]\"")
    from ..explorer import explore

    try:
        explore(output, quick=args.quick, seed=args.seed, threads=args.threads,
                progress=False if args.quiet else None)
    except ValueError as exc:
        raise UsageError(f"{PROG}: {exc}")
    print(f"explorer written to {output} ({os.path.getsize(output) / 1e6:.1f} MB)")
