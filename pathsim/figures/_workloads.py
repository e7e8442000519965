"""Named workloads of the figures: the ``pathsim.simulate`` arguments of each.

``"full"`` is sized to make its figure in under two minutes on 2 cores (the
kernel walks about 5e7 steps/s there; a walker costs about
15 * tau_phi_max steps), ``"quick"`` in well under 10 s for smoke runs and
tests.  Seeds are fixed so that every figure is reproducible bit for bit; a
``seed`` given to a figure replaces them.
"""
from .. import simulate

WORKLOADS = {
    # 1 + <cos(bA)>_t up to t = 1500 tau: 1e6 walkers x 1500 steps.
    "factor_two": {
        "full": dict(walkers=1_000_000, tau_phi_max=100.0, seed=21),
        "quick": dict(walkers=20_000, tau_phi_max=10.0, seed=21),
    },
    # delta_sigma(0) for 1 <= tau_phi <= 1000: 2e5 walkers x 15000 steps.
    "ln_law": {
        "full": dict(walkers=200_000, tau_phi_max=1000.0, seed=22),
        "quick": dict(walkers=8_000, tau_phi_max=30.0, seed=22),
    },
    # delta_sigma(B) - delta_sigma(0) at tau_phi = 30, 100, 300: 6e5 x 4500 steps.
    "magnetoconductance": {
        "full": dict(walkers=600_000, tau_phi_max=300.0, seed=23),
        "quick": dict(walkers=8_000, tau_phi_max=30.0, seed=23),
    },
    # Loop areas at return times up to 300 tau: 4e6 walkers x 375 steps.
    "area_distribution": {
        "full": dict(walkers=4_000_000, tau_phi_max=25.0, seed=24),
        "quick": dict(walkers=40_000, tau_phi_max=10.0, seed=24),
    },
    # R(T) with 3 <= tau_phi <= 1000: 1.5e5 walkers x 15000 steps.
    "resistance_temperature": {
        "full": dict(walkers=150_000, tau_phi_max=1000.0, seed=25),
        "quick": dict(walkers=8_000, tau_phi_max=30.0, seed=25),
    },
}


def workload(name, quick=False, seed=None):
    """The ``simulate`` keyword arguments of figure ``name``.

    Parameters
    ----------
    name : str
        A key of :data:`WORKLOADS`.
    quick : bool
        The small smoke-run workload instead of the full one.
    seed : int, optional
        Replaces the workload's fixed seed.
    """
    if name not in WORKLOADS:
        raise ValueError(f"workload must be one of {sorted(WORKLOADS)} (got {name!r})")
    kwargs = dict(WORKLOADS[name]["quick" if quick else "full"])
    if seed is not None:
        kwargs["seed"] = seed
    return kwargs


def run(name, quick=False, seed=None, progress=None):
    """Simulate the workload of figure ``name``; returns the SimulationResult."""
    return simulate(**workload(name, quick, seed), progress=progress)
