"""``pathsim sweep``: run a parameter study into a resumable store.

    pathsim sweep study.toml [--store DIR] [--workers N | --dask-local N |
                              --scheduler tcp://host:port] [--quiet]
"""
import os
import sys

from .common import InputFile, Int, OutputFolder, UsageError, announce, check_files

PROG = "pathsim sweep"


def add_parser(sub):
    p = sub.add_parser("sweep", help="run a parameter study into a resumable store",
                       description="Run every point of a study file (TOML) into a store "
                       "folder. Run it again to resume: only missing, corrupt or "
                       "under-budget points are computed.")
    p.add_argument("study", type=InputFile(content="text"),
                   help="study file (.toml): seed, walkers (or kind and "
                   "realizations for the wave stage), [fixed], [grid]")
    p.add_argument("--store", metavar="DIR", type=OutputFolder(),
                   help="store folder (default: the study "
                   "file's name with .store, next to it)")
    p.add_argument("--workers", type=Int(1), default=None, help="local processes running points "
                   "side by side, each with cores/N numba threads (default 1: points in "
                   "sequence, each on all cores)")
    p.add_argument("--dask-local", type=Int(1), metavar="N", dest="dask_local",
                   help="start a local Dask cluster of N single-thread workers")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="run on an existing Dask cluster (tcp://host:port)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=command)


def command(args):
    from ..studies import StudyError, load_study_file, make_executor, run_sweep

    try:
        study = load_study_file(args.study)
        folder = args.store or os.path.splitext(args.study)[0] + ".store"
        check_files(PROG, [("study", args.study, InputFile(content="text")),
                           ("--store", folder, OutputFolder())])
        executor = make_executor(args.workers, args.scheduler, args.dask_local)
        _announce(study, args.workers)
        report = run_sweep(study, folder, executor, progress=False if args.quiet else None)
    except (StudyError, ValueError) as exc:
        raise UsageError(f"{PROG}: {exc}")
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted; every completed point is saved, run the same "
              "command again to resume", file=sys.stderr)
        raise SystemExit(130)
    done = ", ".join(f"{report[k]} {k}" for k in
                     ("computed", "raised", "recomputed", "adopted", "up-to-date") if report[k])
    budget = "walkers" if study.kind == "walk" else "realizations"
    print(f"{report['points']} points in {folder} ({executor.describe()}): {done}; "
          f"{report[budget]:,} {budget} in {report['wall_time_s']:.1f} s")
    if list(study.axes) == ["temperature"]:
        _print_temperature_table(folder)


def _announce(study, workers):
    """The estimate line of a long study (:mod:`pathsim.studies.cost`): every
    point computed, on this machine's cores."""
    from .._kernels.jit import max_threads
    from ..studies.cost import study_seconds

    seconds, points = study_seconds(study, max_threads())
    announce(PROG, seconds, f"{points:,} point{'s' * (points > 1)} of {study.budget:,} "
             f"{'walkers' if study.kind == 'walk' else 'realizations'} each, if none is "
             f"in the store yet", stop="Ctrl-C stops it; finished points stay")


def _print_temperature_table(folder):
    """delta_sigma(T), L_phi(T) and R(T) of a temperature study."""
    from ..studies import load_study

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
