"""Open samples between absorbing leads, checked against the diffusion
picture at sizes too heavy for the test suite (issue 15).

1. 1D rods, L = 10 .. 160 l, tau_phi = inf: delta_G against the finite-L
   law with the exact short-loop constant C = 4 pi and z_e = l
   (:func:`pathsim.theory.open_wire_correction`): the approach to -1/3.
2. 2D strips between specular walls, W = 2 l, L = 8 .. 64 l: the short-loop
   constant C from the infinite strip (slope -2 pi against L_phi, C the
   intercept), then delta_G against the finite-L law with the walks' own
   z_e; and -1/3 and C from the open strips alone (two-length fit).
3. The crossover to the dephased wire: a 1D rod of L = 40 l at
   3 <= tau_phi <= 3000, against the law with L_phi = sqrt(D tau_phi) and
   C(tau_phi) from the exact infinite-rod loop sum.
4. The field: a diffusive strip W = 8 l, L = 64 l, delta_G(b) against the
   same law with 1 / L_phi^2 -> 1 / L_phi^2 + 1 / (D tau_B),
   tau_B = 12 / (b^2 W^2 D) (:func:`pathsim.theory.tau_b_wire`), and the
   strip's own constant.

Prints every comparison in standard errors.

    python scripts/check_open.py --quick     (seconds)
    python scripts/check_open.py             (a few minutes on one core)
"""
import argparse
import math
import sys

import numpy as np

import pathsim
from pathsim import theory

FULL = dict(rods=((10, 200_000), (20, 200_000), (40, 100_000), (80, 50_000),
                  (160, 20_000)),
            strips=((8, 100_000), (16, 100_000), (32, 50_000), (64, 20_000)),
            wire=20_000, crossover=100_000, field=(64, 20_000))
QUICK = dict(rods=((10, 4_000), (20, 2_000)), strips=((8, 2_000), (16, 2_000)),
             wire=1_000, crossover=2_000, field=(16, 1_000))


def z_text(value, err, expected):
    return f"{value:8.4f} +- {err:.4f}  law {expected:8.4f}  z = {(value - expected) / err:+.2f}"


def extrapolation(run):
    """z_e (l) from the walks' transmission, T = c_d l_tr / (L + 2 z_e)."""
    t, _ = run.transmission()
    d = run.params["dim"]
    c = theory.open_wire.DRUDE_PER_CHANNEL[d] * d * run.diffusion
    return max(0.0, 0.5 * (c / t - run.params["length"]))   # >= 0 (quick runs are noisy)


def open_run(walkers, seed, **kw):
    return pathsim.simulate(walkers, tau_phi_max=kw.pop("tau_phi_max", np.inf), seed=seed,
                            progress=False, **kw)


def rods(plan):
    print("1. 1D rods, tau_phi = inf, C = 4 pi, z_e = 1 (exact)")
    for L, n in plan["rods"]:
        run = open_run(n, 100 + L, dim=1, length=float(L))
        v, e = run.conductance_correction()
        print(f"   L = {L:4d}: delta_G {z_text(v, e, theory.open_wire_correction(L, 1.0, 4 * math.pi))}")


def strip_constant(plan, width):
    """C of the infinite strip: delta_sigma W + 2 pi L_phi at large tau_phi."""
    tau = np.array([100.0, 200.0, 400.0])
    run = pathsim.simulate(plan["wire"], dim=2, geometry="wire", width=width,
                           tau_phi_max=400.0, truncation=8.0, tau_phi=tau.tolist(),
                           b=[0.0], seed=7, progress=False)
    blocks = run.loop_block_sums(np.zeros(1), tau)[:, :, 0] * width
    blocks = blocks + 2.0 * math.pi * np.sqrt(0.5 * tau)[None] * run.walkers[:, None]
    c, c_err = run.per_walker(blocks)
    return float(c[-1]), float(c_err[-1]), c


def strips(plan, width=2.0):
    c, c_err, c_all = strip_constant(plan, width)
    print(f"2. 2D strips W = {width:g} l, specular: C of the infinite strip {c:.3f} +- "
          f"{c_err:.3f} (tau_phi = 100, 200, 400: {np.round(c_all, 3)})")
    points = []
    for L, n in plan["strips"]:
        run = open_run(n, 200 + L, dim=2, geometry="wire", width=width, length=float(L))
        v, e = run.conductance_correction()
        z_e = extrapolation(run)
        law = theory.open_wire_correction(L, z_e, c)
        print(f"   L = {L:3d} (z_e = {z_e:.3f}): delta_G {z_text(v, e, law)}")
        points.append((L, z_e, v, e))
    (l1, z1, v1, e1), (l2, z2, v2, e2) = points[-2:]
    rows = np.array([[1.0, l1 / (2 * math.pi * (l1 + 2 * z1) ** 2)],
                     [1.0, l2 / (2 * math.pi * (l2 + 2 * z2) ** 2)]])
    rhs = np.array([v1 - theory.open_wire_correction(l1, z1) - 1 / 3,
                    v2 - theory.open_wire_correction(l2, z2) - 1 / 3])
    inv = np.linalg.inv(rows)
    u, cc = inv @ rhs
    u_err, cc_err = np.sqrt((inv ** 2) @ np.array([e1, e2]) ** 2)
    print(f"   from L = {l1}, {l2} alone: universal part {u:.4f} +- {u_err:.4f} "
          f"(-1/3: z = {(u + 1 / 3) / u_err:+.2f}), C = {cc:.2f} +- {cc_err:.2f}")


def crossover(plan, L=40.0):
    tau = np.geomspace(3.0, 3000.0, 7)
    run = open_run(plan["crossover"], 300, dim=1, length=L, tau_phi=tau.tolist())
    v, e = run.conductance_correction(0.0, tau)
    print(f"3. 1D rod L = {L:g}: crossover with tau_phi (C(tau_phi) exact)")
    for t, vv, ee in zip(tau, v, e):
        c = theory.loop_sum_1d(t) + 2 * math.pi * math.sqrt(t)
        law = theory.open_wire_correction(L, 1.0, c, math.sqrt(t))
        print(f"   tau_phi = {t:7.1f} (L_phi = {math.sqrt(t):5.1f}): {z_text(vv, ee, law)}")
    vv, ee = run.conductance_correction()
    print(f"   tau_phi = inf: {z_text(vv, ee, theory.open_wire_correction(L, 1.0, 4 * math.pi))}")


def field(plan, width=8.0):
    L, n = plan["field"]
    c, c_err, _ = strip_constant(dict(plan, wire=max(plan["wire"] // 4, 500)), width)
    b = np.array([0.0, 0.002, 0.005, 0.01, 0.02, 0.04])
    run = open_run(n, 400, dim=2, geometry="wire", width=width, length=float(L), b=b.tolist())
    v, e = run.conductance_correction(b)
    z_e = extrapolation(run)
    print(f"4. 2D strip W = {width:g} l, L = {L} l in a field (C = {c:.2f} +- {c_err:.2f}, "
          f"z_e = {z_e:.3f})")
    for bb, vv, ee in zip(b, v, e):
        l_b = math.sqrt(0.5 * theory.tau_b_wire(bb, width)) if bb > 0 else np.inf
        law = theory.open_wire_correction(L, z_e, c, l_b)
        print(f"   b = {bb:6.3f} (L_B = {l_b:6.1f}): {z_text(vv, ee, law)}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    rods(plan)
    strips(plan)
    crossover(plan)
    field(plan)
    return 0


if __name__ == "__main__":
    sys.exit(main())
