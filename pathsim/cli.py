"""The ``pathsim`` command line.

    pathsim run [--config run.toml] [flags]   one simulation: summary + results file
    pathsim merge A.npz B.npz -o C.npz        combine runs with different seeds
    pathsim figures [--quick] [--only NAME]   regenerate the figure set
    pathsim paths [--animate out.gif]         one walker, its loop and the twin
    pathsim paths --impurities                the same in a frozen field of disks
    pathsim info                              version, threads, compile cache
    pathsim sweep study.toml                  a parameter study into a resumable store
    pathsim fit-hln data.csv                  fit HLN to a measured magnetoconductance

Bad input ends with exit status 2 and one line on stderr, before any work and
without writing a file.
"""
import argparse
import json
import math
import os
import sys

from . import __version__
from .cli_study import add_parsers as add_study_parsers

RUN_KEYS = {  # TOML key -> (type, help)
    "walkers": (int, "number of walkers"),
    "seed": (int, "random seed, 0 <= seed < 2**64 (fixes the result bit for bit)"),
    "tau_phi_max": (float, "largest phase-coherence time, units of tau"),
    "tau_phi": (list, "phase-coherence times to report, units of tau (<= tau_phi_max)"),
    "b": (list, "fields B / B_tr to report (B_tr = hbar / (2 e l^2))"),
    "threads": (int, "numba threads (default: all cores)"),
    "blocks": (int, "independent blocks of walkers for the error bars"),
    "truncation": (float, "walks stop at t = truncation * tau_phi_max"),
    "detector_radius": (float, "next-event detector radius, units of l (<= 0.5)"),
    "estimator": (str, "loop estimator: triangle (default in 2D) or next-event"),
    "dim": (int, "dimension of the walk: 1, 2 or 3"),
    "geometry": (str, "bulk, film (3D, walls z = 0 and z = thickness) or wire "
                      "(2D strip of width, or 3D width x thickness)"),
    "width": (float, "wire width, units of l"),
    "thickness": (float, "film thickness or 3D wire thickness, units of l"),
    "walls": (str, "wall reflection: specular or diffuse"),
    "mean_cosine": (float, "mean cosine g of the scattering angle (Henyey-Greenstein)"),
    "directions": (list, "field directions (x, y, z) to tally (3D; default z, x, y)"),
    "output": (str, "results file (.npz) to write"),
    "csv": (str, "folder for CSV files of every curve"),
}
RUN_DEFAULTS = dict(walkers=100_000, seed=0, tau_phi_max=300.0, output="pathsim-run.npz")


