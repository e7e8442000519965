"""Steps per second of the spin-resolved 2D walk against the spinless one.

Both walk the same walkers with the next-event estimator (the spin kernel
reproduces the spinless random numbers when it draws no impurity axes), in
one process, alternating the cases in every round; each round's rates are
divided by that round's spinless rate and the median ratio over the rounds
is printed.  Rates are steps per second of process CPU time
(time.process_time), so that other load on the machine matters less:

    python benchmarks/bench_spin.py                # walks of 1500 tau, 1 thread
    python benchmarks/bench_spin.py --threads 2
    python benchmarks/bench_spin.py --quick        # a few seconds

Prints each rate and its ratio to the spinless kernel (issue 13's goal:
>= 0.5 for one setting).
"""
import argparse
import statistics
import time

import pathsim
from pathsim._kernels.jit import set_threads

CASES = [
    ("spinless (walk_2d, next-event)", None),
    ("spin kernel, no spin term", [{}]),
    ("Rashba", [dict(rashba=0.1)]),
    ("Rashba + Dresselhaus (lin., cubic)", [dict(rashba=0.1, dresselhaus=0.05,
                                                 dresselhaus3=0.02)]),
    ("Rashba + Zeeman", [dict(rashba=0.1, zeeman=[0.05, 0.0, 0.0])]),
    ("Elliott-Yafet", [dict(tau_so=20.0)]),
    ("3 settings (none, Rashba, EY)", [{}, dict(rashba=0.1), dict(tau_so=20.0)]),
]


def rate(walkers, tau_phi_max, seed, settings):
    kw = dict(walkers=walkers, tau_phi_max=tau_phi_max, tau_phi=[tau_phi_max],
              truncation=15.0, seed=seed, progress=False, estimator="next-event")
    start = time.process_time()
    if settings is None:
        run = pathsim.simulate(**kw)
    else:
        run = pathsim.simulate_spin(settings, **kw)[0]
    return run.n_events / (time.process_time() - start)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args(argv)
    set_threads(args.threads)
    walkers, tau = (200, 10.0) if args.quick else (2000 * args.threads, 100.0)
    rounds = 1 if args.quick else args.rounds
    for _, settings in CASES:          # compile (or load from the cache) first
        rate(64, 2.0, 1, settings)
    rates = {name: [] for name, _ in CASES}
    for r in range(rounds):
        for name, settings in CASES:
            rates[name].append(rate(walkers, tau, 100 + r, settings))
    base = rates[CASES[0][0]]
    print(f"{walkers} walkers x {15 * tau:g} tau, {args.threads} thread(s), median of "
          f"{rounds} round(s); steps per CPU second, ratio to the same round's spinless")
    for name, _ in CASES:
        ratios = [x / y for x, y in zip(rates[name], base)]
        print(f"  {name:36} {statistics.median(rates[name]):10.3g} steps/s   ratio "
              f"{statistics.median(ratios):.2f}  (rounds {min(ratios):.2f} to {max(ratios):.2f})")


if __name__ == "__main__":
    main()
