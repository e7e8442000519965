"""The jitted walk against the pure-Python reference, and the tally's binning."""
import math

import numpy as np

import pathsim
from harness import assert_consistent
from pathsim.results import stats
from pathsim.results.interference import MAX_HALF_PHASE_STEP
from reference import walk


def _reference_tallies(result, probe_b, probe_tau):
    grid = result.grid
    p = result.params
    t_min, log_t0, inv_dlog, inv_da = grid.kernel_args()
    hist_a = np.zeros_like(result.hist_a)
    hist_b = np.zeros_like(result.hist_b)
    probe = np.zeros((result.n_blocks, 2, len(probe_tau), len(probe_b)))
    events = np.zeros(result.n_blocks, dtype=np.int64)
    first = np.concatenate(([0], np.cumsum(result.walkers)[:-1]))
    for k, (start, size) in enumerate(zip(first, result.walkers)):
        for index in range(start, start + size):
            loops, n = walk(p["seed"], index, p["t_cut"], p["detector_radius"], grid)
            events[k] += n
            for w, T, A, e1en in loops:
                row = 0 if T < t_min else min(grid.n_time - 1,
                                                1 + int((math.log(T) - log_t0) * inv_dlog))
                col = int(abs(A) * inv_da[0, row])
                hist_a[k, 0, row, col] += w
                hist_b[k, 0, row, col] += w * e1en
                for i, tau in enumerate(probe_tau):
                    for j, b in enumerate(probe_b):
                        c = w * math.exp(-T / tau) * math.cos(b * A)
                        probe[k, 0, i, j] += c
                        probe[k, 1, i, j] += c * e1en
    return hist_a, hist_b, probe, events


def test_jitted_walk_matches_python_reference():
    probe_b, probe_tau = [0.0, 0.7], [3.0]
    result = pathsim.simulate(6, blocks=2, seed=17, tau_phi_max=4.0,
                              progress=False, _probe=(probe_b, probe_tau))
    hist_a, hist_b, probe, events = _reference_tallies(result, probe_b, probe_tau)
    np.testing.assert_array_equal(result.events, events)
    assert hist_a.sum() > 0
    np.testing.assert_allclose(result.hist_a, hist_a, rtol=1e-9, atol=1e-14)
    np.testing.assert_allclose(result.hist_b, hist_b, rtol=1e-9, atol=1e-14)
    np.testing.assert_allclose(result.probe_sums, probe, rtol=1e-9, atol=1e-14)
    assert result.over_a.sum() == 0.0


def test_binning_error_far_below_statistical_error(quick_run):
    """The (T, |A|) tally against exact unbinned sums over the same loops.

    Where every row resolves the phase (b dA / 2 <= 1 up to the cut-off) the
    only difference is discretisation: it must stay below 2 % of a standard
    error.  At larger b the rows of long loops, whose phase the bins cannot
    resolve and whose mean cos(b A) is negligible (Levy), are left out; the
    unbinned sum still carries their sampling noise, so there the difference
    must be consistent with zero within its own batch-means error.
    """
    b = np.array([0.0, 0.01, 0.1, 0.3, 1.0, 3.0, 10.0])
    tau = np.array([3.0, 10.0, 30.0])
    run = pathsim.simulate(**pathsim.presets.preset("quick", progress=False,
                                                    _probe=(b, tau)))
    resolved = 0.5 * b * run.grid.area_width.max() <= MAX_HALF_PHASE_STEP
    assert resolved[:3].all() and not resolved[-1]
    for i, term in enumerate(("backscattering", "nonbackscattering")):
        binned_blocks = run.loop_block_sums(b, tau, term)
        exact_blocks = -2 * np.pi * run.probe_sums[:, i]
        binned, err = stats.mean(binned_blocks, run.walkers)
        exact, _ = stats.mean(exact_blocks, run.walkers)
        diff, diff_err = stats.mean(binned_blocks - exact_blocks, run.walkers)
        assert np.all(np.abs(binned - exact)[:, resolved] < 0.02 * err[:, resolved]), \
            (term, (binned - exact) / err)
        assert_consistent(diff[:, ~resolved], diff_err[:, ~resolved], 0.0,
                          f"binned - unbinned {term}")
    # the same walkers as the shared quick run: a fixed seed is a fixed result
    np.testing.assert_array_equal(run.hist_a, quick_run.hist_a)


def test_cost_estimate_counts_flights_of_one_tau():
    """estimate_cost: walkers x (t_cut + 1) steps (flights of mean 1 tau),
    at a conservative rate per core; a seeded run walks about that many."""
    from pathsim.run.driver import STEP_RATE_PER_CORE, estimate_cost

    steps, seconds = estimate_cost(1e12, 15_000.0, dim=2, threads=2)
    assert steps == 1e12 * 15_001.0
    assert seconds == steps / (2 * STEP_RATE_PER_CORE[2])
    run = pathsim.simulate(2000, seed=3, tau_phi_max=2.0, progress=False)
    expected, _ = estimate_cost(2000, run.params["t_cut"], dim=2)
    # N(t_cut) + 1 flights per walker, N Poisson: variance t_cut per walker
    assert_consistent(run.n_events, math.sqrt(2000 * run.params["t_cut"]), expected,
                      "steps walked")
