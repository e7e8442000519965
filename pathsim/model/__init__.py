"""What the walker moves in: the medium and its scatterers.

:mod:`~pathsim.model.medium` describes the medium of a Poisson walk
(dimension, film or wire widths, specular or diffuse walls, the field
directions tallied) and checks it; :mod:`~pathsim.model.scattering` is the
table of scattering laws (name, kernel code, dimensions, mean cosine,
phase function): a new scattering law is a row there plus its draw and
density in :mod:`pathsim._kernels.scatter`; :mod:`~pathsim.model.impurities`
describes frozen impurity fields (hard disks and spheres, point
scatterers).  Units: lengths in the mean free path l.
"""
from .impurities import ImpurityField, impurity_field
from .medium import Medium, field_directions, is_plain_2d, medium
from .scattering import LAWS, SCATTERING, ScatteringLaw

__all__ = ["Medium", "medium", "field_directions", "is_plain_2d", "ImpurityField",
           "impurity_field", "LAWS", "SCATTERING", "ScatteringLaw"]
