"""fit-wal --model ballistic --dresselhaus on synthetic data: the ballistic
theory with Rashba and linear Dresselhaus together plus Gaussian noise,
fitted for (B_phi, B_so_R, B_so_D); the z of each field against the truth
over several noise draws, and the fits that cannot separate the two terms.

    python scripts/check_fit_wal_rd.py             # 2 settings x 8 draws, 3 degenerate fits
    python scripts/check_fit_wal_rd.py --quick     # one draw (seed 6) of one setting, 8 fields

Fields in B_tr (``field_unit="b"``), 10 fields from the ring-free cut
``5 (a + d)^2 / 192`` (96 Landau blocks) to 3 B_tr, noise 0.003 e^2/(pi h)
per point.  The larger spin-orbit field is reported as B_so_R (a curve
cannot tell the terms apart), so the truth is ordered the same way.
"""
import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse   # noqa: E402
import time       # noqa: E402

import numpy as np   # noqa: E402

from pathsim.analysis import fit_wal   # noqa: E402
from pathsim.theory.exact_spin import ballistic_magnetoconductance   # noqa: E402

NOISE = 0.003
#: (rashba, dresselhaus) angles per l, tau_phi / tau
SETTINGS = [(0.5, 0.2, 30.0), (0.25, 0.6, 20.0)]
#: fits the two terms cannot be separated in: the helix, one term, a tiny second one
DEGENERATE = [(0.4, 0.4, 20.0), (0.5, 0.0, 30.0), (0.5, 0.05, 30.0)]
NAMES = ("B_phi", "B_so_R", "B_so_D")


def synthetic(a, d, tau, n, seed):
    """Fields, noisy data and the true (B_phi, larger B_so, smaller B_so) in B_tr."""
    field = np.geomspace(max(5.0 * (a + d) ** 2 / 192.0, 0.4 / tau), 3.0, n)
    fields = (1.0 / tau, 0.5 * a * a, 0.5 * d * d)
    clean = ballistic_magnetoconductance(field, fields[0], fields[1], B_so_D=fields[2])
    data = clean + np.random.default_rng(seed).normal(0.0, NOISE, n)
    truth = (fields[0], max(fields[1:]), min(fields[1:]))
    return field, data, truth


def one_fit(a, d, tau, n, seed):
    field, data, truth = synthetic(a, d, tau, n, seed)
    start = time.process_time()
    fit = fit_wal(field, data, np.full(n, NOISE), model="ballistic", field_unit="b",
                  dresselhaus=True)
    return fit, truth, time.process_time() - start


def recovery(settings, draws, n, first=1):
    seeds = range(first, first + draws)
    print(f"1. recovery: {n} fields, noise {NOISE} e2pih, {draws} draws (seeds {seeds[0]}.."
          f"{seeds[-1]})")
    for a, d, tau in settings:
        zs, seconds, chi2 = [], [], []
        for seed in seeds:
            fit, truth, cpu = one_fit(a, d, tau, n, seed)
            p = [fit.params[k] for k in NAMES]
            zs.append([(q.value - t) / q.stderr for q, t in zip(p, truth)])
            seconds.append(cpu)
            chi2.append(fit.chi2 / fit.dof)
            if seed == first:
                print(f"  rashba {a}, dresselhaus {d}, tau_phi {tau:g}: truth " + ", ".join(
                    f"{k} {t:.4g}" for k, t in zip(NAMES, truth)) + " (B_tr)")
                print(f"    seed {first}: " + ", ".join(f"{q.name} {q.value:.4g} +- {q.stderr:.2g}"
                                                 for q in p)
                      + f"; chi2/dof {fit.chi2:.3g}/{fit.dof}; warnings: {len(fit.warnings)}")
        zs = np.array(zs)
        print("    z per draw: " + "; ".join(" ".join(f"{z:+.2f}" for z in row) for row in zs))
        print(f"    largest |z| {np.abs(zs).max():.2f}; rms z per field "
              + ", ".join(f"{k} {np.sqrt(np.mean(zs[:, i] ** 2)):.2f}"
                          for i, k in enumerate(NAMES))
              + f"; mean chi2/dof {np.mean(chi2):.2f}; CPU per fit {np.mean(seconds):.1f} s")


def degenerate(n):
    print("2. fits that cannot separate the terms (seed 1)")
    for a, d, tau in DEGENERATE:
        fit, truth, cpu = one_fit(a, d, tau, n, 1)
        p = [fit.params[k] for k in NAMES]
        print(f"  rashba {a}, dresselhaus {d}, tau_phi {tau:g}: " + ", ".join(
            f"{q.name} {q.value:.4g} +- {q.stderr:.2g}"
            + ("" if q.constrained else " [UNCONSTRAINED]") for q in p)
            + f" ({cpu:.0f} s)")
        for w in fit.warnings:
            print(f"    WARNING: {w}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--draws", type=int, default=8)
    args = parser.parse_args(argv)
    if args.quick:
        recovery(SETTINGS[:1], 1, 8, first=6)
        return 0
    recovery(SETTINGS, args.draws, 10)
    degenerate(10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
