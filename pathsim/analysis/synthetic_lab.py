"""A realistic raw lab file made from pathsim's own theory, for tests,
tutorials and coverage checks of the analysis stage.

A Hall bar (voltage probes ``length`` apart, ``width`` wide) of a 2D film
with weak antilocalization (:func:`pathsim.analysis.wal_model`, hln-so):
R_xx in kOhm against the field in oersted, at several temperatures, each a
sweep up and a sweep down on interleaved fields, the field read with an
offset, Gaussian noise on R.  B_phi(T) = B_phi(1 K) T^p.
"""
import numpy as np

from .._files import atomic_write
from ._shared import E2PIH
from .wal import wal_model

#: the truth of :func:`lab_file`'s default sample
TRUTH = dict(temperatures=(2.0, 4.0, 8.0, 16.0), B_phi_1K=1e-3, p=1.0, B_so=0.02,
             alpha=-0.5, sigma_D=200.0, offset=2e-3, length=100.0, width=20.0,
             B_max=0.3, points=241, noise=2e-5)


def lab_file(path, seed=0, sep=",", **changes):
    """Write the lab file (columns ``T (K)``, ``B (Oe)``, ``R_xx (kOhm)``)
    and return the truth (:data:`TRUTH` with ``changes``; B_phi per
    temperature added as ``B_phi``, tesla).  ``noise`` is relative, on R."""
    t = dict(TRUTH, **changes)
    rng = np.random.default_rng(seed)
    temps = np.asarray(t["temperatures"], dtype=float)
    b_phi = t["B_phi_1K"] * temps ** t["p"]
    up = np.linspace(-t["B_max"], t["B_max"], t["points"])
    step = up[1] - up[0]
    down = up[::-1][:-1] - 0.5 * step                # the way back, between the up points
    rows = []
    for T, bp in zip(temps, b_phi):
        for sweep in (up, down):
            true = sweep
            sigma = t["sigma_D"] + wal_model(true, bp, t["B_so"], "hln-so", t["alpha"])
            r_sheet = 1.0 / (sigma * E2PIH)
            r_xx = r_sheet * t["length"] / t["width"]
            r_xx = r_xx * (1.0 + t["noise"] * rng.standard_normal(true.size))
            reading = (true + t["offset"]) * 1e4      # tesla -> oersted
            rows += [(T, b, r / 1e3) for b, r in zip(reading, r_xx)]

    def write(handle):
        handle.write(sep.join(("T (K)", "B (Oe)", "R_xx (kOhm)")) + "\n")
        for row in rows:
            handle.write(sep.join(f"{x:.10g}" for x in row) + "\n")
    atomic_write(path, write, text=True)
    t["B_phi"] = b_phi
    return t
