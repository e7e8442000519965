"""The spin walk's rounds and its results, one per spin setting (used by
:func:`pathsim.simulate`; see :mod:`pathsim.run.spin`)."""
import numpy as np

from .._kernels.state import MediumArgs
from .._kernels.walk_nd import walk_blocks_spin_nd
from .._kernels.walk_spin import walk_blocks_spin
from ..model.spin import describe, spin_table
from ..results import SimulationResult
from .driver import result_arrays, rounds


def walk_spin(settings, tallies, seed, first, sizes, batch, progress, steps, bins, medium):
    """Run the spin kernel over all rounds (called by ``simulate``); ``medium``
    = (width: inf, or a 2D wire's with diffuse walls; mean cosine; law code)
    for the 2D spin walk, or a :class:`~pathsim._kernels.state.MediumArgs`
    for the general walk with spin (3D, films, wires, specular walls)."""
    general = isinstance(medium, MediumArgs)
    dim = medium.dim if general else 2
    table = spin_table(settings, medium[1], medium[2], dim)
    for round_blocks in rounds(seed, first, sizes, batch, tallies.events, progress,
                               steps=steps):
        if general:
            walk_blocks_spin_nd(round_blocks, table, medium, bins, tallies)
        else:
            walk_blocks_spin(round_blocks, table, medium, bins, tallies)


def split_results(settings, params, sizes, tallies, wall):
    """One :class:`SimulationResult` per setting, from the tallies' axis of
    settings x field directions (setting j: axes j n_dir .. (j + 1) n_dir - 1)."""
    arrays = result_arrays(tallies)
    directions = params["grid"]["directions"]
    n_dir = len(directions) // len(settings)
    out = []
    for j, setting in enumerate(settings):
        p = dict(params, spin=setting, description=params["description"] + "; spin: "
                 + describe(setting))
        p["grid"] = dict(params["grid"], directions=directions[:n_dir])
        part = {k: (np.array(v[:, j * n_dir:(j + 1) * n_dir])
                    if k.startswith(("hist", "over", "tmom")) else np.array(v))
                for k, v in arrays.items()}
        out.append(SimulationResult(p, walkers=sizes, wall_time=wall, **part))
    return out
