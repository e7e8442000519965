"""Ballistic weak antilocalization theory against its limits and the spin walkers.

    python scripts/check_ballistic_wal.py           # 2 million walkers (~4 min on 1 core)
    python scripts/check_ballistic_wal.py --quick   # 100x fewer walkers (smoke test)

1. Rashba -> 0 against the spinless exact theory, the Landau cut, b -> 0.
2. The diffusive limit against ILP (ratios of the magnetoconductance), and
   the issue's point theta = 0.5, tau_phi = 100, B = B_phi.
3. Speed per field on one core (BLAS limited to one thread).
4. The spin walkers (same model, independent method): Rashba 0.3, 0.7, 1.5
   and linear Dresselhaus 0.7 at tau_phi = 3, 10, 30 and b = 0 .. 3, every
   term; z of delta_sigma itself and of its change from the spinless walk
   on the same walkers (the sharper test of the spin part).
5. The issue's point again with the walkers: Rashba 0.5, tau_phi = 100,
   the magnetoconductance at B / B_phi = 0.3, 1, 3 against ballistic_wal
   and ILP.
"""
import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse   # noqa: E402
import time       # noqa: E402

import numpy as np   # noqa: E402

import pathsim    # noqa: E402
from pathsim.theory import ballistic_wal, exact_2d   # noqa: E402
from pathsim.theory.spin import ilp   # noqa: E402

SETTINGS = (dict(rashba=0.3), dict(rashba=0.7), dict(rashba=1.5), dict(dresselhaus=0.7))
TAUS = np.array([3.0, 10.0, 30.0])
FIELDS = np.array([0.0, 0.1, 0.3, 1.0, 3.0])
TERMS = ("total", "backscattering", "nonbackscattering")


def limits():
    print("1. limits")
    b, tau = np.array([0.01, 0.3, 3.0]), np.array([3.0, 100.0])
    for theta in (1e-6, 1e-4):
        gap = np.abs(ballistic_wal(b, tau, theta) - exact_2d(b, tau)).max()
        print(f"  rashba {theta:g}: max |ballistic_wal - exact_2d| = {gap:.2e} G0")
    for b1, t1, th in ((0.001, 100.0, 1.5), (0.1, 10.0, 0.5), (3.0, 3.0, 1.0)):
        v = [ballistic_wal(b1, t1, th, n_cut=n) for n in (200, 400, 800)]
        print(f"  b {b1:g}, tau_phi {t1:g}, rashba {th:g}: n_cut 200 / 400 / 800: "
              + " / ".join(f"{x:.8f}" for x in v))
    small = [ballistic_wal(x, 100.0, 1.0) for x in (1e-3, 1e-4, 0.0)]
    print("  b -> 0 (tau_phi 100, rashba 1): b = 1e-3, 1e-4, 0: "
          + ", ".join(f"{x:.7f}" for x in small))


def diffusive():
    print("\n2. diffusive limit: [ballistic_wal(b) - ballistic_wal(0)] / ILP")
    for theta, tau in ((0.03, 1e4), (0.05, 4e3), (0.1, 1e3), (0.3, 300.0), (0.5, 100.0)):
        x = np.array([0.3, 1.0, 3.0])
        b = x / tau
        exact = ballistic_wal(b, tau, theta) - ballistic_wal(0.0, tau, theta)
        ratio = exact / ilp(b, tau, theta)
        print(f"  theta {theta:4g}, tau_phi {tau:6g}: B/B_phi 0.3, 1, 3: "
              + ", ".join(f"{r:.4f}" for r in ratio))
    b = 0.01
    exact = ballistic_wal(b, 100.0, 0.5) - ballistic_wal(0.0, 100.0, 0.5)
    spinless = (exact_2d(b, 100.0) - exact_2d(0.0, 100.0)) / pathsim.theory.hln(b, 100.0)
    print(f"  issue's point theta 0.5, tau_phi 100, B = B_phi: ballistic / ILP = "
          f"{exact / ilp(b, 100.0, 0.5):.4f} (spinless exact / HLN = {spinless:.4f})")


