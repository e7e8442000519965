"""Time per field of the ballistic weak-antilocalization theory with Rashba
and linear Dresselhaus together (pathsim.theory.exact_spin_rd), as a fit
uses it: the whole field array at a new (tau_phi, rashba, dresselhaus),
after a first array at a nearby setting (the displacement tables and the
jitted recurrence are then ready; the continuum's panels are not, they
depend on the setting).  Per field = array time / number of fields; b = 0
(the fit model's reference, the whole continuum) on its own line.  Times
are process CPU time on one BLAS thread, so that other load on the machine
matters less:

    python benchmarks/bench_ballistic_rd.py                    # 3 x 2 settings, 8 fields
    python benchmarks/bench_ballistic_rd.py --against fec47df  # the same with that
                                                               # commit's solver, side by side
    python benchmarks/bench_ballistic_rd.py --quick            # a few seconds

With ``--against REV`` the module ``pathsim/theory/exact_spin_rd.py`` of
git revision REV is loaded next to the current one (it must import from the
current package) and both are timed alternately on the same settings; the
largest difference of their triplet changes is printed (G0).
"""
import argparse
import importlib.util
import os
import subprocess
import sys
import tempfile
import time

for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import numpy as np  # noqa: E402

from pathsim.theory import exact_spin_rd  # noqa: E402

SETTINGS = [(0.3, 0.2), (0.7, 0.3), (1.5, 0.5)]
TAUS = [10.0, 100.0]
FIELDS = np.geomspace(0.1, 3.0, 8)
SMALL = [(0.01, 30.0, 0.7, 0.3), (0.03, 30.0, 0.7, 0.3), (0.03, 30.0, 1.5, 0.5)]


def load_revision(rev):
    """exact_spin_rd.py of git revision ``rev`` as a module."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    source = subprocess.run(["git", "show", f"{rev}:pathsim/theory/exact_spin_rd.py"],
                            cwd=root, capture_output=True, text=True, check=True).stdout
    path = os.path.join(tempfile.mkdtemp(), "exact_spin_rd_then.py")
    with open(path, "w") as handle:
        handle.write(source)
    spec = importlib.util.spec_from_file_location("exact_spin_rd_then", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def array(module, fields, tau, a, d):
    """CPU seconds and triplet changes of ``fields`` at one setting (uncached)."""
    change = module.triplet_change.__wrapped__
    start = time.process_time()
    values = [change(float(b), 1.0 / tau, a, d, 96) for b in fields]
    return time.process_time() - start, np.array(values)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--against", metavar="REV", help="also time this git revision's solver")
    args = parser.parse_args(argv)
    modules = [("now", exact_spin_rd)]
    if args.against:
        modules.append((args.against, load_revision(args.against)))
    settings = SETTINGS[1:2] if args.quick else SETTINGS
    taus = TAUS[:1] if args.quick else TAUS
    fields = FIELDS[::4] if args.quick else FIELDS
    small = [] if args.quick else SMALL
    print(f"ms per field (CPU), {fields.size} fields b = {fields[0]:.3g} .. {fields[-1]:.3g}, "
          "a fit's step (new setting, tables ready); b = 0 alone")
    worst = 0.0
    for a, d in settings:
        for tau in taus:
            row, values = [], []
            for name, module in modules:
                array(module, fields, tau * 1.1, a * 1.01, d)        # warm-up nearby
                seconds, value = array(module, fields, tau, a, d)
                zero, _ = array(module, [0.0], tau, a * (1 + 1e-9), d)
                row.append(f"{name}: {1e3 * seconds / fields.size:6.1f} (b = 0: "
                           f"{1e3 * zero:5.0f})")
                values.append(value)
            if len(values) > 1:
                worst = max(worst, float(np.abs(values[0] - values[1]).max()))
            print(f"a = {a}, d = {d}, tau_phi = {tau:g}:  " + "   ".join(row), flush=True)
    for b, tau, a, d in small:
        row = []
        for name, module in modules:
            seconds, _ = array(module, [b], tau, a, d)
            row.append(f"{name}: {1e3 * seconds:6.0f}")
        print(f"b = {b}, a = {a}, d = {d}, tau_phi = {tau:g} (one field, "
              f"{exact_spin_rd.landau_cut(b, a, d, 96)} blocks):  " + "   ".join(row))
    if len(modules) > 1:
        print(f"largest difference of the triplet changes: {worst:.2g} G0")
    return 0


if __name__ == "__main__":
    sys.exit(main())
