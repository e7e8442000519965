"""``pathsim fit-wal``: fit weak antilocalization (B_phi, B_so) to a measured
magnetoconductance.

    pathsim fit-wal data.csv [--model hln-so|ilp] [--field-unit T|mT|b]
                             [--sigma-unit G0|S|e2h] [--plot fit.png]
"""
from .common import UsageError

PROG = "pathsim fit-wal"


def add_parser(sub):
    p = sub.add_parser("fit-wal", help="fit weak antilocalization: B_phi and B_so",
                       description="Fit the HLN model with spin-orbit scattering or the "
                       "ILP model (one linear Rashba or Dresselhaus term) to "
                       "delta_sigma(B) - delta_sigma(0) from a CSV file whose header names "
                       "the columns: field, delta_sigma and optionally error.")
    p.add_argument("data", help="CSV file with columns field, delta_sigma[, error]")
    p.add_argument("--model", choices=["hln-so", "ilp"], default="hln-so",
                   help="hln-so (isotropic spin-orbit scattering, default) or ilp "
                   "(D'yakonov-Perel precession, one linear term)")
    p.add_argument("--field-unit", choices=["T", "mT", "b"], default="T",
                   help="unit of the field column: T, mT or b = B / B_tr (default T)")
    p.add_argument("--sigma-unit", choices=["G0", "S", "e2h"], default="G0",
                   help="unit of delta_sigma: G0 = e^2/(pi h), S, or e^2/h (default G0)")
    p.add_argument("--plot", metavar="FILE", help="write a plot of data, fit and residuals "
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
        fit = fit_wal(field, dsigma, err, model=args.model, field_unit=args.field_unit,
                      sigma_unit=args.sigma_unit)
    except ValueError as exc:
        raise UsageError(f"{PROG}: {exc}")
    if args.plot:
        fit.plot(args.plot)
    print(fit.summary())
