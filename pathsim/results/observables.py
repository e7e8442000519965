"""The weak-localization correction and what is made from it: plain functions
of a run's raw per-block tallies (:class:`~pathsim.results.SimulationResult`
calls them).

Every observable is a pair ``(value, stderr)``; errors are batch means over
the independent blocks of walkers (:mod:`pathsim.results.stats`).  Units:
lengths in l, times in tau, fields b = B / B_tr, conductivity corrections in
G0 = e^2 / (pi h) per l^(d-2) (:ref:`theory-units`).  ``result`` is anything
with the attributes of a :class:`~pathsim.results.SimulationResult`: the
arrays ``walkers, hist_a, hist_b, over_a, over_b, tmom``, ``grid`` and
``params``.
"""
import numpy as np

from pathsim._validate import check_array, check_choice, check_grid, check_real
from pathsim.results import stats
from pathsim.results.interference import loop_sums

from pathsim.theory import diffusion_constant

TERMS = ("total", "backscattering", "nonbackscattering")
SLOPE_VARIABLES = ("ln_tau_phi", "L_phi", "inverse_L_phi")


# ----------------------------------------------------------------------
# shared by every observable
def diffusion(params):
    """Diffusion constant of the run's bulk medium, v^2 tau_tr / d with
    tau_tr = tau / (1 - g) (units l^2 / tau)."""
    return float(diffusion_constant(params["dim"], params["mean_cosine"]))


def outer(values, tau_scalar, b_scalar):
    """Drop the axes of scalar inputs from an (n_tau, n_b) array."""
    if tau_scalar:
        values = values[0]
    if b_scalar:
        values = values[..., 0]
    return values[()] if np.ndim(values) == 0 else values


def per_walker(result, block_sums):
    """Mean per walker and its batch-means error of per-block sums (an
    array whose first axis runs over the run's blocks)."""
    sums = check_array("block_sums", block_sums)
    if sums.ndim == 0 or sums.shape[0] != result.walkers.shape[0]:
        raise ValueError(f"block_sums must have one row per block ({result.walkers.shape[0]}"
                         f" blocks; got shape {sums.shape})")
    return stats.mean(sums, result.walkers)


def check_fields(b):
    """Fields b >= 0 as a 1-D array, and whether b was a scalar."""
    return check_grid("b", b, lower=0.0)


def check_taus(result, tau_phi):
    """0 < tau_phi <= tau_phi_max as a 1-D array (default: the run's grid),
    and whether it was a scalar."""
    if tau_phi is None:
        tau_phi = result.params["tau_phi"]
    return check_grid("tau_phi", tau_phi, lower=0.0, lower_open=True,
                      upper=result.params["tau_phi_max"])


def direction_index(result, direction):
    """Index of a field direction: an index into the run's directions, or a
    vector parallel to one of them."""
    n_dir = result.hist_a.shape[1]
    if isinstance(direction, (int, np.integer)) and not isinstance(direction, bool):
        if not 0 <= direction < n_dir:
            raise ValueError(f"direction must be an index 0 .. {n_dir - 1} "
                             f"(got {direction})")
        return int(direction)
    try:
        vec = np.asarray(direction, dtype=float)
    except (TypeError, ValueError):
        vec = np.zeros(0)
    if vec.shape == (3,) and np.linalg.norm(vec) > 0:
        vec = vec / np.linalg.norm(vec)
        directions = np.array(result.params["directions"], dtype=float)
        match = np.flatnonzero(np.abs(directions @ vec) > 1 - 1e-9)
        if match.size:
            return int(match[0])
    raise ValueError(f"direction must be an index or one of the run's field "
                     f"directions {result.params['directions']} (got {direction!r})")


def t_eff(result, direction=0):
    """Weighted mean return time of each row (centre where empty)."""
    weight = (result.hist_a[:, direction].sum(axis=(0, 2))
              + result.over_a[:, direction].sum(axis=0))
    moment = result.tmom[:, direction].sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        t = moment / weight
    if result.params.get("spin") is not None:
        # spin factors make weights signed: a row whose weights nearly cancel
        # has an ill-defined mean time, so it is kept within the row
        edges = result.grid.time_edges
        inside = (t >= edges[:-1]) & (t <= edges[1:])
        return np.where((weight != 0) & inside, t, result.grid.time_centers)
    return np.where(weight > 0, t, result.grid.time_centers)


