"""``pathsim run``: one simulation, its summary table and its results file."""
import os
import sys

from .common import (CSV_FILES, InputFile, OutputFile, OutputFolder, UsageError,
                     add_param_flags, check_files, report, run_options)

PROG = "pathsim run"


def add_parser(sub):
    p = sub.add_parser("run", help="one simulation: summary table and a results file",
                       description="Simulate Poisson walkers (1D, 2D, 3D; bulk, films, "
                       "wires) and tally their loops.  Every flag is also a key of the "
                       "--config file (with underscores: tau_phi_max; several --spin "
                       "settings: spin = [{rashba = 0.1}, {}]).")
    p.add_argument("--config", metavar="TOML", type=InputFile(content="text"), help="read run parameters from a TOML file "
                   "(keys as the flags, with underscores); flags override it")
    add_param_flags(p)
    p.add_argument("--format", choices=["table", "json"], default="table",
                   help="table (default) or json on stdout (every value with its stderr)")
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
    _announce_cost(options)
    try:
        result = pathsim.simulate(progress=False if args.quiet else None, **options)
    except ValueError as exc:  # simulate validates before any work
        raise UsageError(f"{PROG}: {exc}")
    result.save(output)
    if csv_dir is not None:
        result.to_csv(csv_dir)
    report(result, args.format, output)


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
