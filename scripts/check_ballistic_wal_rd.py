"""Ballistic weak antilocalization with Rashba and linear Dresselhaus together
(pathsim.theory.ballistic_wal(b, tau_phi, rashba, dresselhaus)) against its
limits and the spin walkers.

    python scripts/check_ballistic_wal_rd.py            # 2 million walkers (~15 min, 1 core)
    python scripts/check_ballistic_wal_rd.py --quick    # smoke test (one pair, 2000 walkers)
    python scripts/check_ballistic_wal_rd.py --out docs/checks/ballistic_wal_rd.txt

The walker results are kept in --walker-file (an .npz), so that the
comparison can be repeated without running the walkers again.

1. Limits: one term through the coupled solver against the one-term theory
   (Rashba: the same blocks; Dresselhaus: the same up to the Landau cut),
   rashba == dresselhaus (the persistent spin helix: the spinless theory),
   rashba -> dresselhaus, the Landau cut.
2. The diffusive limit against ILP with both terms.
3. Speed per field on one core.
4. The spin walkers (same model, independent method) for several pairs,
   tau_phi = 3, 10, 30, b = 0 .. 3, every term: z of delta_sigma and of its
   change from the spinless walk on the same walkers.
"""
import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse   # noqa: E402
import contextlib  # noqa: E402
import io         # noqa: E402
import tempfile   # noqa: E402
import time       # noqa: E402

import numpy as np   # noqa: E402

import pathsim    # noqa: E402
from pathsim.theory import ballistic_wal, exact_2d   # noqa: E402
from pathsim.theory.exact_spin import _one   # noqa: E402
from pathsim.theory.exact_spin_rd import landau_cut, triplet_change   # noqa: E402
from pathsim.theory.spin import ilp   # noqa: E402

PAIRS = ((0.3, 0.2), (0.7, 0.3), (0.7, 0.7), (0.7, 0.63), (1.5, 0.5), (1.0, 1.5))
TAUS = np.array([3.0, 10.0, 30.0])
FIELDS = np.array([0.0, 0.1, 0.3, 1.0, 3.0])
TERMS = ("total", "backscattering", "nonbackscattering")


def limits():
    print("1. limits")
    for b, tau in ((0.1, 10.0), (1.0, 3.0), (3.0, 30.0)):
        g = 1.0 / tau
        gaps = []
        for j in (48, 96, 192):
            one = np.array(_one(b, g, 0.7, j))
            gaps += [np.abs(np.array(triplet_change(b, g, *ad, j)) - one).max()
                     for ad in ((0.7, 0.0), (0.0, 0.7))]
        print(f"  b {b:g}, tau_phi {tau:g}, theta 0.7: coupled solver - one-term, Rashba and "
              "Dresselhaus, cut 48 / 96 / 192: " + " / ".join(f"{x:.1e}" for x in gaps))
    b = np.array([0.01, 0.1, 1.0, 3.0])
    gap = np.abs(ballistic_wal(b, 10.0, 0.7, 0.7) - exact_2d(b, 10.0)).max()
    print(f"  rashba = dresselhaus = 0.7: max |ballistic_wal - exact_2d| = {gap:.1e} G0")
    for eps in (1e-1, 1e-2, 1e-3):
        for j in (96, 192):
            v = ballistic_wal(b, 10.0, 0.7, 0.7 * (1 - eps), n_cut=j) - exact_2d(b, 10.0)
            print(f"  dresselhaus = 0.7 (1 - {eps:g}), cut {j}: minus spinless at b "
                  + ", ".join(f"{x:g}" for x in b) + ": " + " ".join(f"{x:+.2e}" for x in v))
    for a, d in ((0.7, 0.3), (1.5, 0.5)):
        for b1, tau in ((0.01, 30.0), (0.1, 30.0), (1.0, 3.0)):
            cuts = sorted({landau_cut(b1, a, d, n) for n in (48, 96, 192, 384)})
            v = [ballistic_wal(b1, tau, a, d, n_cut=n) for n in cuts]
            print(f"  rashba {a:g}, dresselhaus {d:g}, b {b1:g}, tau_phi {tau:g}: cut "
                  + " / ".join(map(str, cuts)) + ": " + " / ".join(f"{x:.8f}" for x in v))
    small = [ballistic_wal(x, 30.0, 0.7, 0.3) for x in (1e-3, 1e-4, 0.0)]
    print("  b -> 0 (tau_phi 30, rashba 0.7, dresselhaus 0.3): b = 1e-3, 1e-4, 0: "
          + ", ".join(f"{x:.7f}" for x in small))


