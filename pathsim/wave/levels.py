"""Level statistics of closed Anderson boxes and the Thouless conductance.

The eigenvalues of an L^d box (periodic boundaries by default) near the
band centre are exactly diagonalised.  The adjacent-gap ratio
r_n = min(s_n, s_{n+1}) / max(s_n, s_{n+1}) needs no unfolding; its mean is
2 ln 2 - 1 = 0.386 for uncorrelated (Poisson, localized) levels, 0.531 for
the orthogonal and 0.600 for the unitary random-matrix ensembles (Oganesyan
& Huse, PRB 75, 155111 (2007); Atas et al., PRL 110, 084101 (2013)).

The Thouless conductance g_T = delta E / Delta compares the sensitivity of a
level to the boundary condition with the mean level spacing Delta (Edwards &
Thouless, J. Phys. C 5, 807 (1972)).  With a twist theta on every hop across
the x boundary, E_n(theta) = E_n(0) + c_n theta^2 / 2 + ...; the shift from
periodic (theta = 0) to antiperiodic (theta = pi) in this linear-response
form is delta E_n = (pi^2 / 2) |c_n|, where the curvature c_n is exact
second-order perturbation theory in the eigenbasis.  Because curvatures are
broadly distributed, g_T is reported as the typical value
exp <ln(delta E_n / Delta)>.
"""
import math

import numpy as np

from ..run.progress import progress_bar
from .._validate import check_choice, check_int, check_real, normalize_seed
from . import _kernels
from .cost import check_memory
from .lattice import BOUNDARIES, MODEL_LIMIT, dense_hamiltonian

MIN_LEVELS = 8


def _check_box(dim, size, disorder, flux, realizations, fraction, boundary):
    dim = check_int("dim", dim, 1, 3)
    size = check_int("size", size, 1)
    disorder = check_real("disorder", disorder, lower=0.0, upper=MODEL_LIMIT)
    flux = check_real("flux", flux)
    realizations = check_int("realizations", realizations, 1)
    fraction = check_real("fraction", fraction, 0.0, 1.0, lower_open=True)
    check_choice("boundary", boundary, BOUNDARIES)
    check_memory("levels", dict(dim=dim, size=size, flux=flux), realizations)
    if round(fraction * size ** dim) < MIN_LEVELS:
        raise ValueError(f"size must give at least {MIN_LEVELS} levels in the window "
                         f"(got size={size}, fraction={fraction})")
    if flux != 0.0:
        if dim == 1:
            raise ValueError(f"flux must be 0 in 1D (got {flux})")
        if boundary == "periodic" and abs(flux * size - round(flux * size)) > 1e-9:
            raise ValueError(f"flux * size must be an integer with periodic boundaries "
                             f"so that the gauge closes (got flux={flux}, size={size})")
    return dim, size, disorder, flux, realizations, fraction


def _window(count, fraction):
    """Indices of the central ``fraction`` of ``count`` sorted levels."""
    keep = max(MIN_LEVELS, int(round(fraction * count)))
    start = (count - keep) // 2
    return slice(start, start + keep)


def _boxes(dim, size, disorder, flux, realizations, seed, boundary, progress, desc):
    """Yield (k, H) for every realization k (disorder from stream (seed, k))."""
    seed = normalize_seed(seed)
    eps = np.empty((size,) * dim)
    bc = (boundary,) * dim
    with progress_bar(realizations, progress, desc=desc, unit="box") as bar:
        for k in range(realizations):
            _kernels.fill_disorder(eps, np.uint64(seed), k, disorder)
            h = dense_hamiltonian(eps, flux=flux, boundary=bc)
            yield k, (h.real if flux == 0.0 else h)
            bar.update()


def _mean_err(values):
    values = np.asarray(values, dtype=float)
    err = values.std(ddof=1) / math.sqrt(values.size) if values.size > 1 else math.inf
    return values.mean(), err


def gap_ratios(levels):
    """Adjacent-gap ratios of sorted ``levels``."""
    gaps = np.diff(levels)
    return np.minimum(gaps[1:], gaps[:-1]) / np.maximum(gaps[1:], gaps[:-1])


def level_spacing_ratio(dim, size, disorder, *, realizations, seed=0, flux=0.0,
                        fraction=0.2, boundary="periodic", progress=None):
    """Mean adjacent-gap ratio <r> of the levels near the band centre.

    Parameters
    ----------
    dim : {1, 2, 3}
    size : int
        L: the box has L^dim sites.
    disorder : float
        W >= 0, units of t.
    realizations : int
        Boxes, each from the stream (seed, k).
    seed : int
    flux : float
        Flux per plaquette of the (x, y) plane in flux quanta; with periodic
        boundaries flux * L must be an integer.
    fraction : float
        Central fraction of the spectrum used (by level index).
    boundary : {"periodic", "hard-wall"}
    progress : bool, optional
        Progress bar (default: when stderr is a terminal).

    Returns
    -------
    (r, stderr) : floats; stderr from the spread of the per-box means.
    """
    return _mean_err(gap_ratio_samples(dim, size, disorder, realizations=realizations,
                                       seed=seed, flux=flux, fraction=fraction,
                                       boundary=boundary, progress=progress))


