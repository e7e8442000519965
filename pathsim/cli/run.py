"""``pathsim run``: one simulation, its summary table and its results file."""
import os

from .common import (CSV_FILES, InputFile, OutputFile, OutputFolder, UsageError,
                     add_param_flags, check_files, cost_line, report, run_options)

PROG = "pathsim run"


def add_parser(sub):
    p = sub.add_parser("run", help="one simulation: summary table and a results file",
                       description="Simulate Poisson walkers (1D, 2D, 3D; bulk, films, "
                       "wires) and tally their loops.  Every flag is also a key of the "
                       "--config file (with underscores: tau_phi_max; several --spin "
                       "settings: spin = [{rashba = 0.1}, {}]).")
    p.add_argument("--config", metavar="TOML", type=InputFile(content="text"),
                   help="read run parameters from a TOML file "
                   "(keys as the flags, with underscores); flags override it")
    add_param_flags(p)
    p.add_argument("--format", choices=["table", "json"], default="table",
                   help="table (default) or json on stdout (every value with its stderr; "
                   "strict JSON: NaN and infinities, e.g. tau_phi_max = inf, as null)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=command)


def command(args):
    import pathsim

    options = run_options(args, PROG)
    output = options.pop("output")
    csv_dir = options.pop("csv", None)
    # the config file may name the outputs: checked again with their final values
    spins = options.get("spin") or []
    csv_files = CSV_FILES if not spins else [
        os.path.join(f"spin{k}", name) for k in range(len(spins)) for name in CSV_FILES]
    check_files(PROG, [("--config", args.config, InputFile(content="text")),
                       ("--output", output, OutputFile(".npz")),
                       ("--csv", csv_dir, OutputFolder(csv_files))])
    try:
        result = pathsim.simulate(progress=False if args.quiet else None,
                                  _announce=cost_line(PROG), **options)
    except ValueError as exc:  # simulate validates before any work
        raise UsageError(f"{PROG}: {exc}")
    # measured before anything is written, so that Ctrl-C still leaves no file
    factor_two = (_factor_two(result, options.get("threads"))
                  if args.format == "table" and _plain_2d(result.params) else None)
    result.save(output)
    if csv_dir is not None:
        result.to_csv(csv_dir)
    report(result, args.format, output)
    if factor_two is not None:
        print(factor_two)


def _plain_2d(params):
    from ..model.medium import is_plain_2d

    return is_plain_2d(params) and not params.get("spin") and params.get("length") is None


# Fields of the frozen check per walker of the run, and their bounds: the
# default run's 100,000 walkers get 20,000 fields (2 to 3 s on 2 cores,
# standard error about 0.025), a small test run 1,000.
FIELDS_PER_WALKER = 0.2
FIELDS_RANGE = (1_000, 20_000)


def _factor_two(result, threads):
    """The summary line of the factor two measured from summed amplitudes in
    a small frozen-field run sized with the run, beside the Poisson walk's 2
    by definition."""
    from ..results.report import factor_two_line
    from ..run.frozen import measured_factor_two

    fields = int(min(max(FIELDS_PER_WALKER * result.n_walkers, FIELDS_RANGE[0]),
                     FIELDS_RANGE[1]))
    return factor_two_line(measured_factor_two(seed=result.params["seed"],
                                               realizations=fields, threads=threads))
