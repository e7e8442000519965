"""Steps per second of the spin-resolved 2D walk against the spinless one.

Both walk the same walkers with the next-event estimator (the spin kernel
reproduces the spinless random numbers when it draws no impurity axes), in
one process, one numba thread, alternating a few times and keeping each
one's best round:

    python benchmarks/bench_spin.py            # walks of 1500 tau
    python benchmarks/bench_spin.py --quick    # a few seconds

Prints each rate and its ratio to the spinless kernel (issue 13's goal:
>= 0.5 for one setting).
"""
import argparse

import pathsim
from pathsim._kernels.jit import set_threads

CASES = [
    ("spinless (walk_2d, next-event)", None),
    ("spin kernel, no spin term", [{}]),
    ("Rashba", [dict(rashba=0.1)]),
    ("Rashba + Zeeman", [dict(rashba=0.1, zeeman=[0.05, 0.0, 0.0])]),
    ("Elliott-Yafet", [dict(tau_so=20.0)]),
    ("3 settings (none, Rashba, EY)", [{}, dict(rashba=0.1), dict(tau_so=20.0)]),
]


def rate(walkers, tau_phi_max, seed, settings):
    kw = dict(walkers=walkers, tau_phi_max=tau_phi_max, tau_phi=[tau_phi_max],
              truncation=15.0, seed=seed, progress=False, estimator="next-event")
    if settings is None:
        run = pathsim.simulate(**kw)
    else:
        run = pathsim.simulate_spin(settings, **kw)[0]
    return run.n_events / run.wall_time


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    set_threads(1)
    walkers, tau = (200, 10.0) if args.quick else (4000, 100.0)
    for _, settings in CASES:          # compile (or load from the cache) first
        rate(64, 2.0, 1, settings)
    best = {name: 0.0 for name, _ in CASES}
    for r in range(1 if args.quick else args.rounds):
        for name, settings in CASES:
            best[name] = max(best[name], rate(walkers, tau, 100 + r, settings))
    base = best[CASES[0][0]]
    print(f"{walkers} walkers x {15 * tau:g} tau, 1 thread, best of "
          f"{1 if args.quick else args.rounds}")
    for name, _ in CASES:
        print(f"  {name:32} {best[name]:10.3g} steps/s   ratio {best[name] / base:.2f}")


if __name__ == "__main__":
    main()
