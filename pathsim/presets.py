"""Named workloads shared by the scripts, the tests and the benchmarks.

Each preset is a dict of keyword arguments for :func:`pathsim.simulate`; the
comment says what it is sized for (walkers x steps per walker on 2 cores).
"""
import numpy as np

PRESETS = {
    # Smoke runs and --quick figures: about a second.
    "quick": dict(walkers=20_000, tau_phi_max=30.0, tau_phi=[3.0, 10.0, 30.0], seed=1),
    # Beyond-diffusion check against the exact 2D theory at tau_phi = 10, 30:
    # standard errors below 0.003 G0 (4e6 walkers x 450 steps, ~40 s).
    "exact": dict(walkers=4_000_000, tau_phi_max=30.0, tau_phi=[10.0, 30.0], seed=2),
    # HLN magnetoconductance at tau_phi = 1000 (2.6e5 walkers x 15000 steps).
    "hln": dict(walkers=262_144, tau_phi_max=1000.0, tau_phi=[1000.0], seed=3),
    # The ln law: tau_phi from 100 to 3000 (1.3e5 walkers x 45000 steps).
    "ln-law": dict(walkers=131_072, tau_phi_max=3000.0,
                   tau_phi=np.geomspace(100.0, 3000.0, 8).tolist(), seed=4),
}


def preset(name, **overrides):
    """The keyword arguments of preset ``name``, with ``overrides`` applied."""
    if name not in PRESETS:
        raise ValueError(f"preset must be one of {sorted(PRESETS)} (got {name!r})")
    kwargs = dict(PRESETS[name])
    kwargs.update(overrides)
    return kwargs
