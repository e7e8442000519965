"""fit-wal with the simulation grid, on independently simulated data: B_phi
and B_so recovered within their stated errors.

    python scripts/check_wal_grid.py            # grid 20000 walkers, data 20000 (~2 min)
    python scripts/check_wal_grid.py --quick    # 20x fewer walkers (smoke run)

A grid over Elliott-Yafet B_so = 0.01 .. 0.3 B_tr and B_phi = 0.01 .. 0.1
B_tr (tau_phi <= 100 tau: not deep in the diffusive regime, where the
simulation is the model to use) is built in one run; data at a point
between the nodes (B_phi = 0.03, B_so = 0.06) come from another run with
another seed.  The data's points share walkers, so their error on the
parameters is a delete-one jackknife over the data run's blocks (the grid
fixed); the grid's part is the fit's own jackknife over the grid's blocks;
the two add in quadrature.  HLN-SO fitted to the same data shows what the
diffusive theory makes of it.
"""
import argparse
import time

import numpy as np

import pathsim
from pathsim.analysis.wal_grid import build_wal_grid, fit_wal_grid
from pathsim.analysis.wal import fit_wal

B_PHI, B_SO = 0.03, 0.06
FIELD = np.geomspace(0.003, 0.3, 12)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run")
    parser.add_argument("--walkers", type=int, default=20_000)
    args = parser.parse_args(argv)
    walkers = args.walkers // 20 if args.quick else args.walkers
    start = time.perf_counter()
    grid = build_wal_grid(np.geomspace(0.01, 0.3, 5), np.geomspace(0.01, 0.1, 5), walkers,
                          kind="tau_so", seed=21, progress=False)
    print(f"{grid}: {time.perf_counter() - start:.0f} s")
    tau = 1.0 / B_PHI
    (data_run,) = pathsim.simulate_spin([dict(tau_so=1.0 / B_SO)], walkers, seed=22,
                                        tau_phi_max=tau, tau_phi=[tau], truncation=10.0,
                                        blocks=16, progress=False)
    with_zero = np.concatenate(([0.0], FIELD))
    sums = data_run.loop_block_sums(with_zero, np.array([tau]))[:, 0]
    sums = sums[:, 1:] - sums[:, :1]
    w = data_run.walkers.astype(float)
    value, err = data_run.per_walker(sums)
    values, _, grid_err, chi2 = fit_wal_grid(FIELD, value, err, grid)
    k = w.size
    jack = np.array([fit_wal_grid(FIELD, (sums.sum(0) - sums[j]) / (w.sum() - w[j]), err,
                                  grid, start=values)[0] for j in range(k)])
    data_err = np.sqrt((k - 1) / k * ((jack - jack.mean(0)) ** 2).sum(0))
    total = np.hypot(data_err, grid_err)
    print(f"data: tau_so = {1 / B_SO:.4g}, tau_phi = {tau:.4g}, {data_run.n_walkers:,} "
          f"walkers; fields {FIELD[0]:g} .. {FIELD[-1]:g} B_tr; chi2 = {chi2:.3g} "
          f"(12 points, correlated)")
    for name, truth, v, d, g, t in zip(("B_phi", "B_so"), (B_PHI, B_SO), values, data_err,
                                       grid_err, total):
        print(f"  {name:5} = {v:.5f} +- {t:.5f} (data {d:.5f}, grid {g:.5f})   truth "
              f"{truth:.5f}   z = {(v - truth) / t:+.2f}")
    hln = fit_wal(FIELD, value, err, model="hln-so", field_unit="b")
    print(f"  HLN-SO on the same data: B_phi = {hln.B_phi:.5f} +- {hln.B_phi_err:.5f}, "
          f"B_so = {hln.B_so:.5f} +- {hln.B_so_err:.5f} (diagonal errors)")


if __name__ == "__main__":
    main()
