"""The analysis stage: from a measurement to parameters.

Measured data in (:func:`read_measurement`: a lab file as it comes;
:func:`measurement`: arrays), fits out (:func:`fit_hln`, :func:`fit_wal`:
per group or joint, honest errors, unconstrained parameters marked); the
film model shared by the synthetic experiment (:class:`Film`) and
:func:`disentangle`; pathsim's simulations as fit models
(:class:`WALGrid`, :class:`WLTable`, both on one :class:`BlockGrid`).
Units and definitions: :mod:`pathsim.analysis.conventions`.
"""
from .blocks import BlockGrid
from .conventions import convert_b_so
from .disentangle import DisentangleFit, disentangle
from .experiment import Film
from .hln import fit_hln, fit_simulation, hln_model
from .measurement import Measurement, measurement, read_measurement
from .wal import fit_wal, fit_wal_simulation, wal_model
from .wal_grid import WALGrid, build_wal_grid, fit_wal_grid
from .wl_table import WLTable

__all__ = ["read_measurement", "measurement", "Measurement", "fit_hln", "fit_wal",
           "hln_model", "wal_model", "fit_simulation", "fit_wal_simulation", "Film",
           "disentangle", "DisentangleFit", "WALGrid", "build_wal_grid", "fit_wal_grid",
           "WLTable", "BlockGrid", "convert_b_so"]
