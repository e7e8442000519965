"""``pathsim run``: one simulation, its summary table and its results file."""
import sys

from .common import (UsageError, add_param_flags, check_output, check_output_folder,
                     report, run_options)

PROG = "pathsim run"


def add_parser(sub):
    p = sub.add_parser("run", help="one simulation: summary table and a results file",
                       description="Simulate Poisson walkers (1D, 2D, 3D; bulk, films, "
                       "wires) and tally their loops.  Every flag is also a key of the "
                       "--config file (with underscores: tau_phi_max; several --spin "
                       "settings: spin = [{rashba = 0.1}, {}]).")
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
    _announce_cost(options)
    try:
        result = pathsim.simulate(progress=False if args.quiet else None, **options)
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


# Runs expected to take longer than this say so before they start.
ANNOUNCE_SECONDS = 60.0


def _duration(seconds):
    for unit, size in (("days", 86400.0), ("hours", 3600.0), ("minutes", 60.0)):
        if seconds >= size:
            return f"{seconds / size:.3g} {unit}"
    return f"{seconds:.2g} s"


def _announce_cost(options):
    """One line on stderr before a long run: its scattering steps and about
    how long they take (:func:`pathsim.run.estimate_cost`, conservative)."""
    from .._kernels.jit import max_threads
    from ..model import medium
    from ..run import estimate_cost
    from ..run.driver import mean_walk_time

    keys = ("dim", "geometry", "width", "thickness", "walls", "mean_cosine", "directions",
            "scattering", "length")
    try:
        spec = medium(**{k: options[k] for k in keys if k in options})
    except ValueError as exc:
        raise UsageError(f"{PROG}: {exc}")
    threads = options.get("threads") or max_threads()
    t_cut = options["truncation"] * options["tau_phi_max"]
    # the spin kernel runs a third to a fifth of the fast 2D kernel's rate:
    # the general walk's conservative rate covers it
    spin = any(options.get(k) for k in ("rashba", "dresselhaus", "dresselhaus3", "tau_so",
                                        "tau_sf", "zeeman", "spin"))
    if spec.length is not None:     # walks end at a lead; injected walkers double it
        t_cut = 2.0 * min(t_cut, mean_walk_time(spec))
    elif t_cut == float("inf"):
        return                      # simulate() names the error
    steps, seconds = estimate_cost(options["walkers"], t_cut, spec.dim, threads,
                                   spec.plain_2d and not spin)
    if seconds > ANNOUNCE_SECONDS:
        print(f"{PROG}: about {steps:.2g} scattering steps, up to about "
              f"{_duration(seconds)} on {threads} thread{'s' * (threads > 1)} "
              "(Ctrl-C stops it and writes nothing)", file=sys.stderr, flush=True)
