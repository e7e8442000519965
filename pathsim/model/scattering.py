"""The scattering-law table: every law a walker can scatter with.

One row per law: its name (the ``scattering`` parameter of
:func:`pathsim.simulate`), its kernel code (the branch of
:func:`pathsim._kernels.scatter.scatter` and
:func:`~pathsim._kernels.scatter.phase_function` that draws the new
direction and gives its density), the dimensions where it applies and its
mean cosine (``None``: the free parameter g).  A new law is a new row here
and a new branch in those two kernel functions; the medium
(:mod:`pathsim.model.medium`) checks a run's law against this table.
"""
from dataclasses import dataclass

import numpy as np

from .._kernels.scatter import HARD_DISK, HENYEY_GREENSTEIN, phase_function as _density


@dataclass(frozen=True)
class ScatteringLaw:
    """One scattering law.

    Attributes
    ----------
    name : str
        The ``scattering`` parameter value.
    code : int
        Kernel code (:mod:`pathsim._kernels.scatter`).
    dims : tuple of int
        Dimensions where the law applies.
    mean_cosine : float or None
        Mean cosine g fixed by the law, or None when g is a parameter.
    description : str
        The phase function, in words.
    """

    name: str
    code: int
    dims: tuple
    mean_cosine: object
    description: str

    def phase_function(self, dim, mean_cosine, mu):
        """Density of the new direction at cosine ``mu`` to the old one (per
        unit solid angle, per radian in 2D, per direction in 1D); ``mu`` may
        be an array."""
        g = self.mean_cosine if self.mean_cosine is not None else float(mean_cosine)
        mu = np.asarray(mu, dtype=float)
        out = np.array([_density(int(dim), g, self.code, float(m)) for m in mu.ravel()])
        return out.reshape(mu.shape) if mu.ndim else float(out[0])


# Hard spheres scatter isotropically: in 3D that is Henyey-Greenstein with
# g = 0, so they need no row of their own.
LAWS = {
    "henyey-greenstein": ScatteringLaw(
        "henyey-greenstein", HENYEY_GREENSTEIN, (1, 2, 3), None,
        "Henyey-Greenstein of mean cosine g (wrapped Cauchy on the circle, "
        "forward with probability (1 + g) / 2 on the line); g = 0 is isotropic"),
    "hard-disk": ScatteringLaw(
        "hard-disk", HARD_DISK, (2,), -1.0 / 3.0,
        "specular reflection on a hard disk at a uniformly random impact "
        "parameter: density |sin(theta / 2)| / 4, mean cosine -1/3 (the law "
        "of a frozen field of hard disks, pathsim.model.impurities)"),
}

SCATTERING = tuple(LAWS)
HARD_DISK_MEAN_COSINE = LAWS["hard-disk"].mean_cosine
