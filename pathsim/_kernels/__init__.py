"""Jitted inner loops: arrays and scalars in, preallocated tallies out.

Nothing here validates, allocates per walker, prints or shows progress; the
drivers of :mod:`pathsim.run` do that and call these kernels with a few named
tuples (:mod:`~pathsim._kernels.state`).  ``jit`` holds the numba settings,
``rng`` the per-walker random streams, ``scatter`` the scattering draws and
their densities (a new scattering law gets a code in
:mod:`pathsim.model.scattering` and a branch in ``scatter.scatter`` and
``scatter.phase_function``), ``tally`` the one copy of the time-row lookup,
histogram binning, detector profile and MSD sampling.  The loop area is
computed along the walk: ``walk_2d`` keeps a shoelace sum for the unbounded
2D walk, ``walls.segment`` gives the twice-area vector of each flight between
walls (with its reflection points) for ``walk_nd``, the general walk in
1, 2, 3 dimensions, and ``frozen_walk`` sums the polygon of a walk through a
frozen impurity field found by ``raytrace`` (``frozen_sums``: amplitude sums
and loop records).
"""
