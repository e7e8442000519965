"""Collisions per second in frozen impurity fields against Poisson steps per second.

Measured side by side in one process with the same numba threads,
alternating the workloads a few rounds and keeping each one's best (the
first round also compiles):

    python benchmarks/bench_frozen.py            # default workloads
    python benchmarks/bench_frozen.py --quick    # a few seconds

Poisson: the triangle kernel (2D, isotropic), the general kernel with the
hard-disk law (2D) and with isotropic scattering (3D).  Frozen: hard disks
(2D, n a^2 = 0.01), point scatterers (2D) and hard spheres (3D, n a^3 =
0.016).  A frozen collision costs a ray trace: the 3^d cells around the start
and one new layer of 3^(d-1) cells per cell boundary crossed, each cell
generated from its hash (a SplitMix64 key, a Poisson count, the positions),
then the exact hit tests.  With about one impurity per cell of side
c = (1 / n)^(1/d), a flight of one mean free path crosses about
(|e_x| + |e_y| (+ |e_z|)) / c cells: 1.27 / c in 2D.
"""
import argparse
import time

import pathsim
from pathsim.run import simulate_frozen
from pathsim.model import impurity_field


def poisson(walkers, **kw):
    run = pathsim.simulate(walkers, seed=1, tau_phi_max=100.0, b=[0.0], tau_phi=[100.0],
                           progress=False, **kw)
    return run.n_events / run.wall_time


def frozen(walkers, field):
    run = simulate_frozen(field, walkers, seed=1, tau_phi_max=100.0, b=[0.0],
                          tau_phi=[100.0], progress=False)
    return run.n_events / run.wall_time


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small workloads")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    scale = 0.1 if args.quick else 1.0
    rounds = 1 if args.quick else max(1, args.rounds)
    disks = impurity_field(2, 0.02)
    cases = {
        "poisson 2D (triangle kernel)": lambda: poisson(int(20_000 * scale)),
        "poisson 2D hard-disk law": lambda: poisson(int(6_000 * scale),
                                                    scattering="hard-disk"),
        "poisson 3D": lambda: poisson(int(3_000 * scale), dim=3),
        "frozen 2D hard disks a = 0.02": lambda: frozen(int(640 * scale), disks),
        "frozen 2D point scatterers": lambda: frozen(
            int(640 * scale), impurity_field(2, kind="point", cross_section=0.04)),
        "frozen 3D hard spheres a = 0.05": lambda: frozen(int(320 * scale),
                                                          impurity_field(3, 0.05)),
    }
    best = {name: 0.0 for name in cases}
    for _ in range(rounds):
        for name, case in cases.items():
            start = time.perf_counter()
            best[name] = max(best[name], case())
            print(f"  {name}: {time.perf_counter() - start:.1f} s", flush=True)
    print(f"\n{'workload':36s} {'events/s':>12s}")
    for name, rate in best.items():
        print(f"{name:36s} {rate:12.3g}")
    print(f"\ncollision cost, frozen disks / Poisson hard-disk law: "
          f"{best['poisson 2D hard-disk law'] / best['frozen 2D hard disks a = 0.02']:.1f}x")
    print(f"collision cost, frozen spheres / Poisson 3D: "
          f"{best['poisson 3D'] / best['frozen 3D hard spheres a = 0.05']:.1f}x")
    print(f"cells generated per 2D flight of one l: about {9 + 3 * 1.27 / disks.cell:.0f} "
          f"(cell side {disks.cell:.3g} l)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