def diffusive():
    print("\n2. diffusive limit: magnetoconductance delta_sigma(b) - delta_sigma(0) (G0) at "
          "B/B_phi = 0.3, 1, 3,\n   ballistic_wal / ILP with both terms, their gap; for "
          "scale the gap of one term at the angle sqrt(a^2 + d^2)")
    for a, d, tau in ((0.03, 0.02, 1e4), (0.05, 0.03, 4e3), (0.1, 0.05, 1e3), (0.3, 0.2, 300.0)):
        b = np.array([0.3, 1.0, 3.0]) / tau
        exact = ballistic_wal(b, tau, a, d, n_cut=400) - ballistic_wal(0.0, tau, a, d)
        theory = ilp(b, tau, a, dresselhaus=d)
        theta = np.hypot(a, d)
        one = ballistic_wal(b, tau, theta) - ballistic_wal(0.0, tau, theta) - ilp(b, tau, theta)
        print(f"  rashba {a:g}, dresselhaus {d:g}, tau_phi {tau:g}: "
              + ", ".join(f"{x:+.5f} / {y:+.5f}" for x, y in zip(exact, theory))
              + "; gap " + " ".join(f"{x - y:+.1e}" for x, y in zip(exact, theory))
              + "; one term's gap " + " ".join(f"{x:+.1e}" for x in one))


def speed():
    print("\n3. speed (one core, per field; first call of a setting fills the continuum cache)")
    fields = np.geomspace(0.1, 3.0, 8)
    for a, d in ((0.3, 0.2), (0.7, 0.3), (1.5, 0.5), (1.5, 1.4)):
        start = time.perf_counter()
        ballistic_wal(fields[:1], 10.0, a, d)
        first = time.perf_counter() - start
        start = time.perf_counter()
        ballistic_wal(fields[1:], 10.0, a, d)
        per = (time.perf_counter() - start) / (fields.size - 1)
        print(f"  rashba {a:g}, dresselhaus {d:g}, tau_phi 10: {1e3 * per:.0f} ms per field "
              f"(b 0.1 .. 3; first field {1e3 * first:.0f} ms)")


def walkers(n, seed, path, pairs=PAIRS, taus=TAUS, fields=FIELDS):
    """Run the walkers and keep, per pair and term, delta_sigma and its change
    from the spinless walk with their errors (shape (tau_phi, b)) in ``path``."""
    settings = [dict(rashba=a, dresselhaus=d) for a, d in pairs]
    runs = pathsim.simulate_spin([{}] + settings, walkers=n, tau_phi_max=taus.max(),
                                 tau_phi=taus.tolist(), truncation=10.0, blocks=32,
                                 seed=seed, progress=None)
    keep = dict(pairs=np.array(pairs), taus=taus, fields=fields, walkers=n, seed=seed,
                steps=runs[0].n_events, wall=runs[0].wall_time)
    for k, run in enumerate(runs[1:]):
        for term in TERMS:
            keep[f"value_{k}_{term}"], keep[f"error_{k}_{term}"] = \
                run.delta_sigma(fields, taus, term=term)
            change = run.loop_block_sums(fields, taus, term) \
                - runs[0].loop_block_sums(fields, taus, term)
            keep[f"change_{k}_{term}"], keep[f"change_error_{k}_{term}"] = run.per_walker(change)
    from pathsim._files import atomic_write
    atomic_write(path, lambda handle: np.savez(handle, **keep))


