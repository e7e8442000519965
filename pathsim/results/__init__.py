"""What a run produced and what is made from it: the raw per-block loop
tallies (:class:`SimulationResult`, binned on a :class:`LoopGrid`), the
interference factors applied to them, the observables as plain functions
(:mod:`.observables`: conductivity corrections; :mod:`.distributions`: return
densities, loop areas, diffusion), batch-means errors (:mod:`.stats`), text
reports, CSV/JSON exports, saving and loading (:mod:`.io`), and the
amplitude sums and loop records of frozen fields (:mod:`.frozen`).
"""
from .grid import LoopGrid
from .frozen import AmplitudeResult, Loops
from .simulation import SimulationResult
from .loading import load

__all__ = ["SimulationResult", "load", "LoopGrid", "AmplitudeResult", "Loops"]
