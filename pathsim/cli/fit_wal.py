"""``pathsim fit-wal``: fit weak antilocalization (B_phi, B_so) to a measured
magnetoconductance.

    pathsim fit-wal data.csv [--model hln-so|ilp|ballistic|simulation] [--grid grid.npz]
                             [--b-tr TESLA] [--field-unit T|mT|b]
                             [--sigma-unit G0|S|e2h] [--plot fit.png]
"""
import numpy as np

from .common import UsageError

PROG = "pathsim fit-wal"


def add_parser(sub):
    p = sub.add_parser("fit-wal", help="fit weak antilocalization: B_phi and B_so",
                       description="Fit the HLN model with spin-orbit scattering or the "
                       "ILP model (one linear Rashba or Dresselhaus term) to "
                       "delta_sigma(B) - delta_sigma(0) from a CSV file whose header names "
                       "the columns: field, delta_sigma and optionally error.")
    p.add_argument("data", help="CSV file with columns field, delta_sigma[, error]")
    p.add_argument("--model", choices=["hln-so", "ilp", "ballistic", "simulation"],
                   default="hln-so",
                   help="hln-so (isotropic spin-orbit scattering, default), ilp "
                   "(D'yakonov-Perel precession, one linear term), ballistic (the same "
                   "beyond the diffusion approximation, Golub's theory: needs --b-tr with "
                   "fields in T or mT) or simulation (pathsim's own simulation: a grid "
                   "over B_so and B_phi, --grid)")
    p.add_argument("--grid", metavar="NPZ", help="simulation grid of --model simulation "
                   "(pathsim.fitting_grid.build_wal_grid(...).save(path))")
    p.add_argument("--b-tr", type=float, dest="b_tr", metavar="TESLA",
                   help="B_tr = hbar / (2 e l^2) of the sample in tesla, for --model "
                   "simulation or ballistic with fields in T or mT")
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
        if args.model == "ballistic":
            if args.grid:
                raise ValueError("--grid belongs to --model simulation")
            fit = _fit_ballistic(field, dsigma, err, args)
        else:
            if args.model != "simulation" and (args.grid or args.b_tr is not None):
                raise ValueError("--grid and --b-tr belong to --model simulation or "
                                 "ballistic")
            extra = dict(grid=args.grid, B_tr=args.b_tr) if args.model == "simulation" else {}
            fit = fit_wal(field, dsigma, err, model=args.model, field_unit=args.field_unit,
                          sigma_unit=args.sigma_unit, **extra)
    except ValueError as exc:
        raise UsageError(f"{PROG}: {exc}")
    if args.plot:
        fit.plot(args.plot)
    print(fit.summary())


def _fit_ballistic(field, dsigma, err, args):
    """B_phi and B_so of :func:`pathsim.theory.exact_spin.ballistic_magnetoconductance`
    by weighted least squares, started from the ILP fit (its diffusive limit)."""
    from scipy import optimize

    from .._validate import check_real
    from ..fitting_wal import WALFit, fit_wal
    from ..theory.exact_spin import ballistic_magnetoconductance as model

    if args.field_unit == "b":
        if args.b_tr not in (None, 1.0):
            raise ValueError(f"--b-tr must be 1 (or omitted) for fields in B_tr (got {args.b_tr})")
        B_tr = 1.0
    elif args.b_tr is None:
        raise ValueError("--model ballistic with fields in T or mT needs --b-tr (T), "
                         "hbar / (2 e l^2) of the sample")
    else:
        B_tr = check_real("--b-tr", args.b_tr, lower=0.0, lower_open=True)
    start = fit_wal(field, dsigma, err, model="ilp", field_unit=args.field_unit,
                    sigma_unit=args.sigma_unit)
    B, data, sigma = start.field, start.dsigma, start.err

    def curve(x, log_phi, log_so):
        return model(x, np.exp(log_phi), np.exp(log_so), B_tr)

    p0 = np.log([min(start.B_phi, 0.5 * B_tr), max(start.B_so, 1e-6 * B_tr)])
    popt, pcov = optimize.curve_fit(curve, B, data, p0=p0, sigma=sigma,
                                    absolute_sigma=sigma is not None, maxfev=400)
    perr = np.sqrt(np.diag(pcov))
    if not np.all(np.isfinite(perr)):
        raise ValueError("the ballistic fit did not converge to a finite covariance")
    values = np.exp(popt)
    w = 1.0 if sigma is None else 1.0 / sigma
    chi2 = float(np.sum(((data - curve(B, *popt)) * w) ** 2))
    return WALFit(B, data, sigma, args.field_unit, "ballistic", values, values * perr, chi2,
                  scaled=sigma is None, curve=lambda f: model(f, *values, B_tr))
