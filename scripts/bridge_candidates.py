"""The bridge's residual, one candidate at a time: the walkers' side of the
open-strip comparison redone with one change each, against the same wave
data (figures/open_vs_wave.npz of scripts/open_vs_wave.py; docs: checks-bridge).

    python scripts/bridge_candidates.py            # 400000 walkers per curve (~2 min on 1 core)
    python scripts/bridge_candidates.py --quick    # 20000 walkers

Candidates (walkers only; the wave's conductances are the saved ones):

* ``born``: the published comparison (Born l, specular walls);
* ``l_cond``: l from the wave's own classical conductance (the strip's <g> at
  the largest compared field plus the walkers' correction left there, with
  the walkers' extrapolation length), which fixes W/l, L/l and the field
  b = 4 pi phi l^2 of each flux;
* ``diffuse``: Born l, diffuse instead of specular walls.

For each strip and compared field: the ratio wave / walkers +- its error
(wave and walkers combined), and the change of the ratio against ``born``
(same seed, so the walkers' noise largely cancels in it).
"""
import argparse
import sys
from pathlib import Path

import numpy as np

import pathsim
from pathsim.wave.semiclassics import field_from_flux

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import open_vs_wave  # noqa: E402

STRIPS = ("narrow-g2", "narrow-g4", "narrow-g8", "wide", "square", "long")


def walker_ratio(r, ell, walls, walkers, seed):
    """wave / walkers (and its error) at the strip's compared fluxes."""
    top = int(r["top"])
    run = pathsim.simulate(walkers, dim=2, geometry="wire", width=(int(r["rows"]) + 1) / ell,
                           length=int(r["slices"]) / ell, walls=walls, tau_phi_max=np.inf,
                           seed=seed, progress=False)
    mc, err = run.conductance_correction(field_from_flux(r["fluxes"][:top + 1], ell),
                                         zero_field=True)
    wave, wave_err = r["wave"][:top + 1], r["wave_err"][:top + 1]
    return wave / mc, np.hypot(wave_err / mc, wave * err / mc ** 2), mc, err


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run")
    parser.add_argument("--data", type=Path, default=ROOT / "figures/open_vs_wave.npz")
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args(argv)
    walkers = 20_000 if args.quick else 400_000
    strips = {r["name"]: r for r in open_vs_wave.load(args.data)}
    print(f"{walkers:,} walkers per curve, seed {args.seed}; ratio = wave / walkers at the "
          "compared fields (smallest first)")
    for name in STRIPS:
        r = strips[name]
        base = None
        for label, ell, walls in (("born", float(r["l_born"]), "specular"),
                                  ("l_cond", float(r["l_conductance"]), "specular"),
                                  ("diffuse", float(r["l_born"]), "diffuse")):
            ratio, err, mc, mc_err = walker_ratio(r, ell, walls, walkers, args.seed)
            line = (f"{name:10} {label:8} l = {ell:6.2f}  ratio "
                    + " ".join(f"{v:.3f}+-{e:.3f}" for v, e in zip(ratio, err)))
            if base is None:
                base = mc, mc_err
            else:
                # change of the walkers' curve, in its own (uncorrelated, upper-bound) errors
                shift = mc / base[0] - 1.0
                shift_err = np.hypot(mc_err / base[0], mc * base[1] / base[0] ** 2)
                line += "   walkers' change " + " ".join(
                    f"{100 * v:+.1f}+-{100 * e:.1f}%" for v, e in zip(shift, shift_err))
            print(line, flush=True)
        print(f"{'':10} <g> = {float(r['g_mean0']):.2f}, W/l = {float(r['width_l']):.2f}, "
              f"L/l = {float(r['length_l']):.2f}, g_cl wave {float(r['g_classical']):.3f} "
              f"vs walkers (Born l) {float(r['g_classical_born']):.3f}")


if __name__ == "__main__":
    main()
