"""The medium the walkers move in: dimension, confinement, walls, scattering.

Engine units: lengths in the mean free path l, times in tau = l / v.  Axes:
x is always free (the axis of a wire, in the plane of a film); a film of
thickness w is confined to 0 <= z <= w; a wire of width W to 0 <= y <= W
(2D strip), or to 0 <= y <= W, 0 <= z <= w (3D, rectangular section).
Walkers start at a uniformly random point across the confinement
(:ref:`theory-confinement`).

An open sample (``length`` L) has absorbing ends at x = 0 and x = L, the
leads: a walker that crosses either is gone, and walkers start uniformly
along 0 < x < L (:ref:`theory-open`).
"""
from dataclasses import dataclass

import numpy as np

from .._kernels.state import MediumArgs
from .._validate import check_choice, check_int, check_real
from ..theory import diffusion_constant
from .scattering import HARD_DISK_MEAN_COSINE, LAWS, SCATTERING

GEOMETRIES = ("bulk", "film", "wire")
WALLS = ("specular", "diffuse")

# One run tallies every loop for each of these field directions (3D).
DEFAULT_DIRECTIONS_3D = ((0.0, 0.0, 1.0), (1.0, 0.0, 0.0), (0.0, 1.0, 0.0))


@dataclass(frozen=True)
class Medium:
    """A validated description of the medium (build it with :func:`medium`).

    Attributes
    ----------
    dim : int
        Dimension of the walk (1, 2 or 3).
    geometry : str
        ``"bulk"``, ``"film"`` (3D) or ``"wire"`` (2D strip or 3D wire).
    widths : tuple
        Extent of the x, y, z axes in l (None: unconfined).
    walls : str
        ``"specular"`` or ``"diffuse"`` (Lambertian) reflection.
    mean_cosine : float
        Mean cosine g of the scattering angle.
    directions : tuple of (x, y, z)
        Unit field directions tallied (z only below 3D).
    scattering : str
        ``"henyey-greenstein"`` or ``"hard-disk"``.
    length : float or None
        Length of an open sample between absorbing leads at x = 0 and
        x = length (l); None: no leads, x is unbounded.
    start_x : float or None
        Where an open sample's walkers start along x (0 < start_x <
        length); None: uniformly along the sample.
    """

    dim: int = 2
    geometry: str = "bulk"
    widths: tuple = (None, None, None)
    walls: str = "specular"
    mean_cosine: float = 0.0
    directions: tuple = ((0.0, 0.0, 1.0),)
    scattering: str = "henyey-greenstein"
    length: float = None
    start_x: float = None

    @property
    def law(self):
        """Kernel code of the scattering law (:mod:`pathsim.model.scattering`)."""
        return LAWS[self.scattering].code

    @property
    def confined(self):
        return any(w is not None for w in self.widths)

    @property
    def plain_2d(self):
        """Whether this is the unbounded 2D medium with isotropic scattering,
        the one walked by the fast triangle-sampled kernel and the one the
        exact 2D theory describes (:func:`is_plain_2d`)."""
        return is_plain_2d(self.to_params())

    @property
    def diffusion(self):
        """Bulk diffusion constant v^2 tau_tr / d, tau_tr = tau / (1 - g)
        (:func:`pathsim.theory.diffusion_constant`; units l^2 / tau)."""
        return diffusion_constant(self.dim, self.mean_cosine)

    def kernel_widths(self):
        """Extents as a float array with inf for free axes (kernel input);
        an open sample's length is the extent of x (absorbing ends)."""
        widths = (self.length,) + tuple(self.widths[1:])
        return np.array([np.inf if w is None else w for w in widths])

    def kernel_args(self):
        """The medium as the general walk reads it
        (:class:`~pathsim._kernels.state.MediumArgs`)."""
        return MediumArgs(self.dim, self.mean_cosine, self.law, self.kernel_widths(),
                          self.walls == "specular" and self.confined,
                          np.nan if self.start_x is None else float(self.start_x))

    def to_params(self):
        """The medium as plain values for a run's parameter record.

        Returns
        -------
        dict
            ``dim``, ``geometry``, ``widths``, ``walls``, ``mean_cosine``,
            ``directions``, ``scattering``, ``length`` and ``start_x`` (lengths in l).
        """
        return dict(dim=self.dim, geometry=self.geometry, widths=list(self.widths),
                    walls=self.walls, mean_cosine=self.mean_cosine,
                    directions=[list(n) for n in self.directions],
                    scattering=self.scattering, length=self.length, start_x=self.start_x)


