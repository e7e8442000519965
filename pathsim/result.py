"""The result of a run: raw per-block tallies and the observables made from them.

Every observable is returned as a pair ``(value, stderr)``; errors are batch
means over the independent blocks of walkers (:mod:`pathsim.stats`).  Units:
lengths in l, times in tau, fields b = B / B_tr, conductivity corrections in
G0 = e^2 / (pi h) (PHYSICS.md section 1).
"""
import json
import os
from datetime import datetime, timezone

import numpy as np

from . import __version__, stats
from ._files import atomic_write
from ._validate import check_choice, check_grid, check_real
from .interference import loop_sums, row_cos_sums
from .tallies import LoopGrid
from .theory import exact_2d

TERMS = ("total", "backscattering", "nonbackscattering")

_ARRAYS = ("walkers", "events", "hist_a", "hist_b", "over_a", "over_b",
           "tmom", "msd")

# Parameters that must agree for two runs to be merged.
_MERGE_KEYS = ("dim", "tau_phi_max", "truncation", "t_cut", "detector_radius",
               "estimator", "grid", "msd_times", "geometry", "widths", "walls",
               "mean_cosine", "directions", "scattering", "medium")

# What a run of an earlier version, which had none of these, was.
_DEFAULTS = dict(geometry="bulk", widths=[None, None, None], walls="specular",
                 mean_cosine=0.0, directions=[[0.0, 0.0, 1.0]],
                 scattering="henyey-greenstein", medium="poisson")


def _outer(values, tau_scalar, b_scalar):
    """Drop the axes of scalar inputs from an (n_tau, n_b) array."""
    if tau_scalar:
        values = values[0]
    if b_scalar:
        values = values[..., 0]
    return values[()] if np.ndim(values) == 0 else values


