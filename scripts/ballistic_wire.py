"""Magnetic dephasing of narrow wires, from diffusive (W >> l) to ballistic (W < l).

For each width W and wall type, a 2D strip is simulated and the dephasing
rate 1/tau_B in a weak perpendicular field is measured from the decay of
<cos(b A)>_t (SimulationResult.dephasing_rate).  It is compared with the
dirty-metal law 1/tau_B = W^2 D / (3 l_m^4) and with the flux-cancellation
laws of Beenakker & van Houten (1988) for W << l (weak field, l_m^2 >> W l):
tau_B = C1 l_m^4 / (W^3 v), C1 = 9.5 (specular) and 4 pi (diffuse).  The
field is chosen so that l_m^2 = 8 W l (weak field for the ballistic law) and
l_m > W.  A second table takes the wide strips W = 8 and 16 l (l << W) the
way tests/physics/test_confined.py does: tau_phi / tau_B = 1 at t_max =
10 W^2 / D, the rate fitted over 3 .. 10 W^2 / D, against the dirty-metal law.

    python scripts/ballistic_wire.py            # about 12 minutes on one core
    python scripts/ballistic_wire.py --quick    # seconds (smoke run)
"""
import argparse
import math


import pathsim
from pathsim import theory

WIDTHS = (0.25, 0.5, 1.0, 2.0, 4.0)
FIELD_RATIO = 8.0          # l_m^2 / (W l)
WIDE = (8.0, 16.0)


def measure(width, walls, quick=False, seed=0):
    """(b, measured rate, its error, steps) for one strip."""
    b = 2.0 / (FIELD_RATIO * width)          # l_m^2 = 2 / b
    expected = 1.0 / theory.tau_b_ballistic_wire(b, width, walls)
    if width > 1.0:                          # closer to the dirty metal
        expected = 1.0 / theory.tau_b_wire(b, width)
    t_max = min(1.0 / expected, 3000.0)
    t_min = max(0.3 * t_max, 20.0, 3.0 * width ** 2 / 0.5)
    walkers = 2_000 if quick else int(min(2e5, 2e8 / t_max))
    run = pathsim.simulate(walkers, seed=seed, dim=2, geometry="wire", width=width,
                           walls=walls, tau_phi_max=t_max, truncation=1.05, b=[b],
                           tau_phi=[t_max], progress=not quick)
    rate, err = run.dephasing_rate(b, t_min, t_max)
    return b, rate, err, run.n_events


def measure_wide(width, walls, quick=False, seed=46):
    """(b, measured rate, its error) for a strip with l << W; 4e8 steps."""
    D = 0.5
    t_max = 10.0 * width ** 2 / D
    b = math.sqrt(12.0 / (width ** 2 * D * t_max))     # tau_B = t_max
    walkers = 2_000 if quick else int(round(4e8 / t_max))
    run = pathsim.simulate(walkers, seed=seed, dim=2, geometry="wire", width=width,
                           walls=walls, tau_phi_max=t_max / 1.5, truncation=1.5,
                           progress=not quick)
    rate, err = run.dephasing_rate(b, 3.0 * width ** 2 / D, t_max)
    return b, rate, err


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny smoke run")
    args = parser.parse_args(argv)
    widths = WIDTHS[1:3] if args.quick else WIDTHS
    print(f"{'W/l':>5} {'walls':>9} {'b':>7} {'1/tau_B measured':>22} "
          f"{'dirty':>7} {'BvH weak':>9}   (ratios: measured / formula)")
    for width in widths:
        for walls in ("specular", "diffuse"):
            b, rate, err, _ = measure(width, walls, args.quick)
            dirty = 1.0 / theory.tau_b_wire(b, width)
            bvh = 1.0 / theory.tau_b_ballistic_wire(b, width, walls)
            print(f"{width:5.2f} {walls:>9} {b:7.3f} {rate:11.3e} +- {err:8.1e} "
                  f"{rate / dirty:7.3f} {rate / bvh:9.3f}")
    print(f"\n{'W/l':>5} {'walls':>9} {'b':>7} {'1/tau_B measured':>22} "
          f"{'dirty':>15}   (wide strips, fitted over 3 .. 10 W^2 / D)")
    for width in WIDE[:1] if args.quick else WIDE:
        for walls in ("specular", "diffuse"):
            b, rate, err = measure_wide(width, walls, args.quick)
            dirty = 1.0 / theory.tau_b_wire(b, width)
            print(f"{width:5.2f} {walls:>9} {b:7.4f} {rate:11.3e} +- {err:8.1e} "
                  f"{rate / dirty:7.3f} +- {err / dirty:.3f}")


if __name__ == "__main__":
    main()
