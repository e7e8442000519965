"""Command-line parts for parameter studies: ``pathsim sweep`` and
``pathsim fit-hln`` (registered by :mod:`pathsim.cli`).

    pathsim sweep study.toml [--store DIR] [--workers N | --dask-local N |
                              --scheduler tcp://host:port] [--quiet]
    pathsim fit-hln data.csv [--field-unit T|mT|b] [--sigma-unit G0|S|e2h]
                             [--alpha free|1] [--background] [--plot fit.png]
"""
import os
import sys


def add_parsers(sub):
    """Add the study subcommands to the ``pathsim`` subparsers."""
    sweep = sub.add_parser("sweep", help="run a parameter study into a resumable store",
                           description="Run every point of a study file (TOML) into a "
                           "store folder. Run it again to resume: only missing, "
                           "corrupt or under-budget points are computed.")
    sweep.add_argument("study", help="study file (.toml): seed, walkers, [fixed], [grid]")
    sweep.add_argument("--store", metavar="DIR", help="store folder (default: the study "
                       "file's name with .store, next to it)")
    sweep.add_argument("--workers", type=int, default=1, help="local processes running "
                       "points side by side, each with cores/N numba threads (default 1: "
                       "points in sequence, each on all cores)")
    sweep.add_argument("--dask-local", type=int, metavar="N", dest="dask_local",
                       help="start a local Dask cluster of N single-thread workers")
    sweep.add_argument("--scheduler", metavar="ADDRESS",
                       help="run on an existing Dask cluster (tcp://host:port)")
    sweep.add_argument("--quiet", action="store_true", help="no progress bar")

    fit = sub.add_parser("fit-hln", help="fit HLN to a measured magnetoconductance",
                         description="Fit delta_sigma(B) - delta_sigma(0) = alpha [psi(1/2 + "
                         "B_phi/B) - ln(B_phi/B)] (+ c B^2) to a CSV file whose header "
                         "names the columns: field, delta_sigma and optionally error.")
    fit.add_argument("data", help="CSV file with columns field, delta_sigma[, error]")
    fit.add_argument("--field-unit", choices=["T", "mT", "b"], default="T",
                     help="unit of the field column: T, mT or b = B / B_tr (default T)")
    fit.add_argument("--sigma-unit", choices=["G0", "S", "e2h"], default="G0",
                     help="unit of delta_sigma: G0 = e^2/(pi h), S, or e^2/h (default G0)")
    fit.add_argument("--alpha", choices=["free", "1"], default="free",
                     help="prefactor alpha: fitted (free, default) or fixed to 1")
    fit.add_argument("--background", action="store_true", help="add a c B^2 background")
    fit.add_argument("--plot", metavar="PNG", help="write a plot of data, fit and residuals")
    return dict(sweep=cmd_sweep, **{"fit-hln": cmd_fit_hln})


def cmd_sweep(args):
    from .cli import UsageError
    from .executors import make_executor
    from .study import StudyError, load_study_file
    from .sweep import run_sweep

    try:
        study = load_study_file(args.study)
        folder = args.store or os.path.splitext(args.study)[0] + ".store"
        executor = make_executor(args.workers, args.scheduler, args.dask_local)
        report = run_sweep(study, folder, executor, progress=False if args.quiet else None)
    except (StudyError, ValueError) as exc:
        raise UsageError(f"pathsim sweep: {exc}")
    except KeyboardInterrupt:
        print("pathsim sweep: interrupted; every completed point is saved, run the same "
              "command again to resume", file=sys.stderr)
        raise SystemExit(130)
    done = ", ".join(f"{report[k]} {k}" for k in
                     ("computed", "raised", "recomputed", "adopted", "up-to-date") if report[k])
    print(f"{report['points']} points in {folder} ({executor.describe()}): {done}; "
          f"{report['walkers']:,} walkers in {report['wall_time_s']:.1f} s")
    if list(study.axes) == ["temperature"]:
        _print_temperature_table(folder)


def _print_temperature_table(folder):
    """delta_sigma(T), L_phi(T) and R(T) of a temperature study."""
    from .study_result import load_study

    curve = load_study(folder).temperature_curve()
    with_r = "R_ohm" in curve
    print(f"{'T (K)':>9} {'tau_phi (ps)':>13} {'L_phi (nm)':>11} {'delta_sigma (G0)':>21}"
          + (f" {'R (ohm)':>20}" if with_r else ""))
    for i, T in enumerate(curve["T_K"]):
        line = (f"{T:9.4g} {curve['tau_phi_ps'][i]:13.4g} {curve['L_phi_nm'][i]:11.4g} "
                f"{curve['delta_sigma_G0'][i]:10.4f} +- {curve['delta_sigma_G0_err'][i]:.4f}")
        if with_r:
            line += f" {curve['R_ohm'][i]:11.3f} +- {curve['R_ohm_err'][i]:.3f}"
        print(line)


def cmd_fit_hln(args):
    from .cli import UsageError
    from .fitting import fit_hln, read_csv

    try:
        field, dsigma, err = read_csv(args.data)
        fit = fit_hln(field, dsigma, err, field_unit=args.field_unit,
                      sigma_unit=args.sigma_unit, alpha=None if args.alpha == "free" else 1.0,
                      background=args.background)
    except ValueError as exc:
        raise UsageError(f"pathsim fit-hln: {exc}")
    if args.plot:
        fit.plot(args.plot)
    print(fit.summary())
