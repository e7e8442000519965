"""Named workloads shared by the scripts, the figures, the tests and the
benchmarks.

Each preset is a dict of keyword arguments for :func:`pathsim.simulate`; the
comment says what it is sized for (walkers x steps per walker on 2 cores).
Figure presets are named ``figure:<name>`` (under two minutes on 2 cores) and
``figure:<name>:quick`` (well under 10 s, for smoke runs and tests); their
seeds are fixed so every figure is reproducible bit for bit on one machine
(to the last bits of vectorised sums across CPUs).
"""
import numpy as np

PRESETS = {
    # Smoke runs and --quick figures: about a second.
    "quick": dict(walkers=20_000, tau_phi_max=30.0, tau_phi=[3.0, 10.0, 30.0], seed=1),
    # The three 2D checks below cut the walks at 8 tau_phi_max: the loops
    # left out weigh at most E1(8) = 3.8e-5 G0 in delta_sigma (less in its
    # field and tau_phi differences), 0.05 standard errors or less here.
    # Beyond-diffusion check against the exact 2D theory at tau_phi = 10, 30:
    # standard errors below 0.003 G0 (4e6 walkers x 240 steps, ~20 s).
    "exact": dict(walkers=4_000_000, tau_phi_max=30.0, tau_phi=[10.0, 30.0],
                  truncation=8.0, seed=2),
    # HLN magnetoconductance at tau_phi = 1000 (2.6e5 walkers x 8000 steps).
    "hln": dict(walkers=262_144, tau_phi_max=1000.0, tau_phi=[1000.0], truncation=8.0,
                seed=3),
    # The ln law: tau_phi from 100 to 3000 (1.3e5 walkers x 24000 steps).
    "ln-law": dict(walkers=131_072, tau_phi_max=3000.0,
                   tau_phi=np.geomspace(100.0, 3000.0, 8).tolist(), truncation=8.0, seed=4),
    # Dimensions, films and wires.  1D: exact loop sums and -2 pi L_phi for
    # 3 <= tau_phi <= 300 (4e4 walkers x 3000 steps, ~10 s).
    "dim-1": dict(walkers=40_000, dim=1, tau_phi_max=300.0, truncation=10.0,
                  tau_phi=np.geomspace(3.0, 300.0, 9).tolist(), b=[0.0], seed=41),
    # 3D: tau_phi differences and +1/L_phi for 10 <= tau_phi <= 300
    # (4.8e5 walkers x 3000 steps, ~40 s).
    "dim-3": dict(walkers=480_000, dim=3, tau_phi_max=300.0, truncation=10.0,
                  tau_phi=np.geomspace(10.0, 300.0, 6).tolist(), seed=43),
    # Quasi-1D strip W = 2 l << L_phi = 3.9 .. 22 l (2e4 walkers x 8000 steps).
    "wire-q1d": dict(walkers=20_000, dim=2, geometry="wire", width=2.0,
                     tau_phi_max=1000.0, truncation=8.0,
                     tau_phi=np.geomspace(30.0, 1000.0, 6).tolist(), seed=45),
    # Diffusive strip W = 8 l in a weak perpendicular field: loops returning
    # at 3 .. 10 W^2 / D (3.1e5 walkers x 1300 steps).
    "wire-field": dict(walkers=312_500, dim=2, geometry="wire", width=8.0,
                       tau_phi_max=1280.0 / 1.5, truncation=1.5, seed=46),
    # Film w = 10 l, L_phi = 32 l, in perpendicular and parallel fields
    # (1e5 walkers x 9000 steps, ~1 min); walks cut at 3 tau_phi, which the
    # comparison theory (theory.film_diffusive) takes into account.
    # Field differences only: short loops enclose no flux, so the larger
    # detector (eps = 0.3, half the variance) adds no bias here.
    "film": dict(walkers=100_000, dim=3, geometry="film", thickness=10.0,
                 tau_phi_max=3000.0, tau_phi=[3000.0], truncation=3.0,
                 detector_radius=0.3, seed=48),
    # The WL-WAL crossover: six spin settings on 3e4 walkers x 3000 steps.
    "figure:spin_crossover": dict(walkers=30_000, tau_phi_max=300.0, tau_phi=[300.0],
                                  truncation=10.0, seed=27),
    "figure:spin_crossover:quick": dict(walkers=600, tau_phi_max=30.0, tau_phi=[30.0],
                                        truncation=10.0, seed=27),
    # Open samples between absorbing leads (issue 15), tau_phi = inf: 1D rods
    # of L = 20 and 40 l (the universal -1/3 and the 1D short-loop constant;
    # 1e5 x 55 and 1e5 x 180 steps), 2D and 3D slabs for the transmission.
    "open-rod-20": dict(walkers=100_000, dim=1, length=20.0, tau_phi_max=np.inf,
                        b=[0.0], seed=151),
    "open-rod-40": dict(walkers=100_000, dim=1, length=40.0, tau_phi_max=np.inf,
                        b=[0.0], seed=152),
    "open-slab-2d-4": dict(walkers=100_000, length=4.0, tau_phi_max=np.inf, b=[0.0],
                           seed=153),
    "open-slab-2d-16": dict(walkers=100_000, length=16.0, tau_phi_max=np.inf, b=[0.0],
                            seed=154),
    "open-slab-3d-8": dict(walkers=100_000, dim=3, length=8.0, tau_phi_max=np.inf,
                           b=[0.0], seed=155),
    # Figures.  1 + <cos(bA)>_t up to t = 1500 tau: 1e6 walkers x 1500 steps.
    "figure:factor_two": dict(walkers=1_000_000, tau_phi_max=100.0, seed=21),
    "figure:factor_two:quick": dict(walkers=20_000, tau_phi_max=10.0, seed=21),
    # delta_sigma(0) for 1 <= tau_phi <= 1000: 2e5 walkers x 15000 steps.
    "figure:ln_law": dict(walkers=200_000, tau_phi_max=1000.0, seed=22),
    "figure:ln_law:quick": dict(walkers=8_000, tau_phi_max=30.0, seed=22),
    # delta_sigma(B) - delta_sigma(0) at tau_phi = 30, 100, 300: 6e5 x 4500 steps.
    "figure:magnetoconductance": dict(walkers=600_000, tau_phi_max=300.0, seed=23),
    "figure:magnetoconductance:quick": dict(walkers=8_000, tau_phi_max=30.0, seed=23),
    # Loop areas at return times up to 300 tau: 4e6 walkers x 375 steps.
    "figure:area_distribution": dict(walkers=4_000_000, tau_phi_max=25.0, seed=24),
    "figure:area_distribution:quick": dict(walkers=40_000, tau_phi_max=10.0, seed=24),
    # R(T) with 3 <= tau_phi <= 1000: 1.5e5 walkers x 15000 steps.
    "figure:resistance_temperature": dict(walkers=150_000, tau_phi_max=1000.0, seed=25),
    # delta_sigma against L_phi in 1D, 2D, 3D, 1 <= tau_phi <= 1000:
    # 4e4 x 1e4 (1D), 5e4 x 1e4 (2D), 1e5 x 5000 steps (3D), ~1 min in all.
    "figure:dimensionality-1d": dict(walkers=40_000, dim=1, tau_phi_max=1000.0,
                                     truncation=10.0, b=[0.0], seed=26,
                                     tau_phi=np.geomspace(1.0, 1000.0, 13).tolist()),
    "figure:dimensionality-1d:quick": dict(walkers=4_000, dim=1, tau_phi_max=30.0,
                                           b=[0.0], seed=26,
                                           tau_phi=np.geomspace(1.0, 30.0, 6).tolist()),
    "figure:dimensionality-2d": dict(walkers=50_000, tau_phi_max=1000.0, truncation=10.0,
                                     b=[0.0], seed=27,
                                     tau_phi=np.geomspace(1.0, 1000.0, 13).tolist()),
    "figure:dimensionality-2d:quick": dict(walkers=4_000, tau_phi_max=30.0, b=[0.0],
                                           seed=27,
                                           tau_phi=np.geomspace(1.0, 30.0, 6).tolist()),
    "figure:dimensionality-3d": dict(walkers=100_000, dim=3, tau_phi_max=1000.0,
                                     truncation=5.0, b=[0.0], seed=28,
                                     tau_phi=np.geomspace(1.0, 1000.0, 13).tolist()),
    "figure:dimensionality-3d:quick": dict(walkers=4_000, dim=3, tau_phi_max=30.0,
                                           b=[0.0], seed=28,
                                           tau_phi=np.geomspace(1.0, 30.0, 6).tolist()),
    # Film w = 6 l, tau_phi = 3000 (L_phi = 32 l) in a perpendicular, a
    # parallel and a 60-degree field: 1e5 walkers x 9000 steps.
    "figure:film_anisotropy": dict(
        walkers=100_000, dim=3, geometry="film", thickness=6.0, tau_phi_max=3000.0,
        truncation=3.0, tau_phi=[3000.0], detector_radius=0.3, seed=29,
        directions=[[0.0, 0.0, 1.0], [1.0, 0.0, 0.0], [0.8660254037844386, 0.0, 0.5]]),
    "figure:film_anisotropy:quick": dict(
        walkers=4_000, dim=3, geometry="film", thickness=2.0, tau_phi_max=100.0,
        tau_phi=[100.0], seed=29,
        directions=[[0.0, 0.0, 1.0], [1.0, 0.0, 0.0], [0.8660254037844386, 0.0, 0.5]]),
    "figure:resistance_temperature:quick": dict(walkers=8_000, tau_phi_max=30.0, seed=25),
}


def preset(name, **overrides):
    """The keyword arguments of preset ``name``, with ``overrides`` applied."""
    if name not in PRESETS:
        raise ValueError(f"preset must be one of {sorted(PRESETS)} (got {name!r})")
    kwargs = dict(PRESETS[name])
    kwargs.update(overrides)
    return kwargs
