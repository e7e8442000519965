"""Localization length of quasi-1D bars by transfer matrices.

The wave function on slice x + 1 of a bar of cross-section N (M sites in 2D,
M x M in 3D) follows from the two slices before it,
psi_{x+1} = (H_x - E) psi_x - psi_{x-1}, so the product of the 2N x 2N
transfer matrices has Lyapunov exponents +-gamma_1 > ... > +-gamma_N; the
smallest positive one sets the localization length of the bar,
xi_M = 1 / gamma_N in lattice spacings (MacKinnon & Kramer, PRL 47, 1546
(1981); Z. Phys. B 53, 1 (1983)).  An N-column frame is carried along the
bar and re-orthonormalised by QR every few slices; the logs of R's diagonal
accumulate the exponents.

The bar is cut into blocks of slices whose disorder comes from streams keyed
by (seed, block), so a bar is the same whatever the chunking.  The error of
gamma_N is that of the mean of 32 equal consecutive batches of blocks (batch
means; each batch is many xi long once the requested error is reached), and
the bar grows until the relative error is below ``rel_error``.
"""
import math
import warnings

import numpy as np

from ..run.progress import progress_bar
from .._validate import check_choice, check_int, check_real, normalize_seed
from . import _kernels
from .cost import BATCHES, BLOCK_SLICES, MIN_BLOCKS, check_memory
from .lattice import BOUNDARIES, check_model, cross_section

INIT_STREAM = 2 ** 62   # stream of the random starting frame


