"""Frozen impurity fields: hard disks, hard spheres and point scatterers.

The Poisson engine averages over impurity positions; here the impurities are
fixed (:ref:`theory-frozen`): a Poisson array of centres at density n,
generated cell by cell from a hash of (seed, cell) so the field is unbounded
(:mod:`pathsim._kernels.raytrace`).  Units: the elastic mean free path l = 1, which
ties the density to the impurity size,

* hard disks of radius a (2D): cross-section 2a, n = 1 / (2 a l);
* hard spheres of radius a (3D): cross-section pi a^2, n = 1 / (pi a^2 l);
* point scatterers of cross-section sigma: n = 1 / (sigma l); a ray meets
  one when it passes within sigma / 2 (2D) or sqrt(sigma / pi) (3D) of it,
  and the scattering happens at its centre (the dilute limit, n a^d -> 0).

The dimensionless density n a^d (``dilution``) measures how far the field is
from the Poisson model: a / 2 in 2D, a / pi in 3D.

Scattering laws
---------------
Hard disks reflecting specularly scatter with density |sin(theta/2)| / 4
(mean cosine -1/3), hard spheres isotropically; ``reflection="isotropic"``
re-emits in a uniformly random direction instead (the disk then scatters
isotropically; see :mod:`pathsim._kernels.frozen_walk`), and point scatterers
always scatter isotropically.  :meth:`ImpurityField.poisson_model` names the
Poisson-engine settings with the same law, for comparisons.
"""
import math
from dataclasses import dataclass

import numpy as np

from .._kernels.raytrace import (CELL_CAP, F_SIZE, HARD, ISOTROPIC, POINT, SPECULAR,
                                 cells_in_box)
from .._validate import check_choice, check_int, check_real
from ..theory import diffusion_constant

KINDS = ("hard", "point")
REFLECTIONS = ("specular", "isotropic")

# Largest impurity radius (units l): beyond it the space between
# overlapping impurities stops percolating, or nearly (2D: n pi a^2 = 1.13,
# a = 0.72; 3D: n 4 pi a^3 / 3 = 0.34, a = 0.26).
MAX_RADIUS = {2: 0.5, 3: 0.2}

# Mean number of impurities per cell aimed at: the cost per unit length is
# flat around it (fewer cells per flight against more hit tests per cell).
_CELL_LAMBDA = 1.0


@dataclass(frozen=True)
class ImpurityField:
    """A validated frozen-field model (build it with :func:`impurity_field`).

    The impurity positions themselves follow from a seed and a realization
    index (:func:`pathsim.run.frozen.simulate_frozen` and friends).

    Attributes
    ----------
    dim : int
        2 (disks) or 3 (spheres).
    kind : str
        ``"hard"`` or ``"point"``.
    radius : float
        Hit radius a in units of l (the disk or sphere radius; for point
        scatterers the radius of their cross-section).
    reflection : str
        ``"specular"`` or ``"isotropic"`` (point scatterers: isotropic).
    period : float or None
        Side of the periodic box in l, or None for the unbounded field.
    """

    dim: int = 2
    kind: str = "hard"
    radius: float = 0.02
    reflection: str = "specular"
    period: float = None

    @property
    def cross_section(self):
        """Total cross-section sigma: 2a (2D) or pi a^2 (3D), units l^(d-1)."""
        return 2.0 * self.radius if self.dim == 2 else math.pi * self.radius ** 2

    @property
    def density(self):
        """Impurities per unit area (volume): n = 1 / (sigma l)."""
        return 1.0 / self.cross_section

    @property
    def dilution(self):
        """n a^d: a / 2 in 2D, a / pi in 3D (0 is the Poisson model)."""
        return self.density * self.radius ** self.dim

    @property
    def mean_cosine(self):
        """Mean cosine of the scattering angle: -1/3 for specular hard disks,
        0 otherwise (hard spheres and every isotropic law)."""
        specular_disk = self.dim == 2 and self.kind == "hard" and self.reflection == "specular"
        return -1.0 / 3.0 if specular_disk else 0.0

    @property
    def diffusion(self):
        """D = v l_tr / d with l_tr = l / (1 - g) (units l^2 / tau)."""
        return diffusion_constant(self.dim, self.mean_cosine)

    @property
    def cell(self):
        """Side of the hashing cells (>= radius, about one impurity each)."""
        c0 = max(self.radius, (_CELL_LAMBDA / self.density) ** (1.0 / self.dim))
        if self.period is None:
            return c0
        m = max(1, math.ceil(self.period / c0))
        if self.period / m < self.radius:
            m = max(1, math.floor(self.period / self.radius))
        return self.period / m

    def poisson_model(self):
        """Keyword arguments of :func:`pathsim.simulate` for the Poisson
        model with the same dimension and scattering law."""
        if self.mean_cosine != 0.0:
            return dict(dim=self.dim, scattering="hard-disk")
        return dict(dim=self.dim)

    def kernel_array(self):
        """The field parameters in the layout of :mod:`pathsim._kernels.raytrace`."""
        cell = self.cell
        out = np.zeros(F_SIZE)
        out[:] = (self.dim, HARD if self.kind == "hard" else POINT,
                  SPECULAR if self.reflection == "specular" else ISOTROPIC,
                  self.radius, cell, self.density * cell ** self.dim,
                  0 if self.period is None else round(self.period / cell))
        return out

    def to_params(self):
        """The field as plain values for a run's parameter record.

        Returns
        -------
        dict
            ``dim``, ``kind``, ``radius`` (l), ``reflection``, ``period`` (l or
            None), ``density`` (per l^d) and ``dilution`` (n a^d).
        """
        return dict(dim=self.dim, kind=self.kind, radius=self.radius,
                    reflection=self.reflection, period=self.period,
                    density=self.density, dilution=self.dilution)

    def describe(self):
        """One line naming the field: kind, size, reflection, dilution.

        Returns
        -------
        str
        """
        shape = {2: "disks", 3: "spheres"}[self.dim]
        if self.kind == "point":
            text = f"{self.dim}D point scatterers, cross-section {self.cross_section:.4g} l"
        else:
            text = f"{self.dim}D hard {shape}, a = {self.radius:.4g} l, {self.reflection}"
        text += f", n a^{self.dim} = {self.dilution:.3g}"
        if self.period is not None:
            text += f", periodic {self.period:g} l"
        return text

    def in_box(self, lo, hi, seed_of_field):
        """Impurities of the cells meeting the box [lo, hi] (3-vectors, l).

        Returns an array of rows (x, y, z, ix, iy, iz, k): centre and id.
        ``seed_of_field`` is the field's 64-bit key
        (:func:`pathsim._kernels.frozen_walk.field_seed`).
        """
        lo = np.asarray(lo, dtype=float)
        hi = np.asarray(hi, dtype=float)
        volume = np.prod((hi - lo + 2 * self.cell)[: self.dim])
        size = int(self.density * volume * 2 + 10 * CELL_CAP)
        out = np.empty((size, 7))
        n = cells_in_box(self.kernel_array(), np.uint64(seed_of_field), lo, hi, out)
        if n > size:  # pragma: no cover - the buffer is twice the mean
            out = np.empty((n, 7))
            n = cells_in_box(self.kernel_array(), np.uint64(seed_of_field), lo, hi, out)
        return out[:n]