class SimulationResult:
    """Per-block tallies of a run, with physics methods.

    Attributes
    ----------
    params : dict
        Every parameter of the run (seed, grids, cut-offs, estimator).
    walkers, events : ndarray, shape (K,)
        Walkers and scattering events simulated in each block.
    hist_a, hist_b : ndarray, shape (K, n_dir, n_time, n_area)
        Loop weights (return densities, units 1/(l^d v)) binned in return
        time and |n . A| for each field direction n; ``hist_b`` carries the
        factor e_1 . e_n.  Every loop is in every direction's histogram.
    over_a, over_b : ndarray, shape (K, n_dir, n_time)
        The same for loops beyond the area range of their row.
    tmom : ndarray, shape (K, n_dir, n_time)
        Sum of weight * return time per row (for the dephasing factor).
    msd : ndarray, shape (K, n_msd)
        Sums of r^2(t) along the unconfined axes at ``params["msd_times"]``.
    wall_time : float
        Seconds spent walking (summed over merged runs).
    """

    def __init__(self, params, walkers, events, hist_a, hist_b, over_a,
                 over_b, tmom, msd, wall_time):
        self.params = dict(_DEFAULTS, **params)
        self.walkers = np.asarray(walkers, dtype=np.int64)
        self.events = np.asarray(events, dtype=np.int64)
        if np.ndim(hist_a) == 3:  # saved before tallies had a direction axis
            hist_a, hist_b = hist_a[:, None], hist_b[:, None]
            over_a, over_b, tmom = over_a[:, None], over_b[:, None], tmom[:, None]
        self.hist_a = hist_a
        self.hist_b = hist_b
        self.over_a = over_a
        self.over_b = over_b
        self.tmom = tmom
        self.msd = msd
        self.wall_time = float(wall_time)
        self.grid = LoopGrid(**self.params["grid"])

    # ------------------------------------------------------------------
    # bookkeeping
    @property
    def n_walkers(self):
        """Total number of walkers."""
        return int(self.walkers.sum())

    @property
    def n_events(self):
        """Total number of scattering events simulated."""
        return int(self.events.sum())

    @property
    def free_axes(self):
        """Number of unconfined axes of the walk."""
        return sum(1 for w in self.params["widths"][: self.params["dim"]] if w is None)

    @property
    def n_blocks(self):
        return int(self.walkers.shape[0])

    @property
    def steps_per_second(self):
        return self.n_events / self.wall_time if self.wall_time > 0 else float("nan")

    @property
    def diffusion(self):
        """Diffusion constant of the bulk medium, v^2 tau_tr / d with
        tau_tr = tau / (1 - g) (units l^2 / tau).  It sets the prefactor
        4 pi D of the loop sum (the Drude conductivity of the material)."""
        return 1.0 / (self.params["dim"] * (1.0 - self.params["mean_cosine"]))

    @property
    def directions(self):
        """Unit field directions of the tallies, shape (n_dir, 3)."""
        return np.array(self.params["directions"], dtype=float)

    @property
    def cross_section(self):
        """Product of the confined widths (1 in bulk): delta_sigma times it is
        a film's sheet correction (G0) or a wire's 1D correction (G0 l)."""
        widths = [w for w in self.params["widths"] if w is not None]
        return float(np.prod(widths)) if widths else 1.0

    def _per_walker(self, block_sums):
        return stats.mean(block_sums, self.walkers)

    def _direction(self, direction):
        """Index of a field direction: an index into :attr:`directions`, or a
        vector parallel to one of them."""
        n_dir = self.hist_a.shape[1]
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
            match = np.flatnonzero(np.abs(self.directions @ vec) > 1 - 1e-9)
            if match.size:
                return int(match[0])
        raise ValueError(f"direction must be an index or one of the run's field "
                         f"directions {self.params['directions']} (got {direction!r})")

    def _t_eff(self, direction=0):
        """Weighted mean return time of each row (centre where empty)."""
        weight = self.hist_a[:, direction].sum(axis=(0, 2)) + self.over_a[:, direction].sum(axis=0)
        moment = self.tmom[:, direction].sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            t = moment / weight
        return np.where(weight > 0, t, self.grid.time_centers)

    # ------------------------------------------------------------------
    # input checks for the methods
    def _fields(self, b):
        return check_grid("b", b, lower=0.0)

    def _taus(self, tau_phi):
        return check_grid("tau_phi", tau_phi, lower=0.0, lower_open=True,
                          upper=self.params["tau_phi_max"])

    # ------------------------------------------------------------------
    # the weak-localization correction
    def _loop_block_sums(self, b, tau_phi, term, direction=0):
        """Per-block -4 pi D sum_loops w (1 + e1.en) e^(-T/tau_phi) cos(bA)."""
        check_choice("term", term, TERMS)
        d = self._direction(direction)
        args = (self._t_eff(d), self.grid, b, tau_phi, d)
        sums = np.zeros((self.n_blocks, tau_phi.size, b.size))
        if term in ("total", "backscattering"):
            sums += loop_sums(self.hist_a[:, d], self.over_a[:, d], *args)
        if term in ("total", "nonbackscattering"):
            sums += loop_sums(self.hist_b[:, d], self.over_b[:, d], *args)
        return -4.0 * np.pi * self.diffusion * sums

    def delta_sigma(self, b=0.0, tau_phi=None, term="total", direction=0):
        """Weak-localization correction to the conductivity.

        delta_sigma / G0 = -sum_loops (1 + e_1 . e_n) exp(-T / tau_phi)
        cos(b A) (2 pi l^2 x return density), the exact loop sum of
        PHYSICS.md section 7 (Wittmann & Schmid 1987; Dmitriev, Gornyi &
        Kachorovskii 1997).

        Parameters
        ----------
        b : float or array_like
            Fields B / B_tr (>= 0).
        tau_phi : float or array_like, optional
            Phase-coherence times in units of tau, 0 < tau_phi <=
            ``params["tau_phi_max"]``; default: the run's ``tau_phi`` grid.
        term : {"total", "backscattering", "nonbackscattering"}
            ``"backscattering"`` is the diffusive (Chakravarty-Schmid) loop
            sum; ``"nonbackscattering"`` the positive e_1 . e_n term.  The
            exact weights are derived for 2D (PHYSICS.md section 7); in 1D
            and 3D the same diagrams give the same weight 1 + e_1 . e_n
            (the current vertices average as <n_i n'_i> = n . n' / d in any
            d), checked against the momentum-space sums of
            :mod:`pathsim.theory_nd`.  With walls, the diffusive laws refer
            to the backscattering term.
        direction : int or (x, y, z)
            Field direction (3D): an index into :attr:`directions` or a
            vector parallel to one of them.

        Returns
        -------
        value, stderr : ndarray, shape (n_tau, n_b)
            In units of G0 = e^2 / (pi h) per l^(d-2) (multiply by
            :attr:`cross_section` for a film's sheet or a wire's 1D value);
            scalar axes are dropped.  In 3D only differences between two
            tau_phi or fields are universal: the loop sum of point
            scatterers diverges logarithmically at short loops, and the
            detector radius cuts it off.
        """
        if tau_phi is None:
            tau_phi = self.params["tau_phi"]
        b, b_scalar = self._fields(b)
        tau_phi, tau_scalar = self._taus(tau_phi)
        value, err = self._per_walker(self._loop_block_sums(b, tau_phi, term, direction))
        return _outer(value, tau_scalar, b_scalar), _outer(err, tau_scalar, b_scalar)

    def magnetoconductance(self, b, tau_phi=None, term="total", direction=0):
        """delta_sigma(b) - delta_sigma(0) in G0, with errors of the difference.

        Both terms come from the same walkers, so the difference is far more
        precise than either correction.  Compare with HLN
        (:func:`pathsim.theory.hln`) against B / B_phi = b * tau_phi (2D).
        ``direction`` as in :meth:`delta_sigma`.
        """
        if tau_phi is None:
            tau_phi = self.params["tau_phi"]
        b, b_scalar = self._fields(b)
        tau_phi, tau_scalar = self._taus(tau_phi)
        with_zero = np.concatenate((b, [0.0]))
        sums = self._loop_block_sums(with_zero, tau_phi, term, direction)
        diff = sums[:, :, :-1] - sums[:, :, -1:]
        value, err = self._per_walker(diff)
        return _outer(value, tau_scalar, b_scalar), _outer(err, tau_scalar, b_scalar)

    def ln_slope(self, tau_phi=None, b=0.0, term="total"):
        """Least-squares slope of delta_sigma against ln(tau_phi), in G0.

        The 2D diffusive theory predicts exactly -1 (PHYSICS.md section 5).
        """
        if tau_phi is None:
            tau_phi = self.params["tau_phi"]
        tau_phi, _ = self._taus(tau_phi)
        return self.slope("ln_tau_phi", tau_phi, b=b, term=term)

    SLOPE_VARIABLES = ("ln_tau_phi", "L_phi", "inverse_L_phi")

    def slope(self, variable, tau_phi=None, b=0.0, term="total", direction=0):
        """Least-squares slope of delta_sigma against a function of tau_phi.

        Parameters
        ----------
        variable : {"ln_tau_phi", "L_phi", "inverse_L_phi"}
            ln(tau_phi / tau), L_phi = sqrt(D tau_phi) or 1 / L_phi, with D
            the diffusion constant along the unconfined axes
            (:meth:`diffusion_constant` of the model: :attr:`diffusion`).
            The diffusive laws (PHYSICS.md section 5): -1 against ln
            tau_phi in 2D (G0), +1 against 1 / L_phi in 3D (G0 / l), and
            -2 pi against L_phi for delta_sigma * :attr:`cross_section` in
            1D and in wires (G0 l; this method does not multiply).
        tau_phi : array_like
            At least two values.
        b, term, direction
            As in :meth:`delta_sigma`.

        Returns
        -------
        value, stderr : float
            The slope and its batch-means error; every point comes from the
            same walkers, so correlations between them are included.
        """
        check_choice("variable", variable, self.SLOPE_VARIABLES)
        if tau_phi is None:
            tau_phi = self.params["tau_phi"]
        tau_phi, _ = self._taus(tau_phi)
        if tau_phi.size < 2:
            raise ValueError("tau_phi must have at least two values for a slope")
        b = check_real("b", b, lower=0.0)
        L_phi = np.sqrt(self.diffusion * tau_phi)
        x = {"ln_tau_phi": np.log(tau_phi), "L_phi": L_phi,
             "inverse_L_phi": 1.0 / L_phi}[variable]
        coef = (x - x.mean()) / ((x - x.mean()) ** 2).sum()
        sums = self._loop_block_sums(np.array([b]), tau_phi, term, direction)[:, :, 0]
        value, err = self._per_walker(sums @ coef)
        return float(value), float(err)

    # ------------------------------------------------------------------
    # classical return probability and loop areas
    def _time_bins(self, bins_per_decade):
        """Group the tally's rows into coarser time bins below the cut-off.

        Returns ``(group, edges)``: rows 1 .. group * n merged in runs of
        ``group``, and the n + 1 edges of the merged bins.
        """
        own = self.grid.bins_per_decade
        per_decade = own if bins_per_decade is None else bins_per_decade
        if (isinstance(per_decade, bool) or not isinstance(per_decade, int)
                or per_decade < 1 or own % per_decade):
            raise ValueError(f"bins_per_decade must be a divisor of {own} "
                             f"(got {bins_per_decade!r})")
        group = own // per_decade
        edges = self.grid.time_edges[1::group][: (self.grid.n_time - 1) // group + 1]
        n_bins = int(np.sum(edges[1:] <= self.params["t_cut"]))
        return group, edges[: n_bins + 1]

    @staticmethod
    def _merge_rows(values, group, n_bins):
        """Sum runs of ``group`` rows (last axis, starting at row 1)."""
        values = values[..., 1: 1 + n_bins * group]
        return values.reshape(values.shape[:-1] + (n_bins, group)).sum(axis=-1)

    def return_density(self, single_scattering=True, bins_per_decade=None):
        """Return-probability density W(t) at the origin (units 1/(l^2 v tau)).

        The tally holds returns after two or more scatterings (the loops);
        with ``single_scattering`` the exact density of returning after one
        scattering, exp(-t) / (2 pi t) in 2D, is added, averaged over each bin.
        The first row (t < t_min) and bins reaching past the cut-off are
        omitted.

        Parameters
        ----------
        single_scattering : bool
            Add the single-scattering returns (2D only).
        bins_per_decade : int, optional
            Coarser time bins (a divisor of the tally's ``bins_per_decade``);
            each bin then holds more returns, so its error is smaller and
            closer to Gaussian.  Default: the tally's own rows.

        Returns
        -------
        t, value, stderr : ndarray
            Geometric bin centres (tau) and the bin-averaged density.
        """
        from scipy.special import exp1

        group, edges = self._time_bins(bins_per_decade)
        rows = self._merge_rows(self.hist_a[:, 0].sum(axis=2) + self.over_a[:, 0], group,
                                edges.size - 1)
        width = np.diff(edges)
        value, err = self._per_walker(rows / width)
        if single_scattering:
            p = self.params
            if p["dim"] != 2 or p["geometry"] != "bulk" or p["mean_cosine"] != 0.0:
                raise ValueError("single_scattering is only known in closed form "
                                 "for the unbounded 2D walk with isotropic scattering")
            value = value + (exp1(edges[:-1]) - exp1(edges[1:])) / (2 * np.pi * width)
        return np.sqrt(edges[:-1] * edges[1:]), value, err

    def mean_cos(self, b, bins_per_decade=None, direction=0):
        """<cos(b A)>_t over loops returning in each time bin.

        Parameters
        ----------
        b : float or array_like
            Fields B / B_tr.
        bins_per_decade : int, optional
            Coarser time bins, as in :meth:`return_density`.
        direction : int or (x, y, z)
            Field direction, as in :meth:`delta_sigma`.

        Returns
        -------
        t : ndarray, shape (n_bins,)
            Geometric bin centres (tau).
        value, stderr : ndarray, shape (n_b, n_bins) (scalar b: (n_bins,))
            NaN in bins with no loops.  Compare with Levy's law
            (:func:`pathsim.theory.levy_cos`) at diffusive times.
        """
        b, b_scalar = self._fields(b)
        d = self._direction(direction)
        group, edges = self._time_bins(bins_per_decade)
        n_bins = edges.size - 1
        hist, over = self.hist_a[:, d], self.over_a[:, d]
        num = self._merge_rows(row_cos_sums(hist, over, self.grid, b, d), group, n_bins)
        den = self._merge_rows(hist.sum(axis=2) + over, group, n_bins)
        value, err = stats.ratio(num, np.broadcast_to(den[:, None, :], num.shape))
        if b_scalar:
            value, err = value[0], err[0]
        return np.sqrt(edges[:-1] * edges[1:]), value, err

    def dephasing_rate(self, b, t_min, t_max, direction=0, bins_per_decade=16):
        """Magnetic dephasing rate 1 / tau_B from the decay of <cos(b A)>_t.

        Where the projected loop area is a sum of many independent pieces
        (films in a parallel field, wires, loops much longer than the time
        to cross the confinement), <cos(b A)>_t = exp(-c - t / tau_B): the
        least-squares slope of -ln <cos(b A)>_t against t over the bins
        with t_min <= t <= t_max is 1 / tau_B, free of the offset c from the
        loops' start (compare :func:`pathsim.theory_nd.tau_b_film`,
        :func:`~pathsim.theory_nd.tau_b_wire`,
        :func:`~pathsim.theory_nd.tau_b_ballistic_wire`).

        Returns
        -------
        rate, stderr : float
            In 1 / tau; the error is the delta-method batch-means error of
            the slope, with the correlations between bins included.
        """
        b = check_real("b", b, lower=0.0, lower_open=True)
        t_min = check_real("t_min", t_min, lower=0.0, lower_open=True)
        t_max = check_real("t_max", t_max, lower=t_min, lower_open=True)
        d = self._direction(direction)
        group, edges = self._time_bins(bins_per_decade)
        n_bins = edges.size - 1
        hist, over = self.hist_a[:, d], self.over_a[:, d]
        num = self._merge_rows(row_cos_sums(hist, over, self.grid, np.array([b]), d)[:, 0],
                               group, n_bins)
        den = self._merge_rows(hist.sum(axis=2) + over, group, n_bins)
        t = np.sqrt(edges[:-1] * edges[1:])
        use = (t >= t_min) & (t <= t_max)
        if use.sum() < 2:
            raise ValueError(f"t_min, t_max must span at least two time bins below the "
                             f"cut-off (got {t_min}, {t_max})")
        num, den, t = num[:, use], den[:, use], t[use]
        mean_cos = num.sum(axis=0) / den.sum(axis=0)
        if np.any(mean_cos <= 0):
            raise ValueError(f"b = {b} dephases the loops completely in this time range "
                             "(<cos(b A)> <= 0): choose a weaker field or shorter times")
        coef = (t - t.mean()) / ((t - t.mean()) ** 2).sum()
        rate = float(coef @ -np.log(mean_cos))
        # delta method: d(-ln R_i) = -dR_i / R_i, dR_i per block as in stats.ratio
        resid = (num - mean_cos * den) / den.sum(axis=0)
        k = self.n_blocks
        err = float(np.sqrt(k / (k - 1) * np.sum(((resid / mean_cos) @ coef) ** 2)))
        return rate, err

    def return_ratio(self, b, bins_per_decade=None, direction=0):
        """Coherent / classical return probability 1 + <cos(b A)>_t per time bin.

        The pair of time-reversed twins returns with probability
        2|a|^2 (1 + cos(b A)) against the classical 2|a|^2: the ratio is 2 at
        B = 0 and falls to 1 when b A >> 1 (PHYSICS.md section 3).  Arguments
        and shapes as in :meth:`mean_cos`.
        """
        t, value, err = self.mean_cos(b, bins_per_decade, direction)
        return t, 1.0 + value, err

    def coherent_enhancement(self, b, tau_phi=None, direction=0):
        """Time-integrated coherent / classical return ratio with dephasing.

        sum_loops w e^(-T/tau_phi) (1 + cos bA) / sum_loops w e^(-T/tau_phi):
        2 at b = 0, -> 1 for B >> B_phi.  Shape (n_tau, n_b).
        """
        if tau_phi is None:
            tau_phi = self.params["tau_phi"]
        b, b_scalar = self._fields(b)
        tau_phi, tau_scalar = self._taus(tau_phi)
        d = self._direction(direction)
        args = (self.hist_a[:, d], self.over_a[:, d], self._t_eff(d), self.grid)
        num = loop_sums(*args, b, tau_phi, d)
        den = loop_sums(*args, np.zeros(1), tau_phi, d)
        value, err = stats.ratio(num, np.broadcast_to(den, num.shape))
        return (_outer(1.0 + value, tau_scalar, b_scalar),
                _outer(err, tau_scalar, b_scalar))

    def area_distribution(self, t, group=1, direction=0):
        """Distribution of the signed area of loops returning at time t.

        Parameters
        ----------
        t : float
            Return time (units tau); the row containing it is used.
        group : int
            Merge this many neighbouring area bins (a divisor of the tally's
            ``area_bins``) for smaller, closer-to-Gaussian errors.
        direction : int or (x, y, z)
            Field direction of the projected area n . A (3D).

        Returns
        -------
        area, density, stderr : ndarray
            Bin centres A >= 0 (units l^2) and the probability density of the
            signed area there (symmetric: p(-A) = p(A)); loops in the overflow
            column count in the normalisation.  Compare with
            :func:`pathsim.theory.levy_area_density`.
        (t_lo, t_hi) : tuple
            Edges of the row used.
        """
        t = check_real("t", t, lower=0.0, lower_open=True)
        n_area = self.grid.area_bins
        if isinstance(group, bool) or not isinstance(group, int) or group < 1 \
                or n_area % group:
            raise ValueError(f"group must be a divisor of {n_area} (got {group!r})")
        d = self._direction(direction)
        row = int(self.grid.row_of(t))
        tally = self.hist_a[:, d, row, :]
        hist = tally.reshape(self.n_blocks, n_area // group, group).sum(axis=2)
        total = tally.sum(axis=1) + self.over_a[:, d, row]
        width = self.grid.area_width[d, row] * group
        density, err = stats.ratio(hist / (2.0 * width),
                                   np.broadcast_to(total[:, None], hist.shape))
        centers = (np.arange(n_area // group) + 0.5) * width
        edges = self.grid.time_edges
        return centers, density, err, (edges[row], edges[row + 1])

    def overflow_fraction(self):
        """Fraction of the loop weight beyond the area range (bounds the binning
        loss), over all field directions (each holds every loop once)."""
        total = self.hist_a.sum() + self.over_a.sum()
        return float(self.over_a.sum() / total) if total > 0 else 0.0

    # ------------------------------------------------------------------
    # diffusion
    def mean_square_displacement(self):
        """<r^2(t)> at the run's check times.

        Returns
        -------
        t, value, stderr : ndarray
            Times in tau, <r^2> in l^2.
        """
        value, err = self._per_walker(self.msd)
        return np.asarray(self.params["msd_times"]), value, err

    def diffusion_constant(self, t_min=10.0):
        """D from a straight-line fit of <r^2(t)> = 2 d' D t + c for t >= t_min.

        d' is the number of unconfined axes (d in bulk, 2 in a film, 1 in a
        wire).  Units l^2 / tau; the bulk value is v^2 tau_tr / d with
        tau_tr = tau / (1 - g) (PHYSICS.md section 2).
        """
        t_min = check_real("t_min", t_min, lower=0.0)
        t = np.asarray(self.params["msd_times"])
        use = t >= t_min
        if use.sum() < 2:
            raise ValueError(f"t_min must leave at least two check times (got {t_min})")
        x = t[use]
        coef = (x - x.mean()) / ((x - x.mean()) ** 2).sum()
        slope = self.msd[:, use] @ coef
        value, err = self._per_walker(slope / (2.0 * self.free_axes))
        return float(value), float(err)

    # ------------------------------------------------------------------
    # combining and storing
    def merge(self, other):
        """Combine with a run of the same parameters and another seed.

        The blocks of both runs are kept side by side, so the merged errors
        are batch means over all blocks.
        """
        for key in _MERGE_KEYS:
            if self.params[key] != other.params[key]:
                raise ValueError(f"cannot merge results with different {key} "
                                 f"({self.params[key]!r} vs {other.params[key]!r})")
        seeds = list(self.params["seeds"]) + list(other.params["seeds"])
        if len(set(seeds)) != len(seeds):
            raise ValueError(f"cannot merge results that share a seed ({seeds}): "
                             "their walkers are the same, not independent")
        params = dict(self.params, seeds=seeds, seed=seeds[0],
                      walkers=self.n_walkers + other.n_walkers,
                      blocks=self.n_blocks + other.n_blocks)
        arrays = {name: np.concatenate((getattr(self, name), getattr(other, name)))
                  for name in _ARRAYS}
        return SimulationResult(params, wall_time=self.wall_time + other.wall_time,
                                **arrays)

    def save(self, path):
        """Write the tallies and metadata to a compressed ``.npz``, atomically.

        The file holds the raw per-block accumulators and, under ``meta``, a
        JSON record: pathsim version, every run parameter (seed included),
        walker and scattering-event counts, wall time and the date.  It
        appears under its final name only once completely written.
        """
        path = os.fspath(path)
        meta = dict(pathsim_version=__version__, params=self.params,
                    walkers=self.n_walkers, events=self.n_events,
                    wall_time=self.wall_time,
                    saved=datetime.now(timezone.utc).isoformat(timespec="seconds"))
        atomic_write(path, lambda handle: np.savez_compressed(
            handle, meta=json.dumps(meta),
            **{name: getattr(self, name) for name in _ARRAYS}))
        return path

    def to_csv(self, folder):
        """Write every curve as CSV files into ``folder`` (see
        :func:`pathsim.export.write_csv`); returns the paths."""
        from .export import write_csv
        return write_csv(self, folder)

    def to_dict(self):
        """The headline results as plain Python data, every value with its
        standard error (the keys of ``pathsim run --format json``)."""
        from .export import summary_dict
        return summary_dict(self)

    @classmethod
    def load(cls, path):
        """Read a result written by :meth:`save`."""
        with np.load(os.fspath(path), allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            arrays = {name: data[name] for name in _ARRAYS}
        return cls(meta["params"], wall_time=meta["wall_time"], **arrays)

    # ------------------------------------------------------------------
    def summary(self):
        """A short table of the headline numbers, with standard errors."""
        p = self.params
        tau = np.asarray(p["tau_phi"])
        plain = p["dim"] == 2 and p["geometry"] == "bulk" and p["mean_cosine"] == 0.0
        if not plain:
            return self._summary_nd(tau)
        ds, err = self.delta_sigma(0.0, tau)
        lines = [
            f"pathsim {p['version']}: {self.describe()}, "
            f"{self.n_walkers:,} walkers, {self.n_events:,} scattering events, "
            f"{self.wall_time:.1f} s ({self.steps_per_second:.3g} steps/s)",
            f"seed {p['seed']}, tau_phi_max {p['tau_phi_max']:g} tau, "
            f"walks cut at t = {p['t_cut']:g} tau",
            "",
            f"{'tau_phi/tau':>12} {'B_phi/B_tr':>11} {'delta_sigma(B=0) / G0':>26}"
            f"{'exact 2D theory':>17}",
        ]
        exact = exact_2d(0.0, tau) if p["dim"] == 2 else np.full(tau.shape, np.nan)
        for t, v, e, x in zip(tau, np.atleast_1d(ds), np.atleast_1d(err), np.atleast_1d(exact)):
            lines.append(f"{t:12.4g} {1.0 / t:11.4g} {v:17.4f} +- {e:.4f} {x:16.4f}")
        if tau.size >= 2 and p["dim"] == 2:
            s, se = self.ln_slope(tau)
            exact = np.polyfit(np.log(tau), exact_2d(0.0, tau), 1)[0]
            lines.append(f"slope d(delta_sigma)/d ln(tau_phi) = {s:.4f} +- {se:.4f} G0 "
                         f"(exact 2D theory {exact:.4f}; diffusive limit -1)")
        ratio, ratio_err = self.coherent_enhancement(0.0, tau.max())
        lines.append(f"coherent / classical return ratio at B = 0: {ratio:.4f} +- "
                     f"{ratio_err:.4f} (twins in phase: 2)")
        d, de = self.diffusion_constant(min(10.0, 0.1 * p["t_cut"]))
        lines.append(f"D = {d:.4f} +- {de:.4f} l v (theory 1/{p['dim']})")
        return "\n".join(lines)

    def describe(self):
        """One line naming the medium: dimension, geometry, walls, g."""
        p = self.params
        if p["medium"] == "frozen":
            f = p["field"]
            kind = ("point scatterers" if f["kind"] == "point" else
                    f"hard {'disks' if p['dim'] == 2 else 'spheres'}, {f['reflection']}")
            return (f"{p['dim']}D frozen field of {kind}, a = {f['radius']:.4g} l, "
                    f"n a^{p['dim']} = {f['dilution']:.3g}")
        text = f"{p['dim']}D Poisson walk"
        if p["mean_cosine"]:
            text += f", HG scattering g = {p['mean_cosine']:g}"
        if p["geometry"] != "bulk":
            sizes = " x ".join(f"{w:g}" for w in p["widths"] if w is not None)
            text += f", {p['geometry']} {sizes} l, {p['walls']} walls"
        return text

    def _summary_nd(self, tau):
        """Summary for dimensions and geometries without a closed-form theory
        of the absolute value: differences and the diffusive law's slope."""
        p = self.params
        per = self.cross_section
        unit = {0: "G0", 1: "G0 l", -1: "G0 / l"}[
            2 - p["dim"] + sum(1 for w in p["widths"] if w is not None)]
        lines = [
            f"pathsim {p['version']}: {self.describe()}, {self.n_walkers:,} walkers, "
            f"{self.n_events:,} events, {self.wall_time:.1f} s "
            f"({self.steps_per_second:.3g} steps/s)",
            f"seed {p['seed']}, tau_phi_max {p['tau_phi_max']:g} tau, "
            f"walks cut at t = {p['t_cut']:g} tau",
            "",
            f"{'tau_phi/tau':>12} {'L_phi/l':>9} {'delta_sigma(B=0) - value at tau_phi_max':>42}",
        ]
        blocks = self._loop_block_sums(np.zeros(1), tau, "total")[:, :, 0]
        value, err = self._per_walker(blocks - blocks[:, -1:])
        for t, v, e in zip(tau, value * per, err * per):
            lines.append(f"{t:12.4g} {np.sqrt(self.diffusion * t):9.3g} "
                         f"{v:29.4f} +- {e:.4f} {unit}")
        # the diffusive law of the effective dimension (unconfined axes)
        law = {1: ("L_phi", -2 * np.pi), 2: ("ln_tau_phi", -1.0),
               3: ("inverse_L_phi", 1.0)}[self.free_axes]
        if tau.size >= 2:
            s, se = self.slope(law[0], tau)
            lines.append(f"slope of delta_sigma{' x cross-section' if per != 1 else ''} "
                         f"against {law[0]}: {s * per:.4f} +- {se * per:.4f} "
                         f"(diffusive law {law[1]:.4f})")
        d, de = self.diffusion_constant(min(10.0, 0.1 * p["t_cut"]))
        lines.append(f"D along the free axes = {d:.4f} +- {de:.4f} l v "
                     f"(bulk {self.diffusion:.4f})")
        return "\n".join(lines)

    def __repr__(self):
        return (f"<SimulationResult {self.describe()}, {self.n_walkers} walkers, "
                f"{self.n_blocks} blocks, seed {self.params['seed']}>")


def load(path):
    """Load a saved :class:`SimulationResult`."""
    return SimulationResult.load(path)
