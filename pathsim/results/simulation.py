"""The result of a run: raw per-block tallies, merge, save and load, and physics
methods that are thin wrappers over :mod:`.observables` and :mod:`.distributions`.
Observables are pairs ``(value, stderr)``, batch means over blocks (:mod:`.stats`);
lengths in l, times in tau, fields b = B / B_tr, conductivities in G0 = e^2 / (pi h).
"""
import numpy as np

from pathsim._validate import check_instance
from pathsim.results import distributions as dist, export, io, report
from pathsim.results import observables as obs, open_sample
from pathsim.results.grid import LoopGrid
from pathsim.results.spin import split_spin

class SimulationResult:
    """Per-block tallies of a run, with physics methods.

    Attributes
    ----------
    params : dict
        Every parameter of the run (seed, grids, cut-offs, estimator), and
        ``description``, one line naming the medium.
    walkers, events : ndarray, shape (K,)
        Walkers and scattering events simulated in each block.
    hist_a, hist_b : ndarray, shape (K, n_dir, n_time, n_area)
        Loop weights (return densities, units 1/(l^d v)) binned in return
        time and |n . A| for each field direction n (every loop in each);
        ``hist_b`` carries the factor e_1 . e_n.  ``over_a``, ``over_b``
        (K, n_dir, n_time): the same beyond the area range of their row.
    tmom : ndarray, shape (K, n_dir, n_time)
        Sum of weight * return time per row (for the dephasing factor).
    msd : ndarray, shape (K, n_msd)
        Sums of r^2(t) along the unconfined axes at ``params["msd_times"]``.
    exits : ndarray, shape (K, 5)
        Open samples' exits (:class:`~pathsim._kernels.state.Tallies`).
    wall_time : float
        Seconds spent walking (summed over merged runs).
    """

    def __init__(self, params, walkers, events, hist_a, hist_b, over_a,
                 over_b, tmom, msd, wall_time, exits=None):
        self.params = io.upgrade_params(params)
        self.walkers = np.asarray(walkers, dtype=np.int64)
        self.exits = np.zeros((self.walkers.size, 5)) if exits is None else exits
        self.events = np.asarray(events, dtype=np.int64)
        tallies = dict(hist_a=hist_a, hist_b=hist_b, over_a=over_a, over_b=over_b,
                       tmom=tmom, msd=msd)
        for name, value in io.upgrade_arrays(tallies).items():   # one layout
            setattr(self, name, value)
        self.wall_time = float(wall_time)
        self.grid = LoopGrid(**self.params["grid"])

    # bookkeeping ------------------------------------------------------
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
        return dist.free_axes(self.params)

    n_blocks = property(lambda self: int(self.walkers.shape[0]))

    steps_per_second = property(lambda self: self.n_events / self.wall_time
                                if self.wall_time > 0 else float("nan"))

    @property
    def diffusion(self):
        """Diffusion constant of the bulk medium, v^2 tau_tr / d with
        tau_tr = tau / (1 - g) (units l^2 / tau).  It sets the prefactor
        4 pi D of the loop sum (the Drude conductivity of the material)."""
        return obs.diffusion(self.params)

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

    # per-block loop sums, for callers that combine them (units, fitting, figures)
    def loop_block_sums(self, b, tau_phi, term="total", direction=0):
        """Per-block loop sums (K, n_tau, n_b) at fields ``b`` >= 0 and times
        ``tau_phi`` (<= tau_phi_max; None: the run's grid); their differences
        through :meth:`per_walker` keep the walkers' correlations in the errors."""
        b, _ = obs.check_fields(b)
        tau_phi, _ = obs.check_taus(self, tau_phi)
        return obs.loop_block_sums(self, b, tau_phi, term, direction)

    def per_walker(self, block_sums):
        """(mean per walker, batch-means stderr) of per-block sums."""
        return obs.per_walker(self, block_sums)

    # ------------------------------------------------------------------
    # observables (docs/theory): thin wrappers over plain functions
    def delta_sigma(self, b=0.0, tau_phi=None, term="total", direction=0):
        """Weak-localization correction to the conductivity.

        delta_sigma / G0 = -sum_loops (1 + e_1 . e_n) exp(-T / tau_phi)
        cos(b A) (2 pi l^2 x return density), the exact loop sum of
        :ref:`theory-exact` (Wittmann & Schmid 1987; Dmitriev, Gornyi &
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
            exact weights are derived for 2D (:ref:`theory-exact-loops`); in 1D
            and 3D the same diagrams give the same weight 1 + e_1 . e_n
            (the current vertices average as <n_i n'_i> = n . n' / d in any
            d), checked against the momentum-space sums of
            :mod:`pathsim.theory`.  Walls or leads: the weight along the
            current (:ref:`theory-exact-tensor`), the diffusive laws refer
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
        return obs.delta_sigma(self, b, tau_phi, term, direction)

    def magnetoconductance(self, b, tau_phi=None, term="total", direction=0):
        """delta_sigma(b) - delta_sigma(0) in G0, with errors of the difference.

        Both terms come from the same walkers, so the difference is far more
        precise than either correction.  Compare with HLN
        (:func:`pathsim.theory.hln`) against B / B_phi = b * tau_phi (2D).
        ``direction`` as in :meth:`delta_sigma`.
        """
        return obs.magnetoconductance(self, b, tau_phi, term, direction)

    def ln_slope(self, tau_phi=None, b=0.0, term="total"):
        """Least-squares slope of delta_sigma against ln(tau_phi), in G0.

        The 2D diffusive theory predicts exactly -1 (:ref:`theory-ln-law`).
        """
        return obs.ln_slope(self, tau_phi, b, term)

    SLOPE_VARIABLES = obs.SLOPE_VARIABLES

    def slope(self, variable, tau_phi=None, b=0.0, term="total", direction=0):
        """Least-squares slope of delta_sigma against a function of tau_phi.

        Parameters
        ----------
        variable : {"ln_tau_phi", "L_phi", "inverse_L_phi"}
            ln(tau_phi / tau), L_phi = sqrt(D tau_phi) or 1 / L_phi, with D
            the diffusion constant along the unconfined axes
            (:meth:`diffusion_constant` of the model: :attr:`diffusion`).
            The diffusive laws (:ref:`theory-diffusive`): -1 against ln
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
        return obs.slope(self, variable, tau_phi, b, term, direction)

    def conductance_correction(self, b=0.0, tau_phi=None, term="total", direction=0,
                               zero_field=False):
        """Weak-localization correction to the conductance of an open sample
        (``length=``), e^2/h per spin, (value, stderr) of shape (n_tau, n_b);
        ``tau_phi`` may be inf (default), ``zero_field`` subtracts b = 0, the
        rest as in :meth:`delta_sigma` (:mod:`~pathsim.results.open_sample`)."""
        return open_sample.conductance_correction(self, b, tau_phi, term, direction,
                                                  zero_field)

    def local_correction(self, b=0.0, tau_phi=None, term="total", direction=0):
        """delta_sigma(x0) (G0) of an open sample whose walkers all started at
        x0 = ``start_x``, (value, stderr) (:func:`.open_sample.local_correction`)."""
        return open_sample.local_correction(self, b, tau_phi, term, direction)

    def transmission(self):
        """Classical transmission per channel of an open sample, (T, stderr)."""
        return open_sample.transmission(self)

    def return_density(self, single_scattering=True, bins_per_decade=None):
        """Return-probability density W(t) at the origin (units 1/(l^2 v tau)).

        The tally holds returns after two or more scatterings (the loops);
        with ``single_scattering`` the exact density of returning after one
        scattering, exp(-t) / (2 pi t) in 2D, is added, averaged over each
        bin.  The first row (t < t_min) and bins past the cut-off are omitted.

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
        return dist.return_density(self, single_scattering, bins_per_decade)

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
        return dist.mean_cos(self, b, bins_per_decade, direction)

    def dephasing_rate(self, b, t_min, t_max, direction=0, bins_per_decade=16):
        """Magnetic dephasing rate 1 / tau_B from the decay of <cos(b A)>_t.

        Where the projected loop area is a sum of many independent pieces
        (films in a parallel field, wires, loops much longer than the time
        to cross the confinement), <cos(b A)>_t = exp(-c - t / tau_B): the
        least-squares slope of -ln <cos(b A)>_t against t over the bins
        with t_min <= t <= t_max is 1 / tau_B, free of the offset c from the
        loops' start (compare :func:`pathsim.theory.tau_b_film`,
        :func:`~pathsim.theory.tau_b_wire`,
        :func:`~pathsim.theory.tau_b_ballistic_wire`).

        Returns
        -------
        rate, stderr : float
            In 1 / tau; the error is the delta-method batch-means error of
            the slope, with the correlations between bins included.
        """
        return dist.dephasing_rate(self, b, t_min, t_max, direction, bins_per_decade)

    def return_ratio(self, b, bins_per_decade=None, direction=0):
        """Coherent / classical return probability 1 + <cos(b A)>_t per time bin.

        The pair of time-reversed twins returns with probability
        2|a|^2 (1 + cos(b A)) against the classical 2|a|^2: the ratio is 2 at
        B = 0 and falls to 1 when b A >> 1 (:ref:`theory-factor-two`).  Arguments
        and shapes as in :meth:`mean_cos`.
        """
        return dist.return_ratio(self, b, bins_per_decade, direction)

    def coherent_enhancement(self, b, tau_phi=None, direction=0):
        """Time-integrated coherent / classical return ratio with dephasing.

        sum_loops w e^(-T/tau_phi) (1 + cos bA) / sum_loops w e^(-T/tau_phi):
        2 at b = 0, -> 1 for B >> B_phi.  Shape (n_tau, n_b).
        """
        return obs.coherent_enhancement(self, b, tau_phi, direction)

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
        return dist.area_distribution(self, t, group, direction)

    def overflow_fraction(self):
        """Fraction of the loop weight beyond the area range, over all directions."""
        return dist.overflow_fraction(self)

    def mean_square_displacement(self):
        """<r^2(t)> at the run's check times.

        Returns
        -------
        t, value, stderr : ndarray
            Times in tau, <r^2> in l^2.
        """
        return dist.mean_square_displacement(self)

    def diffusion_constant(self, t_min=10.0):
        """D from a straight-line fit of <r^2(t)> = 2 d' D t + c for t >= t_min.

        d' is the number of unconfined axes (d in bulk, 2 in a film, 1 in a
        wire).  Units l^2 / tau; the bulk value is v^2 tau_tr / d with
        tau_tr = tau / (1 - g) (:ref:`theory-anisotropic-scattering`).
        """
        return dist.diffusion_constant(self, t_min)

    # ------------------------------------------------------------------
    # combining and storing
    def merge(self, other):
        """Combine with a run of the same parameters and another seed.

        The blocks of both runs are kept side by side, so the merged errors
        are batch means over all blocks; ``params["seeds"]`` lists the seeds
        of every run merged.
        """
        check_instance("other", other, SimulationResult, " (pathsim.load(path) reads one)")
        params, arrays = io.merged(self, other)
        return SimulationResult(params, wall_time=self.wall_time + other.wall_time,
                                **arrays)

    def save(self, path):
        """Write the tallies and metadata to a compressed ``.npz``, atomically.

        The file holds the raw per-block accumulators and, under ``meta``, a
        JSON record: pathsim version, every run parameter (seed included),
        walker and scattering-event counts, wall time and the date.  It
        appears under its final name only once completely written.
        """
        return io.write_result(path, self.params,
                               {name: getattr(self, name) for name in io.ARRAYS},
                               self.n_walkers, self.n_events, self.wall_time)

    @classmethod
    def load(cls, path):
        """Read a result written by :meth:`save` (see :func:`load`)."""
        params, arrays, wall_time = io.read_result(path)
        return cls(params, wall_time=wall_time, **arrays)

    def to_csv(self, folder):
        """Write every curve as CSV files into ``folder`` (see
        :func:`pathsim.results.export.write_csv`); returns the paths."""
        return export.write_csv(self, folder)

    def spin_results(self):
        """One result per spin setting of a run with several (``simulate(spin=[...])``,
        :func:`pathsim.results.spin.split_spin`); ``[self]`` for any other run."""
        return split_spin(self)

    def to_dict(self):
        """The headline results as plain Python data, every value with its
        standard error (the keys of ``pathsim run --format json``)."""
        return export.summary_dict(self)

    # ------------------------------------------------------------------
    def summary(self):
        """A short table of the headline numbers, with standard errors: the
        correction at B = 0, the magnetoconductance at each field of
        ``params["b"]`` when there are few (the ``--b`` values), D."""
        return report.summary(self)

    def describe(self):
        """One line naming the medium: dimension, geometry, walls, g."""
        return report.describe(self.params)
    __repr__ = report.repr_text
