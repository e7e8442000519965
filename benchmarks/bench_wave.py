"""Throughput of the wave stage against plain numpy/LAPACK floors.

Transfer matrix (3D bar M x M at W = 16.5, E = 0, QR every q slices):
  pathsim       jitted sparse slice update + LAPACK QR (pathsim.wave._kernels)
  numpy dense   the same step with the dense 2N x 2N transfer matrix in numpy
                (T @ frame, then np.linalg.qr): what a direct implementation does
  numpy QR      np.linalg.qr of the 2N x N frame alone, every q slices: the
                floor that no implementation of this algorithm goes below
Conductance (recursive Green's functions): time per realization of an M x M
square (2D) and M^3 cube (3D).  The comparison with Kwant on identical
samples is benchmarks/bench_kwant.py (Kwant needs an environment of its own).

    OPENBLAS_NUM_THREADS=1 NUMBA_NUM_THREADS=1 python benchmarks/bench_wave.py [--quick]
"""
import argparse
import json
import os
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from pathsim.wave import _kernels, transfer, transport  # noqa: E402
from pathsim.wave.lattice import cross_section, slice_hamiltonian  # noqa: E402


def _best(func, repeat=3):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def transfer_rates(width, slices):
    """Seconds per slice: (pathsim, numpy dense, numpy QR only)."""
    disorder, energy = 16.5, 0.0
    nbr, ydir = cross_section(3, width, "periodic")
    n = nbr.shape[0]
    q = transfer.qr_interval(3, disorder, energy)
    slices -= slices % q
    a, b = transfer._start_frame(n, 1)
    logs = np.empty((1, n))
    ydir, unit = ydir.astype(np.int64), np.ones(1)
    _kernels.transfer_blocks(a, b, nbr, ydir, unit, disorder, energy, np.uint64(1), 0, q,
                             q, logs)
    ours = _best(lambda: _kernels.transfer_blocks(
        a, b, nbr, ydir, unit, disorder, energy, np.uint64(1), 0, slices, q, logs)) / slices

    rng = np.random.default_rng(0)
    h = slice_hamiltonian(rng.uniform(-disorder / 2, disorder / 2, n), nbr,
                          np.zeros_like(ydir, dtype=float), 0.0).real
    t = np.block([[h - energy * np.eye(n), -np.eye(n)], [np.eye(n), np.zeros((n, n))]])
    frame = np.linalg.qr(rng.standard_normal((2 * n, n)))[0]

    def dense():
        f = frame
        acc = np.zeros(n)
        for s in range(slices):
            f = t @ f
            if (s + 1) % q == 0:
                f, r = np.linalg.qr(f)
                acc += np.log(np.abs(np.diag(r)))
        return acc

    def qr_only():
        for _ in range(slices // q):
            np.linalg.qr(frame)

    return ours, _best(dense) / slices, _best(qr_only) / slices


def rgf_time(dim, width, realizations):
    transport.conductance(dim, width, width, 5.0, realizations=2, seed=0)
    return _best(lambda: transport.conductance(dim, width, width, 5.0,
                                               realizations=realizations, seed=0),
                 repeat=2) / realizations


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    widths = (4, 6) if args.quick else (4, 6, 8, 10, 12)
    slices = 400 if args.quick else 4000
    report = dict(transfer=[], rgf=[])
    print(f"{'M':>3} {'N':>4} {'pathsim us/slice':>17} {'numpy dense':>12} "
          f"{'numpy QR only':>14} {'/dense':>7} {'/QR floor':>10}")
    for m in widths:
        ours, dense, qr = transfer_rates(m, slices)
        report["transfer"].append(dict(M=m, pathsim=ours, numpy_dense=dense, numpy_qr=qr))
        print(f"{m:3d} {m * m:4d} {1e6 * ours:17.2f} {1e6 * dense:12.2f} {1e6 * qr:14.2f} "
              f"{ours / dense:7.2f} {ours / qr:10.2f}", flush=True)
    for dim, width in ((2, 16), (2, 32), (3, 6), (3, 10)):
        per = rgf_time(dim, width, 20 if args.quick else 100)
        report["rgf"].append(dict(dim=dim, width=width, seconds_per_realization=per))
        print(f"RGF {dim}D L = M = {width}: {1e3 * per:.2f} ms per realization", flush=True)
    if args.json:
        print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
