"""Coherent backscattering in channel space: the reflection of a disordered
sample into the reverse channel against the mirror channel, with the
single-scattering intensity (its own time reverse, not doubled) removed
(:ref:`theory-channel-backscattering`).  Samples, leads and Green's functions
come from :mod:`pathsim.wave.transport`; intensities are dimensionless, like
|r_ba|^2 (hopping t = 1, lattice spacing 1).
"""
import numpy as np

from .._validate import check_bool, check_int
from .cost import check_memory
from .lattice import check_model, cross_section, slice_hamiltonian
from .transport import _amplitudes, green_blocks, lead_modes, momentum_basis


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

    Parameters
    ----------
    dim : {2, 3}
        Dimension of the lattice.
    width : int
        M: the periodic cross-section has N = M^(dim-1) sites.
    length : int
        L slices.
    disorder : float
        W >= 0, units of t.
    energy : float
        Fermi energy, units of t.

    Returns
    -------
    float (n_open, n_open)
        S[b, a] (dimensionless, like |r_ba|^2), open channels in the order of
        :func:`momentum_basis`.
    """
    dim, width, disorder, energy, _ = check_model(dim, width, disorder, energy)
    length = check_int("length", length, 1)
    check_memory("conductance", dict(dim=dim, width=width, length=length, flux=0.0))
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

    Parameters
    ----------
    dim : {2, 3}
        Dimension of the lattice.
    width : int
        M: the periodic cross-section has M^(dim-1) sites.
    length : int
        L slices.
    disorder : float
        W >= 0, units of t.
    energy : float
        Fermi energy, units of t.
    flux : float
        Flux per plaquette in h/e.
    realizations : int
        Disorder realizations, realization k from the stream (seed, k).
    seed : int
        Random seed.
    diffuse : bool
        Subtract the single-scattering intensity (:func:`single_scattering`).
    progress : bool, optional
        Progress bar (default: when stderr is a terminal).

    Returns
    -------
    (ratio, stderr, r) : the ratio of the summed mean intensities over
    channels, its delta-method error across realizations, and the
    reflection matrices (R, n_open, n_open) in the plane-wave basis.
    """
    diffuse = check_bool("diffuse", diffuse)
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
    if k < 2:                 # one realization: no error estimate
        return ratio, np.inf
    cov = np.cov(np.vstack([num, den]), ddof=1) / k
    var = cov[0, 0] / mn ** 2 + cov[1, 1] / md ** 2 - 2 * cov[0, 1] / (mn * md)
    return ratio, ratio * np.sqrt(var)


def backscattering_ratio(r):
    """<|r_aa|^2> / <|r_ab|^2> (a != b) over a stack of reflection matrices.

    Per realization the diagonal and off-diagonal means d_k, o_k are formed;
    the ratio of their ensemble means has the delta-method error from the
    covariance of (d_k, o_k).

    Parameters
    ----------
    r : array_like, shape (realizations, n, n)
        Reflection matrices (:func:`pathsim.wave.reflection`).

    Returns
    -------
    ratio, stderr : float
        The ratio (2 for diffusive samples with time reversal) and its
        standard error.

    Raises
    ------
    ValueError
        For anything but K >= 2 finite square matrices of N >= 2 channels.
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