def compare(path):
    data = np.load(path)
    taus, fields = data["taus"], data["fields"]
    print(f"\n4. spin walkers, {int(data['walkers']):,} walkers, seed {int(data['seed'])}, "
          f"{float(data['steps']):.3g} steps, {float(data['wall']):.0f} s")
    worst = [0.0, 0.0]
    for k, (a, d) in enumerate(data["pairs"]):
        for term in TERMS:
            theory = ballistic_wal(fields, taus, a, d, term=term)
            value, err = data[f"value_{k}_{term}"], data[f"error_{k}_{term}"]
            dv, de = data[f"change_{k}_{term}"], data[f"change_error_{k}_{term}"]
            dt = theory - exact_2d(fields, taus, term=term)
            if a == d:      # the helix: every loop's spin factor is 1, in both
                print(f"  rashba {a:g} dresselhaus {d:g} {term}: walkers' change from "
                      f"spinless at most {np.abs(dv).max():.1e} (rounding), theory "
                      f"{np.abs(dt).max():.1e}")
            for i, tau in enumerate(taus):
                z = (value[i] - theory[i]) / err[i]
                dz = (dv[i] - dt[i]) / np.where(de[i] > 1e-12, de[i], np.inf)
                worst = [max(worst[0], np.abs(z).max()), max(worst[1], np.abs(dz).max())]
                print(f"  rashba {a:g} dresselhaus {d:g} {term:17} tau_phi {tau:4g}: theory "
                      + " ".join(f"{x:+.5f}" for x in theory[i]) + "  +- "
                      + " ".join(f"{x:.5f}" for x in err[i]))
                print(f"    z {' '.join(f'{x:+5.1f}' for x in z)}   change from spinless: "
                      f"theory {' '.join(f'{x:+.5f}' for x in dt[i])} +- "
                      f"{' '.join(f'{x:.5f}' for x in de[i])}, z "
                      f"{' '.join(f'{x:+5.1f}' for x in dz)}")
    print(f"  b = {', '.join(f'{x:g}' for x in fields)}; largest |z| {worst[0]:.1f} "
          f"(delta_sigma), {worst[1]:.1f} (change from spinless)")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run")
    parser.add_argument("--walkers", type=int, default=2_000_000)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--out", help="also write the report to this file")
    parser.add_argument("--only", choices=("theory", "walkers"), help="run one half")
    parser.add_argument("--walker-file", default="docs/checks/ballistic_wal_rd_walkers.npz",
                        help="walker results: written if missing (or with --rerun), then compared")
    parser.add_argument("--rerun", action="store_true", help="run the walkers again")
    args = parser.parse_args(argv)
    buffer = io.StringIO()
    with contextlib.redirect_stdout(_Tee(buffer)):
        if args.quick:              # a smoke run of the pieces, not a check
            print("1. limits (quick: the helix only)")
            b = np.array([0.3, 3.0])
            print(f"  rashba = dresselhaus = 0.7: max |ballistic_wal - exact_2d| = "
                  f"{np.abs(ballistic_wal(b, 10.0, 0.7, 0.7) - exact_2d(b, 10.0)).max():.1e} G0")
        elif args.only != "walkers":
            limits()
            diffusive()
            speed()
        if args.only != "theory":
            path = args.walker_file
            if args.quick:          # a fresh small run, never the stored one
                path = os.path.join(tempfile.mkdtemp(), "walkers.npz")
            if args.quick:
                walkers(2000, args.seed, path, ((0.7, 0.3),), np.array([3.0]),
                        np.array([0.3, 3.0]))
            elif args.rerun or not os.path.exists(path):
                walkers(args.walkers, args.seed, path)
            compare(path)
    if args.out:
        from pathsim._files import atomic_write
        atomic_write(args.out, lambda handle: handle.write(buffer.getvalue()), text=True)


class _Tee(io.TextIOBase):
    """Print and keep a copy."""

    def __init__(self, copy):
        self.copy, self.stream = copy, __import__("sys").stdout

    def write(self, text):
        self.copy.write(text)
        self.stream.write(text)
        self.stream.flush()
        return len(text)


if __name__ == "__main__":
    main()
