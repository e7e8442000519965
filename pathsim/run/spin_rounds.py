"""The spin walk's rounds and its result (used by :func:`pathsim.simulate`;
see :mod:`pathsim.run.spin`)."""
import numpy as np

from .._kernels.scatter import HENYEY_GREENSTEIN
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
    table = spin_table(settings, medium[1], medium[2], medium.dim if general else 2)
    if general:
        for round_blocks in rounds(seed, first, sizes, batch, tallies.events, progress,
                                   steps=steps, halt=bins.halt):
            walk_blocks_spin_nd(round_blocks, table, medium, bins, tallies)
        return
    # None selects variants of the 2D kernel compiled without the unused parts:
    # no impurity axes drawn; the unbounded walk with isotropic scattering
    need = (bool(table[:, 3].any()), bool(table[:, 4].any()))
    need = need if any(need) else None
    if not np.isfinite(medium[0]) and medium[1] == 0.0 and medium[2] == HENYEY_GREENSTEIN:
        medium = None
    for round_blocks in rounds(seed, first, sizes, batch, tallies.events, progress,
                               steps=steps, halt=bins.halt):
        walk_blocks_spin(round_blocks, table, need, medium, bins, tallies)


def spin_result(settings, params, sizes, tallies, wall, several):
    """The result of a spin run: with ``several`` settings (``simulate(spin=
    [...])``) one result whose direction axis is the setting axis and whose
    ``params["spin"]`` lists them; else the one setting's result, with it in
    ``params["spin"]``."""
    if several:
        p = dict(params, spin=list(settings), description=params["description"]
                 + f"; spin: {len(settings)} settings")
        return SimulationResult(p, walkers=sizes, wall_time=wall, **result_arrays(tallies))
    p = dict(params, spin=settings[0], description=params["description"] + "; spin: "
             + describe(settings[0]))
    return SimulationResult(p, walkers=sizes, wall_time=wall, **result_arrays(tallies))
