"""The workload of each figure: its ``figure:<name>`` preset.

The presets themselves live with every other named workload in
:mod:`pathsim.presets`; a ``seed`` given to a figure replaces the fixed one.
"""
from .. import simulate
from ..presets import preset


def workload(name, quick=False, seed=None):
    """The ``simulate`` keyword arguments of figure ``name``.

    Parameters
    ----------
    name : str
        A figure name (``pathsim.presets`` has ``figure:<name>``).
    quick : bool
        The small smoke-run workload instead of the full one.
    seed : int, optional
        Replaces the workload's fixed seed.
    """
    kwargs = preset(f"figure:{name}" + (":quick" if quick else ""))
    if seed is not None:
        kwargs["seed"] = seed
    return kwargs


def run(name, quick=False, seed=None, progress=None):
    """Simulate the workload of figure ``name``; returns the SimulationResult."""
    return simulate(**workload(name, quick, seed), progress=progress)