def describe(params):
    """One line naming the medium of a run's parameter record
    (``result.params``: a Poisson walk, or a frozen field with ``field``);
    the drivers store it as ``params["description"]``."""
    p = params
    if p.get("medium") == "frozen":
        f = p["field"]
        kind = ("point scatterers" if f["kind"] == "point" else
                f"hard {'disks' if p['dim'] == 2 else 'spheres'}, {f['reflection']}")
        return (f"{p['dim']}D frozen field of {kind}, a = {f['radius']:.4g} l, "
                f"n a^{p['dim']} = {f['dilution']:.3g}")
    text = f"{p['dim']}D Poisson walk"
    if p["mean_cosine"]:
        text += f", HG scattering g = {p['mean_cosine']:g}"
    if p.get("geometry", "bulk") != "bulk":
        sizes = " x ".join(f"{w:g}" for w in p["widths"] if w is not None)
        text += f", {p['geometry']} {sizes} l, {p['walls']} walls"
    if p.get("length") is not None:
        text += f", open: length {p['length']:g} l between absorbing leads"
        if p.get("start_x") is not None:
            text += f", walkers started at x = {p['start_x']:g} l"
    return text


def is_plain_2d(params):
    """Whether a run's parameter record describes the unbounded 2D
    medium with isotropic scattering (mean cosine 0; the hard-disk law has -1/3).

    Parameters
    ----------
    params : dict
        ``result.params``, or :meth:`Medium.to_params`.

    Returns
    -------
    bool
    """
    return (params["dim"] == 2 and params.get("geometry", "bulk") == "bulk"
            and params["mean_cosine"] == 0.0 and params.get("length") is None)


def _positive(name, value):
    return check_real(name, value, lower=0.0, lower_open=True)


def field_directions(directions, dim):
    """Unit field directions as a tuple of (x, y, z) tuples.

    Parameters
    ----------
    directions : array_like or None
        One vector or a sequence of vectors (any length but zero); None: the
        default, z (normal to the plane or film), then x and y in 3D.
    dim : {1, 2, 3}
        Dimension of the walk: below 3D the only field direction is z.

    Returns
    -------
    tuple of tuple of float
        The normalised directions.

    Raises
    ------
    ValueError
        Naming ``directions`` for a wrong shape, a zero or non-finite vector,
        or an in-plane direction below 3D.
    """
    if directions is None:
        return DEFAULT_DIRECTIONS_3D if dim == 3 else ((0.0, 0.0, 1.0),)
    try:
        arr = np.asarray(directions, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"directions must be vectors (x, y, z) (got {directions!r})") from None
    if arr.ndim == 1:
        arr = arr[None, :]
    if arr.ndim != 2 or arr.shape[1] != 3 or arr.shape[0] == 0:
        raise ValueError(f"directions must be one or more vectors (x, y, z) "
                         f"(got shape {np.shape(directions)})")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"directions must be finite (got {arr.tolist()})")
    norm = np.linalg.norm(arr, axis=1)
    if np.any(norm == 0.0):
        raise ValueError(f"directions must have non-zero length (got {arr.tolist()})")
    arr = arr / norm[:, None]
    if dim < 3 and np.any(np.abs(arr[:, 2]) != 1.0):
        raise ValueError(f"directions: a {dim}D walk only has the field normal to "
                         f"its plane, (0, 0, 1) (got {arr.tolist()})")
    return tuple(tuple(float(c) for c in n) for n in arr)


