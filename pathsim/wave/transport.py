"""Landauer conductance and reflection matrices of disordered samples.

A sample of L slices (cross-section M or M x M, on-site disorder W, optional
perpendicular field) sits between two clean semi-infinite leads of the same
cross-section.  Recursive Green's functions (:mod:`pathsim.wave._kernels`)
give the blocks G_{0,0} and G_{0,L-1} of the retarded Green's function; the
leads' transverse modes give the Fisher-Lee scattering amplitudes
(Fisher & Lee, PRB 23, 6851 (1981)):

    t = i V_R^(1/2) X_R^+ G_{L-1,0} X_L V_L^(1/2),
    r = -1 + i V_L^(1/2) X_L^+ G_{0,0} X_L V_L^(1/2),

over the open channels, with velocities v = 2 sin q (t = 1, lattice spacing 1).
The conductance is g = Tr t t^+ in units of e^2/h for one spin direction.

Gauge: the y hops at column x carry exp(i 2 pi phi x) inside the sample; the
left lead is field-free and the right lead continues the last column's
phase (a pure gauge with hard walls), so the field fills the plaquettes
between columns 0 and L - 1.
"""
import numpy as np

from ..run.progress import progress_bar
from .._validate import check_choice, check_int, normalize_seed
from . import _kernels
from .cost import BATCH, check_memory
from .lattice import BOUNDARIES, check_model, cross_section, slice_hamiltonian



