"""``pathsim fit-hln``: fit HLN to a measured magnetoconductance.

    pathsim fit-hln data.csv [--field-unit T|mT|b] [--sigma-unit G0|S|e2h]
                             [--alpha free|1] [--background] [--plot fit.png]
"""
import os

from .common import InputFile, OutputFile, UsageError, check_output

PROG = "pathsim fit-hln"


def add_parser(sub):
    p = sub.add_parser("fit-hln", help="fit HLN to a measured magnetoconductance",
                       description="Fit delta_sigma(B) - delta_sigma(0) = alpha [psi(1/2 + "
                       "B_phi/B) - ln(B_phi/B)] (+ c B^2) to a CSV file whose header names "
                       "the columns: field, delta_sigma and optionally error.")
    p.add_argument("data", type=InputFile(content="text"), help="CSV file with columns field, delta_sigma[, error]")
    p.add_argument("--field-unit", choices=["T", "mT", "b"], default="T",
                   help="unit of the field column: T, mT or b = B / B_tr (default T)")
    p.add_argument("--sigma-unit", choices=["G0", "S", "e2h"], default="G0",
                   help="unit of delta_sigma: G0 = e^2/(pi h), S, or e^2/h (default G0)")
    p.add_argument("--alpha", choices=["free", "1"], default="free",
                   help="prefactor alpha: fitted (free, default) or fixed to 1")
    p.add_argument("--background", action="store_true", help="add a c B^2 background")
    p.add_argument("--plot", metavar="FILE", type=OutputFile(), help="write a plot of data, fit and residuals "
                   "(.png, .pdf, .svg, ...: any format matplotlib writes)")
    p.set_defaults(func=command)


def _check_plot(path, prog=PROG):
    """The plot's format and folder, checked before the fit."""
    from matplotlib.backend_bases import FigureCanvasBase

    formats = FigureCanvasBase.get_supported_filetypes()
    ext = os.path.splitext(path)[1].lstrip(".").lower()
    if ext not in formats:
        raise UsageError(f"{prog}: --plot {path!r}: unknown format {ext or '(none)'!r} "
                         f"(known: {', '.join(sorted(formats))})")
    check_output(path, "--plot", prog, suffix=None)


def command(args):
    from ..fitting import fit_hln, read_csv

    if args.plot:
        _check_plot(args.plot)
    try:
        field, dsigma, err = read_csv(args.data)
        fit = fit_hln(field, dsigma, err, field_unit=args.field_unit,
                      sigma_unit=args.sigma_unit, alpha=None if args.alpha == "free" else 1.0,
                      background=args.background)
    except ValueError as exc:
        raise UsageError(f"{PROG}: {exc}")
    if args.plot:
        fit.plot(args.plot)
    print(fit.summary())
