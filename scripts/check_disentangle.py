"""Coverage of disentangle's stated errors over independent noisy data sets.

    python scripts/check_disentangle.py            # 20 data sets per case (~3 min on 1 core)
    python scripts/check_disentangle.py --quick    # 1 data set per case, small table (smoke)

Case "simulation": weak localization from a simulated table (WLTable, a
fresh run of --walkers walkers per data set, seed 100 + k).  The data are
the exact 2D theory (pathsim.theory.exact_2d, the limit of infinitely many
walkers of the same simulation model) plus relative noise 1e-4 on R; the
fit's errors include the table's Monte Carlo error (jackknife).
Case "spin-orbit": data from HLN with spin-orbit and Zeeman (tau_so = 10
tau, strong), B_so fitted.  For each parameter: the number of data sets
whose 2-sigma interval covers the truth (the issue asks for >= 16 of 20),
and the largest |z|.
"""
import argparse

import numpy as np

import pathsim
from pathsim.analysis.disentangle import disentangle
from pathsim.analysis.experiment import Film
from pathsim.analysis.wl_table import WLTable

T = np.geomspace(1.0, 10.0, 6)
B_PAR = np.array([1.0, 2.0, 4.0, 8.0])
NOISE = 1e-4


def noisy(clean, seed):
    rng = np.random.default_rng(seed)
    out = dict(clean)
    out["R_sheet_ohm"] = clean["R_sheet_ohm"] * (1 + NOISE * rng.standard_normal(
        clean["R_sheet_ohm"].size))
    return out


def report(name, z):
    z = np.array(z)
    print(f"{name}: {len(z)} data sets")
    for k, label in enumerate(("p", "F", "tau_phi(1 K)", "B_so")[:z.shape[1]]):
        cover = int(np.sum(np.abs(z[:, k]) <= 2.0))
        print(f"  {label:13} within 2 sigma: {cover}/{len(z)}   max |z| {np.abs(z[:, k]).max():.2f}"
              f"   mean z {z[:, k].mean():+.2f}")


def simulation_case(n, walkers):
    film = Film.from_mean_free_path(10.0, 1e6, sigma_D=100.0, tau_phi1_ps=10.0, p=1.0, F=0.4)
    b_perp = np.array([0.002, 0.005, 0.01, 0.02, 0.03])
    clean = film.dataset(T, b_perp, B_PAR, 0.0, 0, "exact")
    b_tr = pathsim.units.b_tr(film.l_nm)
    z, mc_share = [], []
    for k in range(n):
        table = WLTable.simulate(walkers, np.geomspace(60.0, 1500.0, 12),
                                 np.geomspace(5e-4, 0.04, 12) / b_tr, seed=100 + k)
        d = noisy(clean, k)
        f = disentangle(d["T_K"], d["B_perp_T"], d["B_par_T"], d["R_sheet_ohm"], D=film.D,
                        tau_ps=film.tau_ps, wl="simulation", table=table)
        z.append([(f.p - film.p) / f.p_err, (f.F - film.F) / f.F_err,
                  (f.tau_phi_1K_ps - film.tau_phi1_ps) / f.tau_phi_1K_ps_err])
        mc_share.append(f.mc_cov[1, 1] / f.cov[1, 1])
    report(f"simulation ({walkers} walkers per table; Monte Carlo share of var(p) "
           f"{np.mean(mc_share):.2f})", z)


def spin_orbit_case(n):
    so = Film.from_mean_free_path(10.0, 1e6, sigma_D=100.0, tau_phi1_ps=100.0, p=1.0, F=0.4,
                                  tau_so_ps=0.1)
    clean = so.dataset(T, [5e-4, 1e-3, 2e-3, 5e-3, 0.01, 0.03, 0.1], B_PAR, 0.0, 0)
    z = []
    for k in range(n):
        d = noisy(clean, 1000 + k)
        f = disentangle(d["T_K"], d["B_perp_T"], d["B_par_T"], d["R_sheet_ohm"], D=so.D,
                        tau_ps=so.tau_ps, b_so="fit")
        z.append([(f.p - so.p) / f.p_err, (f.F - so.F) / f.F_err,
                  (f.tau_phi_1K_ps - so.tau_phi1_ps) / f.tau_phi_1K_ps_err,
                  (f.b_so - so.b_so) / f.b_so_err])
    report(f"spin-orbit (B_so = {1e3 * so.b_so:.4g} mT fitted)", z)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run")
    parser.add_argument("--sets", type=int, default=20)
    parser.add_argument("--walkers", type=int, default=3000)
    args = parser.parse_args(argv)
    n, walkers = (1, 300) if args.quick else (args.sets, args.walkers)
    simulation_case(n, walkers)
    spin_orbit_case(n)


if __name__ == "__main__":
    main()
