"""Frozen impurity fields with spin-1/2 amplitudes (jitted).

The walker of :mod:`pathsim._kernels.frozen_walk` carries the spin rotation
of its path and of the path's twin (``spin`` argument of its ``_walk``);
the impurities' Elliott-Yafet and magnetic axes are functions of the
impurity (:func:`pathsim._kernels.spin.frozen_impurity`), frozen with the
field.  :func:`spinor_amplitude_sums` is ``amplitude_sums`` for spinors.
"""
import numpy as np
from numba import prange

from .frozen_sums import SEEN_CAP
from .frozen_walk import _count, _scratch, _walk, field_seed, walker_seed
from .jit import parallel_jit
from .rng import seed_stream
from .state import AmplitudeSums


@parallel_jit
def spinor_amplitude_sums(seed, per_real, first, field, t_cut, cap, grid, out, spin):
    """:func:`amplitude_sums` with spin-1/2 amplitudes: ``spin`` is a row of
    the spin table (2D fields; :mod:`pathsim._kernels.spin`), every loop
    carries its spin rotation and its twin the reversed path's
    (:func:`pathsim._kernels.frozen_sums.add_spinor_amplitudes`), and
    ``out.coherent[r]`` is (1/2) Tr(S^dagger S) of the summed amplitude S.
    Same walkers and fields as :func:`amplitude_sums`."""
    wseed = walker_seed(seed)
    n_kf = grid.kf.shape[0]
    n_b = grid.bf.shape[0]
    coherent = out.coherent
    incoherent = out.incoherent
    repeats = out.repeats
    events = out.events
    counts = out.counts
    for r in prange(incoherent.shape[0]):
        scratch = _scratch(cap, 0)
        rot = np.empty(8)
        sums = AmplitudeSums(grid, np.zeros((n_kf, n_b, 4)), np.zeros((n_kf, n_b, 4)),
                             np.zeros(3), np.empty(SEEN_CAP, dtype=np.uint64),
                             np.empty(SEEN_CAP))
        fseed = field_seed(seed, first + r)
        for j in range(per_real):
            seed_stream(scratch.state, wseed, (first + r) * per_real + j)
            n = _walk(scratch, field, fseed, t_cut, j, None, sums, None, (spin, rot))
            _count(n, events, counts, r)
        for i in range(n_kf):
            for m in range(n_b):
                total = 0.0
                for c in range(4):
                    total += (sums.s_re[i, m, c] * sums.s_re[i, m, c]
                              + sums.s_im[i, m, c] * sums.s_im[i, m, c])
                coherent[r, i, m] = total
        incoherent[r] = sums.inc[0]
        repeats[r] = sums.inc[2]
