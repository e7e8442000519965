"""``pathsim experiment``: a synthetic measurement of a film.

    pathsim experiment (--diffusion D --tau PS | --mean-free-path NM --fermi-velocity M/S)
                       --sigma-d E2PIH --tau-phi-1k PS [--p 1]
                       [--F 0.5] [--g 2] [--thickness NM] [--tau-so PS]
                       [--wl hln|exact|simulation]
                       [--temperatures ...] [--b-perp ...] [--b-par ...]
                       [--noise REL] [--seed N] -o data.csv [--didv didv.csv]

Writes R(T, B_perp, B_par) and R_H(T) in the columns that ``pathsim
disentangle`` reads, and optionally dI/dV(V, T).
"""
import csv

import numpy as np

from .._files import atomic_write
from .common import SEED, Int, OutputFile, Real, Reals, UsageError, cost_line

PROG = "pathsim experiment"


def add_parser(sub):
    p = sub.add_parser("experiment", help="synthetic R(T, B), R_H(T), dI/dV of a film",
                       description="Sheet resistance, Hall coefficient and tunnelling "
                       "conductance of a film with weak localization (HLN, exact 2D theory "
                       "or pathsim's simulation) and the Altshuler-Aronov correction.")
    p.add_argument("--diffusion", type=Real(0.0, low_open=True), metavar="D", help="diffusion constant, m^2/s "
                   "(with --tau)")
    p.add_argument("--tau", type=Real(0.0, low_open=True), metavar="PS", help="elastic time, ps (with --diffusion)")
    p.add_argument("--mean-free-path", type=Real(0.0, low_open=True), metavar="NM", help="mean free path, nm "
                   "(with --fermi-velocity, instead of --diffusion and --tau: D = v_F l / 2)")
    p.add_argument("--fermi-velocity", type=Real(0.0, low_open=True), metavar="M/S",
                   help="Fermi speed, m/s")
    p.add_argument("--sigma-d", type=Real(0.0, low_open=True), required=True, metavar="E2PIH",
                   help="Drude sheet conductance in e2pih = e^2/(pi h)")
    p.add_argument("--tau-phi-1k", type=Real(0.0, low_open=True), required=True, metavar="PS",
                   help="tau_phi at 1 K in ps")
    p.add_argument("--p", type=Real(), default=1.0, help="tau_phi ~ T^-p (default 1)")
    p.add_argument("--F", type=Real(0.0, 4.0 / 3.0, high_open=True), default=0.5,
                   help="F-tilde_sigma, 0 <= F < 4/3 (1 - 3F/4 > 0; default 0.5)")
    p.add_argument("--g", type=Real(), default=2.0, help="g-factor (default 2)")
    p.add_argument("--thickness", type=Real(0.0, low_open=True), metavar="NM",
                   help="film thickness: orbital dephasing by the parallel field")
    p.add_argument("--tau-so", type=Real(0.0, low_open=True), metavar="PS", help="spin-orbit time tau_so in ps "
                   "(B_so = hbar / 4 e D tau_so): HLN with spin-orbit and Zeeman, "
                   "antilocalization (needs --wl hln)")
    p.add_argument("--wl", choices=["hln", "exact", "simulation"], default="hln",
                   help="weak-localization part (default hln)")
    p.add_argument("--walkers", type=Int(2), default=20_000, help="walkers (--wl simulation)")
    p.add_argument("--seed", type=SEED, default=0, help="seed of the simulation and noise")
    p.add_argument("--temperatures", type=Reals(0.0, low_open=True),
                   default=[1, 1.5, 2, 3, 4, 6, 8, 10],
                   metavar="K,K,...", help="temperatures in K")
    p.add_argument("--b-perp", type=Reals(), default=[0.002, 0.005, 0.01, 0.02, 0.05, 0.1],
                   metavar="T,T,...", help="perpendicular fields (tesla)")
    p.add_argument("--b-par", type=Reals(), default=[1, 2, 4, 8], metavar="T,T,...",
                   help="parallel fields (tesla)")
    p.add_argument("--noise", type=Real(0.0, 0.2, high_open=True), default=0.0,
                   help="relative Gaussian noise on R, R_H (0 <= noise < 0.2: larger noise "
                   "could make R <= 0)")
    p.add_argument("-o", "--output", required=True, type=OutputFile(".csv"), help="CSV to write")
    p.add_argument("--didv", metavar="FILE", type=OutputFile(".csv"),
                   help="also write dI/dV(V, T) (CSV)")
    p.set_defaults(func=command)