def momentum_basis(dim, width):
    """Transverse plane waves of a periodic cross-section and the index of
    each one's time-reversed partner (k -> -k).

    Returns (vectors (N, N) complex, partner (N,) int): column j is
    exp(i (k_y y + k_z z)) / sqrt(N) with k = 2 pi (j_y, j_z) / M.
    """
    j = np.arange(width)
    if dim == 2:
        ky, kz = j, np.zeros_like(j)
    else:
        ky, kz = (a.ravel() for a in np.meshgrid(j, j, indexing="xy"))
    site = np.arange(width ** (dim - 1))
    y, z = (site // width, site % width) if dim == 3 else (site, 0 * site)
    phase = 2.0 * np.pi * (np.outer(y, ky) + np.outer(z, kz)) / width
    vectors = np.exp(1j * phase) / np.sqrt(width ** (dim - 1))
    partner = ((-ky) % width) + width * ((-kz) % width)
    return vectors, partner


def lead_modes(h0, energy, basis=None):
    """Transverse modes of a clean lead with slice Hamiltonian ``h0``.

    Each eigenvector chi_k of h0 (energy e_k) is a 1D chain with hopping -1:
    E = e_k - 2 cos q.  Its surface self-energy is
    sigma_k = x - i sqrt(1 - x^2) (open, |x| < 1, x = (E - e_k) / 2, i.e.
    -exp(i q)) or x - sign(x) sqrt(x^2 - 1) (evanescent).

    With ``basis`` (orthonormal eigenvectors of h0 as columns, e.g. from
    :func:`momentum_basis`) the modes are those vectors instead of eigh's.

    Returns
    -------
    sigma : complex (N, N)
        Retarded self-energy X diag(sigma_k) X^+.
    modes : complex (N, n_open)
        The open channels' transverse wave functions.
    velocity : float (n_open,)
        v_k = 2 sin q_k = -2 Im sigma_k.
    """
    if basis is None:
        levels, vectors = np.linalg.eigh(h0)
    else:
        vectors = basis
        levels = np.einsum("ik,ij,jk->k", vectors.conj(), h0, vectors).real
    x = (energy - levels) / 2.0
    is_open = np.abs(x) < 1.0
    sig = np.where(is_open, x - 1j * np.sqrt(np.clip(1.0 - x * x, 0.0, None)),
                   x - np.sign(x) * np.sqrt(np.clip(x * x - 1.0, 0.0, None)))
    sigma = (vectors * sig) @ vectors.conj().T
    return sigma, vectors[:, is_open], -2.0 * sig[is_open].imag


def open_channels(dim, width, energy=0.0, boundary="hard-wall"):
    """Number of open channels of a clean lead (the clean conductance).

    Parameters
    ----------
    dim : {1, 2, 3}
        Dimension of the lattice.
    width : int
        M: the lead is M (2D) or M x M (3D) sites across; 1 in 1D.
    energy : float
        Fermi energy, units of t.
    boundary : {"hard-wall", "periodic"}
        Transverse boundaries of the lead.

    Returns
    -------
    int
        The number of open channels, i.e. the clean conductance in e^2/h per
        spin.

    Raises
    ------
    ValueError
        Naming the parameter, for a dimension, width, energy or boundary
        out of range.
    """
    dim, width, _, energy, _ = check_model(dim, width, 0.0, energy)
    check_choice("boundary", boundary, BOUNDARIES)
    check_memory("conductance", dict(dim=dim, width=width, length=1, flux=0.0))
    nbr, ydir = cross_section(dim, width, boundary)
    h0 = slice_hamiltonian(np.zeros(nbr.shape[0]), nbr, ydir, 0.0)
    return lead_modes(h0, energy)[1].shape[1]


def _check_sample(dim, width, length, disorder, energy, flux, realizations,
                  boundary):
    dim, width, disorder, energy, flux = check_model(dim, width, disorder, energy,
                                                     flux)
    length = check_int("length", length, 1)
    realizations = check_int("realizations", realizations, 1)
    check_choice("boundary", boundary, BOUNDARIES)
    if dim == 1 and flux != 0.0:
        raise ValueError(f"flux must be 0 in 1D (got {flux})")
    check_memory("conductance", dict(dim=dim, width=width, length=length, flux=flux),
                 realizations)
    return dim, width, length, disorder, energy, flux, realizations


def _batches(dim, width, length, disorder, energy, flux, realizations, seed, boundary,
             progress):
    """The two leads and a generator of (g11, g1l) batches of realizations,
    so that callers keep only what they need (memory stays one batch)."""
    dim, width, length, disorder, energy, flux, realizations = _check_sample(
        dim, width, length, disorder, energy, flux, realizations, boundary)
    seed = normalize_seed(seed)
    nbr, ydir = cross_section(dim, width, boundary)
    n = nbr.shape[0]
    two_pi_flux = 2.0 * np.pi * flux
    zeros = np.zeros(n)
    left = lead_modes(slice_hamiltonian(zeros, nbr, ydir, 0.0), energy)
    right = lead_modes(slice_hamiltonian(zeros, nbr, ydir, two_pi_flux * (length - 1)),
                       energy)

    def generate():
        with progress_bar(realizations, progress, desc="conductance",
                          unit="sample") as bar:
            for start in range(0, realizations, BATCH):
                size = min(BATCH, realizations - start)
                g11 = np.empty((size, n, n), dtype=complex)
                g1l = np.empty((size, n, n), dtype=complex)
                _kernels.rgf_samples(nbr, ydir, disorder, energy, two_pi_flux, length,
                                     left[0], right[0], np.uint64(seed), start, g11, g1l)
                bar.update(size)
                yield g11, g1l

    return (left, right), generate()


def green_blocks(dim, width, length, disorder, *, energy=0.0, flux=0.0,
                 realizations=1, seed=0, boundary="hard-wall", progress=None):
    """G_{0,0} and G_{0,L-1} of every realization, and the two leads.

    Returns
    -------
    g11, g1l : complex (R, N, N)
    leads : tuple of two (sigma, modes, velocity) triples, left and right
    """
    leads, batches = _batches(dim, width, length, disorder, energy, flux, realizations,
                              seed, boundary, progress)
    blocks = list(batches)
    return (np.concatenate([b[0] for b in blocks]), np.concatenate([b[1] for b in blocks]),
            leads)


def _amplitudes(g, modes_out, v_out, modes_in, v_in):
    """i V_out^(1/2) X_out^+ G X_in V_in^(1/2) for a stack of G blocks."""
    core = modes_out.conj().T @ g @ modes_in
    return 1j * np.sqrt(v_out)[:, None] * core * np.sqrt(v_in)[None, :]


def scattering(dim, width, length, disorder, *, energy=0.0, flux=0.0,
               realizations=1, seed=0, boundary="hard-wall", progress=None):
    """Transmission and reflection matrices from the left lead.

    Parameters
    ----------
    dim : {1, 2, 3}
        Dimension of the lattice.
    width : int
        M: the sample is M (2D) or M x M (3D) sites across; 1 in 1D.
    length : int
        L slices along the transport direction x.
    disorder : float
        W >= 0 (box distribution [-W/2, W/2]), units of t.
    energy : float
        Fermi energy E, units of t.
    flux : float
        Flux per plaquette of the (x, y) plane, in flux quanta h/e (2D, 3D).
    realizations : int
        Number of disorder realizations, realization k from the stream
        (seed, k).
    seed : int
        Random seed.
    boundary : {"hard-wall", "periodic"}
        Transverse boundaries of sample and leads.
    progress : bool, optional
        Progress bar (default: when stderr is a terminal).

    Returns
    -------
    t : complex (R, n_open_left, n_open_right)
        t[k, b, a]: amplitude from right channel a into left channel b (the
        t' block of S, from G_{0,L-1}); Tr t t^+ is the transmission either
        way by the unitarity of S.
    r : complex (R, n_open_left, n_open_left)
        r[k, b, a]: amplitude from left channel a back into left channel b.
    """
    return _scattering(dim, width, length, disorder, energy, flux, realizations, seed,
                       boundary, progress, keep_t=True, keep_r=True)


def _scattering(dim, width, length, disorder, energy, flux, realizations, seed,
                boundary, progress, keep_t, keep_r):
    """t (or only g = Tr t t^+ when not ``keep_t``) and r (or None), batch by
    batch, so that memory holds one batch of Green's functions."""
    ((_, modes_l, v_l), (_, modes_r, v_r)), batches = _batches(
        dim, width, length, disorder, energy, flux, realizations, seed, boundary,
        progress)
    ts, rs = [], []
    for g11, g1l in batches:
        t = _amplitudes(g1l, modes_l, v_l, modes_r, v_r)
        ts.append(t if keep_t else np.einsum("kab,kab->k", t, t.conj()).real)
        if keep_r:
            rs.append(_amplitudes(g11, modes_l, v_l, modes_l, v_l) - np.eye(len(v_l)))
    return np.concatenate(ts), (np.concatenate(rs) if keep_r else None)


def conductance(dim, width, length, disorder, *, energy=0.0, flux=0.0,
                realizations=1, seed=0, boundary="hard-wall", progress=None):
    """Two-terminal Landauer conductance of disordered samples.

    Parameters
    ----------
    dim : {1, 2, 3}
    width : int
        M: the sample is M (2D) or M x M (3D) sites across; 1 in 1D.
    length : int
        L slices along the transport direction x.
    disorder : float
        W >= 0 (box distribution [-W/2, W/2]), units of t.
    energy : float
        Fermi energy E, units of t.
    flux : float
        Flux per plaquette of the (x, y) plane, in flux quanta h/e (2D, 3D).
    realizations : int
        Number of disorder realizations; realization k uses the stream
        (seed, k), so the first R of a longer run are the same samples.
    seed : int
    boundary : {"hard-wall", "periodic"}
        Transverse boundaries of sample and leads (default hard wall, as a
        real strip and as Kwant builds it).
    progress : bool, optional
        Progress bar (default: when stderr is a terminal).

    Returns
    -------
    g : float array (realizations,)
        g = Tr t t^+ in units of e^2/h (spinless); a clean sample gives the
        number of open channels.
    """
    return _scattering(dim, width, length, disorder, energy, flux, realizations, seed,
                       boundary, progress, keep_t=False, keep_r=False)[0]


def reflection(dim, width, length, disorder, *, energy=0.0, flux=0.0,
               realizations=1, seed=0, boundary="hard-wall", progress=None):
    """Reflection matrices of the samples of :func:`conductance`.

    Parameters
    ----------
    dim : {1, 2, 3}
        Dimension of the lattice.
    width : int
        M: the sample is M (2D) or M x M (3D) sites across; 1 in 1D.
    length : int
        L slices along the transport direction x.
    disorder : float
        W >= 0 (box distribution [-W/2, W/2]), units of t.
    energy : float
        Fermi energy E, units of t.
    flux : float
        Flux per plaquette of the (x, y) plane, in flux quanta h/e (2D, 3D).
    realizations : int
        Number of disorder realizations, realization k from the stream
        (seed, k).
    seed : int
        Random seed.
    boundary : {"hard-wall", "periodic"}
        Transverse boundaries of sample and leads.
    progress : bool, optional
        Progress bar (default: when stderr is a terminal).

    Returns
    -------
    r : complex ndarray, shape (realizations, n_open, n_open)
        r[k, b, a]: amplitude from left channel a back into left channel b
        (dimensionless; the same samples as :func:`conductance`).
    """
    return _scattering(dim, width, length, disorder, energy, flux, realizations, seed,
                       boundary, progress, keep_t=False, keep_r=True)[1]
