"""Strong Elliott-Yafet spin-orbit scattering in a thin film: -1/2 of the film's WL.

    python scripts/check_spin_film.py          # 25000 walkers (~1.5 min on 1 core)
    python scripts/check_spin_film.py --quick  # smoke run

A 3D film of thickness 0.5 l (specular walls), tau_phi = 100, perpendicular
field: the same walkers tally no spin and tau_so = 1.5 (3D Elliott-Yafet,
:mod:`pathsim._kernels.walk_spin_nd`).  Rows at B / B_phi = 1, 3, 10 (B_phi
= 1 / (2 D tau_phi) B_tr, D = 1/3): both magnetoconductances, their ratio
(-1/2 for the singlet alone), and the remainder delta_SO + delta_0 / 2 against
the triplet's (3/2) delta_0 at 1 / tau_phi' = 1 / tau_phi + 1 / tau_so.
"""
import argparse

import numpy as np

import pathsim

TAU = 100.0
TAU_SO = 1.5


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run")
    parser.add_argument("--walkers", type=int, default=25_000)
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args(argv)
    tau = 20.0 if args.quick else TAU
    plain, so = pathsim.simulate_spin(
        [{}, dict(tau_so=TAU_SO)], walkers=300 if args.quick else args.walkers,
        tau_phi_max=tau, tau_phi=[tau], truncation=8.0, blocks=16, seed=args.seed,
        progress=False, dim=3, geometry="film", thickness=0.5)
    x = np.array([1.0, 3.0, 10.0])
    b = x / (2.0 * plain.diffusion * tau)

    def change(result, t):
        t = np.array([t])
        return result.loop_block_sums(b, t)[:, 0] - result.loop_block_sums(np.zeros(1), t)[:, 0]

    v, e = so.per_walker(change(so, tau))
    p, pe = plain.per_walker(change(plain, tau))
    rem, rem_err = so.per_walker(change(so, tau) + 0.5 * change(plain, tau))
    triplet = 1.5 * plain.per_walker(change(plain, 1.0 / (1.0 / tau + 1.0 / TAU_SO)))[0]
    print(f"film 0.5 l, tau_phi = {tau:g}, tau_so = {TAU_SO:g}, {plain.n_walkers} walkers")
    for i in range(x.size):
        print(f"  B/B_phi = {x[i]:4g}  SO {v[i]:+.5f} +- {e[i]:.5f}  none {p[i]:+.5f} +- "
              f"{pe[i]:.5f}  ratio {v[i] / p[i]:+.3f} +- {rem_err[i] / abs(p[i]):.3f}  "
              f"remainder {rem[i]:+.5f} +- {rem_err[i]:.5f} (triplet {triplet[i]:.1e}, "
              f"z {(rem[i] - triplet[i]) / rem_err[i]:+.1f})")


if __name__ == "__main__":
    main()
