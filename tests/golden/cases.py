"""Seeded workloads of every walk kind, recorded before the package was
reorganized into subpackages (issue 11): the move must leave their raw
tallies and observables unchanged (integer tallies exactly, floating ones to relative 1e-9).

``python tests/golden/cases.py`` rewrites ``golden.npz``; do that only when a
change of the results is intended and explained in the commit.
"""
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(HERE, "golden.npz")

# small tallies: few blocks, coarse grids, so the file stays small
_SMALL = dict(blocks=4, bins_per_decade=8, area_bins=16, progress=False)
_TAU = [3.0, 10.0]
_B = [0.0, 0.03, 0.3]

SIMULATIONS = {
    "plain-2d": dict(walkers=4_000, tau_phi_max=10.0, seed=11),
    "next-event-2d": dict(walkers=4_000, tau_phi_max=10.0, estimator="next-event", seed=12),
    "dim-1": dict(walkers=4_000, dim=1, tau_phi_max=10.0, seed=13),
    "dim-3": dict(walkers=4_000, dim=3, tau_phi_max=10.0, seed=14),
    "film-2dir": dict(walkers=2_000, dim=3, geometry="film", thickness=2.0,
                      tau_phi_max=10.0, directions=[(0, 0, 1), (1, 0, 0)], seed=15),
    "film-diffuse": dict(walkers=2_000, dim=3, geometry="film", thickness=2.0,
                         walls="diffuse", tau_phi_max=10.0, seed=16),
    "wire-2d-diffuse": dict(walkers=4_000, dim=2, geometry="wire", width=2.0,
                            walls="diffuse", tau_phi_max=10.0, seed=17),
    "wire-2d-specular": dict(walkers=4_000, dim=2, geometry="wire", width=2.0,
                             tau_phi_max=10.0, seed=18),
    "wire-3d": dict(walkers=2_000, dim=3, geometry="wire", width=2.0, thickness=1.5,
                    tau_phi_max=10.0, seed=19),
    "anisotropic-2d": dict(walkers=4_000, mean_cosine=0.5, tau_phi_max=10.0, seed=20),
    "anisotropic-3d": dict(walkers=2_000, dim=3, mean_cosine=-0.3, tau_phi_max=10.0, seed=21),
    "hard-disk-law": dict(walkers=4_000, scattering="hard-disk", tau_phi_max=10.0, seed=22),
}

FROZEN = {
    "frozen-disks": (dict(dim=2, radius=0.02),
                     dict(walkers=800, tau_phi_max=10.0, seed=31)),
    "frozen-isotropic": (dict(dim=2, radius=0.02, reflection="isotropic"),
                         dict(walkers=800, tau_phi_max=10.0, seed=32)),
    "frozen-spheres": (dict(dim=3, radius=0.05),
                       dict(walkers=800, tau_phi_max=10.0, seed=33)),
    "frozen-points": (dict(dim=2, kind="point", cross_section=0.1),
                      dict(walkers=800, walkers_per_realization=4, tau_phi_max=10.0, seed=34)),
}

_ARRAYS = ("walkers", "events", "hist_a", "hist_b", "over_a", "over_b", "tmom", "msd")


def _observables(run):
    out = {}
    ds, ds_err = run.delta_sigma(_B, _TAU)
    out["delta_sigma"], out["delta_sigma_err"] = ds, ds_err
    bs, _ = run.delta_sigma(_B, _TAU, term="backscattering")
    out["delta_sigma_bs"] = bs
    mc, mc_err = run.magnetoconductance(_B[1:], _TAU)
    out["mc"], out["mc_err"] = mc, mc_err
    d, d_err = run.diffusion_constant(t_min=2.0)
    out["D"] = np.array([d, d_err])
    for k in range(len(run.params["directions"])):
        out[f"mc_dir{k}"] = run.magnetoconductance(_B[1:], _TAU, direction=k)[0]
    return out


def compute():
    """Every case's raw tallies and observables, as a flat dict of arrays."""
    import pathsim
    from pathsim.run import find_loops, simulate_frozen, twin_amplitudes
    from pathsim.model import impurity_field

    data = {}

    def record(name, run):
        for key in _ARRAYS:
            data[f"{name}/{key}"] = np.asarray(getattr(run, key))
        for key, value in _observables(run).items():
            data[f"{name}/{key}"] = np.asarray(value)

    for name, kwargs in SIMULATIONS.items():
        record(name, pathsim.simulate(**kwargs, **_SMALL))
    for name, (field_kwargs, kwargs) in FROZEN.items():
        record(name, simulate_frozen(impurity_field(**field_kwargs), **kwargs, **_SMALL))

    amp = twin_amplitudes(impurity_field(2, kind="point", cross_section=0.1), 400,
                          walkers_per_realization=4, k_f=(3.0, 10.0), b=(0.0, 10.0),
                          seed=41, progress=False)
    data["twins/coherent"] = amp.coherent
    data["twins/incoherent"] = amp.incoherent
    data["twins/ratio"] = np.array(amp.ratio())
    loops = find_loops(impurity_field(2, radius=0.02), 200, t_max=20.0, seed=42)
    data["loops/table"] = loops.table
    data["loops/ids"] = loops.ids
    data["loops/points"] = loops.points
    return data


if __name__ == "__main__":
    values = compute()
    np.savez_compressed(GOLDEN, **values)
    print(f"wrote {GOLDEN}: {len(values)} arrays, {os.path.getsize(GOLDEN)} bytes")
