"""Walks through frozen impurity fields: loops, observables and amplitudes.

The public names of :mod:`pathsim.run.frozen` (the drivers) and
:mod:`pathsim.results.frozen` (their results); the fields themselves are
:mod:`pathsim.impurities`.

* :func:`simulate_frozen` tallies the loops at the start impurity of many
  field realizations into a :class:`~pathsim.results.SimulationResult`;
* :func:`twin_amplitudes` sums the complex amplitudes of every loop and its
  twin in each realization (:class:`AmplitudeResult`);
* :func:`find_loops` records individual loops with their impurity
  sequences (:class:`Loops`).
"""
from .results.frozen import AmplitudeResult, Loops
from .run.frozen import find_loops, simulate_frozen, twin_amplitudes

__all__ = ["simulate_frozen", "twin_amplitudes", "find_loops", "AmplitudeResult",
           "Loops"]
