"""``pathsim paths``: the teaching picture of one walker, its closed loop and
the loop's time-reversed twin (or the same in a frozen field of disks)."""

import os
import time

from .common import Int, Interrupted, OutputFile, OutputFolder, Real, UsageError

PROG = "pathsim paths"
FILES = ("paths.png", "paths.pdf", "impurity_loop.png", "impurity_loop.pdf")


def add_parser(sub):
    p = sub.add_parser("paths", help="teaching picture: one walker, its closed loop and "
                       "the loop's time-reversed twin")
    p.add_argument("--seed", type=Int(0, 2 ** 32 - 1), default=None,
                   help="random seed of the walker (0 <= seed < 2**32)")
    p.add_argument("--b", type=Real(0.0), default=None,
                   help="field B / B_tr used for the annotated phase b A")
    p.add_argument("--out", default=".", type=OutputFolder(FILES),
                   help="folder for paths.png and paths.pdf "
                   "(default: the current folder)")
    p.add_argument("--animate", metavar="GIF", type=OutputFile(".gif"),
                   help="also write an animation (.gif)")
    p.add_argument("--impurities", action="store_true",
                   help="a frozen field of hard disks instead of Poisson flights: a path "
                   "that returns to its start disk and its twin (impurity_loop.png and "
                   ".pdf)")
    p.set_defaults(func=command)


def command(args):
    from .figures import interrupted_line

    kwargs = {} if args.b is None else {"b": args.b}
    start = time.time()
    planned = [os.path.join(args.out, name) for name in FILES] + [args.animate or ""]
    try:
        _make(args, kwargs)
    except KeyboardInterrupt:
        raise Interrupted(interrupted_line(PROG, planned, start)) from None


def _make(args, kwargs):
    from ..figures import paths

    if args.impurities:
        from ..figures import impurity_loop

        if args.animate or args.b is not None:
            raise UsageError(f"{PROG}: --impurities takes --seed and --out only")
        try:
            written = impurity_loop.make(args.out, seed=args.seed)
        except RuntimeError as exc:
            raise UsageError(f"{PROG}: {exc}")
        for path in written:
            print(path)
        return
    for path in paths.make(args.out, seed=args.seed, **kwargs):
        print(path, flush=True)
    if args.animate:
        print(paths.animate(args.animate, seed=args.seed, **kwargs))