class UsageError(Exception):
    """Bad input at the command line: exit status 2, one line on stderr."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise UsageError(f"{self.prog}: {message}")


def _floats(text):
    try:
        values = [float(x) for x in text.replace(",", " ").split()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected numbers separated by commas, got {text!r}")
    if not values:
        raise argparse.ArgumentTypeError("expected at least one number")
    return values


def _add_run_flags(p):
    p.add_argument("--config", metavar="TOML", help="read run parameters from a TOML file "
                   "(keys as the flags, with underscores); flags override it")
    p.add_argument("--walkers", type=int, help=f"{RUN_KEYS['walkers'][1]} "
                   f"(default {RUN_DEFAULTS['walkers']})")
    p.add_argument("--seed", type=int, help=RUN_KEYS["seed"][1] + " (default 0)")
    p.add_argument("--tau-phi-max", type=float, dest="tau_phi_max",
                   help=RUN_KEYS["tau_phi_max"][1] + f" (default {RUN_DEFAULTS['tau_phi_max']:g})")
    p.add_argument("--tau-phi", type=_floats, dest="tau_phi", metavar="T1,T2,...",
                   help=RUN_KEYS["tau_phi"][1] + " (default: 16 log-spaced values)")
    p.add_argument("--b", type=_floats, metavar="B1,B2,...",
                   help=RUN_KEYS["b"][1] + " (default: 0 and 63 log-spaced values)")
    p.add_argument("--threads", type=int, help=RUN_KEYS["threads"][1])
    p.add_argument("--blocks", type=int, help=RUN_KEYS["blocks"][1] + " (default 32)")
    p.add_argument("--truncation", type=float, help=RUN_KEYS["truncation"][1] + " (default 15)")
    p.add_argument("--detector-radius", type=float, dest="detector_radius",
                   help=RUN_KEYS["detector_radius"][1] + " (default 0.05)")
    p.add_argument("--estimator", choices=["triangle", "next-event"],
                   help=RUN_KEYS["estimator"][1])
    p.add_argument("--dim", type=int, help=RUN_KEYS["dim"][1] + " (default 2)")
    p.add_argument("--geometry", help=RUN_KEYS["geometry"][1] + " (default bulk)")
    p.add_argument("--width", type=float, help=RUN_KEYS["width"][1])
    p.add_argument("--thickness", type=float, help=RUN_KEYS["thickness"][1])
    p.add_argument("--walls", help=RUN_KEYS["walls"][1] + " (default specular)")
    p.add_argument("--mean-cosine", type=float, dest="mean_cosine",
                   help=RUN_KEYS["mean_cosine"][1] + " (default 0)")
    p.add_argument("--direction", type=_floats, dest="directions", action="append",
                   metavar="X,Y,Z", help="a field direction to tally (repeat for "
                   "several; 3D only; default z, x and y)")
    p.add_argument("-o", "--output", help=RUN_KEYS["output"][1] +
                   f" (default {RUN_DEFAULTS['output']})")
    p.add_argument("--csv", metavar="DIR", help=RUN_KEYS["csv"][1])
    p.add_argument("--format", choices=["table", "json"], default="table",
                   help="table (default) or json on stdout (every value with its stderr)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def build_parser():
    parser = _Parser(prog="pathsim", description="Monte Carlo path interference for weak "
                     "localization. Units: lengths l, times tau = l / v_F, fields "
                     "b = B / B_tr, conductivities G0 = e^2 / (pi h).")
    parser.add_argument("--version", action="version", version=f"pathsim {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    run = sub.add_parser("run", help="one simulation: summary table and a results file",
                         description="Simulate Poisson walkers (1D, 2D, 3D; bulk, "
                         "films, wires) and tally their loops.")
    _add_run_flags(run)

    merge = sub.add_parser("merge", help="merge result files of runs with different seeds")
    merge.add_argument("inputs", nargs="+", help="result files (.npz) written by pathsim run")
    merge.add_argument("-o", "--output", required=True, help="merged results file (.npz)")
    merge.add_argument("--format", choices=["table", "json"], default="table")

    figures = sub.add_parser("figures", help="regenerate the figure set (PNG and PDF)")
    figures.add_argument("--quick", action="store_true", help="small workloads (seconds)")
    figures.add_argument("--only", metavar="NAME", help="one figure by name")
    figures.add_argument("--out", default=None, help="output folder (default figures/, "
                         "or figures/quick/ with --quick so smoke runs never replace "
                         "the real figures)")
    figures.add_argument("--seed", type=int, help="random seed (default: each figure's own)")
    figures.add_argument("--quiet", action="store_true", help="no progress bars")

    paths = sub.add_parser("paths", help="teaching picture: one walker, its closed loop "
                           "and the loop's time-reversed twin")
    paths.add_argument("--seed", type=int, default=None, help="random seed of the walker")
    paths.add_argument("--b", type=float, default=None,
                       help="field B / B_tr used for the annotated phase b A")
    paths.add_argument("--out", default=".", help="folder for paths.png and paths.pdf "
                       "(default: the current folder)")
    paths.add_argument("--animate", metavar="GIF", help="also write an animation (.gif)")
    paths.add_argument("--impurities", action="store_true",
                       help="a frozen field of hard disks instead of Poisson flights: "
                       "a path that returns to its start disk and its twin "
                       "(impurity_loop.png and .pdf)")

    sub.add_parser("info", help="version, numba threads and compile cache")
    COMMANDS.update(add_study_parsers(sub))
    return parser


def _load_config(path):
    from ._validate import read_toml

    try:
        data = read_toml(path, "config file")
    except ValueError as exc:
        raise UsageError(f"pathsim run: {exc}")
    for key, value in data.items():
        if key not in RUN_KEYS:
            raise UsageError(f"pathsim run: unknown key {key!r} in {path} "
                             f"(known: {', '.join(sorted(RUN_KEYS))})")
        kind = RUN_KEYS[key][0]
        ok = (isinstance(value, kind) and not isinstance(value, bool)) or \
            (kind is float and isinstance(value, int) and not isinstance(value, bool))
        if kind is list and ok:
            items = [x for v in value for x in v] if key == "directions" and all(
                isinstance(v, list) for v in value) else value
            ok = all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in items)
        if not ok:
            raise UsageError(f"pathsim run: key {key!r} in {path} must be "
                             f"{kind.__name__} (got {value!r})")
    return data


def _run_options(args):
    options = dict(RUN_DEFAULTS)
    if args.config:
        options.update(_load_config(args.config))
    for key in RUN_KEYS:
        value = getattr(args, key, None)
        if value is not None:
            options[key] = value
    return options


def _check_output(path, flag):
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise UsageError(f"pathsim: {flag}: folder does not exist: {folder}")
    if not path.endswith(".npz"):
        raise UsageError(f"pathsim: {flag} must end in .npz (got {path!r})")


def cmd_run(args):
    import pathsim

    options = _run_options(args)
    output = options.pop("output")
    csv_dir = options.pop("csv", None)
    _check_output(output, "--output")
    try:
        result = pathsim.simulate(progress=False if args.quiet else None, **options)
    except ValueError as exc:  # validation happens before any work
        raise UsageError(f"pathsim run: {exc}")
    result.save(output)
    if csv_dir:
        result.to_csv(csv_dir)
    _report(result, args.format, output)


def _report(result, fmt, output):
    if fmt == "json":
        json.dump(result.to_dict(), sys.stdout, indent=1, allow_nan=True)
        sys.stdout.write("\n")
    else:
        print(result.summary())
        print(f"results written to {output}")


def cmd_merge(args):
    import pathsim

    _check_output(args.output, "--output")
    results = []
    for path in args.inputs:
        try:
            results.append(pathsim.load(path))
        except (OSError, ValueError, KeyError) as exc:
            raise UsageError(f"pathsim merge: cannot read {path}: {exc}")
    merged = results[0]
    try:
        for other in results[1:]:
            merged = merged.merge(other)
    except ValueError as exc:
        raise UsageError(f"pathsim merge: {exc}")
    merged.save(args.output)
    _report(merged, args.format, args.output)


def cmd_figures(args):
    from .figures import make_all

    out = args.out or os.path.join("figures", "quick" if args.quick else "")
    try:
        written = make_all(out, quick=args.quick, only=args.only, seed=args.seed,
                           progress=False if args.quiet else None)
    except ValueError as exc:
        raise UsageError(f"pathsim figures: {exc}")
    for path in written:
        print(path)


def cmd_paths(args):
    from .figures import paths

    kwargs = {} if args.b is None else {"b": args.b}
    if args.b is not None and not (math.isfinite(args.b) and args.b >= 0):
        raise UsageError(f"pathsim paths: --b must be finite and >= 0 (got {args.b})")
    if args.seed is not None and not 0 <= args.seed < 2 ** 32:
        raise UsageError(f"pathsim paths: --seed must be in [0, 2**32) (got {args.seed})")
    if args.animate and not args.animate.endswith(".gif"):
        raise UsageError(f"pathsim paths: --animate must end in .gif (got {args.animate!r})")
    if args.impurities:
        from .figures import impurity_loop

        if args.animate or args.b is not None:
            raise UsageError("pathsim paths: --impurities takes --seed and --out only")
        try:
            written = impurity_loop.make(args.out, seed=args.seed)
        except RuntimeError as exc:
            raise UsageError(f"pathsim paths: {exc}")
        for path in written:
            print(path)
        return
    written = paths.make(args.out, seed=args.seed, **kwargs)
    if args.animate:
        written.append(paths.animate(args.animate, seed=args.seed, **kwargs))
    for path in written:
        print(path)


def cmd_info(args):
    import numba

    from ._kernels.jit import max_threads
    cache = os.environ.get("NUMBA_CACHE_DIR") or os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "__pycache__")
    print(f"pathsim {__version__}")
    print(f"numba {numba.__version__}, threads {max_threads()} "
          "(set NUMBA_NUM_THREADS or --threads to change)")
    print(f"compile cache: {cache}")


COMMANDS = dict(run=cmd_run, merge=cmd_merge, figures=cmd_figures, paths=cmd_paths,
                info=cmd_info)


def main(argv=None):
    """Entry point of the ``pathsim`` console script; returns the exit status."""
    try:
        args = build_parser().parse_args(argv)
        COMMANDS[args.command](args)
    except UsageError as exc:
        print(str(exc).splitlines()[0], file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("pathsim: interrupted; no results file written", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. piped into head: stop quietly
        sys.stdout = open(os.devnull, "w")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
