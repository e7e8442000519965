"""``pathsim disentangle``: weak localization and interactions from measured R(T, B).

    pathsim disentangle data.csv --diffusion D (--tau PS | --mean-free-path NM)
                        [--g 2] [--thickness NM] [--wl hln|exact|simulation]
                        [--wl-grid table.npz | --walkers N --seed S [--save-wl-grid F]]
                        [--b-so T|fit] [--plot fit.png] [--format text|json]

The CSV columns: T_K, B_perp_T, B_par_T, R_sheet_ohm[, R_H_ohm_per_T].  The
model is :func:`pathsim.analysis.disentangle`'s baseline.
"""

import numpy as np

from ..analysis._shared import E, HBAR, tau_phi_power_law
from ..run.driver import announcing
from .common import (SEED, InputFile, Int, OutputFile, Real, UsageError, cost_line,
                     write_json)
from .fitting import check_plot

PROG = "pathsim disentangle"


def add_parser(sub):
    p = sub.add_parser("disentangle", help="separate weak localization from interactions "
                       "in measured R(T, B_perp, B_par)",
                       description="Fit sigma = sigma_D - ln(tau_phi/tau) + HLN(B_perp) + "
                       "(1 - 3F/4) ln(k_B T tau/hbar) - (F/2) g2(g mu_B B/k_B T) (e2pih = e^2/(pi "
                       "h)), tau_phi = tau_phi1 T^-p, to a CSV with columns T_K, B_perp_T, "
                       "B_par_T, R_sheet_ohm (and optionally R_H_ohm_per_T).")
    p.add_argument("data", type=InputFile(content="text"),
                   help="CSV file (header: T_K,B_perp_T,B_par_T,R_sheet_ohm"
                   "[,R_H_ohm_per_T])")
    p.add_argument("--diffusion", type=Real(0.0, low_open=True), required=True, metavar="D",
                   help="diffusion constant in m^2/s")
    p.add_argument("--tau", type=Real(0.0, low_open=True), metavar="PS", help="elastic time tau in ps")
    p.add_argument("--mean-free-path", type=Real(0.0, low_open=True), metavar="NM",
                   help="mean free path l in nm (then tau = l^2 / (2 D))")
    p.add_argument("--g", type=Real(0.0, low_open=True), default=2.0, help="g-factor (default 2)")
    p.add_argument("--thickness", type=Real(0.0, low_open=True), metavar="NM", help="film thickness: adds the "
                   "orbital dephasing of the parallel field (default: strictly 2D)")
    p.add_argument("--wl", choices=["hln", "exact", "simulation"], default="hln",
                   help="weak-localization part: HLN (the baseline, default), the exact 2D "
                   "theory (fields near B_tr, tau_phi near tau; slower) or pathsim's "
                   "simulation (a table, its Monte Carlo error carried into the errors)")
    p.add_argument("--wl-grid", metavar="FILE", type=InputFile(content="npz"),
                   help="simulated weak-localization table "
                   "(.npz, from --save-wl-grid or pathsim.analysis.WLTable.save)")
    p.add_argument("--walkers", type=Int(16), default=10_000, help="walkers of the table built "
                   "when --wl simulation has no --wl-grid (default 10000)")
    p.add_argument("--seed", type=SEED, default=0, help="seed of that table (default 0)")
    p.add_argument("--save-wl-grid", metavar="FILE", type=OutputFile(".npz"),
                   help="write the table built here (.npz)")
    p.add_argument("--b-so", metavar="T|fit", help="spin-orbit field B_so in tesla (fixed) or "
                   "'fit' (HLN with spin-orbit and Zeeman; needs --wl hln)")
    p.add_argument("--plot", metavar="FILE", type=OutputFile(), help="figure of data, fit, the two "
                   "contributions and residuals (.png, .pdf, ...)")
    p.add_argument("--format", choices=["text", "json"], default="text",
                   help="text summary (default) or JSON (strict: NaN and infinities as null)")
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


def _b_so(args):
    if args.b_so is None:
        return None
    if args.wl != "hln":
        raise UsageError(f"{PROG}: --b-so needs --wl hln (HLN with spin-orbit)")
    if args.b_so == "fit":
        return "fit"
    try:
        value = float(args.b_so)
    except ValueError:
        value = float("nan")
    if not (value > 0 and value < float("inf")):
        raise UsageError(f"{PROG}: --b-so must be a field in tesla (> 0) or 'fit' "
                         f"(got {args.b_so!r})")
    return value


def _table(args, data, tau, fit_kwargs):
    """The simulated table: loaded, or built around an HLN fit's tau_phi(T)."""
    from ..analysis import WLTable, disentangle

    if args.wl_grid:
        return WLTable.load(args.wl_grid)
    if args.walkers < 16:
        raise UsageError(f"{PROG}: --walkers must be >= 16 (got {args.walkers})")
    first = disentangle(data["T_K"], data["B_perp_T"], data["B_par_T"], data["R_sheet_ohm"],
                        **fit_kwargs)
    temps = np.unique(data["T_K"])
    tau_phi = tau_phi_power_law(temps, first.tau_phi_1K_ps, first.p) / tau
    b_max = np.abs(data["B_perp_T"]).max() * 4.0 * E * args.diffusion * tau * 1e-12 / HBAR
    table = WLTable.for_data((tau_phi.min(), tau_phi.max()), b_max, args.walkers, args.seed)
    if args.save_wl_grid:
        table.save(args.save_wl_grid)
    return table


def command(args):
    from ..analysis.disentangle import disentangle, read_csv

    tau, source = tau_ps(args)
    if args.plot:
        check_plot(args.plot, PROG)
    b_so = _b_so(args)
    if args.wl != "simulation" and (args.wl_grid or args.save_wl_grid):
        raise UsageError(f"{PROG}: --wl-grid and --save-wl-grid need --wl simulation")
    if args.wl_grid and args.save_wl_grid:
        raise UsageError(f"{PROG}: --save-wl-grid writes a table built here; with --wl-grid "
                         "the table is read, not built: give one of them")
    try:
        data = read_csv(args.data)
        kwargs = dict(D=args.diffusion, tau_ps=tau, g=args.g, thickness_nm=args.thickness)
        with announcing(cost_line(PROG, "the weak-localization table: ")):
            table = _table(args, data, tau, kwargs) if args.wl == "simulation" else None
        fit = disentangle(data["T_K"], data["B_perp_T"], data["B_par_T"], data["R_sheet_ohm"],
                          R_H=data.get("R_H_ohm_per_T"), wl=args.wl, table=table, b_so=b_so,
                          **kwargs)
    except ValueError as exc:
        raise UsageError(f"{PROG}: {exc}")
    if args.plot:
        fit.plot(args.plot)
    if args.format == "json":
        out = fit.to_dict()
        out["tau_source"] = source
        write_json(out)
    else:
        print(fit.summary())
        print(f"tau from {source}")
        if args.plot:
            print(f"figure written to {args.plot}")