def impurity_field(dim=2, radius=None, *, dilution=None, kind="hard",
                   reflection=None, cross_section=None, period=None):
    """Describe a frozen impurity field; every error names its parameter.

    Parameters
    ----------
    dim : {2, 3}
        Disks in the plane or spheres in space.
    radius : float, optional
        Radius a of hard impurities in units of l (0 < a <= 0.5 in 2D,
        0.2 in 3D); the density follows from l = 1.
    dilution : float, optional
        n a^d instead of ``radius`` (a = 2 n a^2 in 2D, pi n a^3 in 3D).
    kind : {"hard", "point"}
        Hard disks/spheres, or point scatterers of given ``cross_section``.
    reflection : {"specular", "isotropic"}, optional
        Hard impurities: specular (default) or isotropic re-emission.  Point
        scatterers are isotropic.
    cross_section : float, optional
        Point scatterers: sigma in units of l^(d-1).
    period : float, optional
        Side of a periodic box (units l) for teaching pictures; default:
        the unbounded field.

    Returns
    -------
    ImpurityField
    """
    dim = check_int("dim", dim, minimum=2, maximum=3)
    check_choice("kind", kind, KINDS)
    if kind == "point":
        if radius is not None or dilution is not None:
            raise ValueError("point scatterers take cross_section, not radius or dilution")
        if reflection not in (None, "isotropic"):
            raise ValueError(f"reflection: point scatterers scatter isotropically "
                             f"(got {reflection!r})")
        if cross_section is None:
            raise ValueError("cross_section is required for kind 'point'")
        sigma = check_real("cross_section", cross_section, lower=0.0, lower_open=True)
        radius = sigma / 2.0 if dim == 2 else math.sqrt(sigma / math.pi)
        reflection = "isotropic"
    else:
        if cross_section is not None:
            raise ValueError("cross_section applies to kind 'point'; hard impurities "
                             "take radius or dilution")
        if (radius is None) == (dilution is None):
            raise ValueError("give exactly one of radius and dilution")
        if dilution is not None:
            dilution = check_real("dilution", dilution, lower=0.0, lower_open=True)
            radius = 2.0 * dilution if dim == 2 else math.pi * dilution
        reflection = "specular" if reflection is None else reflection
        check_choice("reflection", reflection, REFLECTIONS)
    radius = check_real("radius", radius, lower=0.0, lower_open=True)
    if radius > MAX_RADIUS[dim]:
        raise ValueError(f"radius must be <= {MAX_RADIUS[dim]} l in {dim}D (got "
                         f"{radius:g}): denser fields of overlapping impurities "
                         "stop percolating")
    if period is not None:
        period = check_real("period", period, lower=0.0, lower_open=True)
        if period < 4.0 * radius:
            raise ValueError(f"period must be >= 4 radius = {4 * radius:g} l (got {period:g})")
    return ImpurityField(dim=dim, kind=kind, radius=radius, reflection=reflection,
                         period=period)
