"""``pathsim disentangle``: weak localization and interactions from measured R(T, B).

    pathsim disentangle data.csv --diffusion D (--tau PS | --mean-free-path NM)
                        [--g 2] [--thickness NM] [--wl hln|exact] [--plot fit.png]
                        [--format text|json]

The CSV columns: T_K, B_perp_T, B_par_T, R_sheet_ohm[, R_H_ohm_per_T].  The
model is :mod:`pathsim.disentangle`'s baseline.
"""
import json
import sys

from .common import UsageError
from .fit_hln import _check_plot

PROG = "pathsim disentangle"


def add_parser(sub):
    p = sub.add_parser("disentangle", help="separate weak localization from interactions "
                       "in measured R(T, B_perp, B_par)",
                       description="Fit sigma = sigma_D - ln(tau_phi/tau) + HLN(B_perp) + "
                       "(1 - 3F/4) ln(k_B T tau/hbar) - (F/2) g2(g mu_B B/k_B T) (G0 = e^2/(pi "
                       "h)), tau_phi = tau_phi1 T^-p, to a CSV with columns T_K, B_perp_T, "
                       "B_par_T, R_sheet_ohm (and optionally R_H_ohm_per_T).")
    p.add_argument("data", help="CSV file (header: T_K,B_perp_T,B_par_T,R_sheet_ohm"
                   "[,R_H_ohm_per_T])")
    p.add_argument("--diffusion", type=float, required=True, metavar="D",
                   help="diffusion constant in m^2/s")
    p.add_argument("--tau", type=float, metavar="PS", help="elastic time tau in ps")
    p.add_argument("--mean-free-path", type=float, metavar="NM",
                   help="mean free path l in nm (then tau = l^2 / (2 D))")
    p.add_argument("--g", type=float, default=2.0, help="g-factor (default 2)")
    p.add_argument("--thickness", type=float, metavar="NM", help="film thickness: adds the "
                   "orbital dephasing of the parallel field (default: strictly 2D)")
    p.add_argument("--wl", choices=["hln", "exact"], default="hln",
                   help="weak-localization part: HLN (the baseline, default) or the exact 2D "
                   "theory (fields near B_tr, tau_phi near tau; slower)")
    p.add_argument("--plot", metavar="FILE", help="figure of data, fit, the two "
                   "contributions and residuals (.png, .pdf, ...)")
    p.add_argument("--format", choices=["text", "json"], default="text",
                   help="text summary (default) or JSON")
    p.set_defaults(func=command)


def tau_ps(args):
    """tau from --tau, or from D and --mean-free-path (2D: D = l^2 / (2 tau))."""
    if (args.tau is None) == (args.mean_free_path is None):
        raise UsageError(f"{PROG}: give exactly one of --tau (ps) and --mean-free-path (nm): "
                         "tau enters with sigma_D")
    for name, value in (("--diffusion", args.diffusion), ("--tau", args.tau),
                        ("--mean-free-path", args.mean_free_path), ("--g", args.g),
                        ("--thickness", args.thickness)):
        if value is not None and not (value > 0 and value < float("inf")):
            raise UsageError(f"{PROG}: {name} must be finite and > 0 (got {value:g})")
    if args.tau is not None:
        return args.tau, "--tau"
    l_m = args.mean_free_path * 1e-9
    return l_m ** 2 / (2.0 * args.diffusion) / 1e-12, "l^2 / (2 D)"


def command(args):
    from ..disentangle import disentangle, read_csv

    tau, source = tau_ps(args)
    if args.plot:
        _check_plot(args.plot)
    try:
        data = read_csv(args.data)
        fit = disentangle(data["T_K"], data["B_perp_T"], data["B_par_T"], data["R_sheet_ohm"],
                          D=args.diffusion, tau_ps=tau, g=args.g,
                          R_H=data.get("R_H_ohm_per_T"), thickness_nm=args.thickness,
                          wl=args.wl)
    except ValueError as exc:
        raise UsageError(f"{PROG}: {exc}")
    if args.plot:
        fit.plot(args.plot)
    if args.format == "json":
        out = fit.to_dict()
        out["tau_source"] = source
        json.dump(out, sys.stdout, indent=1)
        sys.stdout.write("\n")
    else:
        print(fit.summary())
        print(f"tau from {source}")
        if args.plot:
            print(f"figure written to {args.plot}")
