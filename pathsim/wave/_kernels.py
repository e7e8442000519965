"""Jitted inner loops of the wave stage: arrays in, preallocated arrays out.

The disorder of every block of a transfer-matrix bar and of every sample of
the conductance is drawn inside the kernel from its own xoshiro256** stream
keyed by (seed, block or realization index) (:mod:`pathsim._kernels.rng`), so results
do not depend on how a run is cut into calls, nor on the thread count.
"""
import math

import numpy as np
from numba import prange

from .._kernels.jit import jit, parallel_jit
from .._kernels.rng import seed_stream, uniform


@jit
def fill_disorder(out, seed, index, disorder):
    """Fill ``out`` (any shape, C order) with eps uniform in [-W/2, W/2] from
    the stream (seed, index)."""
    state = np.empty(4, dtype=np.uint64)
    seed_stream(state, np.uint64(seed), np.uint64(index))
    flat = out.reshape(-1)
    for i in range(flat.size):
        flat[i] = disorder * (uniform(state) - 0.5)


@jit
def _apply_slice(a, b, c, eps, nbr, ydir, u):
    """c = (H_slice - E) a - b; ``eps`` already holds eps_i - E.

    The transverse hop i <- j is -u (ydir +1), -conj(u) (ydir -1) or -1
    (ydir 0), u = exp(i 2 pi phi x) of the frame's dtype (1.0 without field).
    """
    n, m = a.shape
    uc = np.conj(u)
    one = u * 0 + 1
    for i in range(n):
        e = eps[i]
        for col in range(m):
            c[i, col] = e * a[i, col] - b[i, col]
        for k in range(nbr.shape[1]):
            j = nbr[i, k]
            if j >= 0:
                f = u if ydir[i, k] > 0 else (uc if ydir[i, k] < 0 else one)
                for col in range(m):
                    c[i, col] -= f * a[j, col]


@jit
def transfer_blocks(a, b, nbr, ydir, unit, disorder, energy, seed, first_block,
                    block_slices, qr_every, out_logs):
    """Advance an orthonormal 2N x N frame through blocks of a random bar.

    psi_{x+1} = (H_x - E) psi_x - psi_{x-1} (MacKinnon & Kramer 1983), with
    the frame's columns stacked as ``a`` = psi_x and ``b`` = psi_{x-1}
    (N x N each, updated in place), re-orthonormalised by a QR decomposition
    every ``qr_every`` slices.

    Parameters
    ----------
    a, b : float64 or complex128 (N, N)
        The frame on entry and on exit (orthonormal after the last QR);
        complex with a field.
    nbr, ydir : (N, z)
        Transverse neighbour table of the slice (-1 for no bond) and the
        y direction of each hop (:func:`pathsim.wave.lattice.cross_section`).
    unit : (1,) array of the frame's dtype
        exp(i 2 pi phi): slice x carries exp(i 2 pi phi x) on its y hops;
        [1.0] without field.
    disorder, energy : float
        W and E in units of t.
    seed : uint64
        The bar's seed; block ``first_block + k`` draws from stream
        (seed, first_block + k).
    block_slices, qr_every : int
        Slices per block (a multiple of ``qr_every``) and between QRs.
    out_logs : float64 (n_blocks, N)
        Filled with sum over the block of ln |R_ii|: column i grows at the
        i-th Lyapunov exponent, in decreasing order.
    """
    n = a.shape[0]
    state = np.empty(4, dtype=np.uint64)
    eps = np.empty(n)
    cur = a.copy()
    prev = b.copy()
    nxt = np.empty_like(a)
    stack = np.empty((2 * n, n), dtype=a.dtype)
    for blk in range(out_logs.shape[0]):
        seed_stream(state, np.uint64(seed), np.uint64(first_block + blk))
        for i in range(n):
            out_logs[blk, i] = 0.0
        for s in range(block_slices):
            for i in range(n):
                eps[i] = disorder * (uniform(state) - 0.5) - energy
            u = unit[0] ** ((first_block + blk) * block_slices + s)
            _apply_slice(cur, prev, nxt, eps, nbr, ydir, u)
            prev, cur, nxt = cur, nxt, prev
            if (s + 1) % qr_every == 0:
                stack[:n] = cur
                stack[n:] = prev
                q, r = np.linalg.qr(stack)
                for i in range(n):
                    out_logs[blk, i] += math.log(abs(r[i, i]))
                cur[:, :] = q[:n]
                prev[:, :] = q[n:]
    a[:, :] = cur
    b[:, :] = prev


@jit
def _minus_slice(m, eps_row, energy, nbr, ydir, phase_x):
    """m = E - H_x for the slice with on-site energies ``eps_row`` and
    Peierls phase 2 pi phi x = ``phase_x`` on the y hops."""
    n = eps_row.shape[0]
    for i in range(n):
        for j in range(n):
            m[i, j] = 0.0
        m[i, i] = energy - eps_row[i]
        for k in range(nbr.shape[1]):
            j = nbr[i, k]
            if j >= 0:
                m[i, j] += complex(math.cos(phase_x * ydir[i, k]),
                                   math.sin(phase_x * ydir[i, k]))


@parallel_jit
def rgf_samples(nbr, ydir, disorder, energy, two_pi_flux, length, sigma_l, sigma_r,
                seed, first, out_g11, out_g1l):
    """Recursive Green's functions of disordered samples between ideal leads.

    Sweeps from the right lead to the left (Lee & Fisher 1981; MacKinnon
    1985): g_x = (E - H_x - g_{x+1})^-1 with the right lead's self-energy at
    x = L - 1, carrying G_{x,L-1} along, and closes with the left lead.

    Parameters
    ----------
    nbr, ydir : (N, z)
        Cross-section tables of :func:`pathsim.wave.lattice.cross_section`.
    disorder, energy, two_pi_flux : float
        W, E and 2 pi phi (the y hop at column x carries exp(i 2 pi phi x)).
    length : int
        Number of slices L.
    sigma_l, sigma_r : complex128 (N, N)
        Retarded self-energies of the left and right leads.
    seed, first : int
        Realization k draws its disorder (L x N, x-major) from stream
        (seed, first + k).
    out_g11, out_g1l : complex128 (R, N, N)
        Filled with the full G_{0,0} and G_{0,L-1} of every realization.
    """
    n = nbr.shape[0]
    for r in prange(out_g11.shape[0]):
        eps = np.empty((length, n))
        fill_disorder(eps, seed, first + r, disorder)
        m = np.empty((n, n), dtype=np.complex128)
        last = length - 1
        _minus_slice(m, eps[last], energy, nbr, ydir, two_pi_flux * last)
        if length == 1:
            g11 = np.linalg.inv(m - sigma_l - sigma_r)
            out_g11[r] = g11
            out_g1l[r] = g11
            continue
        g = np.linalg.inv(m - sigma_r)
        chain = g.copy()
        for x in range(last - 1, 0, -1):
            _minus_slice(m, eps[x], energy, nbr, ydir, two_pi_flux * x)
            g = np.linalg.inv(m - g)
            chain = -(g @ chain)
        _minus_slice(m, eps[0], energy, nbr, ydir, 0.0)
        g11 = np.linalg.inv(m - sigma_l - g)
        out_g11[r] = g11
        out_g1l[r] = -(g11 @ chain)
