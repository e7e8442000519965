"""Drivers: validate a run's parameters, allocate its tallies, call the kernels.

:mod:`~pathsim.run.driver` is the one driver every walk kind plugs into
(block ranges, rounds with a progress bar, shared grids and their defaults,
allocation, the parameter record, :func:`~pathsim.run.driver.estimate_cost`);
:mod:`~pathsim.run.poisson` runs Poisson walks (:func:`simulate`) and
:mod:`~pathsim.run.frozen` walks through frozen impurity fields
(:func:`simulate_frozen`, :func:`twin_amplitudes`, :func:`find_loops`);
:mod:`~pathsim.run.spin` runs several spin settings on the same walkers
(:func:`simulate_spin`) and single-spin dynamics (:func:`spin_relaxation`).
The inner loops they call are in :mod:`pathsim._kernels`; the medium they
walk in is :mod:`pathsim.model`.
"""
from .driver import estimate_cost
from .frozen import find_loops, simulate_frozen, twin_amplitudes
from .poisson import simulate
from .spin import simulate_spin, spin_relaxation

__all__ = ["simulate", "simulate_spin", "spin_relaxation", "simulate_frozen",
           "twin_amplitudes", "find_loops", "estimate_cost"]
