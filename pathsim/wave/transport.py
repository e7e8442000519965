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
from .lattice import BOUNDARIES, check_model, cross_section, slice_hamiltonian

BATCH = 64  # realizations per kernel call (progress bar granularity)


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

    ``dim`` 1, 2 or 3, ``width`` M >= 1 sites across, ``energy`` in units of
    t, ``boundary`` "hard-wall" or "periodic"; ValueError naming the
    parameter otherwise."""
    dim, width, _, energy, _ = check_model(dim, width, 0.0, energy)
    check_choice("boundary", boundary, BOUNDARIES)
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

    Same parameters as :func:`conductance`.

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
    """Reflection matrices r[k, b, a] (left channel a -> left channel b) of
    the same samples as :func:`conductance`; see there for the parameters."""
    return _scattering(dim, width, length, disorder, energy, flux, realizations, seed,
                       boundary, progress, keep_t=False, keep_r=True)[1]


def _plane_wave_channels(dim, width, energy):
    """Periodic cross-section: its Hamiltonian, plane-wave basis, partner
    index, open mask and velocities v_k = 2 sin q_k of all N plane waves."""
    basis, partner = momentum_basis(dim, width)
    nbr, ydir = cross_section(dim, width, "periodic")
    h0 = slice_hamiltonian(np.zeros(nbr.shape[0]), nbr, ydir, 0.0)
    x = (energy - np.einsum("ik,ij,jk->k", basis.conj(), h0, basis).real) / 2.0
    is_open = np.abs(x) < 1.0
    velocity = 2.0 * np.sqrt(np.clip(1.0 - x * x, 0.0, None))
    return h0, basis, partner, is_open, velocity


def single_scattering(dim, width, length, disorder, energy=0.0):
    """Mean reflected intensity of the paths that scatter exactly once.

    First Born order with Born-dressed propagators, between the plane-wave
    channels of a periodic cross-section of N = M^(dim-1) sites.  The
    amplitude of one scattering at slice x is
    i (v_a v_b)^(1/2) G_b(0, x) eps G_a(x, 0) / N with |G_k(0, x)| =
    exp(-gamma x / (2 v_k)) / v_k (t = 1, lattice spacing 1); the disorder
    variance is W^2 / 12 and the Born decay rate of the intensity is
    gamma = -2 Im Sigma = (W^2 / 6) (1 / N) sum_open 1 / v_k, so

        S_ba = (W^2 / 12) / (N v_a v_b) sum_{x<L} exp(-gamma x (1/v_a + 1/v_b)).

    Its order of magnitude, 1 / (2 (v_a + v_b) sum_k 1 / v_k), does not
    depend on W: at any disorder a fixed share of the reflection comes from
    single scattering.  Such a path is its own time reverse, so coherent
    backscattering does not double it.

    Returns
    -------
    float (n_open, n_open)
        S[b, a] (dimensionless, like |r_ba|^2), open channels in the order of
        :func:`momentum_basis`.
    """
    dim, width, disorder, energy, _ = check_model(dim, width, disorder, energy)
    length = check_int("length", length, 1)
    _, basis, _, is_open, velocity = _plane_wave_channels(dim, width, energy)
    v, n = velocity[is_open], basis.shape[0]
    gamma = disorder ** 2 / 6.0 / n * np.sum(1.0 / v)
    rate = gamma * (1.0 / v[:, None] + 1.0 / v[None, :])
    depth = np.arange(length)
    decay = np.exp(-rate[..., None] * depth).sum(axis=-1)
    return disorder ** 2 / 12.0 / n / np.outer(v, v) * decay


def channel_backscattering(dim, width, length, disorder, *, energy=0.0, flux=0.0,
                           realizations=1, seed=0, diffuse=True, progress=None):
    """Coherent backscattering in channel space, with a classical reference.

    The sample has periodic transverse boundaries and the left lead's channels
    are plane waves exp(i k y) (:func:`momentum_basis`), free of the mode-shape
    weights |chi_a|^4 against |chi_a|^2 |chi_b|^2 of hard-wall standing waves.
    Incoming channel k reflects into -k (the exact reverse: the diagonal
    element of r in the basis where time reversal makes it symmetric,
    enhanced by the interference of each path with its time-reversed twin) or
    into +k (the mirror direction: an off-diagonal element with the same
    classical weight, same velocities).  Channels with k = -k (k = 0, pi) are
    left out.

    Paths that scatter once are their own reverse and are not doubled; with
    ``diffuse`` their Born intensity (:func:`single_scattering`) is subtracted
    from both, and the ratio of the multiply scattered intensities is 2 with
    time reversal and 1 when a field breaks it.  Without ``diffuse`` it is the
    raw ratio 2 - s at B = 0, s the single-scattering share.

    Returns
    -------
    (ratio, stderr, r) : the ratio of the summed mean intensities over
    channels, its delta-method error across realizations, and the
    reflection matrices (R, n_open, n_open) in the plane-wave basis.
    """
    g11, _, _ = green_blocks(dim, width, length, disorder, energy=energy, flux=flux,
                             realizations=realizations, seed=seed, boundary="periodic",
                             progress=progress)
    h0, basis, partner, is_open, _ = _plane_wave_channels(dim, width, energy)
    _, modes, v = lead_modes(h0, energy, basis=basis)
    r = _amplitudes(g11, modes, v, modes, v) - np.eye(len(v))
    position = -np.ones(len(partner), dtype=int)
    position[is_open] = np.arange(is_open.sum())
    index = np.flatnonzero(is_open)
    pairs = [(position[k], position[partner[k]]) for k in index
             if partner[k] != k and is_open[partner[k]]]
    if not pairs:
        raise ValueError(f"width={width}, energy={energy} leave no open channel pair k, -k")
    a, b = np.array(pairs).T
    back = (np.abs(r[:, b, a]) ** 2).sum(axis=1)
    mirror = (np.abs(r[:, a, a]) ** 2).sum(axis=1)
    if diffuse:
        s = single_scattering(dim, width, length, disorder, energy)
        back, mirror = back - s[b, a].sum(), mirror - s[a, a].sum()
    return (*_ratio(back, mirror), r)


def _ratio(num, den):
    """Ratio of the means of paired samples and its delta-method error."""
    k = len(num)
    mn, md = num.mean(), den.mean()
    ratio = mn / md
    cov = np.cov(np.vstack([num, den]), ddof=1) / k
    var = cov[0, 0] / mn ** 2 + cov[1, 1] / md ** 2 - 2 * cov[0, 1] / (mn * md)
    return ratio, ratio * np.sqrt(var)


def backscattering_ratio(r):
    """<|r_aa|^2> / <|r_ab|^2> (a != b) over a stack of reflection matrices.

    Per realization the diagonal and off-diagonal means d_k, o_k are formed;
    the ratio of their ensemble means has the delta-method error from the
    covariance of (d_k, o_k).  Returns (ratio, stderr).
    """
    try:
        p = np.abs(np.asarray(r, dtype=complex)) ** 2
    except (TypeError, ValueError):
        raise ValueError("r must be an array of reflection matrices, shape (K, N, N) "
                         f"(got {type(r).__name__} {r!r:.60})") from None
    if p.ndim != 3 or p.shape[1] != p.shape[2] or p.shape[1] < 2 or p.shape[0] < 2:
        raise ValueError("r must hold K >= 2 square reflection matrices of N >= 2 channels, "
                         f"shape (K, N, N) (got shape {p.shape})")
    if not np.all(np.isfinite(p)):
        raise ValueError("r must be finite (got NaN or inf)")
    n = p.shape[-1]
    diag = np.einsum("kaa->k", p) / n
    off = (p.sum(axis=(1, 2)) - diag * n) / (n * (n - 1))
    return _ratio(diag, off)
