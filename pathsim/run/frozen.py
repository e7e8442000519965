"""Walks through frozen impurity fields: loops, observables and amplitudes.

* :func:`simulate_frozen` tallies the loops of walkers started at an
  impurity of many field realizations into the loop histogram of the
  Poisson engine, so that the result has every observable of
  :class:`~pathsim.results.SimulationResult` (delta_sigma, magnetoconductance,
  return ratio, D), with errors from the scatter between blocks of
  realizations.
* :func:`twin_amplitudes` sums the complex amplitudes of every loop and its
  twin in each realization, coherently and incoherently: the factor two of
  coherent backscattering, out of the amplitudes themselves.
* :func:`find_loops` records individual loops with their impurity sequences
  (tests of the twins, pictures).

Units: l = v = tau = 1; fields b = B / B_tr; k_F in 1 / l.
"""
import time

import numpy as np

from .._version import __version__
from .._kernels.frozen_sums import LOOP_COLUMNS
from .._kernels.frozen_spin import spinor_amplitude_sums
from .._kernels.frozen_walk import amplitude_sums, record_loops, tally_blocks
from .._kernels.jit import max_threads, set_threads
from .._kernels.state import AmplitudeGrid, AmplitudeOut, LoopRecord
from .._validate import check_grid, check_int, check_real, normalize_seed
from ..model.impurities import ImpurityField
from ..model.medium import field_directions
from ..model.spin import spin_setting, spin_table
from ..results import LoopGrid, SimulationResult
from ..results.frozen import AmplitudeResult, Loops
from .driver import (allocate, block_ranges, check_run_grids, expected_steps, loop_bins,
                     parameter_record, result_arrays, rounds)
from .progress import progress_bar

# Collisions one block walks between progress updates.
_STEPS_PER_ROUND = 200_000


def _check_field(field):
    if not isinstance(field, ImpurityField):
        raise ValueError(f"field must be an ImpurityField from "
                         f"pathsim.model.impurities.impurity_field (got {field!r})")
    return field


def _sequence_cap(t_cut):
    """Room for a walker's impurity sequence: flights are Exp(1) on average,
    but a walker can rattle between overlapping disks; 10 t_cut + 1000
    collisions is not reached in practice (overflows are counted)."""
    return int(10 * t_cut + 1000)


