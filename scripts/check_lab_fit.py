"""Coverage of fit-wal's stated errors over independent raw lab files.

    python scripts/check_lab_fit.py            # 20 files (about 1 min on 1 core)
    python scripts/check_lab_fit.py --quick    # 2 files (smoke run)

Each file is :func:`pathsim.analysis.synthetic_lab.lab_file` with its own
noise seed: a Hall bar (probes 100 um apart, 20 um wide) with weak
antilocalization from pathsim's HLN-SO theory, R_xx in kOhm against the
field in oersted, four temperatures (B_phi = 1 mT T^1), B_so = 20 mT,
alpha = -1/2, a 2 mT field offset, sweeps up and down on interleaved
fields, relative noise 2e-5 on R.  Each is read and fitted as a user would:

    pathsim fit-wal FILE --group T --geometry 100 20 --recenter --reference fit
                         --alpha free --share B_so,alpha

and every B_phi, the shared B_so and alpha, every group's field offset and
the power law p of B_phi(T) is compared with the truth in units of its
stated error (z).  Honest errors: about 95 % of |z| <= 2, all |z| <= 4.
"""
import argparse
import os
import tempfile
import time

import numpy as np

from pathsim.analysis import fit_wal, read_measurement
from pathsim.analysis.synthetic_lab import lab_file


def one(seed, folder):
    path = os.path.join(folder, f"lab_{seed}.csv")
    truth = lab_file(path, seed=seed)
    data = read_measurement(path, group="T", geometry=(100, 20), recenter=True,
                            reference="fit")
    fit = fit_wal(data, alpha="free", share="B_so,alpha")
    z = {"B_phi": [], "offset": []}
    for g, b_phi in zip(fit.groups, truth["B_phi"]):
        p = g.params["B_phi"]
        z["B_phi"].append((p.value - b_phi) / p.stderr)
        z["offset"].append((g.curve.offset - truth["offset"]) / g.curve.offset_err)
    first = fit.groups[0].params
    z["B_so"] = [(first["B_so"].value - truth["B_so"]) / first["B_so"].stderr]
    z["alpha"] = [(first["alpha"].value - truth["alpha"]) / first["alpha"].stderr]
    pl = fit.power_law
    z["p"] = [(pl["p"] - truth["p"]) / pl["p_err"]]
    return z, fit


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2 files instead of 20")
    args = parser.parse_args()
    n = 2 if args.quick else 20
    start = time.time()
    zs = {}
    with tempfile.TemporaryDirectory() as folder:
        for seed in range(n):
            z, fit = one(seed, folder)
            for k, v in z.items():
                zs.setdefault(k, []).extend(v)
    elapsed = time.time() - start
    print(f"{n} lab files (4 temperatures each), {elapsed:.1f} s "
          f"({elapsed / n:.2f} s per file: read, recentre, joint fit)")
    print(f"{'parameter':10s} {'estimates':>9s} {'|z|<=2':>8s} {'max |z|':>8s} "
          f"{'mean z':>7s} {'std z':>6s}")
    worst = 0.0
    for k, v in zs.items():
        v = np.array(v)
        worst = max(worst, np.abs(v).max())
        print(f"{k:10s} {v.size:9d} {np.mean(np.abs(v) <= 2):8.0%} {np.abs(v).max():8.2f} "
              f"{v.mean():+7.2f} {v.std(ddof=1) if v.size > 1 else 0:6.2f}")
    print(f"largest |z| {worst:.2f} (honest errors: all <= 4, about 95 % <= 2)")


if __name__ == "__main__":
    main()
