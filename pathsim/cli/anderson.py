"""``pathsim anderson``: the wave stage on the command line.

    pathsim anderson xi --dim 3 --width 6 --disorder 16.5 [--rel-error 0.01]
    pathsim anderson conductance --dim 2 --width 16 --length 16 --disorder 3
    pathsim anderson levels --dim 3 --size 8 --disorder 5 [--flux 0.25]
    pathsim anderson merge a.npz b.npz -o c.npz

Each prints a summary (text, or ``--format json``) and, with ``-o FILE.npz``,
saves the raw samples (:mod:`pathsim.wave.results`).  Bad input ends with
exit status 2 and one line on stderr, before any work and without writing.
"""
from .._validate import normalize_seed
from ..wave import runs
from ..wave.results import load
from ..wave.lattice import BOUNDARIES
from .common import (SEED, InputFile, Int, OutputFile, Real, UsageError, announce,
                     write_json)

PROG = "pathsim anderson"


def _common(p, seed=True):
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="text (default) or JSON on stdout (strict: NaN and infinities as null)")
    p.add_argument("-o", "--output", metavar="FILE.npz", type=OutputFile(".npz"),
                   help="save the raw samples")
    if seed:
        p.add_argument("--seed", type=SEED, default=0, help="random seed (0 <= seed < 2**64)")
    p.add_argument("--progress", action="store_true", default=None,
                   help="show progress bars (default: when stderr is a terminal)")


def add_parser(sub):
    """Add the ``anderson`` command and its subcommands to ``sub``."""
    top = sub.add_parser("anderson", help="Anderson model: localization length, "
                                "conductance, level statistics")
    top.set_defaults(func=command)
    sub = top.add_subparsers(dest="anderson_command", metavar="SUBCOMMAND", required=True)
    p = sub.add_parser("xi", help="localization length of a quasi-1D bar (transfer matrix)")
    p.add_argument("--dim", type=Int(1, 3), default=3, help="1, 2 or 3")
    p.add_argument("--width", type=Int(1), default=1, help="M: cross-section M or M x M sites")
    p.add_argument("--disorder", type=Real(0.0, low_open=True), required=True,
                   help="W > 0 (a finite localization length), units of t")
    p.add_argument("--energy", type=Real(), default=0.0, help="E, units of t")
    p.add_argument("--flux", type=Real(), default=0.0, help="flux per plaquette, units of h/e")
    p.add_argument("--rel-error", type=Real(0.0, 1.0, low_open=True, high_open=True),
                   default=0.01, help="target stderr / xi")
    p.add_argument("--boundary", default="periodic", choices=BOUNDARIES,
                   help="periodic (default) or hard-wall")
    _common(p)
    p = sub.add_parser("conductance", help="Landauer conductance (recursive Green's functions)")
    p.add_argument("--dim", type=Int(1, 3), default=2, help="1, 2 or 3")
    p.add_argument("--width", type=Int(1), required=True, help="M sites across")
    p.add_argument("--length", type=Int(1), required=True, help="L slices along x")
    p.add_argument("--disorder", type=Real(0.0), required=True, help="W, units of t")
    p.add_argument("--energy", type=Real(), default=0.0, help="E, units of t")
    p.add_argument("--flux", type=Real(), default=0.0, help="flux per plaquette, units of h/e")
    p.add_argument("--realizations", type=Int(1), default=100)
    p.add_argument("--boundary", default="hard-wall", choices=BOUNDARIES,
                   help="hard-wall (default) or periodic")
    _common(p)
    p = sub.add_parser("levels", help="adjacent-gap ratio <r> of closed boxes")
    p.add_argument("--dim", type=Int(1, 3), default=3, help="1, 2 or 3")
    p.add_argument("--size", type=Int(1), required=True, help="L: L^dim sites")
    p.add_argument("--disorder", type=Real(0.0), required=True, help="W, units of t")
    p.add_argument("--flux", type=Real(), default=0.0, help="flux per plaquette, units of h/e")
    p.add_argument("--realizations", type=Int(1), default=20)
    p.add_argument("--fraction", type=Real(0.0, 1.0, low_open=True), default=0.2,
                   help="central fraction of levels")
    p.add_argument("--boundary", default="periodic", choices=BOUNDARIES,
                   help="periodic (default) or hard-wall")
    _common(p)
    p = sub.add_parser("merge", help="combine runs with different seeds")
    p.add_argument("inputs", nargs="+", metavar="FILE.npz", type=InputFile(content="npz"))
    _common(p, seed=False)
    return top


def _compute(args):
    cmd = args.anderson_command
    if cmd == "merge":
        result = load(args.inputs[0])
        for path in args.inputs[1:]:
            result = result.merge(load(path))
        return result
    seed = normalize_seed(args.seed)
    names = runs.PARAMS[cmd]
    params = {name: getattr(args, name) for name in names}
    realizations = getattr(args, "realizations", None)
    params = runs.check(cmd, params, realizations or 1)
    _announce(cmd, params, realizations or 1)
    return runs.run(cmd, params, realizations=realizations, seed=seed,
                    progress=args.progress)


def _announce(cmd, p, realizations):
    """The estimate line of a long run (:mod:`pathsim.wave.cost`)."""
    from ..wave import cost

    memory, seconds = cost.estimate(cmd, p, realizations)
    if cmd == "xi":
        slices, capped = cost.xi_slices(p["dim"], p["width"], p["disorder"], p["rel_error"])
        what = f"a bar of up to about {slices:.2g} slices, {cost.size_text(memory)} of memory"
        if capped:
            what += (f"; rel_error {p['rel_error']:g} needs more than the bar's "
                     f"{cost.MAX_SLICES:.0e} slices: it stops there, with a larger error")
    else:
        what = f"{realizations} realizations, {cost.size_text(memory)} of memory"
    announce(f"{PROG} {cmd}", seconds, what, stop="Ctrl-C stops it")


def _text(summary):
    return "\n".join(f"{key:>14s}  {value}" for key, value in summary.items())


def command(args):
    """Run a parsed ``anderson`` command: bad input (checked before any work)
    and unreadable inputs raise :class:`~pathsim.cli.common.UsageError`."""
    try:
        result = _compute(args)
    except (ValueError, OSError) as exc:
        raise UsageError(f"{PROG}: {exc}")
    if args.output:
        result.save(args.output)
    summary = result.summary()
    if args.format == "json":
        write_json(summary)
    else:
        print(_text(summary))
