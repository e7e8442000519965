"""Frozen impurity fields: hard disks, hard spheres and point scatterers.

The public name of :mod:`pathsim.model.impurities` (where the field model
lives); walks through these fields are :mod:`pathsim.frozen`.
"""
from .model.impurities import ImpurityField, impurity_field

__all__ = ["impurity_field", "ImpurityField"]
