"""Frozen impurity fields against the Poisson model as n a^2 grows (memory effects).

    python scripts/frozen_memory.py [--quick] [--reflection specular]

For hard disks of growing radius a (n a^2 = a / 2), the same walk is run in
frozen fields and in the Poisson model with the same scattering law
(isotropic re-emission against isotropic scattering; specular disks against
the hard-disk law), and the table prints, with standard errors:

* the offset of delta_sigma(B = 0, tau_phi = 10) frozen - Poisson (G0) and
  the excluded-volume estimate (3 / pi) a ln^2(l / 2a): a frozen loop never
  passes through a disk it visits, which removes loops shorter than ~50 a;
* the tau_phi dependence delta_sigma(30) - delta_sigma(3), frozen - Poisson;
* the magnetoconductance at b = 0.1, tau_phi = 30, frozen - Poisson;
* the diffusion constant, frozen / Boltzmann.
"""
import argparse

import numpy as np

import pathsim
from pathsim.run import simulate_frozen
from pathsim.model import impurity_field

TAU = np.array([3.0, 10.0, 30.0])
B = np.array([0.1])


def compare(field, walkers, seed):
    kw = dict(tau_phi_max=30.0, truncation=4.0, tau_phi=TAU, b=B, progress=False)
    frozen = simulate_frozen(field, walkers, seed=seed, **kw)
    poisson = pathsim.simulate(max(walkers, 100_000), seed=seed + 1, **kw,
                               **field.poisson_model())
    rows = []
    for run in (frozen, poisson):
        blocks = run.loop_block_sums(np.concatenate(([0.0], B)), TAU, "total")
        ds = run.per_walker(blocks[:, 1, 0])                      # tau_phi = 10
        diff = run.per_walker(blocks[:, 2, 0] - blocks[:, 0, 0])  # 30 - 3
        mc = run.per_walker(blocks[:, 2, 1] - blocks[:, 2, 0])    # b = 0.1 at 30
        rows.append((ds, diff, mc, run.diffusion_constant(t_min=5.0)))
    out = []
    for (v1, e1), (v2, e2) in zip(rows[0][:3], rows[1][:3]):
        out.append((v1 - v2, np.hypot(e1, e2)))
    d, de = rows[0][3]
    out.append((d / field.diffusion, de / field.diffusion))
    return out, frozen.params["overflow"]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny runs (smoke test)")
    parser.add_argument("--reflection", choices=["isotropic", "specular"],
                        default="isotropic")
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args(argv)
    radii = [0.02] if args.quick else [0.005, 0.01, 0.02, 0.05, 0.1]
    print(f"hard disks, {args.reflection} reflection; differences frozen - Poisson "
          "(G0) with standard errors")
    print(f"{'n a^2':>7} {'offset ds(10)':>17} {'(3/pi)a ln^2':>13} "
          f"{'d[ds(30)-ds(3)]':>17} {'d MC(b=0.1)':>16} {'D / D_Boltzmann':>17}")
    for a in radii:
        field = impurity_field(2, a, reflection=args.reflection)
        walkers = 2_000 if args.quick else int(2_000 / a)
        (off, diff, mc, dd), overflow = compare(field, walkers, args.seed)
        estimate = 3.0 / np.pi * a * np.log(1.0 / (2.0 * a)) ** 2
        print(f"{field.dilution:7.4f} {off[0]:+8.3f} +- {off[1]:.3f} {estimate:13.3f} "
              f"{diff[0]:+8.3f} +- {diff[1]:.3f} {mc[0]:+7.3f} +- {mc[1]:.3f} "
              f"{dd[0]:8.3f} +- {dd[1]:.3f}" + (f"  ({overflow} overflows)" if overflow
                                                else ""), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
