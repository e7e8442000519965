"""What ``pathsim fit-hln`` and ``pathsim fit-wal`` share: the options that
read a lab file (:func:`pathsim.analysis.read_measurement`, same names),
the fit options, the outputs (text or JSON, ``--csv``, ``--plot``).

Every option is checked, and the file read and prepared, before any fit;
the outputs are written only after the fit, atomically.  The paths are
checked centrally before the command runs (:mod:`pathsim.cli.filearg`)."""
import argparse
import os
import sys
import warnings

from .common import NAME, NAMES, InputFile, OutputFile, Real, UsageError, write_json

POSITIVE = Real(0.0, low_open=True)

FIELD_UNITS = ["T", "mT", "uT", "Oe", "G", "kOe", "kG", "b"]
VALUE_UNITS = ["S", "mS", "uS", "e2h", "2e2h", "e2pih", "G0", "mohm", "ohm", "kohm", "Mohm"]


def alpha(text):
    """``free`` or a finite number."""
    if text.strip().lower() == "free":
        return "free"
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not abs(value) < float("inf"):
        raise argparse.ArgumentTypeError(f"expected 'free' or a finite number, got {text!r}")
    return value


def add_options(p, alpha_default, alpha_help):
    """The data, fit and output options of both fit commands."""
    p.add_argument("data", type=InputFile(content="text"),
                   help="lab file: CSV, TSV or whitespace-separated, a header "
                   "naming the columns (units in parentheses allowed: 'B (Oe)')")
    d = p.add_argument_group("reading the data")
    d.add_argument("--field", type=NAME, metavar="COL",
                   help="field column (default: B, field or H)")
    d.add_argument("--value", type=NAME, metavar="COL", help="value column (default by "
                   "--quantity: delta_sigma, sigma, R_sheet, R / R_xx / Rxx)")
    d.add_argument("--error", type=NAME, metavar="COL", help="standard errors of the values "
                   "(default: a column error/err/stderr if present)")
    d.add_argument("--group", type=NAME, metavar="COL", help="one fit per value of this column "
                   "(temperature, gate voltage)")
    d.add_argument("--field-unit", choices=FIELD_UNITS, help="unit of the field column when "
                   "its header does not say (default T; b = B / B_tr)")
    d.add_argument("--quantity", choices=["delta_sigma", "sigma", "R_sheet", "R"],
                   help="what the value column holds (default: from its name)")
    d.add_argument("--sigma-unit", dest="unit", choices=VALUE_UNITS, help=argparse.SUPPRESS)
    d.add_argument("--unit", dest="unit", choices=VALUE_UNITS,
                   help="unit of the values when the header does not say: S, e2h, e2pih = "
                   "e^2/(pi h) (G0: deprecated name of e2pih), ohm, kohm")
    d.add_argument("--geometry", nargs=2, type=POSITIVE, metavar=("LENGTH", "WIDTH"),
                   help="voltage-probe distance and width of a Hall bar (same unit): R_xx "
                   "becomes a sheet resistance (without it 1/R is the sample's conductance)")
    d.add_argument("--symmetrize", choices=["average", "positive", "negative", "none"],
                   help="R(B) and R(-B) on one grid: average (default when both signs are "
                   "present), one side, or none")
    d.add_argument("--recenter", action="store_true", help="find and remove the field "
                   "offset (centre of symmetry), reported per group")
    d.add_argument("--reference", choices=["zero-field", "fit"], help="sigma(0) from the "
                   "data at B = 0 (default) or a fitted offset")
    d.add_argument("--max-field", type=POSITIVE, metavar="B", help="fit window -B <= field "
                   "<= B (field column's unit)")
    f = p.add_argument_group("the fit")
    f.add_argument("--alpha", type=alpha, default=alpha_default, metavar="free|NUMBER",
                   help=alpha_help)
    f.add_argument("--background", nargs="?", const="quadratic", default="none",
                   choices=["none", "quadratic", "linear"], help="classical background "
                   "c B^2 (quadratic; also the bare flag) or c abs(B) (linear); default none")
    f.add_argument("--share", type=NAMES, metavar="NAME[,NAME]", help="parameters common to "
                   "all groups (joint fit), e.g. B_so,alpha")
    f.add_argument("--b-tr", type=POSITIVE, dest="b_tr", metavar="TESLA",
                   help="B_tr = hbar / (2 e l^2) of the sample: fields above it give a "
                   "warning (diffusive formulas need B << B_tr)")
    o = p.add_argument_group("output")
    o.add_argument("--format", choices=["text", "json"], default="text",
                   help="text summary (default) or JSON (non-finite numbers as null)")
    o.add_argument("--csv", metavar="FILE", type=OutputFile(".csv"),
                   help="write the parameter table (CSV)")
    o.add_argument("--plot", metavar="FILE", type=OutputFile(),
                   help="figure: every group, residuals, "
                   "parameters against the group (.png, .pdf, .svg, ...)")


def check_plot(path, prog, flag="--plot"):
    """The plot's format, checked before the fit (the path itself is checked
    centrally: :class:`pathsim.cli.common.OutputFile`)."""
    from matplotlib.backend_bases import FigureCanvasBase

    formats = FigureCanvasBase.get_supported_filetypes()
    ext = os.path.splitext(path)[1].lstrip(".").lower()
    if ext not in formats:
        raise UsageError(f"{prog}: {flag} {path!r}: unknown format {ext or '(none)'!r} "
                         f"(known: {', '.join(sorted(formats))})")


def read(args, prog):
    """The measurement, read and prepared (UsageError on bad input)."""
    from ..analysis import read_measurement

    if args.unit == "G0":
        print(f"{prog}: note: --unit G0 is the deprecated name of e2pih = e^2/(pi h) "
              "(not the quantum 2e^2/h)", file=sys.stderr)
        args.unit = "e2pih"
    if args.share and not args.group:
        raise UsageError(f"{prog}: --share needs --group")
    try:
        return read_measurement(args.data, field=args.field, value=args.value,
                                error=args.error, group=args.group,
                                field_unit=args.field_unit, quantity=args.quantity,
                                unit=args.unit, geometry=args.geometry,
                                symmetrize=args.symmetrize, recenter=args.recenter,
                                max_field=args.max_field, reference=args.reference)
    except ValueError as exc:
        raise UsageError(f"{prog}: {exc}")


def run(args, prog, fit_function, **extra):
    """Check the outputs, read, fit, print and write."""
    if args.plot:
        check_plot(args.plot, prog)
    data = read(args, prog)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")          # numpy / scipy noise never reaches the user
        try:
            fit = fit_function(data, alpha=args.alpha, background=args.background,
                               share=args.share, **extra)
        except ValueError as exc:
            raise UsageError(f"{prog}: {exc}")
        if args.csv:
            fit.write_csv(args.csv)
        if args.plot:
            fit.plot(args.plot)
    if args.format == "json":
        out = fit.to_dict()
        out["files"] = dict(csv=args.csv, plot=args.plot)
        write_json(out)
        return
    print(fit.summary())
    for flag, path in (("parameter table", args.csv), ("figure", args.plot)):
        if path:
            print(f"{flag} written to {path}")
