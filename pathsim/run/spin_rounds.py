"""The spin walk's rounds and its results, one per spin setting (used by
:func:`pathsim.simulate`; see :mod:`pathsim.run.spin`)."""
import numpy as np

from .._kernels.scatter import HENYEY_GREENSTEIN
from .._kernels.walk_spin import walk_blocks_spin
from ..model.spin import describe, spin_table
from ..results import SimulationResult
from .driver import result_arrays, rounds


def walk_spin(settings, tallies, seed, first, sizes, batch, progress, steps, bins, medium):
    """Run the spin kernel over all rounds (called by ``simulate``); ``medium``
    = (width: inf, or a 2D wire's with diffuse walls; mean cosine; law code)."""
    table = spin_table(settings, medium[1], medium[2])
    # None selects variants of the kernel compiled without the unused parts:
    # no impurity axes drawn; the unbounded walk with isotropic scattering
    need = (bool(table[:, 3].any()), bool(table[:, 4].any()))
    need = need if any(need) else None
    if not np.isfinite(medium[0]) and medium[1] == 0.0 and medium[2] == HENYEY_GREENSTEIN:
        medium = None
    for round_blocks in rounds(seed, first, sizes, batch, tallies.events, progress,
                               steps=steps):
        walk_blocks_spin(round_blocks, table, need, medium, bins, tallies)


def split_results(settings, params, sizes, tallies, wall):
    """One :class:`SimulationResult` per setting, from the tallies' setting axis."""
    arrays = result_arrays(tallies)
    out = []
    for j, setting in enumerate(settings):
        p = dict(params, spin=setting, description=params["description"] + "; spin: "
                 + describe(setting))
        p["grid"] = dict(params["grid"], directions=[[0.0, 0.0, 1.0]])
        part = {k: (np.array(v[:, j:j + 1]) if k.startswith(("hist", "over", "tmom"))
                    else np.array(v)) for k, v in arrays.items()}
        out.append(SimulationResult(p, walkers=sizes, wall_time=wall, **part))
    return out