def speed():
    print("\n3. speed (one core)")
    fields = np.geomspace(1e-3, 3.0, 24)
    for theta in (0.3, 1.5):
        ballistic_wal(fields[:2], 30.0, theta)           # tables built once
        start = time.perf_counter()
        ballistic_wal(fields, 30.0, theta)
        per = (time.perf_counter() - start) / fields.size
        print(f"  rashba {theta:g}: {1e3 * per:.1f} ms per field (24 fields 1e-3 .. 3)")


def walkers(n, seed):
    print(f"\n4. spin walkers, {n:,} walkers")
    runs = pathsim.simulate_spin([{}] + list(SETTINGS), walkers=n, tau_phi_max=TAUS.max(),
                                 tau_phi=TAUS.tolist(), truncation=10.0, blocks=32,
                                 seed=seed, progress=None)
    print(f"  {runs[0].n_events:.3g} steps, {runs[0].wall_time:.0f} s")
    worst = 0.0
    for setting, run in zip(SETTINGS, runs[1:]):
        (key, theta), = setting.items()
        for term in TERMS:
            theory = ballistic_wal(FIELDS, TAUS, **setting, term=term)
            value, err = run.delta_sigma(FIELDS, TAUS, term=term)
            change = run.loop_block_sums(FIELDS, TAUS, term) \
                - runs[0].loop_block_sums(FIELDS, TAUS, term)
            dv, de = run.per_walker(change)
            dt = theory - exact_2d(FIELDS, TAUS, term=term)
            for i, tau in enumerate(TAUS):
                z = (value[i] - theory[i]) / err[i]
                dz = (dv[i] - dt[i]) / de[i]
                worst = max(worst, np.abs(z).max(), np.abs(dz).max())
                print(f"  {key} {theta:g} {term:17} tau_phi {tau:4g}: theory "
                      + " ".join(f"{x:+.4f}" for x in theory[i]))
                print(f"    z {' '.join(f'{x:+5.1f}' for x in z)}   change from spinless: "
                      f"theory {' '.join(f'{x:+.4f}' for x in dt[i])} +- "
                      f"{de[i].max():.4f}, z {' '.join(f'{x:+5.1f}' for x in dz)}")
    print(f"  b = {', '.join(f'{x:g}' for x in FIELDS)}; largest |z| {worst:.1f}")


def issue_point(n, seed):
    tau, theta = 100.0, 0.5
    print(f"\n5. Rashba {theta:g}, tau_phi {tau:g}: magnetoconductance, {n:,} walkers")
    plain, run = pathsim.simulate_spin([{}, dict(rashba=theta)], walkers=n, tau_phi_max=tau,
                                       tau_phi=[tau], truncation=10.0, blocks=32, seed=seed,
                                       progress=None)
    print(f"  {run.n_events:.3g} steps, {run.wall_time:.0f} s")
    x = np.array([0.3, 1.0, 3.0])
    b = x / tau
    value, err = run.magnetoconductance(b, tau)
    exact = ballistic_wal(b, tau, theta) - ballistic_wal(0.0, tau, theta)
    diffusive = ilp(b, tau, theta)
    for i in range(x.size):
        print(f"  B/B_phi {x[i]:g}: walkers {value[i]:+.5f} +- {err[i]:.5f}, ballistic_wal "
              f"{exact[i]:+.5f} (z {(value[i] - exact[i]) / err[i]:+.1f}), ILP "
              f"{diffusive[i]:+.5f}; walkers / ILP {value[i] / diffusive[i]:.3f} +- "
              f"{err[i] / abs(diffusive[i]):.3f}, ballistic_wal / ILP "
              f"{exact[i] / diffusive[i]:.4f}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run")
    parser.add_argument("--walkers", type=int, default=2_000_000)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    limits()
    diffusive()
    speed()
    n = max(640, args.walkers // 100) if args.quick else args.walkers
    walkers(n, args.seed)
    issue_point(n // 4, args.seed + 1)


if __name__ == "__main__":
    main()
