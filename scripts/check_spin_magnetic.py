"""Elliott-Yafet spin-orbit scattering with magnetic impurities: the walk
against the exact loop sum of its model and against HLN's sum of rates.

    python scripts/check_spin_magnetic.py           # 16 settings, 20000 walkers (~4 min on 1 core)
    python scripts/check_spin_magnetic.py --quick   # 4 settings, 4000 walkers, tau_phi <= 100

One run tallies every (tau_so, tau_sf) of the grid, and each tau_so alone, on
the same walkers.  For each setting and tau_phi: the zero-field correction
+- its standard error, z against the exact loop sum of the walk's model
(:func:`pathsim.theory.spin_magnetic.loop_sum_spin_2d`, ``combine="walk"``)
and against the same loop sum with HLN's sum of rates (``"born"``); then
the magnetic change (the setting minus tau_so alone, same walkers) in the
same two ways, which cancels most of the strong-spin-orbit noise.
The docs page theory-spin-magnetic (docs/theory/spin_magnetic.md) quotes
the output.
"""
import argparse
import itertools

import numpy as np

import pathsim
from pathsim.theory.spin import ilp
from pathsim.theory.spin_magnetic import ilp_magnetic, loop_sum_spin_2d

RASHBA = 0.2          # B_so = theta^2 / 2 = 6 B_phi at tau_phi = 300


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run")
    parser.add_argument("--walkers", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=21)
    args = parser.parse_args(argv)
    if args.quick:
        tau_so, tau_sf, taus, walkers = (1.07, 5.0), (10.0, 30.0), (30.0, 100.0), 4_000
    else:
        tau_so, tau_sf = (1.07, 2.0, 5.0, 20.0), (3.0, 10.0, 30.0, 100.0)
        taus, walkers = (30.0, 100.0, 300.0), args.walkers
    taus = np.array(taus)
    pairs = list(itertools.product(tau_so, tau_sf))
    settings = [dict(tau_so=t) for t in tau_so] + [dict(tau_so=a, tau_sf=m) for a, m in pairs]
    runs = pathsim.simulate_spin(settings, walkers=walkers, tau_phi_max=taus[-1],
                                 tau_phi=list(taus), truncation=10.0, blocks=32,
                                 seed=args.seed, progress=None)
    print(f"{runs[0].n_walkers:,} walkers, {runs[0].n_events:.3g} steps, "
          f"{len(settings)} spin settings, {runs[0].wall_time:.0f} s")
    sums = [r.loop_block_sums(np.zeros(1), taus)[:, :, 0] for r in runs]
    exact = {(s.get("tau_so"), s.get("tau_sf"), c): loop_sum_spin_2d(
        taus, s.get("tau_so"), s.get("tau_sf"), c) for s in settings for c in ("walk", "born")}
    worst = {"walk": 0.0, "born": 0.0}
    print("\n tau_so  tau_sf  tau_phi  delta_sigma(0)       z walk  z born   "
          "change (minus tau_so alone)  z walk  z born")
    for k, (a, m) in enumerate(pairs):
        j = len(tau_so) + k
        base = tau_so.index(a)
        value, err = runs[j].per_walker(sums[j])
        change, change_err = runs[j].per_walker(sums[j] - sums[base])
        for i, tau in enumerate(taus):
            z = {}
            for c in ("walk", "born"):
                full = exact[(a, m, c)][i]
                alone = exact[(a, None, c)][i]
                z[c] = ((value[i] - full) / err[i], (change[i] - full + alone) / change_err[i])
                worst[c] = max(worst[c], abs(z[c][0]), abs(z[c][1]))
            print(f" {a:6g}  {m:6g}  {tau:7g}  {value[i]:+8.4f} +- {err[i]:.4f}  "
                  f"{z['walk'][0]:+6.1f}  {z['born'][0]:+6.1f}   "
                  f"{change[i]:+8.4f} +- {change_err[i]:.4f}          "
                  f"{z['walk'][1]:+6.1f}  {z['born'][1]:+6.1f}")
    print(f"\nlargest |z|: walk's model {worst['walk']:.1f}, HLN's sum of rates "
          f"{worst['born']:.1f}")
    rashba_magnetic(walkers, args.seed)


def rashba_magnetic(walkers, seed, tau=300.0):
    """Rashba precession with magnetic impurities against ILP with the
    magnetic rates added to each channel's dephasing (exact for the walk's
    model; ILP itself is diffusive): the magnetoconductance, and its change
    by the magnetic impurities (same walkers)."""
    settings = [dict(rashba=RASHBA)] + [dict(rashba=RASHBA, tau_sf=t) for t in (30.0, 100.0)]
    runs = pathsim.simulate_spin(settings, walkers=walkers, tau_phi_max=tau, tau_phi=[tau],
                                 truncation=10.0, blocks=32, seed=seed + 1, progress=None)
    x = np.array([0.1, 0.3, 1.0, 3.0, 10.0])
    b, taus = x / tau, np.array([tau])

    def curve(r):
        return r.loop_block_sums(b, taus)[:, 0] - r.loop_block_sums(np.zeros(1), taus)[:, 0]

    base = curve(runs[0])
    print(f"\nRashba theta = {RASHBA} with magnetic impurities, tau_phi = {tau:g}, B / B_phi = "
          f"{', '.join(f'{v:g}' for v in x)}: z against ilp_magnetic (rates added)")
    for s, r in zip(settings, runs):
        value, err = r.magnetoconductance(b, tau)
        theory = ilp_magnetic(b, tau, RASHBA, s.get("tau_sf"))
        line = f"  {str(s):36} z " + " ".join(f"{v:+5.1f}" for v in (value - theory) / err)
        if "tau_sf" in s:
            change, change_err = r.per_walker(curve(r) - base)
            expected = theory - ilp(b, tau, RASHBA)
            line += "   change z " + " ".join(f"{v:+5.1f}"
                                               for v in (change - expected) / change_err)
        print(line)


if __name__ == "__main__":
    main()
