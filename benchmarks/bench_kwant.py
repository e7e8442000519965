"""pathsim's Landauer conductance against Kwant's, on the same disordered samples.

Kwant (https://kwant-project.org) is the reference code for tight-binding
scattering problems.  It is not a dependency of pathsim: it builds from
source against numpy < 2, so run this script in an environment of its own:

    python -m venv kwant-env && . kwant-env/bin/activate
    pip install "numpy<2" "scipy<1.14" cython setuptools wheel numba tqdm matplotlib
    pip install --no-build-isolation kwant
    PYTHONPATH=/path/to/pathsim OPENBLAS_NUM_THREADS=1 NUMBA_NUM_THREADS=1 \\
        python benchmarks/bench_kwant.py [--quick]

Two parts:
1. Agreement.  Each realization's on-site energies are drawn by pathsim's
   own stream (``pathsim.wave._kernels.fill_disorder``, seed, index) and
   handed to a Kwant system built independently (square lattice, hard-wall
   strip, ideal leads, the flux as Peierls phases on the y bonds in the gauge
   A = (0, B x, 0) inside the sample and constant phases in the leads, as
   pathsim does).  The conductances must agree to 1e-10 with and without flux.
2. Speed.  Seconds per realization, one thread each: pathsim's recursive
   Green's functions against ``kwant.smatrix(...).transmission`` with the
   system finalized once and the disorder passed as a parameter (what a
   Kwant user writes).  Kwant's default solver uses MUMPS when Kwant was
   built against it; the line "Kwant solver" says which one ran.
"""
import argparse
import os
import sys
import time
import warnings

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

try:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        import kwant  # noqa: E402
    MUMPS = not any("MUMPS" in str(w.message) for w in caught)
except ImportError:
    kwant = None

from pathsim.wave import _kernels, transport  # noqa: E402


def pathsim_disorder(dim, width, length, disorder, seed, k):
    """eps[x, y(, z)] of realization k, as pathsim's conductance draws it."""
    eps = np.empty((length, width ** (dim - 1)))
    _kernels.fill_disorder(eps, np.uint64(seed), k, disorder)
    return eps.reshape((length,) + (width,) * (dim - 1))


def kwant_system(dim, width, length, flux):
    """Finalized Kwant system: a hard-wall bar between two ideal leads, the
    on-site energies a parameter ``eps`` (array indexed by the site's tag)."""
    lat = kwant.lattice.general(np.eye(dim), norbs=1)
    syst = kwant.Builder()
    cross = list(np.ndindex(*(width,) * (dim - 1)))

    def onsite(site, eps):
        return eps[tuple(site.tag)]

    for x in range(length):
        for c in cross:
            syst[lat(x, *c)] = onsite

    def y_hop(x):  # hop (x, y) -> (x, y + 1): H[j, i] = -exp(i 2 pi phi x)
        return -np.exp(2j * np.pi * flux * x)

    for x in range(length):
        for c in cross:
            if x + 1 < length:
                syst[lat(x + 1, *c), lat(x, *c)] = -1.0
            if c[0] + 1 < width:
                syst[lat(x, c[0] + 1, *c[1:]), lat(x, *c)] = y_hop(x)
            if dim == 3 and c[1] + 1 < width:
                syst[lat(x, c[0], c[1] + 1), lat(x, *c)] = -1.0
    for direction, x_lead in ((-1, 0), (1, length - 1)):
        sym = kwant.TranslationalSymmetry((direction,) + (0,) * (dim - 1))
        lead = kwant.Builder(sym)
        for c in cross:
            lead[lat(0, *c)] = 0.0
        for c in cross:
            lead[lat(1, *c), lat(0, *c)] = -1.0
            if c[0] + 1 < width:
                lead[lat(0, c[0] + 1, *c[1:]), lat(0, *c)] = y_hop(x_lead)
            if dim == 3 and c[1] + 1 < width:
                lead[lat(0, c[0], c[1] + 1), lat(0, *c)] = -1.0
        syst.attach_lead(lead)
    return syst.finalized()


def kwant_conductances(fsyst, eps_list, energy):
    return np.array([kwant.smatrix(fsyst, energy, params=dict(eps=eps)).transmission(1, 0)
                     for eps in eps_list])


def compare(dim, width, length, disorder, energy, flux, realizations, seed=5):
    """(max |g_pathsim - g_kwant|, pathsim s/realization, Kwant s/realization)."""
    fsyst = kwant_system(dim, width, length, flux)
    eps = [pathsim_disorder(dim, width, length, disorder, seed, k)
           for k in range(realizations)]
    transport.conductance(dim, width, length, disorder, energy=energy, flux=flux,
                          realizations=1, seed=seed)  # compile
    start = time.perf_counter()
    ours = transport.conductance(dim, width, length, disorder, energy=energy, flux=flux,
                                 realizations=realizations, seed=seed)
    t_ours = (time.perf_counter() - start) / realizations
    kwant_conductances(fsyst, eps[:1], energy)  # warm up
    start = time.perf_counter()
    theirs = kwant_conductances(fsyst, eps, energy)
    t_kwant = (time.perf_counter() - start) / realizations
    return float(np.max(np.abs(ours - theirs))), float(np.mean(ours)), t_ours, t_kwant


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    if kwant is None:
        print("Kwant is not installed in this environment: see this script's docstring")
        return 0
    import numba

    numba.set_num_threads(1)
    print(f"Kwant {kwant.__version__}; Kwant solver: "
          f"{'MUMPS' if MUMPS else 'SciPy sparse LU (Kwant built without MUMPS)'}")
    cases = [(2, 8, 8, 2.0, 0.3, 0.0), (2, 8, 8, 2.0, 0.3, 0.02), (3, 4, 5, 4.0, 0.5, 0.05)]
    print("agreement on identical samples (pathsim's disorder handed to Kwant):")
    for dim, m, length, w, e, flux in cases:
        diff, g, _, _ = compare(dim, m, length, w, e, flux, 4)
        print(f"  {dim}D M={m} L={length} W={w} E={e} flux={flux}: <g> = {g:.6f}, "
              f"max |g_pathsim - g_kwant| = {diff:.1e}")
        assert diff < 1e-10, diff
    sizes = [(2, 16, 16), (2, 32, 32)] if args.quick else \
        [(2, 16, 16), (2, 32, 32), (2, 64, 64), (3, 6, 6), (3, 10, 10)]
    print(f"{'strip':>14} {'pathsim ms':>11} {'Kwant ms':>9} {'Kwant/pathsim':>14}")
    for dim, m, length in sizes:
        reps = 20 if m <= 16 else 5
        _, _, ours, theirs = compare(dim, m, length, 5.0, 0.5, 0.0, reps)
        label = f"{dim}D M={m} L={length}"
        print(f"{label:>14} {1e3 * ours:11.2f} {1e3 * theirs:9.2f} {theirs / ours:14.1f}",
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