# ----------------------------------------------------------------------
# the weak-localization correction
def loop_block_sums(result, b, tau_phi, term, direction=0):
    """Per-block -4 pi D sum_loops w (1 + e1.en) e^(-T/tau_phi) cos(bA).

    ``b`` and ``tau_phi`` are checked 1-D arrays; returns shape
    (K, n_tau, n_b).  Divided by the walkers of each block (:func:`per_walker`)
    this is delta_sigma in G0 per l^(d-2).
    """
    check_choice("term", term, TERMS)
    d = direction_index(result, direction)
    args = (t_eff(result, d), result.grid, b, tau_phi, d)
    sums = np.zeros((result.walkers.shape[0], tau_phi.size, b.size))
    if term in ("total", "backscattering"):
        sums += loop_sums(result.hist_a[:, d], result.over_a[:, d], *args)
    if term in ("total", "nonbackscattering"):
        sums += loop_sums(result.hist_b[:, d], result.over_b[:, d], *args)
    return -4.0 * np.pi * diffusion(result.params) * sums


def delta_sigma(result, b=0.0, tau_phi=None, term="total", direction=0):
    """Weak-localization correction to the conductivity, ``(value, stderr)``
    of shape (n_tau, n_b), scalar axes dropped; see
    :meth:`pathsim.results.SimulationResult.delta_sigma`."""
    b, b_scalar = check_fields(b)
    tau_phi, tau_scalar = check_taus(result, tau_phi)
    value, err = per_walker(result, loop_block_sums(result, b, tau_phi, term, direction))
    return outer(value, tau_scalar, b_scalar), outer(err, tau_scalar, b_scalar)


def magnetoconductance(result, b, tau_phi=None, term="total", direction=0):
    """delta_sigma(b) - delta_sigma(0) in G0, with the errors of the
    difference (both from the same walkers); see
    :meth:`pathsim.results.SimulationResult.magnetoconductance`."""
    b, b_scalar = check_fields(b)
    tau_phi, tau_scalar = check_taus(result, tau_phi)
    with_zero = np.concatenate((b, [0.0]))
    sums = loop_block_sums(result, with_zero, tau_phi, term, direction)
    diff = sums[:, :, :-1] - sums[:, :, -1:]
    value, err = per_walker(result, diff)
    return outer(value, tau_scalar, b_scalar), outer(err, tau_scalar, b_scalar)


def slope(result, variable, tau_phi=None, b=0.0, term="total", direction=0):
    """Least-squares slope of delta_sigma against ln(tau_phi), L_phi or
    1 / L_phi (``variable``), ``(value, stderr)`` as floats; see
    :meth:`pathsim.results.SimulationResult.slope`."""
    check_choice("variable", variable, SLOPE_VARIABLES)
    tau_phi, _ = check_taus(result, tau_phi)
    if tau_phi.size < 2:
        raise ValueError("tau_phi must have at least two values for a slope")
    b = check_real("b", b, lower=0.0)
    L_phi = np.sqrt(diffusion(result.params) * tau_phi)
    x = {"ln_tau_phi": np.log(tau_phi), "L_phi": L_phi,
         "inverse_L_phi": 1.0 / L_phi}[variable]
    coef = (x - x.mean()) / ((x - x.mean()) ** 2).sum()
    sums = loop_block_sums(result, np.array([b]), tau_phi, term, direction)[:, :, 0]
    value, err = per_walker(result, sums @ coef)
    return float(value), float(err)


def ln_slope(result, tau_phi=None, b=0.0, term="total"):
    """Slope of delta_sigma against ln(tau_phi) in G0 (2D diffusive: -1)."""
    tau_phi, _ = check_taus(result, tau_phi)
    return slope(result, "ln_tau_phi", tau_phi, b=b, term=term)


def coherent_enhancement(result, b, tau_phi=None, direction=0):
    """Time-integrated coherent / classical return ratio with dephasing,
    sum w e^(-T/tau_phi) (1 + cos bA) / sum w e^(-T/tau_phi), shape
    (n_tau, n_b); see :meth:`pathsim.results.SimulationResult.coherent_enhancement`."""
    b, b_scalar = check_fields(b)
    tau_phi, tau_scalar = check_taus(result, tau_phi)
    d = direction_index(result, direction)
    args = (result.hist_a[:, d], result.over_a[:, d], t_eff(result, d), result.grid)
    num = loop_sums(*args, b, tau_phi, d)
    den = loop_sums(*args, np.zeros(1), tau_phi, d)
    value, err = stats.ratio(num, np.broadcast_to(den, num.shape))
    return outer(1.0 + value, tau_scalar, b_scalar), outer(err, tau_scalar, b_scalar)