def simulate_frozen(field, walkers=100_000, *, walkers_per_realization=1, seed=0,
                    tau_phi_max=300.0, tau_phi=None, b=None, directions=None,
                    threads=None, blocks=32, truncation=15.0, bins_per_decade=64,
                    area_bins=128, progress=None):
    """Walk through frozen fields and tally the loops at the start impurity.

    Each realization is a new field; ``walkers_per_realization`` walkers
    start from its start impurity (at the origin) with a scattering there
    and fly until t = ``truncation * tau_phi_max``.  Each return to the
    start impurity whose impurity sequence is not a palindrome is a loop,
    tallied with weight 1 / sigma (a return density, see
    :mod:`pathsim._kernels.frozen_walk`).

    Parameters
    ----------
    field : ImpurityField
        From :func:`pathsim.model.impurities.impurity_field`.
    walkers : int
        Total walkers, a multiple of ``walkers_per_realization``; the
        realizations (walkers / walkers_per_realization) must be at least
        ``blocks``.
    walkers_per_realization : int
        Walkers sharing one field.
    seed : int or None
        Fixes every field and every walk, whatever ``threads``.
    tau_phi_max, tau_phi, b, directions, threads, blocks, truncation,
    bins_per_decade, area_bins, progress
        As in :func:`pathsim.simulate`; ``directions`` only in 3D.

    Returns
    -------
    SimulationResult
        ``params["medium"] == "frozen"``; ``params["field"]`` describes the
        field.  Errors are batch means over blocks of whole realizations.
        ``params["overflow"]`` counts walkers stopped because their impurity
        sequence outgrew its buffer (expected 0).  A walker whose start point
        lies inside another impurity is void and not counted
        (``params["void_starts"]``): the start impurities are thereby
        weighted by their exposed cross-section, as the scatterings of an
        incoming flux are.
    """
    field = _check_field(field)
    walkers = check_int("walkers", walkers, minimum=2)
    per = check_int("walkers_per_realization", walkers_per_realization, minimum=1)
    if walkers % per:
        raise ValueError(f"walkers ({walkers}) must be a multiple of "
                         f"walkers_per_realization ({per})")
    realizations = walkers // per
    blocks = check_int("blocks", blocks, minimum=2)
    if realizations < blocks:
        raise ValueError(f"realizations (walkers / walkers_per_realization = "
                         f"{realizations}) must be >= blocks ({blocks})")
    seed = normalize_seed(seed)
    tau_phi_max, truncation, bins_per_decade, area_bins, tau_phi, b = check_run_grids(
        tau_phi_max, truncation, bins_per_decade, area_bins, tau_phi, b)
    if threads is not None:
        threads = check_int("threads", threads, minimum=1, maximum=max_threads())
    directions = field_directions(directions, field.dim)

    t_cut = truncation * tau_phi_max
    # Hard impurities: a loop is closed by the chord back to the start point
    # (and crosses every impurity it re-emits from), so its polygon may be
    # longer than its length T: no isoperimetric cap on the area rows, and
    # room at least for a polygon of perimeter 12 a.
    hard = field.kind == "hard"
    grid = LoopGrid(t_cut=t_cut, bins_per_decade=bins_per_decade, area_bins=area_bins,
                    diffusion=field.diffusion, directions=directions,
                    isoperimetric=not hard,
                    area_floor=(12.0 * field.radius) ** 2 / (4.0 * np.pi) if hard else 0.0)
    scattering = "hard-disk" if field.mean_cosine != 0.0 else "henyey-greenstein"
    model = dict(dim=field.dim, geometry="bulk", widths=[None] * 3, walls="specular",
                 mean_cosine=field.mean_cosine, scattering=scattering,
                 directions=[list(n) for n in directions], medium="frozen",
                 field=field.to_params())
    params = parameter_record(
        model, seed, dict(walkers=walkers, walkers_per_realization=per,
                          realizations=realizations, blocks=blocks),
        tau_phi_max, truncation, t_cut, 0.0, "loop-count", grid, tau_phi, b)
    first, sizes = block_ranges(realizations, blocks)
    bins = loop_bins(grid, t_cut)
    tallies = allocate(blocks, grid, bins.msd_times.size)
    counts = np.zeros((blocks, 3), dtype=np.int64)
    batch = max(1, int(_STEPS_PER_ROUND / (per * (t_cut + 3.0))))

    set_threads(max_threads() if threads is None else threads)
    kernel_field = field.kernel_array()
    cap = _sequence_cap(t_cut)
    start = time.perf_counter()
    for round_blocks in rounds(seed, first, sizes, batch, tallies.events, progress, per,
                               steps=expected_steps(walkers, t_cut)):
        tally_blocks(round_blocks, per, kernel_field, cap, bins, tallies, counts)
    wall = time.perf_counter() - start
    params["void_starts"] = int(counts[:, 1].sum())
    params["overflow"] = int(counts[:, 2].sum())
    arrays = result_arrays(tallies)
    return SimulationResult(params, walkers=counts[:, 0], wall_time=wall, **arrays)


