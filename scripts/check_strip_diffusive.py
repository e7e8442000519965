"""The diffusive strip theory against its limits and the walkers in a 2D strip.

    python scripts/check_strip_diffusive.py           # 40,000 walkers per strip (~5 min, 1 core)
    python scripts/check_strip_diffusive.py --quick   # 1,000 walkers, tau_phi <= 30 (smoke test)

1. Limits of pathsim.theory.strip_diffusive: W << L_phi against the
   quasi-1D wire_magnetoconductance; W >> L_phi, per unit width (the
   difference of two widths) against the 2D law hln; the cost of one point
   and of a tau_phi grid.
2. The walkers in strips W = 8 l with specular and with diffuse walls (and
   W = 16 l, diffuse): [delta_sigma(B) - delta_sigma(0)] W with its
   standard error against strip_diffusive cut at the run's t_cut: z, the
   ratio theory / walk, and beside it the plane's HLN / exact_2d at the same
   point, the excess that diffusion theory has where loops are a few l long.
3. Wider strips, where that excess is gone: W = 16 l (specular) and 32 l
   (specular and diffuse) at the largest tau_phi, b = 0.001 .. 0.01.
4. The explorer page's other confined medium, a 3D film of 4 l with
   specular walls (walks to 15 x 300 tau): film_diffusive (perpendicular
   field) / walk at b = 0.01, the film column of the explorer guide's table.
"""
import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse   # noqa: E402
import time       # noqa: E402

import numpy as np   # noqa: E402

from pathsim import theory   # noqa: E402
from pathsim.run import simulate   # noqa: E402


def limits(quick):
    print("1. limits of strip_diffusive")
    W, D = 8.0, 0.5
    for tau_phi in (3e3, 3e4, 3e5):
        r = np.array([0.3, 1.0, 3.0])                   # tau_phi / tau_B
        b = np.sqrt(12.0 * r / (tau_phi * W * W * D))
        wire = theory.wire_magnetoconductance(b, tau_phi, W)
        ratio = theory.strip_diffusive(b, tau_phi, W) / wire
        print(f"  W / L_phi = {W / np.sqrt(D * tau_phi):.3f}: strip / wire at tau_phi / tau_B "
              "0.3, 1, 3: " + ", ".join(f"{x:.5f}" for x in ratio))
    b, tau_phi = 0.25, 2.0                              # L_phi = 1, l_m = 2.8
    for w1 in (4.0, 5.0, 6.0):
        narrow, wide = theory.strip_diffusive(b, tau_phi, [w1, w1 + 1.0])
        print(f"  W = {w1:g}, {w1 + 1:g} L_phi: [strip(W2) - strip(W1)] / (W2 - W1) / hln = "
              f"{(wide - narrow) / theory.hln(b, tau_phi):.5f}")
    t = time.perf_counter()
    theory.strip_diffusive(0.05, 100.0, W)
    one = time.perf_counter() - t
    bb, tt = np.geomspace(1e-4, 0.1, 4 if quick else 24), np.geomspace(30.0, 300.0, 6)
    t = time.perf_counter()
    theory.strip_diffusive(bb, tt, W)
    grid = time.perf_counter() - t
    print(f"  cost: one point {one:.3f} s; {len(bb)} fields x {len(tt)} tau_phi {grid:.2f} s "
          "(one core, BLAS on one thread)")


def walkers(n, tau_max, seed):
    print(f"\n2. walkers ({n:,} per strip, seed {seed}) against strip_diffusive")
    tau = np.array([t for t in (10.0, 30.0, 100.0, 300.0, 1000.0) if t <= tau_max])
    b = np.array([0.0, 0.001, 0.003, 0.01, 0.03, 0.1])
    exact = theory.exact_2d(b, tau)
    plane = theory.hln(b[1:], tau) / (exact[:, 1:] - exact[:, :1])
    for width, walls in ((8.0, "specular"), (8.0, "diffuse"), (16.0, "diffuse")):
        t = time.perf_counter()
        run = simulate(n, tau_phi_max=tau_max, tau_phi=tau, b=b, dim=2, geometry="wire",
                       width=width, walls=walls, seed=seed, progress=False)
        value, err = run.magnetoconductance(b[1:], tau)
        value, err = value * run.cross_section, err * run.cross_section
        law = theory.strip_diffusive(b[1:], tau, width, t_cut=run.params["t_cut"])
        print(f"  W = {width:g} l, {walls} walls ({time.perf_counter() - t:.0f} s), "
              "in G0 l:\n    tau_phi      b   walk +- SE             theory        z"
              "   theory/walk  plane HLN/exact")
        for i, tp in enumerate(tau):
            for j, bj in enumerate(b[1:]):
                print(f"    {tp:7g} {bj:6g}   {value[i, j]:10.4g} +- {err[i, j]:<9.2g} "
                      f"{law[i, j]:10.4g} {(value[i, j] - law[i, j]) / err[i, j]:+8.1f}"
                      f"   {law[i, j] / value[i, j]:8.3f}   {plane[i, j]:8.3f}")


def wide(n, tau_max, seed):
    print(f"\n3. wider strips ({n:,} walkers, seed {seed}) at tau_phi = {tau_max:g}")
    tau = np.array([tau_max])
    b = np.array([0.0, 0.001, 0.003, 0.01])
    for width, walls in ((16.0, "specular"), (32.0, "specular"), (32.0, "diffuse")):
        run = simulate(n, tau_phi_max=tau_max, tau_phi=tau, b=b, dim=2, geometry="wire",
                       width=width, walls=walls, seed=seed, progress=False)
        value, err = run.magnetoconductance(b[1:], tau)
        value, err = value[0] * run.cross_section, err[0] * run.cross_section
        law = theory.strip_diffusive(b[1:], tau, width, t_cut=run.params["t_cut"])[0]
        print(f"  W = {width:g} l, {walls} walls: z at b = 0.001, 0.003, 0.01: "
              + ", ".join(f"{z:+.2f}" for z in (value - law) / err)
              + "; theory / walk " + ", ".join(f"{r:.3f}" for r in law / value))


def film(n, tau_max, seed, thickness=4.0, b=0.01):
    tau = np.array([t for t in (10.0, 30.0, 100.0, 300.0) if t <= tau_max])
    print(f"\n4. film {thickness:g} l, specular walls ({n:,} walkers, seed {seed}), b = {b:g}")
    run = simulate(n, dim=3, geometry="film", thickness=thickness, walls="specular",
                   tau_phi_max=tau[-1], tau_phi=tau, b=[0.0, b], seed=seed, progress=False)
    value, err = run.magnetoconductance([b], tau)
    value, err = value[:, 0] * run.cross_section, err[:, 0] * run.cross_section
    law = theory.film_diffusive([b], tau, thickness, run.diffusion, "perpendicular",
                                t_cut=run.params["t_cut"])[:, 0]
    for tp, v, e, th in zip(tau, value, err, law):
        print(f"  tau_phi {tp:5g}: walk {v:.4g} +- {e:.2g}, theory {th:.4g}, "
              f"theory / walk {th / v:.3f} +- {th / v * e / v:.3f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="smoke test: few walkers")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    limits(args.quick)
    if args.quick:
        walkers(1_000, 30.0, args.seed)
        wide(1_000, 30.0, args.seed)
        film(1_000, 30.0, args.seed)
    else:
        walkers(40_000, 1000.0, args.seed)
        wide(40_000, 1000.0, args.seed)
        film(40_000, 300.0, args.seed)


if __name__ == "__main__":
    main()