def _film(args):
    from ..analysis import Film
    pair = (args.diffusion, args.tau)
    other = (args.mean_free_path, args.fermi_velocity)
    given = [any(x is not None for x in two) for two in (pair, other)]
    if not ((None not in pair and not given[1]) or (None not in other and not given[0])):
        raise UsageError(f"{PROG}: give --diffusion and --tau, or --mean-free-path and "
                         "--fermi-velocity")
    kwargs = dict(sigma_D=args.sigma_d, tau_phi1_ps=args.tau_phi_1k, p=args.p, F=args.F,
                  g=args.g, thickness_nm=args.thickness, tau_so_ps=args.tau_so)
    try:
        if None not in pair:
            return Film(args.diffusion, args.tau, **kwargs)
        return Film.from_mean_free_path(args.mean_free_path, args.fermi_velocity, **kwargs)
    except ValueError as exc:
        raise UsageError(f"{PROG}: {exc}")


def _write(path, columns):
    names = list(columns)
    rows = zip(*(np.ravel(columns[n]) for n in names))

    def write(handle):
        w = csv.writer(handle)
        w.writerow(names)
        for row in rows:
            w.writerow([f"{x:.10g}" for x in row])
    atomic_write(path, write, text=True)


def command(args):
    film = _film(args)
    if args.tau_so is not None and args.wl != "hln":
        raise UsageError(f"{PROG}: --tau-so needs --wl hln (HLN with spin-orbit)")
    result = None
    try:
        if args.wl == "simulation":
            from ..run import simulate
            tau_max = float(np.max(film.tau_phi_ps(args.temperatures))) / film.tau_ps
            result = simulate(args.walkers, seed=args.seed, tau_phi_max=tau_max,
                              tau_phi=[tau_max], b=[0.0], truncation=6.0, progress=False,
                              _announce=cost_line(PROG, "the weak-localization run: "))
        data = film.dataset(args.temperatures, args.b_perp, args.b_par, args.noise,
                            args.seed, args.wl, result)
    except ValueError as exc:
        raise UsageError(f"{PROG}: {exc}")
    _write(args.output, data)
    print(f"{film!r}\n{data['T_K'].size} rows written to {args.output} "
          f"(weak localization: {args.wl}; R_D = {film.R_D:.6g} ohm)")
    slope, err = film.zero_field_slope(args.temperatures, args.wl, result)
    if film.tau_so_ps is None:
        expected = f"p + 1 - 3F/4 = {film.p + 1 - 0.75 * film.F:.4f}"
    else:
        expected = (f"strong spin-orbit: -p/2 + 1 - 3F/4 = {-0.5 * film.p + 1 - 0.75 * film.F:.4f}"
                    f"; B_so = {1e3 * film.b_so:.4g} mT")
    print(f"zero-field d sigma / d ln T = {slope:.4f} +- {err:.2g} e2pih (diffusive: {expected})")
    if args.didv:
        V = np.linspace(-5e-3, 5e-3, 81)
        T = np.array(args.temperatures)
        cols = dict(V_volt=np.repeat(V[None, :], T.size, 0), T_K=np.repeat(T[:, None], V.size, 1))
        cols["dIdV_over_GN"] = np.array([film.didv(V, t) for t in T])
        _write(args.didv, cols)
        print(f"dI/dV written to {args.didv}")
