"""Print the simulation against theory, in standard errors (the test presets).

    python scripts/check_theory.py            # the test suite's workloads (~3 min)
    python scripts/check_theory.py --quick    # 20x fewer walkers (~10 s)

Each row: simulated value +- standard error, theory, and z = (sim - theory)/err.
"""
import argparse

import numpy as np

import pathsim
from pathsim import theory
from pathsim.presets import preset


def row(label, value, err, expected):
    z = (value - expected) / err
    print(f"  {label:44} {value:+10.5f} +- {err:.5f}   theory {expected:+10.5f}   z {z:+5.1f}")


def run(name, quick):
    kwargs = preset(name, progress=None)
    if quick:
        kwargs["walkers"] = max(64, kwargs["walkers"] // 20)
    result = pathsim.simulate(**kwargs)
    print(f"\n[{name}] {result.n_walkers:,} walkers, {result.n_events:.3g} steps, "
          f"{result.wall_time:.1f} s ({result.steps_per_second:.3g} steps/s)")
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20x fewer walkers")
    args = parser.parse_args(argv)

    r = run("exact", args.quick)
    d, de = r.diffusion_constant()
    row("D (l v), theory v l / 2", d, de, 0.5)
    for term in ("total", "backscattering", "nonbackscattering"):
        for tau in (10.0, 30.0):
            for b in (0.0, 0.3, 3.0):
                v, e = r.delta_sigma(b, tau, term=term)
                row(f"{term:17} tau_phi={tau:<4g} b={b:<4g}", v, e,
                    theory.exact_2d(b, tau, term=term))

    r = run("hln", args.quick)
    tau = 1000.0
    t, w, we = r.return_density(bins_per_decade=4)
    half = 10 ** (1 / 8)  # bin edges t / half, t * half
    bin_average = np.log(half ** 2) / (4 * np.pi * 0.5 * t * (half - 1 / half))
    for i in np.flatnonzero((t > 20) & (t < 10000)):
        row(f"4 pi D t W(t), t = {t[i]:.0f} tau (bin average)", w[i] / bin_average[i],
            we[i] / bin_average[i], 1.0)
    for x in (0.3, 1.0, 3.0, 10.0):
        b = x * theory.b_phi(tau)
        v, e = r.magnetoconductance(b, tau)
        exact = theory.exact_2d(b, tau) - theory.exact_2d(0.0, tau)
        row(f"MC at B/B_phi = {x:<4g} (HLN {theory.hln(b, tau):.5f})", v, e, exact)

    r = run("ln-law", args.quick)
    taus = np.asarray(r.params["tau_phi"])
    s, se = r.ln_slope(taus)
    row("slope d delta_sigma / d ln tau_phi, 100..3000", s, se,
        np.polyfit(np.log(taus), theory.exact_2d(0.0, taus), 1)[0])


if __name__ == "__main__":
    main()