def qr_interval(dim, disorder, energy):
    """Slices between re-orthonormalisations.

    The frame's columns separate by at most ln(|E| + W/2 + 2 (dim - 1) + 2)
    per slice (a bound on ln ||T||); QR before the spread reaches e^12 keeps
    the smallest column well above rounding noise.
    """
    growth = math.log(abs(energy) + disorder / 2.0 + 2.0 * (dim - 1) + 2.0)
    return int(min(16, max(1, 12.0 // growth)))


def _start_frame(n, seed, dtype=float):
    """A random orthonormal 2N x N frame from its own stream."""
    raw = np.empty((2 * n, n))
    _kernels.fill_disorder(raw, seed, INIT_STREAM, 1.0)
    q = np.linalg.qr(raw)[0].astype(dtype)
    return np.ascontiguousarray(q[:n]), np.ascontiguousarray(q[n:])


def exponent_estimate(block_logs, block_slices):
    """Smallest positive Lyapunov exponent and its standard error.

    ``block_logs`` are the per-block sums of ln |R_NN| of one bar (the first
    block, a transient of the starting frame, is dropped).  Returns
    (gamma, stderr) per slice, stderr from batch means over ``BATCHES``
    consecutive batches.
    """
    logs = np.asarray(block_logs, dtype=float)[1:]
    usable = (logs.size // BATCHES) * BATCHES
    if usable == 0:
        return math.nan, math.inf
    batches = logs[logs.size - usable:].reshape(BATCHES, -1).sum(axis=1)
    rate = batches / (block_slices * (usable // BATCHES))
    gamma = logs.sum() / (block_slices * logs.size)
    return gamma, rate.std(ddof=1) / math.sqrt(BATCHES)


def check_bar(dim, width, disorder, energy, flux, rel_error, boundary):
    """Validate the parameters of a bar (ValueError naming the parameter);
    returns dim, width, disorder, energy, flux, rel_error normalised."""
    dim, width, disorder, energy, flux = check_model(dim, width, disorder, energy, flux)
    if dim == 1 and flux != 0.0:
        raise ValueError(f"flux must be 0 in 1D (got {flux})")
    if disorder == 0.0:
        raise ValueError("disorder must be > 0 for a finite localization length (got 0.0)")
    rel_error = check_real("rel_error", rel_error, 0.0, 1.0, lower_open=True,
                           upper_open=True)
    check_choice("boundary", boundary, BOUNDARIES)
    check_memory("xi", dict(dim=dim, width=width, disorder=disorder, rel_error=rel_error,
                            flux=flux))
    return dim, width, disorder, energy, flux, rel_error


def lyapunov_blocks(dim, width, disorder, energy=0.0, *, rel_error=0.01, seed=0,
                    flux=0.0, boundary="periodic", max_slices=10 ** 9, progress=None):
    """Run one bar until gamma_N is known to ``rel_error``.

    Returns
    -------
    block_logs : float array (n_blocks,)
        Per-block sums of ln |R_NN| (the smallest positive exponent).
    block_slices : int
    """
    dim, width, disorder, energy, flux, rel_error = check_bar(
        dim, width, disorder, energy, flux, rel_error, boundary)
    max_slices = check_int("max_slices", max_slices, 1)
    seed = normalize_seed(seed)
    nbr, ydir = cross_section(dim, width, boundary)
    ydir = ydir.astype(np.int64)
    n = nbr.shape[0]
    qr_every = qr_interval(dim, disorder, energy)
    block_slices = qr_every * max(1, round(BLOCK_SLICES / qr_every))
    # Without field the frame stays real (half the work of a complex one).
    unit = np.array([np.exp(2j * np.pi * flux)]) if flux != 0.0 else np.ones(1)
    a, b = _start_frame(n, seed, unit.dtype)
    chunks = []
    done = 0
    with progress_bar(None, progress, desc="transfer matrix", unit="slice") as bar:
        while True:
            size = max(MIN_BLOCKS, done // 2)
            logs = np.empty((size, n))
            _kernels.transfer_blocks(a, b, nbr, ydir, unit, disorder, energy,
                                     np.uint64(seed), done, block_slices, qr_every, logs)
            chunks.append(logs[:, n - 1].copy())
            done += size
            bar.update(size * block_slices)
            gamma, err = exponent_estimate(np.concatenate(chunks), block_slices)
            if err <= rel_error * gamma:
                break
            if done * block_slices >= max_slices:
                warnings.warn(f"localization length not converged to rel_error="
                              f"{rel_error} within max_slices={max_slices} "
                              f"(reached {err / gamma:.3g})", RuntimeWarning,
                              stacklevel=3)
                break
    return np.concatenate(chunks), block_slices


def localization_length(dim, width, disorder, energy=0.0, *, rel_error=0.01, seed=0,
                        flux=0.0, boundary="periodic", max_slices=10 ** 9, progress=None):
    """Localization length xi_M of a quasi-1D Anderson bar, with its error.

    Parameters
    ----------
    dim : {1, 2, 3}
        Dimension of the lattice; the bar is infinite along x.
    width : int
        M: cross-section of M sites (2D) or M x M (3D); 1 in 1D.
    disorder : float
        W >= 0 in units of t (box distribution [-W/2, W/2]).
    energy : float
        E in units of t.
    rel_error : float
        Stop when stderr / xi <= rel_error.
    seed : int
        The bar's seed (normalised by :func:`pathsim._validate.normalize_seed`).
    flux : float
        Flux per plaquette of the (x, y) plane in flux quanta h/e (2D, 3D),
        as Peierls phases exp(i 2 pi phi x) on the y hops of slice x.
    boundary : {"periodic", "hard-wall"}
        Transverse boundary of the bar (default periodic).
    max_slices : int
        Longest bar; a RuntimeWarning if it ends before ``rel_error``.
    progress : bool, optional
        Progress bar (default: when stderr is a terminal).

    Returns
    -------
    (xi, stderr) : floats, in lattice spacings; xi = 1 / gamma_N.

    Examples: 1D, xi = 24 (4 - E^2) / W^2 at weak disorder and 105 / W^2 at
    E = 0 (Thouless 1979; Kappus & Wegner 1981); 3D at E = 0,
    Lambda = xi_M / M is independent of M at W_c = 16.54 (Slevin & Ohtsuki 1999).
    """
    logs, block_slices = lyapunov_blocks(dim, width, disorder, energy,
                                         rel_error=rel_error, seed=seed, flux=flux,
                                         boundary=boundary, max_slices=max_slices,
                                         progress=progress)
    gamma, err = exponent_estimate(logs, block_slices)
    return 1.0 / gamma, err / gamma ** 2
