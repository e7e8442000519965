"""Classical statistics of the loops and walks, per return-time bin: the
return density, <cos(b A)>_t and the dephasing rate made from it, the
loop-area distribution, and the mean square displacement with the diffusion
constant.  Plain functions of a run's raw tallies, as in
:mod:`pathsim.results.observables` (``result`` as described there).

Units: times in tau, lengths in l, areas in l^2, fields b = B / B_tr.

Walls and leads: their loops are tallied with the backscattering weight
along the current, (d/2)(e_1c^2 + e_nc^2) (:ref:`theory-exact-tensor`),
whose average over directions is 1.  The return density, <cos(b A)>_t and
the dephasing rate of a walled or open run are therefore averages with that
weight: equal to the plain ones for loops much longer than l, whose first
and last flights forget the walls, and different for loops of a few l.
"""
import numpy as np

from pathsim._validate import check_bool, check_real
from pathsim.model.medium import is_plain_2d
from pathsim.results import stats
from pathsim.results.interference import row_cos_sums
from pathsim.results.observables import check_fields, direction_index, per_walker


def time_bins(result, bins_per_decade):
    """Group the tally's rows into coarser time bins below the cut-off.

    Returns ``(group, edges)``: rows 1 .. group * n merged in runs of
    ``group``, and the n + 1 edges of the merged bins.
    """
    grid = result.grid
    own = grid.bins_per_decade
    per_decade = own if bins_per_decade is None else bins_per_decade
    if (isinstance(per_decade, bool) or not isinstance(per_decade, int)
            or per_decade < 1 or own % per_decade):
        raise ValueError(f"bins_per_decade must be a divisor of {own} "
                         f"(got {bins_per_decade!r})")
    group = own // per_decade
    edges = grid.time_edges[1::group][: (grid.n_time - 1) // group + 1]
    n_bins = int(np.sum(edges[1:] <= result.params["t_cut"]))
    return group, edges[: n_bins + 1]


def merge_rows(values, group, n_bins):
    """Sum runs of ``group`` rows (last axis, starting at row 1)."""
    values = values[..., 1: 1 + n_bins * group]
    return values.reshape(values.shape[:-1] + (n_bins, group)).sum(axis=-1)


def return_density(result, single_scattering=True, bins_per_decade=None):
    """Return-probability density W(t) at the origin per time bin,
    ``(t, value, stderr)``; see
    :meth:`pathsim.results.SimulationResult.return_density`."""
    from scipy.special import exp1

    single_scattering = check_bool("single_scattering", single_scattering)
    group, edges = time_bins(result, bins_per_decade)
    rows = merge_rows(result.hist_a[:, 0].sum(axis=2) + result.over_a[:, 0], group,
                      edges.size - 1)
    width = np.diff(edges)
    value, err = per_walker(result, rows / width)
    if single_scattering:
        if not is_plain_2d(result.params):
            raise ValueError("single_scattering is only known in closed form "
                             "for the unbounded 2D walk with isotropic scattering")
        value = value + (exp1(edges[:-1]) - exp1(edges[1:])) / (2 * np.pi * width)
    return np.sqrt(edges[:-1] * edges[1:]), value, err


def _cos_and_weight(result, b, d, bins_per_decade):
    """Per-block sums of w cos(b A) (K, n_b, n_bins) and of w (K, n_bins)
    over the merged time bins, and the bin edges."""
    group, edges = time_bins(result, bins_per_decade)
    n_bins = edges.size - 1
    hist, over = result.hist_a[:, d], result.over_a[:, d]
    num = merge_rows(row_cos_sums(hist, over, result.grid, b, d), group, n_bins)
    den = merge_rows(hist.sum(axis=2) + over, group, n_bins)
    return num, den, edges


def mean_cos(result, b, bins_per_decade=None, direction=0):
    """<cos(b A)>_t over loops returning in each time bin, ``(t, value,
    stderr)``; see :meth:`pathsim.results.SimulationResult.mean_cos`."""
    b, b_scalar = check_fields(b)
    d = direction_index(result, direction)
    num, den, edges = _cos_and_weight(result, b, d, bins_per_decade)
    value, err = stats.ratio(num, np.broadcast_to(den[:, None, :], num.shape))
    if b_scalar:
        value, err = value[0], err[0]
    return np.sqrt(edges[:-1] * edges[1:]), value, err


def return_ratio(result, b, bins_per_decade=None, direction=0):
    """Coherent / classical return probability 1 + <cos(b A)>_t per time bin."""
    t, value, err = mean_cos(result, b, bins_per_decade, direction)
    return t, 1.0 + value, err


def dephasing_rate(result, b, t_min, t_max, direction=0, bins_per_decade=16):
    """Magnetic dephasing rate 1 / tau_B from the decay of <cos(b A)>_t,
    ``(rate, stderr)`` in 1 / tau; see
    :meth:`pathsim.results.SimulationResult.dephasing_rate`."""
    b = check_real("b", b, lower=0.0, lower_open=True)
    t_min = check_real("t_min", t_min, lower=0.0, lower_open=True)
    t_max = check_real("t_max", t_max, lower=0.0, lower_open=True)
    if t_max <= t_min:
        raise ValueError(f"t_max must be > t_min (got t_min = {t_min:g}, t_max = {t_max:g})")
    d = direction_index(result, direction)
    num, den, edges = _cos_and_weight(result, np.array([b]), d, bins_per_decade)
    num = num[:, 0]
    t = np.sqrt(edges[:-1] * edges[1:])
    use = (t >= t_min) & (t <= t_max)
    if use.sum() < 2:
        raise ValueError(f"t_min, t_max must span at least two time bins below the "
                         f"cut-off (got {t_min}, {t_max})")
    num, den, t = num[:, use], den[:, use], t[use]
    mean = num.sum(axis=0) / den.sum(axis=0)
    if np.any(mean <= 0):
        raise ValueError(f"b = {b} dephases the loops completely between t_min = {t_min:g} "
                         f"and t_max = {t_max:g} (<cos(b A)> <= 0): choose a weaker field "
                         "or a smaller t_max")
    coef = (t - t.mean()) / ((t - t.mean()) ** 2).sum()
    rate = float(coef @ -np.log(mean))
    # delta method: d(-ln R_i) = -dR_i / R_i, dR_i per block as in stats.ratio
    resid = (num - mean * den) / den.sum(axis=0)
    k = result.walkers.shape[0]
    err = float(np.sqrt(k / (k - 1) * np.sum(((resid / mean) @ coef) ** 2)))
    return rate, err


def area_distribution(result, t, group=1, direction=0):
    """Density of the signed area of loops returning at time t, ``(area,
    density, stderr, (t_lo, t_hi))``; see
    :meth:`pathsim.results.SimulationResult.area_distribution`."""
    t = check_real("t", t, lower=0.0, lower_open=True)
    grid = result.grid
    n_area = grid.area_bins
    if isinstance(group, bool) or not isinstance(group, int) or group < 1 \
            or n_area % group:
        raise ValueError(f"group must be a divisor of {n_area} (got {group!r})")
    d = direction_index(result, direction)
    row = int(grid.row_of(t))
    tally = result.hist_a[:, d, row, :]
    hist = tally.reshape(tally.shape[0], n_area // group, group).sum(axis=2)
    total = tally.sum(axis=1) + result.over_a[:, d, row]
    width = grid.area_width[d, row] * group
    density, err = stats.ratio(hist / (2.0 * width),
                               np.broadcast_to(total[:, None], hist.shape))
    centers = (np.arange(n_area // group) + 0.5) * width
    edges = grid.time_edges
    return centers, density, err, (edges[row], edges[row + 1])


def overflow_fraction(result):
    """Fraction of the loop weight beyond the area range, over all field
    directions (each holds every loop once)."""
    total = result.hist_a.sum() + result.over_a.sum()
    return float(result.over_a.sum() / total) if total > 0 else 0.0


def free_axes(params):
    """Number of unconfined axes of the walk."""
    return sum(1 for w in params["widths"][: params["dim"]] if w is None)


def mean_square_displacement(result):
    """<r^2(t)> at the run's check times: ``(t, value, stderr)``, tau and l^2."""
    value, err = per_walker(result, result.msd)
    return np.asarray(result.params["msd_times"]), value, err


def diffusion_constant(result, t_min=10.0):
    """D from a straight-line fit of <r^2(t)> = 2 d' D t + c for t >= t_min,
    ``(value, stderr)`` in l^2 / tau (d' the unconfined axes)."""
    t_min = check_real("t_min", t_min, lower=0.0)
    t = np.asarray(result.params["msd_times"])
    use = t >= t_min
    if use.sum() < 2:
        raise ValueError(f"t_min must leave at least two check times (got {t_min})")
    x = t[use]
    coef = (x - x.mean()) / ((x - x.mean()) ** 2).sum()
    slope = result.msd[:, use] @ coef
    value, err = per_walker(result, slope / (2.0 * free_axes(result.params)))
    return float(value), float(err)