def medium(dim=2, geometry="bulk", width=None, thickness=None, walls="specular",
           mean_cosine=0.0, directions=None, scattering="henyey-greenstein",
           length=None, start_x=None):
    """Check and describe a medium; every error names its parameter.

    Parameters
    ----------
    dim : {1, 2, 3}
    geometry : {"bulk", "film", "wire"}
        ``"film"``: 3D, between walls at z = 0 and z = ``thickness``.
        ``"wire"``: 2D strip 0 <= y <= ``width``, or 3D wire of section
        ``width`` x ``thickness`` (default: square).
    width, thickness : float
        Confinement in units of l (positive, finite), where the geometry
        has it.
    walls : {"specular", "diffuse"}
    mean_cosine : float
        g in (-1, 1); D = v^2 tau / (d (1 - g)).
    directions : array_like, optional
        Field directions to tally (3D); default z (normal to a film), x and y.
    scattering : {"henyey-greenstein", "hard-disk"}
        The law of the scattering angle.  ``"hard-disk"`` (2D only) is
        specular reflection on a hard disk at a uniformly random impact
        parameter, density |sin(theta/2)| / 4, mean cosine -1/3; it fixes g
        (leave ``mean_cosine`` at 0 or give -1/3).
    length : float, optional
        An open sample's length between absorbing leads (on x, the axis no
        geometry confines).
    start_x : float, optional
        A fixed start along an open sample, 0 < start_x < length (walkers
        still start uniformly across the section): the loop sum is then the
        local correction delta_sigma(x) at that point.

    Returns
    -------
    Medium
        The checked medium (lengths in l).
    """
    dim = check_int("dim", dim, minimum=1, maximum=3)
    check_choice("geometry", geometry, GEOMETRIES)
    check_choice("walls", walls, WALLS)
    mean_cosine = check_real("mean_cosine", mean_cosine, lower=-1.0, upper=1.0,
                             lower_open=True, upper_open=True)
    check_choice("scattering", scattering, SCATTERING)
    if scattering == "hard-disk":
        if dim != 2:
            raise ValueError(f"scattering 'hard-disk' needs dim = 2 (got dim = {dim}; "
                             "hard spheres scatter isotropically: use the default "
                             "with mean_cosine = 0)")
        if mean_cosine not in (0.0, HARD_DISK_MEAN_COSINE):
            raise ValueError(f"mean_cosine is fixed to -1/3 by scattering 'hard-disk' "
                             f"(got {mean_cosine!r})")
        mean_cosine = HARD_DISK_MEAN_COSINE
    widths = [None, None, None]
    if geometry == "bulk":
        for name, value in (("width", width), ("thickness", thickness)):
            if value is not None:
                raise ValueError(f"{name} applies to films and wires, not to "
                                 f"geometry 'bulk' (got {value!r})")
        if walls != "specular":     # a bulk walk meets no wall: the option would do nothing
            raise ValueError(f"walls applies to films and wires, not to geometry 'bulk' "
                             f"(got {walls!r})")
    elif geometry == "film":
        if dim != 3:
            raise ValueError(f"geometry 'film' needs dim = 3 (got dim = {dim})")
        if width is not None:
            raise ValueError(f"width applies to wires; a film has a thickness (got {width!r})")
        if thickness is None:
            raise ValueError("thickness is required for geometry 'film'")
        widths[2] = _positive("thickness", thickness)
    else:
        if dim == 1:
            raise ValueError("geometry 'wire' needs dim = 2 or 3 (got dim = 1; "
                             "a 1D walk is already a wire: use 'bulk')")
        if width is None:
            raise ValueError("width is required for geometry 'wire'")
        widths[1] = _positive("width", width)
        if dim == 2:
            if thickness is not None:
                raise ValueError(f"thickness applies to 3D wires (got {thickness!r} "
                                 "with dim = 2)")
        else:
            widths[2] = widths[1] if thickness is None else _positive("thickness", thickness)
    if length is not None:
        length = _positive("length", length)
    if start_x is not None:
        if length is None:
            raise ValueError(f"start_x applies to open samples: give a length (got "
                             f"start_x = {start_x!r} without leads)")
        start_x = check_real("start_x", start_x)
        if not 0.0 < start_x < length:
            raise ValueError(f"start_x must lie inside the sample, 0 < start_x < length "
                             f"= {length:g} (got {start_x:g})")
    return Medium(dim=dim, geometry=geometry, widths=tuple(widths), walls=walls,
                  mean_cosine=mean_cosine,
                  directions=field_directions(directions, dim), scattering=scattering,
                  length=length, start_x=start_x)