def gap_ratio_samples(dim, size, disorder, *, realizations, seed=0, flux=0.0,
                      fraction=0.2, boundary="periodic", progress=None):
    """Per-box mean gap ratios (the raw samples behind
    :func:`level_spacing_ratio`; same parameters).  Returns an array
    (realizations,)."""
    dim, size, disorder, flux, realizations, fraction = _check_box(
        dim, size, disorder, flux, realizations, fraction, boundary)
    means = np.empty(realizations)
    for k, h in _boxes(dim, size, disorder, flux, realizations, seed, boundary,
                       progress, "levels"):
        levels = np.linalg.eigvalsh(h)
        means[k] = gap_ratios(levels[_window(len(levels), fraction)]).mean()
    return means


def _twist_derivatives(dim, size):
    """dH/dtheta and d^2H/dtheta^2 at theta = 0 for a twist across x."""
    zero = np.zeros((size,) * dim)
    bc = ("periodic",) * dim
    h0 = dense_hamiltonian(zero, boundary=bc)
    second = (dense_hamiltonian(zero, boundary=bc, twist=math.pi) - h0) / 2.0
    first = dense_hamiltonian(zero, boundary=bc, twist=math.pi / 2.0) - h0 - second
    return first, second


def thouless_conductance(dim, size, disorder, *, realizations, seed=0, fraction=0.2,
                         progress=None):
    """Typical Thouless conductance g_T = exp <ln(delta E / Delta)>.

    Boxes are periodic in every direction and field-free; delta E_n is the
    periodic-to-antiperiodic shift (pi^2 / 2) |c_n| from the exact level
    curvature c_n, Delta the mean spacing of the window (see the module
    docstring).

    Parameters
    ----------
    dim : {1, 2, 3}
        Dimension of the lattice.
    size : int
        L: the box has L^dim sites, periodic in every direction.
    disorder : float
        W >= 0, units of t.
    realizations : int
        Boxes, each from the stream (seed, k).
    seed : int
        Random seed.
    fraction : float
        Central fraction of the spectrum used (by level index).
    progress : bool, optional
        Progress bar (default: when stderr is a terminal).

    Returns
    -------
    (g_T, stderr) : floats, dimensionless.
    """
    mean, err = _mean_err(thouless_samples(dim, size, disorder, realizations=realizations,
                                           seed=seed, fraction=fraction,
                                           progress=progress))
    return math.exp(mean), math.exp(mean) * err


def thouless_samples(dim, size, disorder, *, realizations, seed=0, fraction=0.2,
                     progress=None):
    """Per-box <ln(delta E / Delta)> (the raw samples behind
    :func:`thouless_conductance`).  Returns an array (realizations,)."""
    dim, size, disorder, _, realizations, fraction = _check_box(
        dim, size, disorder, 0.0, realizations, fraction, "periodic")
    if size < 3:
        raise ValueError(f"size must be >= 3 for a twisted periodic box (got {size})")
    if disorder == 0.0:
        raise ValueError("disorder must be > 0: the clean box's levels are degenerate and "
                         "their curvature is not defined (got 0.0)")
    first, second = _twist_derivatives(dim, size)
    logs = np.empty(realizations)
    for k, h in _boxes(dim, size, disorder, 0.0, realizations, seed, "periodic",
                       progress, "thouless"):
        levels, vectors = np.linalg.eigh(h)
        win = _window(len(levels), fraction)
        v = vectors[:, win]
        coupling = np.abs(vectors.conj().T @ (first @ v)) ** 2     # (all, window)
        gaps = levels[win][None, :] - levels[:, None]
        own = np.zeros_like(gaps, dtype=bool)
        own[np.arange(win.start, win.stop), np.arange(win.stop - win.start)] = True
        gaps[own] = np.inf
        curvature = (np.einsum("in,in->n", v.conj(), second @ v).real
                     + 2.0 * np.sum(coupling / gaps, axis=0))
        spacing = (levels[win][-1] - levels[win][0]) / (win.stop - win.start - 1)
        shift = 0.5 * math.pi ** 2 * np.abs(curvature)
        logs[k] = np.mean(np.log(shift / spacing))
    return logs