def twin_amplitudes(field, realizations=10_000, *, walkers_per_realization=16,
                    k_f=(10.0, 30.0), b=(0.0, 10.0), tau_phi=30.0, truncation=5.0,
                    direction=(0.0, 0.0, 1.0), seed=0, threads=None, progress=None,
                    spin=None, t_min=0.0):
    """Sum the amplitudes of every loop and its twin, realization by realization.

    Each loop of length L (the walkers of one realization share its field)
    gets the amplitude exp(-L / (2 tau_phi)) exp(i (k_F L + sum of the
    scattering phases of its impurities)); its twin the same, and the two
    the Aharonov-Bohm phases +b A / 2 and -b A / 2.  Per realization the
    coherent sum |sum (a + a_twin)|^2 and the incoherent sum
    sum |a|^2 + |a_twin|^2 are kept.  Cross terms between different loops
    carry unrelated phases k_F (L - L'); they average out over realizations,
    leaving <coherent> / <incoherent> = 1 + <cos b A>.  A loop that another
    walker of the same realization has already found (the same impurity
    sequence and length: with point scatterers a path is fixed by its
    impurities) is the same path and enters the sums once, and so does a
    loop whose reverse was found (it is that loop's twin)
    (``params["repeated_loops"]`` counts them); otherwise its amplitude would
    interfere with itself and bias the ratio upwards.

    Parameters
    ----------
    field : ImpurityField
    realizations : int
        Number of fields.
    walkers_per_realization : int
        Walkers (starts at the start impurity) per field.
    k_f : array_like
        Fermi wave numbers in 1 / l (> 0).
    b : array_like
        Fields B / B_tr (>= 0).
    tau_phi : float
        Dephasing time (tau): loops are weighted by exp(-L / tau_phi).
    truncation : float
        Walks stop at truncation * tau_phi (the weight beyond is
        exp(-truncation)).
    direction : (x, y, z)
        Field direction (3D).
    seed, threads, progress
        As in :func:`simulate_frozen` (same fields for the same seed).
    spin : dict, optional
        A spin setting (keys of :mod:`pathsim.model.spin`; 2D fields): the
        amplitudes become spinors, each loop carrying its spin rotation and
        its twin the reversed path's, the impurities' Elliott-Yafet and
        magnetic axes frozen with the field; the coherent sum is then
        (1/2) Tr(S^dagger S), and the ratio at b = 0 is 1 + <s>, 1/2 for
        strong spin-orbit coupling (:ref:`theory-spin-orbit`).
    t_min : float
        Only loops of length >= t_min (l) enter both sums (the
        time-resolved backscattering of loops longer than t_min); default 0,
        every loop.  With spin-orbit coupling the short loops keep <s>
        above -1/2: a loop through three impurities is often nearly its own
        reverse (a thin triangle), and a time-reversal-invariant rotation of
        an exact backscattering squares to 1 (Kramers), so such loops keep
        s near 1; loops of many scatterings have <s> = -1/2.

    Returns
    -------
    AmplitudeResult
    """
    field = _check_field(field)
    realizations = check_int("realizations", realizations, minimum=2)
    per = check_int("walkers_per_realization", walkers_per_realization, minimum=1)
    k_f, _ = check_grid("k_f", k_f, lower=0.0, lower_open=True)
    b, _ = check_grid("b", b, lower=0.0)
    tau_phi = check_real("tau_phi", tau_phi, lower=0.0, lower_open=True)
    truncation = check_real("truncation", truncation, lower=1.0)
    t_min = check_real("t_min", t_min, lower=0.0)
    if t_min >= truncation * tau_phi:
        raise ValueError(f"t_min must be below truncation * tau_phi "
                         f"({truncation * tau_phi:g}) (got {t_min})")
    direction = np.array(field_directions(direction, field.dim)[0])
    seed = normalize_seed(seed)
    if threads is not None:
        threads = check_int("threads", threads, minimum=1, maximum=max_threads())
    spin_row = None
    if spin is not None:
        if field.dim != 2 or not isinstance(spin, dict):
            raise ValueError("spin must be a dict of spin keywords, for a 2D field "
                             f"(got {spin!r} for a {field.dim}D field)")
        # tau_so calibrated with the field's scattering law (specular disks:
        # the hard-disk law; isotropic re-emission and points: isotropic)
        hard_law = field.mean_cosine != 0.0
        spin_row = spin_table([spin_setting(**spin)], field.mean_cosine if hard_law else 0.0,
                              1 if hard_law else 0)[0]
    t_cut = truncation * tau_phi
    grid = AmplitudeGrid(k_f, b, 1.0 / tau_phi, direction, t_min)
    out = AmplitudeOut(np.zeros((realizations, k_f.size, b.size)), np.zeros(realizations),
                       np.zeros(realizations), np.zeros(realizations, dtype=np.int64),
                       np.zeros((realizations, 3), dtype=np.int64))
    batch = max(64, int(2 * _STEPS_PER_ROUND / (per * (t_cut + 3.0))))
    set_threads(max_threads() if threads is None else threads)
    start = time.perf_counter()
    with progress_bar(realizations, progress, desc="realizations",
                      unit="field") as bar:
        for lo in range(0, realizations, batch):
            hi = min(realizations, lo + batch)
            args = (np.uint64(seed), per, lo, field.kernel_array(), t_cut,
                    _sequence_cap(t_cut), grid, AmplitudeOut(*(a[lo:hi] for a in out)))
            if spin_row is None:
                amplitude_sums(*args)
            else:
                spinor_amplitude_sums(*args, spin_row)
            bar.update(hi - lo)
    params = dict(version=__version__, field=field.to_params(), seed=seed,
                  realizations=realizations, walkers_per_realization=per,
                  k_f=k_f.tolist(), b=b.tolist(), tau_phi=tau_phi, t_cut=t_cut,
                  direction=direction.tolist(), t_min=t_min,
                  void_starts=int(out.counts[:, 1].sum()),
                  repeated_loops=int(out.repeats.sum()),
                  overflow=int(out.counts[:, 2].sum()),
                  spin=None if spin is None else spin_setting(**spin))
    return AmplitudeResult(params, out.coherent, out.incoherent, out.events,
                           time.perf_counter() - start)


