"""Runs with spin: several spin settings walked by the same walkers.

:func:`simulate_spin` walks the 2D or 3D walk (unbounded, films, wires with
either walls; any scattering law) once and tallies
every loop once per spin setting, weighted by the loop's spin factor
(1/2) Tr(U_loop^dagger U_twin) (:ref:`theory-spin-twins`;
:mod:`pathsim._kernels.walk_spin`, :mod:`pathsim._kernels.walk_spin_nd`).  It returns one
:class:`~pathsim.results.SimulationResult` per setting, with the setting in
``params["spin"]``: every observable (``delta_sigma``,
``magnetoconductance``, ...) then includes the spin factor, and the
settings' differences keep the walkers' correlations in their errors.
It is :func:`pathsim.simulate` with ``spin=settings`` (one result with a
spin axis, what ``pathsim run --spin`` and study files save) split by
:meth:`~pathsim.results.SimulationResult.spin_results`; ``simulate`` with
the spin keywords is the one-setting case.
"""
import numpy as np

from .._kernels.spin import track_spins
from .._kernels.walk_spin_nd import track_spins_nd
from .._validate import check_int, normalize_seed
from ..model.medium import medium
from ..model.spin import spin_setting, spin_settings, spin_table


def simulate_spin(settings, walkers=100_000, **kwargs):
    """Simulate a 2D or 3D walk with several spin settings at once.

    Parameters
    ----------
    settings : sequence of dict
        Spin settings, each with keys among ``rashba, dresselhaus,
        dresselhaus3, tau_so, tau_sf, zeeman`` (see
        :mod:`pathsim.model.spin`; missing keys take their defaults, no
        spin term).  A setting with no spin term gives the spinless result
        of the same walkers.
    walkers, **kwargs
        As :func:`pathsim.simulate` (2D or 3D, no leads; the estimator is
        ``"next-event"``).  In 3D each setting's loops are tallied for
        every field direction of the run.

    Returns
    -------
    list of SimulationResult
        One per setting, in order.  Their loop weights carry the spin
        factor s, which can be negative: ``delta_sigma``,
        ``magnetoconductance`` and the slopes are the physical corrections,
        while ``return_density``, ``mean_cos`` and the return ratios of a
        spin setting are weighted by s (use
        :func:`pathsim.results.spin.spin_return_ratio` with the spinless
        setting ``{}`` of the same run for 1 + <s cos(b A)>_t).
    """
    from .poisson import simulate

    checked = spin_settings(settings, "settings")
    return simulate(walkers, spin=checked, **kwargs).spin_results()


def spin_relaxation(times, walkers=20_000, seed=0, mean_cosine=0.0,
                    scattering="henyey-greenstein", dim=2, geometry="bulk", width=None,
                    thickness=None, walls="specular", **setting):
    """Single-spin dynamics of a walk: <R_aa(t)> of the spin rotation.

    A spin initially along axis a (x, y in the plane, z normal to it) has
    mean component <R_aa(t)> along a at time t; its decay rates are the
    spin relaxation rates (compare :func:`pathsim.theory.spin.dp_decay`,
    ``exp(-t / tau_so)``, ``exp(-t / tau_sf)``).

    Parameters
    ----------
    times : array_like
        Increasing times (tau), > 0.
    walkers : int
        Independent walkers.
    seed : int
    mean_cosine, scattering
        The scattering law, as in :func:`pathsim.simulate`.
    dim, geometry, width, thickness, walls
        The medium, as in :func:`pathsim.simulate` (2D or 3D): walkers
        start uniformly across a film or wire; walls turn no spin (specular
        ones reflect the direction, diffuse ones re-emit it;
        :func:`pathsim._kernels.walk_spin_nd.track_spins_nd`).  In 3D,
        Rashba and Dresselhaus act on the in-plane momentum.
    **setting
        One spin setting (keys of :mod:`pathsim.model.spin`).

    Returns
    -------
    value, stderr : ndarray, shape (n_t, 3)
        Mean of (R_xx, R_yy, R_zz) and its standard error.
    """
    walkers = check_int("walkers", walkers, 2)
    seed = normalize_seed(seed)
    times = np.asarray(times, dtype=float)
    if times.ndim != 1 or times.size == 0 or not np.all(np.isfinite(times)) \
            or np.any(times <= 0) or np.any(np.diff(times) <= 0):
        raise ValueError(f"times must be increasing finite times > 0 (got {times})")
    spec = medium(dim, geometry, width, thickness, walls, mean_cosine,
                  scattering=scattering)
    if spec.dim == 1:
        raise ValueError("dim must be 2 or 3 for spin dynamics (got 1)")
    table = spin_table([spin_setting(**setting)], float(spec.mean_cosine), int(spec.law),
                       spec.dim)[0]
    out = np.zeros((walkers, times.size, 3))
    if spec.dim == 2 and not spec.confined:
        track_spins(np.uint64(seed), walkers, table, times, out, float(spec.mean_cosine),
                    int(spec.law))
    else:
        track_spins_nd(np.uint64(seed), walkers, table, spec.kernel_args(), times, out)
    return out.mean(axis=0), out.std(axis=0, ddof=1) / np.sqrt(walkers)
