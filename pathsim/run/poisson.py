"""``simulate``: run Poisson walkers through the medium and tally their closed loops."""
import time
import warnings

import numpy as np

from .._kernels.jit import max_threads, set_threads
from .._kernels.state import Probe
from .._kernels.leads import inject_blocks
from .._kernels.walk_2d import walk_blocks_2d
from .._kernels.walk_nd import walk_blocks
from .._validate import normalize_seed
from ..params import DETECTOR_RADIUS, check
from ..model.medium import medium as make_medium
from ..model.spin import is_spinless, spin_setting, spin_settings
from ..results import LoopGrid, SimulationResult
from .progress import check_progress
from .spin_rounds import spin_result, walk_spin
from .driver import (allocate, announcer, block_ranges, check_run_grids, estimate_cost,
                     expected_steps, interruptible, loop_bins, mean_walk_time,
                     open_time_grid, parameter_record, result_arrays, rounds)

# Steps one block walks between progress updates (about 0.04 s of one core;
# a round over 32 blocks on 2 cores lasts well under a second).
_STEPS_PER_ROUND = 2_000_000


def simulate(walkers=100_000, *, seed=0, tau_phi_max=1000.0, tau_phi=None,
             b=None, dim=2, geometry="bulk", width=None, thickness=None,
             walls="specular", mean_cosine=0.0, directions=None,
             scattering="henyey-greenstein", length=None, start_x=None, rashba=0.0, dresselhaus=0.0,
             dresselhaus3=0.0, tau_so=None, tau_sf=None, zeeman=None, spin=None,
             threads=None, blocks=32, truncation=15.0, detector_radius=None,
             estimator=None, batch=None, bins_per_decade=64, area_bins=128,
             progress=None, _probe=None, _announce=None):
    """Simulate Poisson walkers and tally their closed loops.

    Each walker starts at the origin (at a uniformly random point across a
    film or wire) and makes free flights of length Exp(l) (units l = v =
    tau = 1) until t = truncation * tau_phi_max.  Closed loops are tallied
    by return time and area, so every observable can later be evaluated for
    any field, any tau_phi up to ``tau_phi_max`` and each of the field
    ``directions`` (see :class:`~pathsim.results.SimulationResult`).

    Parameters
    ----------
    walkers : int
        Number of walkers (>= 2, and >= ``blocks``).
    seed : int or None
        0 <= seed < 2**64; fixes the result bit for bit, whatever ``threads``
        and ``batch``, on one machine (across CPUs, floating tallies may
        differ in the last bits, ~1e-12 relative; counts never).  ``None`` draws one (recorded in the result).
    tau_phi_max : float
        Largest phase-coherence time of interest, units tau (> 0, finite).
    tau_phi, b : array_like, optional
        Default grids stored with the result (tau_phi in tau, at most
        ``tau_phi_max``; b = B / B_tr >= 0).  Defaults: 16 log-spaced tau_phi
        and 64 fields (0 and 63 log-spaced values up to 10 B_tr).
    dim : {1, 2, 3}
        Dimension of the walk.
    geometry : {"bulk", "film", "wire"}
        Unbounded; a 3D film between walls z = 0 and z = ``thickness``; a
        wire (2D strip 0 <= y <= ``width``, or 3D with section ``width`` x
        ``thickness``).  See :func:`pathsim.model.medium.medium`.
    width, thickness : float, optional
        Confinement in units of l.
    walls : {"specular", "diffuse"}
        Specular or diffuse (Lambertian) reflection at the walls.
    mean_cosine : float
        Mean cosine g of the scattering angle (Henyey-Greenstein law), -1 <
        g < 1; D = v^2 tau / (d (1 - g)).
    scattering : {"henyey-greenstein", "hard-disk"}
        ``"hard-disk"`` (2D): the scattering law of a specular hard disk
        (mean cosine -1/3), to compare with frozen disk fields
        (:func:`pathsim.run.frozen.simulate_frozen`).
    directions : array_like, optional
        Field directions (3D) for which loop areas n . A are tallied:
        default z (normal to a film), x and y; e.g. add
        (sin theta, 0, cos theta) for a tilted field.
    length : float, optional
        An open sample (:ref:`theory-open`): absorbing leads at x = 0 and
        x = ``length`` (l), walkers start uniformly along 0 < x < length.
        With ``tau_phi_max = inf`` they walk until they cross a lead (the
        time grid then ends at ``truncation`` x length^2 / D), otherwise
        until a lead or the usual cut-off.  As many walkers again are
        injected at x = 0 for the transmission (never cut off).  See
        :meth:`~pathsim.results.SimulationResult.conductance_correction`.
    start_x : float, optional
        With ``length``: every walker starts at x = ``start_x`` (0 <
        start_x < length; uniformly across the section) instead of
        uniformly along the sample, so that ``delta_sigma`` and the other
        loop observables are the local correction at that point (in the
        G0 units of the infinite system; ``conductance_correction`` needs
        the uniform start and refuses such a run).
    rashba, dresselhaus, dresselhaus3 : float
        Spin-orbit precession angles per mean free path (>= 0), Rashba,
        linear and cubic Dresselhaus (Sawada & Koga's theta_alpha,
        theta_beta1, theta_beta3; see :mod:`pathsim.model.spin`).
    tau_so, tau_sf : float, optional
        Spin relaxation times (tau) by Elliott-Yafet spin-orbit scattering
        (>= 1.07) and by magnetic impurities (>= 0.75); default none.
    zeeman : (x, y, z), optional
        Zeeman precession vector, angle per tau.  Any spin term makes each
        loop's weight carry its spin factor (1/2) Tr(U_loop^dagger U_twin)
        (:ref:`theory-spin-twins`; 2D and 3D, unbounded, films and wires with
        either walls, no leads, any scattering law, the next-event
        estimator; in 3D Rashba and Dresselhaus act on the in-plane
        momentum, see :mod:`pathsim._kernels.walk_spin_nd`).
    spin : list of dict, optional
        Several spin settings walked by the same walkers (keys as above,
        ``{}`` for none; instead of the single-setting keywords).  The
        result then holds a spin axis next to the field directions:
        ``params["spin"]`` lists the settings, ``direction=j * n_dir + k``
        of its observables selects setting j and field direction k (n_dir
        = 1 in 2D), and
        :meth:`~pathsim.results.SimulationResult.spin_results` splits it
        into one result per setting
        (:func:`pathsim.run.spin.simulate_spin` does both).
    threads : int, optional
        numba threads (default: all that numba was started with).
    blocks : int
        Independent blocks of walkers for the batch-means errors (>= 2).
    truncation : float
        Walks stop at t = truncation * tau_phi_max; the neglected loops weigh
        at most 2 E1(truncation) G0 at tau_phi = tau_phi_max (4e-8 G0 for
        the default 15), less at smaller tau_phi.
    detector_radius : float, optional
        Radius eps of the next-event detector disk or ball, units l
        (0 <= eps <= 0.5; default 0.05 in 2D, 0.1 in 3D, unused in 1D).
        Within it the return weight e^-s / (S_d s^(d-1)) is replaced by a
        bounded straight-line profile with the same first two radial moments
        (:func:`pathsim._kernels.tally.detector_profile`): finite variance, bias
        O(eps^3) for a smooth density of return points (below 1e-5 G0 at
        0.05 in 2D).  0 gives the textbook weight, whose variance is
        infinite in 2D and 3D: refused in 3D (ValueError), a RuntimeWarning
        in 2D (kept for estimator studies such as
        ``benchmarks/estimator_variance.py``).
    estimator : {"triangle", "next-event"}, optional
        ``"triangle"`` (default for the unbounded 2D walk with isotropic
        scattering, and only there) samples three-flight loops directly in
        elliptic coordinates and uses next-event scores from the third
        scattering on: finite, small variance.  ``"next-event"`` (the
        default elsewhere) scores every event from the second on; in 2D its
        three-flight scores leave a bias of order eps in the absolute
        delta_sigma (+0.009 G0 at eps = 0.05), which cancels in every
        difference (field, tau_phi) to well below the errors.
    batch : int, optional
        Walkers per block between progress updates (does not change results).
    bins_per_decade, area_bins : int
        Resolution of the loop tally (:class:`~pathsim.results.LoopGrid`).
    progress : bool, optional
        Show a progress bar (default: when stderr is a terminal).
    _probe : (b, tau_phi), optional
        Validation only: also sum the loops exactly (unbinned) on these grids,
        stored as ``result.probe_sums`` (K, 2, n_tau, n_b); slow.
    _announce : callable, optional
        Called as ``_announce(steps, seconds, threads)`` once every argument is
        checked and before any work, with the expected scattering events and
        an upper estimate of the wall time
        (:func:`pathsim.run.driver.estimate_cost`): the command line's
        estimate line (default: that of an enclosing
        :func:`pathsim.run.driver.announcing` block).

    Returns
    -------
    SimulationResult
    """
    walkers = check("walkers", walkers)
    blocks = check("blocks", blocks)
    check_progress(progress)
    if walkers < blocks:
        raise ValueError(f"walkers must be >= blocks ({blocks}) (got {walkers})")
    seed = normalize_seed(seed)
    spec = make_medium(dim, geometry, width, thickness, walls, mean_cosine, directions,
                       scattering, length, start_x)
    open_sample = spec.length is not None
    tau_phi_max, t_grid = open_time_grid(spec, tau_phi_max, truncation)
    tau_phi_max, truncation, bins_per_decade, area_bins, tau_phi, b = check_run_grids(
        tau_phi_max, truncation, bins_per_decade, area_bins, tau_phi, b, t_grid)
    single = spin_setting(rashba, dresselhaus, dresselhaus3, tau_so, tau_sf, zeeman)
    if spin is not None:
        settings = spin_settings(spin)
        if not is_spinless(single):
            raise ValueError("give spin settings either as spin=[...] or as the keywords "
                             "rashba, dresselhaus, dresselhaus3, tau_so, tau_sf, zeeman, "
                             "not both")
    else:
        settings = [single]
    spinful = spin is not None or not is_spinless(single)
    # the 2D spin walk: unbounded or a wire with diffuse walls; the general
    # walk with spin: 3D (bulk, film, wire) and 2D wires with specular walls
    spin_wire = spec.dim == 2 and spec.geometry == "wire" and spec.walls == "diffuse"
    spin_bulk = spec.dim == 2 and spec.geometry == "bulk"
    spin_general = spec.dim == 3 or (spec.dim == 2 and spec.geometry == "wire")
    if spinful and (spec.dim == 1 or open_sample or estimator == "triangle"
                    or _probe is not None):
        raise ValueError("spin terms are only available for the 2D and 3D walks without "
                         "leads, with estimator 'next-event' (got "
                         f"{spec.dim}D {spec.geometry}, length {spec.length}, "
                         f"estimator {estimator!r})")
    if estimator is None:
        estimator = "triangle" if spec.plain_2d and not spinful else "next-event"
    check("estimator", estimator)
    if estimator == "triangle" and not spec.plain_2d:
        raise ValueError("estimator 'triangle' is only available for the unbounded "
                         "2D walk with isotropic scattering (use 'next-event')")
    if _probe is not None and not spec.plain_2d:
        raise ValueError("_probe is only available for the unbounded 2D walk")
    if detector_radius is None:
        detector_radius = DETECTOR_RADIUS[spec.dim]
    detector_radius = check("detector_radius", detector_radius)
    if detector_radius == 0.0 and spec.dim == 3:
        raise ValueError("detector_radius must be > 0 in 3D (got 0): the point detector's "
                         "weight e^-s / (4 pi s^2) has infinite variance, so no error bar "
                         f"could be given (default {DETECTOR_RADIUS[3]:g})")
    if detector_radius == 0.0 and spec.dim == 2:
        warnings.warn("detector_radius = 0 in 2D: the point detector's weight e^-s / "
                      "(2 pi s) has a (logarithmically) infinite variance; the error bars "
                      "are not reliable", RuntimeWarning, stacklevel=2)
    if threads is not None:
        threads = check("threads", threads)
        if threads > max_threads():
            raise ValueError(f"threads must be <= {max_threads()}, the threads numba "
                             f"was started with (got {threads})")
    if batch is not None:
        batch = check("batch", batch)

    t_cut = truncation * tau_phi_max if t_grid is None else t_grid
    grid = LoopGrid(t_cut=t_cut, bins_per_decade=bins_per_decade,
                    area_bins=area_bins, diffusion=spec.diffusion,
                    directions=spec.directions * (len(settings) if spinful else 1),
                    widths=(spec.length,) + tuple(spec.widths[1:]))
    bins = loop_bins(grid, t_cut, detector_radius, spec.dim)
    t_walk = t_cut
    if open_sample:
        t_walk = min(t_cut, mean_walk_time(spec))
        if tau_phi_max == np.inf:
            # walks end at a lead; later returns fall into the last time row
            bins = bins._replace(t_cut=np.inf)
    params = parameter_record(
        dict(**spec.to_params(), medium="poisson"), seed,
        dict(walkers=walkers, blocks=blocks), tau_phi_max, truncation, t_cut,
        detector_radius, estimator, grid, tau_phi, b)
    _announce = announcer(_announce)
    if _announce is not None:   # injected walkers of an open sample double the walk
        n_threads = threads or max_threads()
        _announce(*estimate_cost(walkers, 2.0 * t_walk if open_sample else t_walk, spec.dim,
                                 n_threads, spec.plain_2d and not spinful), n_threads)
    tallies = allocate(blocks, grid, bins.msd_times.size)
    first, sizes = block_ranges(walkers, blocks)
    if batch is None:
        batch = max(1, int(_STEPS_PER_ROUND / (t_walk + 3.0)))

    set_threads(max_threads() if threads is None else threads)
    steps = expected_steps(walkers, t_walk)
    start = time.perf_counter()
    if spinful:
        if spin_bulk or spin_wire:
            kernel_medium = (float(spec.widths[1]) if spin_wire else np.inf,
                             float(spec.mean_cosine), int(spec.law))
        elif spin_general:
            kernel_medium = spec.kernel_args()
        interruptible(walk_spin, bins.halt, settings, tallies, seed, first, sizes, batch,
                      progress, steps, bins, kernel_medium)
        return spin_result(settings, params, sizes, tallies, time.perf_counter() - start,
                           several=spin is not None)
    probe = _probe_sums(blocks, _probe) if spec.plain_2d else None

    def walk():
        if spec.plain_2d:
            triangle = estimator == "triangle"
            for round_blocks in rounds(seed, first, sizes, batch, tallies.events, progress,
                                       steps=steps, halt=bins.halt):
                walk_blocks_2d(round_blocks, triangle, bins, tallies, probe)
            return
        kernel_medium = spec.kernel_args()
        for round_blocks in rounds(seed, first, sizes, batch, tallies.events, progress,
                                   steps=steps, halt=bins.halt):
            walk_blocks(round_blocks, kernel_medium, bins, tallies)
            if open_sample:
                inject_blocks(round_blocks, kernel_medium, tallies.exits)
    interruptible(walk, bins.halt)
    wall = time.perf_counter() - start
    result = SimulationResult(params, walkers=sizes, wall_time=wall,
                              **result_arrays(tallies))
    if _probe is not None:
        result.probe_sums = probe.sums
    return result


def _probe_sums(blocks, probe=None):
    """The exact loop sums of ``_probe`` = (b, tau_phi) (validation only):
    the kernel then also sums w exp(-T/tau_phi) cos(b A) without binning,
    per block (shape (K, 2, n_tau, n_b), backscattering and e_1.e_n
    terms).  Without a probe the grids are empty and the kernel skips it."""
    probe_b, probe_tau = (None, None) if probe is None else probe
    probe_b = np.zeros(0) if probe_b is None else np.asarray(probe_b, float)
    probe_tau = np.zeros(0) if probe_tau is None else np.asarray(probe_tau, float)
    return Probe(probe_b, probe_tau, np.zeros((blocks, 2, probe_tau.size, probe_b.size)))
