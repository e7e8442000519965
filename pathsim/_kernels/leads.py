"""Walkers injected from a lead: the classical transmission of an open sample.

A walker enters at x = 0, at a uniformly random point of the section, with
the direction of a flux from an equilibrium reservoir (Lambert's cosine law
about +x; +x in 1D), and walks the sample's medium (:ref:`theory-walk`)
until it crosses x = 0 (reflected) or x = L (transmitted).  The fraction
transmitted is the transmission per channel T of the classical two-terminal
conductance G = (e^2/h) N T (Landauer; :mod:`pathsim.results.open_sample`).

Specular walls only flip the transverse direction, which changes neither x
nor the law of the next scattering angle, so the walk is followed unfolded
and the section is not tracked; diffuse walls stop a flight as in
:mod:`pathsim._kernels.walk_nd`.  Walker i of the run uses the stream
(seed, INJECTED + i), disjoint from the loop walkers' (seed, i).
"""
import math

import numpy as np
from numba import prange

from .jit import jit, parallel_jit
from .rng import exponential, seed_stream, uniform
from .scatter import lambert, scatter

#: offset of the injected walkers' stream indices
INJECTED = 1 << 62


@jit
def _inject_one(state, medium):
    """Walk one injected walker; 1.0 if it leaves through x = L, else 0.0."""
    dim, g, law, width, unfold, start_x = medium
    length = width[0]
    pos = np.zeros(3)
    for j in range(1, 3):
        if math.isfinite(width[j]):
            pos[j] = width[j] * uniform(state)
    if dim == 1:
        cx, cy, cz = 1.0, 0.0, 0.0
    else:
        # Lambert's law about the x axis: lambert() works about y, rotate
        cy, cx, cz = lambert(state, dim, 1, 1.0)
    x = 0.0
    while True:
        ell = exponential(state)
        wall_axis = -1
        wall_sign = 0.0
        if not unfold:
            for j in range(1, 3):
                if math.isfinite(width[j]):
                    cj = cy if j == 1 else cz
                    if cj > 0.0:
                        dist = (width[j] - pos[j]) / cj
                        if dist < ell:
                            ell = max(dist, 0.0)
                            wall_axis = j
                            wall_sign = -1.0
                    elif cj < 0.0:
                        dist = -pos[j] / cj
                        if dist < ell:
                            ell = max(dist, 0.0)
                            wall_axis = j
                            wall_sign = 1.0
        x += ell * cx
        if x <= 0.0:
            return 0.0
        if x >= length:
            return 1.0
        pos[1] += ell * cy
        pos[2] += ell * cz
        if wall_axis >= 0:
            pos[wall_axis] = width[wall_axis] if wall_sign < 0.0 else 0.0
            cx, cy, cz = lambert(state, dim, wall_axis, wall_sign)
        else:
            cx, cy, cz = scatter(state, dim, g, law, cx, cy, cz)


@parallel_jit
def inject_blocks(blocks, medium, exits):
    """Inject walkers ``first[k] + [begin[k], stop[k])`` of every block k
    (:class:`~pathsim._kernels.state.Blocks`) into the open sample
    ``medium`` (:class:`~pathsim._kernels.state.MediumArgs`, ``width[0]``
    = L); ``exits[k, 3]`` counts them and ``exits[k, 4]`` those
    transmitted.  One thread owns one block."""
    seed, first, begin, stop = blocks
    for k in prange(first.shape[0]):
        state = np.empty(4, dtype=np.uint64)
        through = 0.0
        for j in range(begin[k], stop[k]):
            seed_stream(state, seed, INJECTED + first[k] + j)
            through += _inject_one(state, medium)
        exits[k, 3] += stop[k] - begin[k]
        exits[k, 4] += through
