"""D'yakonov-Perel spin relaxation against wire width (2D strips with Rashba).

    python scripts/wire_spin_relaxation.py                  # ~5 min on 1 core
    python scripts/wire_spin_relaxation.py --quick          # smoke run
    python scripts/wire_spin_relaxation.py --plot figures/wire_spin_relaxation.png

Single-spin dynamics (:func:`pathsim.run.spin.spin_relaxation`) of walkers in
a strip 0 < y < W (specular or diffuse walls; isotropic scattering) with
Rashba precession theta = 0.15 rad per l (L_so = 1 / theta = 6.7 l).  Motion
along the wire turns the spin about y only, so S_y is the slow component:
its rate Gamma_y (fitted as the decay of <R_yy> between t_2 / 5 and t_2,
t_2 = 1.5 / (expected rate), capped) falls from the bulk in-plane rate
D theta^2 (W >> L_so) to Kettemann's (1/12) (W / L_so)^2 D theta^2
(l << W << L_so; :func:`pathsim.theory.spin_confined.wire_dp_rate`); the
lowest mode of the spin diffusion equation across the wire
(:func:`~pathsim.theory.spin_confined.wire_dp_rate_diffusive`) adds the
(theta W)^2 corrections.  Rows: W, Gamma_y +- stderr, Gamma_y / bulk,
Gamma_y / Kettemann, Gamma_y / diffusive eigenvalue.
"""
import argparse
import time

import numpy as np

from pathsim.run.spin import spin_relaxation
from pathsim.theory.spin_confined import (dp_rate_2d_in_plane, wire_dp_rate,
                                          wire_dp_rate_diffusive)

THETA = 0.15
T_CAP = 20_000.0


def measure(width, walls, walkers, seed=1):
    """Gamma_y and its standard error for one wire (width None: bulk 2D)."""
    bulk = dp_rate_2d_in_plane(THETA)
    guess = bulk if width is None else min(bulk, wire_dp_rate(THETA, width))
    t2 = min(1.5 / guess, T_CAP)
    times = np.array([t2 / 5.0, t2])
    geometry = {} if width is None else dict(geometry="wire", width=width, walls=walls)
    value, err = spin_relaxation(times, walkers=walkers, seed=seed, rashba=THETA, **geometry)
    span = times[1] - times[0]
    rate = -np.log(value[1, 1] / value[0, 1]) / span
    rate_err = np.hypot(err[1, 1] / value[1, 1], err[0, 1] / value[0, 1]) / span
    return rate, rate_err


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run")
    parser.add_argument("--walkers", type=int, default=3000)
    parser.add_argument("--plot", help="write the figure to this PNG file")
    args = parser.parse_args(argv)
    widths = [3.0, 20.0] if args.quick else [1.0, 2.0, 3.0, 4.0, 6.0, 10.0, 20.0, 40.0]
    walkers = 200 if args.quick else args.walkers
    bulk = dp_rate_2d_in_plane(THETA)
    b_rate, b_err = measure(None, None, walkers)
    print(f"Rashba theta = {THETA} per l (L_so = {1 / THETA:.2f} l), {walkers} walkers; "
          f"bulk in-plane rate D theta^2 = {bulk:.5f} / tau, measured {b_rate:.5f} +- "
          f"{b_err:.5f}")
    print(f"  {'walls':9} {'W/l':>5} {'W/L_so':>7} {'Gamma_y (1/tau)':>22} {'/ bulk':>7} "
          f"{'/ Kettemann':>16} {'/ diffusive':>16}")
    rows = []
    for walls in ("specular", "diffuse"):
        for width in widths:
            start = time.perf_counter()
            rate, err = measure(width, walls, walkers)
            kett = wire_dp_rate(THETA, width)
            modes = wire_dp_rate_diffusive(THETA, width)
            rows.append((walls, width, rate, err))
            print(f"  {walls:9} {width:5g} {width * THETA:7.2f} {rate:11.3e} +- {err:8.1e} "
                  f"{rate / bulk:7.3f} {rate / kett:8.3f} +- {err / kett:5.3f} "
                  f"{rate / modes:8.3f} +- {err / modes:5.3f}  "
                  f"({time.perf_counter() - start:.0f} s)", flush=True)
    if args.plot:
        plot(rows, bulk, args.plot)


def plot(rows, bulk, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5.5, 4.0))
    x = np.geomspace(0.1, 8.0, 40)
    ax.plot(x, x ** 2 / 12.0, "k--", lw=1, label=r"Kettemann $(W/L_{so})^2/12$")
    ax.plot(x, [wire_dp_rate_diffusive(THETA, w / THETA) / bulk for w in x], "k-", lw=1,
            label="lowest spin-diffusion mode")
    ax.axhline(1.0, color="0.5", lw=1, label="bulk 2D ($D\\theta^2$)")
    for walls, marker in (("specular", "o"), ("diffuse", "s")):
        sel = [r for r in rows if r[0] == walls]
        w = np.array([r[1] for r in sel]) * THETA
        rate = np.array([r[2] for r in sel]) / bulk
        err = np.array([r[3] for r in sel]) / bulk
        ax.errorbar(w, rate, err, fmt=marker, ms=4, capsize=2, label=f"walk, {walls} walls")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(r"wire width $W / L_{so}$  ($L_{so} = l/\theta$, $\theta$ = %g)" % THETA)
    ax.set_ylabel(r"spin relaxation rate of $S_y$ / bulk in-plane rate")
    ax.set_title("D'yakonov-Perel relaxation in 2D wires (Rashba)")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    print(f"figure: {path}")


if __name__ == "__main__":
    main()
