"""The Anderson model on square and cubic lattices.

    H = sum_i eps_i |i><i| - t sum_<ij> exp(i theta_ij) |i><j|,   t = 1,

with on-site energies eps_i uniform in [-W/2, W/2] (:ref:`theory-anderson`;
Anderson 1958).  Energies are in units of the hopping t, lengths in lattice
spacings.  A field perpendicular to the (x, y) plane enters as Peierls phases
in the gauge A = (0, B x, 0): a hop by +1 along y at column x picks up
theta = 2 pi phi x, where ``flux`` phi is the flux per plaquette in flux
quanta h/e.  The bar or sample runs along x; its cross-section is the
y line (2D) or the (y, z) square (3D), with periodic or hard-wall
transverse boundaries.

Two independent builders are kept on purpose: neighbour tables of one
cross-section (:func:`cross_section`), which the jitted kernels use slice by
slice, and :func:`dense_hamiltonian`, a plain loop over the sites of a whole
box, used for level statistics and as the reference of the recursive
Green's function in the tests.
"""
import numpy as np

from .._validate import check_choice, check_int, check_real

BOUNDARIES = ("periodic", "hard-wall")


#: Largest disorder W and |energy| (hopping t = 1; the band lies within
#: |E| <= 2 dim + W / 2, so beyond this there is nothing left to compute).
MODEL_LIMIT = 1e6


def check_model(dim, width, disorder, energy=0.0, flux=0.0):
    """Validate the common model parameters; returns them normalised."""
    dim = check_int("dim", dim, 1, 3)
    width = check_int("width", width, 1)
    if dim == 1 and width != 1:
        raise ValueError(f"width must be 1 in 1D (got {width})")
    disorder = check_real("disorder", disorder, lower=0.0, upper=MODEL_LIMIT)
    energy = check_real("energy", energy, lower=-MODEL_LIMIT, upper=MODEL_LIMIT)
    flux = check_real("flux", flux)
    return dim, width, disorder, energy, flux


def cross_section(dim, width, boundary):
    """Neighbour table of one cross-section (a slice perpendicular to x).

    Parameters
    ----------
    dim : {1, 2, 3}
    width : int
        M: the slice has N = M^(dim-1) sites, site index y (2D) or M y + z
        (3D), the C order of eps[x, y, z] in :func:`dense_hamiltonian`.
    boundary : {"periodic", "hard-wall"}

    Returns
    -------
    nbr : int64 array (N, 2 (dim - 1))
        Neighbours of each site within the slice, -1 where a hard wall cuts
        the bond (a wrap bond onto the site itself or a doubled bond, for
        M <= 2, is dropped).
    ydir : float64 array (N, 2 (dim - 1))
        +1 for a hop by +1 along y, -1 for -1 along y, 0 along z: the hop
        i <- nbr carries the Peierls phase 2 pi phi x ydir.
    """
    check_choice("boundary", boundary, BOUNDARIES)
    n_nbr = 2 * (dim - 1)
    n = width ** (dim - 1)
    nbr = -np.ones((n, max(n_nbr, 1)), dtype=np.int64)
    ydir = np.zeros((n, max(n_nbr, 1)))
    periodic = boundary == "periodic" and width > 2
    for site in range(n if dim > 1 else 0):
        y, z = (site // width, site % width) if dim == 3 else (site, 0)
        k = 0
        for axis in range(dim - 1):
            for step in (1, -1):
                coord = (y, z)[axis] + step
                if 0 <= coord < width or periodic:
                    coord %= width
                    nbr[site, k] = (coord * (width if dim == 3 else 1) + z if axis == 0
                                    else y * width + coord)
                    # The phase of hop i <- j is that of the displacement
                    # j -> i, i.e. minus the step to the neighbour.
                    ydir[site, k] = -step if axis == 0 else 0.0
                k += 1
    return nbr, ydir


def slice_hamiltonian(eps, nbr, ydir, phase_x):
    """Dense N x N Hamiltonian of one slice: diag(eps) minus the transverse
    hops with their Peierls phases exp(i phase_x ydir) (phase_x = 2 pi phi x).
    """
    n = len(eps)
    h = np.diag(np.asarray(eps, dtype=complex))
    for i in range(n):
        for k in range(nbr.shape[1]):
            j = nbr[i, k]
            if j >= 0:
                h[i, j] -= np.exp(1j * phase_x * ydir[i, k])
    return h


def dense_hamiltonian(eps, flux=0.0, boundary=("hard-wall", "hard-wall", "hard-wall"),
                      twist=0.0):
    """Hamiltonian of a whole box, built by a plain loop over its sites.

    Parameters
    ----------
    eps : array, shape (Lx,), (Lx, M) or (Lx, M, M)
        On-site energies; ``eps[x, y, z]``, dimension from ``eps.ndim``.
    flux : float
        Flux per plaquette of the (x, y) plane in flux quanta (gauge
        A = (0, B x, 0)); with a periodic x boundary flux * Lx must be an
        integer so that the gauge closes.
    boundary : tuple of str
        "periodic" or "hard-wall" for x, y, z.
    twist : float
        Extra phase on every hop across the x boundary (periodic in x only):
        0 periodic, pi antiperiodic.

    Returns
    -------
    complex array (V, V), V = eps.size, sites in C order of ``eps``.
    """
    eps = np.asarray(eps, dtype=float)
    shape = eps.shape
    dim = eps.ndim
    index = np.arange(eps.size).reshape(shape)
    h = np.diag(eps.ravel().astype(complex))
    for site in np.ndindex(shape):
        i = index[site]
        for axis in range(dim):
            coord = list(site)
            coord[axis] += 1
            wrapped = coord[axis] == shape[axis]
            if wrapped:
                if boundary[axis] != "periodic" or shape[axis] <= 2:
                    continue
                coord[axis] = 0
            j = index[tuple(coord)]
            # Hop j <- i (j = i + e_axis): phase 2 pi phi x for +y, and the
            # boundary twist for a hop across the x edge.
            theta = 2.0 * np.pi * flux * site[0] if axis == 1 else 0.0
            if axis == 0 and wrapped:
                theta += twist
            h[j, i] -= np.exp(1j * theta)
            h[i, j] -= np.exp(-1j * theta)
    return h