def find_loops(field, walkers=100, *, t_max=50.0, realization=0, seed=0,
               walkers_per_realization=None, max_loops=10_000):
    """Record every loop of ``walkers`` walkers in one field realization.

    Parameters
    ----------
    field : ImpurityField
    walkers : int
        Walkers 0 .. walkers - 1 of the realization.
    t_max : float
        Walks stop at t_max (units tau).
    realization, seed : int
        Which field; the same pair gives the same field in every function
        of this module.
    walkers_per_realization : int, optional
        As in the run being inspected (fixes the walkers' streams);
        default ``walkers``.
    max_loops : int
        Loops recorded at most.

    Returns
    -------
    Loops
    """
    field = _check_field(field)
    walkers = check_int("walkers", walkers, minimum=1)
    t_max = check_real("t_max", t_max, lower=0.0, lower_open=True)
    realization = check_int("realization", realization, minimum=0)
    seed = normalize_seed(seed)
    per = walkers if walkers_per_realization is None else check_int(
        "walkers_per_realization", walkers_per_realization, minimum=walkers)
    max_loops = check_int("max_loops", max_loops, minimum=1)
    cap = int(3 * t_max + 64)
    loops = np.zeros((max_loops, len(LOOP_COLUMNS)))
    ids = np.zeros((max_loops * 8 + cap, 4), dtype=np.int64)
    points = np.zeros((ids.shape[0], 6))
    counts = np.zeros(3, dtype=np.int64)
    events = record_loops(np.uint64(seed), per, realization, walkers, field.kernel_array(),
                          t_max, cap, LoopRecord(loops, ids, points, counts))
    n, m = int(counts[0]), int(counts[1])
    return Loops(field, seed, realization, loops[:n], ids[:m], points[:m],
                 int(counts[2]), int(events))


# The main job's measured factor two (``pathsim run``): point scatterers of
# cross-section 0.1 l, k_F l = 10, tau_phi = 5 tau; 20,000 fields of 8
# walkers give a standard error of about 0.025 in 2 to 3 s on 2 cores.
FACTOR_TWO_RUN = dict(cross_section=0.1, realizations=20_000, walkers_per_realization=8,
                      k_f=10.0, b=(0.0, 1e4), tau_phi=5.0, truncation=3.0)


def measured_factor_two(seed=0, realizations=None, threads=None):
    """The factor two of coherent backscattering, measured from amplitudes.

    A small :func:`twin_amplitudes` run in frozen 2D fields of point
    scatterers (:data:`FACTOR_TWO_RUN`): the ratio of the averaged coherent
    sum |sum (a + a_twin)|^2 to the incoherent one.  Unlike the Poisson
    walk's 1 + cos(b A), which is 2 at B = 0 for every loop by
    construction, this ratio is 2 only if the cross terms between
    different loops average out over fields.

    Parameters
    ----------
    seed : int
        Seed of the fields and walks.
    realizations : int, optional
        Fields (default 20,000).
    threads : int, optional
        numba threads (default: all).

    Returns
    -------
    AmplitudeResult
        ``ratio()`` has shape (1, 2): at b = 0 and at b = 1e4 (B / B_tr),
        where the twins' phases are scrambled and only zero-area loops stay
        coherent.
    """
    from ..model.impurities import impurity_field

    run = dict(FACTOR_TWO_RUN)
    if realizations is not None:
        run["realizations"] = realizations
    field = impurity_field(2, kind="point", cross_section=run.pop("cross_section"))
    k_f = run.pop("k_f")
    return twin_amplitudes(field, k_f=(k_f,), seed=seed, threads=threads, progress=False,
                           **run)
