"""``pathsim run``: one simulation, its summary table and its results file."""
from .common import (UsageError, add_param_flags, check_output, check_output_folder,
                     report, run_options)

PROG = "pathsim run"


def add_parser(sub):
    p = sub.add_parser("run", help="one simulation: summary table and a results file",
                       description="Simulate Poisson walkers (1D, 2D, 3D; bulk, films, "
                       "wires) and tally their loops.  Every flag is also a key of the "
                       "--config file (with underscores: tau_phi_max).")
    p.add_argument("--config", metavar="TOML", help="read run parameters from a TOML file "
                   "(keys as the flags, with underscores); flags override it")
    add_param_flags(p)
    p.add_argument("--format", choices=["table", "json"], default="table",
                   help="table (default) or json on stdout (every value with its stderr)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=command)


def command(args):
    import pathsim

    options = run_options(args, PROG)
    output = check_output(options.pop("output"), "--output", PROG)
    csv_dir = options.pop("csv", None)
    if csv_dir is not None:
        check_output_folder(csv_dir, "--csv", PROG)
    try:
        result = pathsim.simulate(progress=False if args.quiet else None, **options)
    except ValueError as exc:  # simulate validates before any work
        raise UsageError(f"{PROG}: {exc}")
    result.save(output)
    if csv_dir is not None:
        result.to_csv(csv_dir)
    report(result, args.format, output)
