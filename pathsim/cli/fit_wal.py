"""``pathsim fit-wal``: fit weak antilocalization (B_phi, B_so) to a measured
magnetoconductance.

    pathsim fit-wal data.csv [--model hln-so|ilp|simulation] [--grid grid.npz]
                             [--b-tr TESLA] [--field-unit T|mT|b]
                             [--sigma-unit G0|S|e2h] [--plot fit.png]
"""
from .common import InputFile, OutputFile, UsageError

PROG = "pathsim fit-wal"


def add_parser(sub):
    p = sub.add_parser("fit-wal", help="fit weak antilocalization: B_phi and B_so",
                       description="Fit the HLN model with spin-orbit scattering or the "
                       "ILP model (one linear Rashba or Dresselhaus term) to "
                       "delta_sigma(B) - delta_sigma(0) from a CSV file whose header names "
                       "the columns: field, delta_sigma and optionally error.")
    p.add_argument("data", type=InputFile(content="text"), help="CSV file with columns field, delta_sigma[, error]")
    p.add_argument("--model", choices=["hln-so", "ilp", "simulation"], default="hln-so",
                   help="hln-so (isotropic spin-orbit scattering, default), ilp "
                   "(D'yakonov-Perel precession, one linear term) or simulation "
                   "(pathsim's own simulation: a grid over B_so and B_phi, --grid)")
    p.add_argument("--grid", metavar="NPZ", type=InputFile(content="npz"), help="simulation grid of --model simulation "
                   "(pathsim.fitting_grid.build_wal_grid(...).save(path))")
    p.add_argument("--b-tr", type=float, dest="b_tr", metavar="TESLA",
                   help="B_tr = hbar / (2 e l^2) of the sample in tesla, for --model "
                   "simulation with fields in T or mT")
    p.add_argument("--field-unit", choices=["T", "mT", "b"], default="T",
                   help="unit of the field column: T, mT or b = B / B_tr (default T)")
    p.add_argument("--sigma-unit", choices=["G0", "S", "e2h"], default="G0",
                   help="unit of delta_sigma: G0 = e^2/(pi h), S, or e^2/h (default G0)")
    p.add_argument("--plot", metavar="FILE", type=OutputFile(), help="write a plot of data, fit and residuals "
                   "(.png, .pdf, .svg, ...: any format matplotlib writes)")
    p.set_defaults(func=command)


def command(args):
    from ..fitting import read_csv
    from ..fitting_wal import fit_wal
    from .fit_hln import _check_plot

    if args.plot:
        _check_plot(args.plot, PROG)
    try:
        field, dsigma, err = read_csv(args.data)
        if args.model != "simulation" and (args.grid or args.b_tr is not None):
            raise ValueError("--grid and --b-tr belong to --model simulation")
        extra = dict(grid=args.grid, B_tr=args.b_tr) if args.model == "simulation" else {}
        fit = fit_wal(field, dsigma, err, model=args.model, field_unit=args.field_unit,
                      sigma_unit=args.sigma_unit, **extra)
    except ValueError as exc:
        raise UsageError(f"{PROG}: {exc}")
    if args.plot:
        fit.plot(args.plot)
    print(fit.summary())
