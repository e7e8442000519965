"""What a run produced and what is made from it: the raw per-block loop
tallies (:class:`SimulationResult`, binned on a :class:`LoopGrid`), the
interference factors applied to them, the observables as plain functions
(:mod:`.observables`: conductivity corrections; :mod:`.distributions`: return
densities, loop areas, diffusion), batch-means errors (:mod:`.stats`), text
reports, CSV/JSON exports, and saving and loading (:mod:`.io`).
"""
from .grid import LoopGrid
from .simulation import SimulationResult, load
# (lead, at merge) from .frozen import AmplitudeResult, Loops  -- written by "core"

__all__ = ["SimulationResult", "load", "LoopGrid"]
