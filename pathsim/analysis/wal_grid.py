"""pathsim's own simulation as the weak-antilocalization model of a fit: a
precomputed grid over the spin-orbit field B_so and B_phi, interpolated,
with its Monte Carlo error carried into the fitted parameters.

:func:`build_wal_grid` walks once (:func:`pathsim.simulate` with several
spin settings on the same walkers, one per B_so): the loop tallies give the
magnetoconductance at every tau_phi up to the largest and at every field, so
one run fills the whole (B_so, B_phi, b) grid.  It keeps the per-block sums,
so the grid's Monte Carlo noise stays known.  Units: fields in B_tr =
hbar / (2 e l^2) (the 2D walk: B_phi / B_tr = tau / tau_phi; B_so / B_tr =
theta^2 / 2 for a linear D'yakonov-Perel term theta per l, the ILP
convention of :func:`pathsim.theory.spin.ilp`, or tau / tau_so for
Elliott-Yafet, the HLN-SO convention), conductivities in e2pih = e^2 / (pi h).

The model (:class:`WALGrid`) interpolates cubically in ln b along the
field grid, then with bicubic splines in (ln B_so, ln B_phi).  The fit
(:func:`fit_wal_grid`) carries the grid's error by a delete-one jackknife
over its blocks of walkers: each block left out gives another grid, the
data are refitted with it, and the spread of those fits is the grid's share
of each parameter's variance, added to the data's share (the weighted
least-squares covariance).  Adding the grid's variance to the residual
weights instead would treat it as independent from field to field, but all
fields, tau_phi and B_so of the grid come from the same walkers, so its
errors are strongly correlated; the jackknife keeps the correlations.
"""
import numpy as np

from .._validate import check_choice, check_grid, check_instance, check_int
from ._shared import jackknife_err, zero_subtracted_block_sums
from .blocks import BlockGrid

#: spin-orbit models of a grid -> the spin key it sets from B_so (B_tr)
KINDS = {"rashba": lambda x: np.sqrt(2.0 * x), "dresselhaus": lambda x: np.sqrt(2.0 * x),
         "tau_so": lambda x: 1.0 / x}


class WALGrid:
    """The simulated magnetoconductance delta_sigma(b) - delta_sigma(0)
    (e2pih) over (B_so, B_phi, b), as per-block sums in a
    :class:`~pathsim.analysis.blocks.BlockGrid` (table ``"mc"``); ``kind``
    names the spin-orbit model (:data:`KINDS`), ``params`` the run."""

    def __init__(self, kind, b_so, b_phi, b, sums, walkers, params):
        check_choice("kind", kind, tuple(KINDS))
        self.kind, self.params = kind, params
        self.blocks = BlockGrid(dict(b_so=b_so, b_phi=b_phi, b=b),
                                dict(mc=(("b_so", "b_phi", "b"), sums)), walkers, "wal-grid",
                                dict(spin_model=kind, params=params))
        self.b_so, self.b_phi, self.b = (self.blocks.axes[n] for n in ("b_so", "b_phi", "b"))

    @property
    def sums(self):
        return self.blocks.sums("mc")

    @property
    def walkers(self):
        return self.blocks.walkers

    def mean(self, drop=None):
        """The grid's magnetoconductance (n_so, n_phi, n_b), e2pih; ``drop``:
        a block left out (the jackknife)."""
        return self.blocks.mean("mc", drop)

    def stderr(self):
        """Jackknife standard error of :meth:`mean`."""
        return self.blocks.stderr("mc")

    def model(self, b, drop=None):
        """A callable (B_phi, B_so) -> delta_sigma at the fields ``b``
        (B_tr; inside the grid's field range), interpolated from
        :meth:`mean`."""
        from scipy import interpolate

        b = np.asarray(b, dtype=float)
        if np.any(b < self.b[0]) or np.any(b > self.b[-1]):
            raise ValueError(f"field must lie within the grid's {self.b[0]:.4g} .. "
                             f"{self.b[-1]:.4g} B_tr (got {b.min():.4g} .. {b.max():.4g})")
        along_b = interpolate.CubicSpline(np.log(self.b), self.mean(drop), axis=2)
        at_b = np.where(b[None, None, :] > 0, along_b(np.log(np.where(b > 0, b, 1.0))), 0.0)
        x, y = np.log(self.b_so), np.log(self.b_phi)
        kx, ky = min(3, x.size - 1), min(3, y.size - 1)
        splines = [interpolate.RectBivariateSpline(x, y, at_b[:, :, i], kx=kx, ky=ky)
                   for i in range(b.size)]

        def curve(B_phi, B_so):
            u, v = np.log(B_so), np.log(B_phi)
            return np.array([float(s(u, v)[0, 0]) for s in splines])
        return curve

    def save(self, path):
        """Write the grid as a compressed ``.npz`` (atomically)."""
        return self.blocks.save(path)

    @classmethod
    def load(cls, path):
        """Read a grid written by :meth:`save`; ValueError naming the file
        if it is not one (missing, empty, corrupt, mis-shaped)."""
        grid = BlockGrid.read(path, "wal-grid", "WAL grid")
        meta = grid.meta
        if meta.get("spin_model") not in KINDS:
            raise ValueError(f"cannot read {path} as a WAL grid: unknown spin model "
                             f"{meta.get('spin_model')!r}")
        return cls(meta["spin_model"], grid.axes["b_so"], grid.axes["b_phi"], grid.axes["b"],
                   grid.sums("mc"), grid.walkers, meta.get("params", {}))

    def __repr__(self):
        return (f"<WALGrid {self.kind}: {self.b_so.size} B_so x {self.b_phi.size} B_phi x "
                f"{self.b.size} fields, {int(self.walkers.sum())} walkers>")


def build_wal_grid(b_so, b_phi, walkers, kind="rashba", b=None, seed=0, blocks=16,
                   truncation=10.0, progress=None, **run_kwargs):
    """Simulate the (B_so, B_phi, b) grid of :class:`WALGrid` in one run.

    Parameters
    ----------
    b_so : array_like
        Spin-orbit fields (B_tr), > 0, increasing: one spin setting each
        (:data:`KINDS`: Rashba or linear Dresselhaus theta = sqrt(2 B_so),
        or Elliott-Yafet tau_so = 1 / B_so, which needs B_so <= 0.93).
    b_phi : array_like
        Dephasing fields (B_tr), > 0, increasing: tau_phi = 1 / B_phi,
        all from the one walk up to the largest tau_phi.
    walkers : int
    kind : {"rashba", "dresselhaus", "tau_so"}
    b : array_like, optional
        Fields of the grid (B_tr), increasing, > 0 (default 48 log-spaced
        from B_phi_min / 20 to min(1, 50 B_phi_max)).
    seed, blocks, truncation, progress, **run_kwargs
        As :func:`pathsim.simulate` (2D; e.g. ``mean_cosine``).

    Returns
    -------
    WALGrid
        delta_sigma(b) - delta_sigma(0) in e2pih over (B_so, B_phi, b), as
        per-block sums (``blocks`` blocks of walkers).
    """
    from ..run import simulate

    check_choice("kind", kind, tuple(KINDS))
    walkers = check_int("walkers", walkers, 2)
    b_so, _ = check_grid("b_so", b_so, lower=0.0, lower_open=True)
    b_phi, _ = check_grid("b_phi", b_phi, lower=0.0, lower_open=True)
    for name, arr in (("b_so", b_so), ("b_phi", b_phi)):
        if np.any(np.diff(arr) <= 0):
            raise ValueError(f"{name} must increase (got {arr.tolist()})")
    if b is None:
        b = np.geomspace(b_phi[0] / 20.0, min(1.0, 50.0 * b_phi[-1]), 48)
    b, _ = check_grid("b", b, lower=0.0, lower_open=True)
    if b.size < 4 or np.any(np.diff(b) <= 0):
        raise ValueError(f"b must be at least 4 increasing fields (got {b.tolist()})")
    settings = [{kind: float(KINDS[kind](x))} for x in b_so]
    tau = 1.0 / b_phi
    run = simulate(walkers, spin=settings, seed=seed, blocks=blocks, truncation=truncation,
                   tau_phi_max=float(tau.max()), tau_phi=tau.tolist(), progress=progress,
                   **run_kwargs)
    sums = np.stack([zero_subtracted_block_sums(part, b, tau)[0]
                     for part in run.spin_results()], axis=1)     # (K, n_so, n_phi, n_b)
    params = dict(seed=run.params["seed"], walkers=walkers, blocks=blocks,
                  truncation=truncation, description=run.params["description"],
                  spin=run.params["spin"], **{k: v for k, v in run_kwargs.items()})
    return WALGrid(kind, b_so, b_phi, b, sums, run.walkers, params)


def fit_wal_grid(field, dsigma, err, grid, start=None):
    """Fit (B_phi, B_so) to a magnetoconductance with the grid's model
    (module docstring).

    Parameters
    ----------
    field : ndarray
        Fields in B_tr, > 0, inside the grid's field range.
    dsigma : ndarray
        delta_sigma(b) - delta_sigma(0) in e2pih = e^2/(pi h).
    err : ndarray or None
        Standard errors of ``dsigma`` (e2pih); None: unit weights, the
        covariance scaled by the reduced chi^2.
    grid : WALGrid
        The simulated model (:func:`build_wal_grid`).
    start : (float, float), optional
        Starting (B_phi, B_so) in B_tr (default: the best grid node).

    Returns
    -------
    values : ndarray
        The fitted (B_phi, B_so) in B_tr.
    data_err : ndarray
        Their standard errors from the data (least-squares covariance).
    grid_err : ndarray
        Their standard errors from the grid's Monte Carlo noise (delete-one
        jackknife over its blocks), to be added in quadrature.
    chi2 : float
        The chi^2 of the fit (the weighted sum of squared residuals).
    """
    from scipy import interpolate, optimize

    check_instance("grid", grid, WALGrid, " (build_wal_grid or WALGrid.load)")
    field, _ = check_grid("field", field, lower=0.0, lower_open=True)
    dsigma, _ = check_grid("dsigma", dsigma)
    if dsigma.size != field.size:
        raise ValueError(f"dsigma has {dsigma.size} values, field has {field.size}")
    if err is not None:
        err, _ = check_grid("err", err, lower=0.0, lower_open=True)
        if err.size != field.size:
            raise ValueError(f"err has {err.size} values, field has {field.size}")
    if start is not None:
        start, _ = check_grid("start", start, lower=0.0, lower_open=True)
        if start.size != 2:
            raise ValueError(f"start must be (B_phi, B_so) (got {start.size} values)")
    w = np.ones_like(field) if err is None else 1.0 / err
    lo = np.log([grid.b_phi[0], grid.b_so[0]])
    hi = np.log([grid.b_phi[-1], grid.b_so[-1]])

    def solve(curve, x0):
        res = optimize.least_squares(lambda p: (curve(*np.exp(p)) - dsigma) * w, x0,
                                     bounds=(lo, hi), x_scale=1.0, xtol=1e-12, ftol=1e-12)
        return res

    curve = grid.model(field)
    if start is None:      # the best grid node
        nodes = grid.mean()
        along = interpolate.CubicSpline(np.log(grid.b), nodes, axis=2)(np.log(field))
        cost = (((along - dsigma) * w) ** 2).sum(axis=2)
        i, j = np.unravel_index(np.argmin(cost), cost.shape)
        x0 = np.array([np.log(grid.b_phi[j]), np.log(grid.b_so[i])])
    else:
        x0 = np.log(np.asarray(start, dtype=float))
    x0 = np.clip(x0, lo + 1e-9, hi - 1e-9)
    best = solve(curve, x0)
    chi2 = float(np.sum(best.fun ** 2))
    cov = np.linalg.pinv(best.jac.T @ best.jac)
    if err is None:
        cov *= chi2 / max(1, field.size - 2)
    data_err = np.sqrt(np.diag(cov))
    jack = np.array([solve(grid.model(field, drop=j), best.x).x
                     for j in range(grid.walkers.size)])
    grid_err = jackknife_err(jack)
    values = np.exp(best.x)
    at_edge = (np.abs(best.x - lo) < 1e-6) | (np.abs(best.x - hi) < 1e-6)
    if np.any(at_edge):
        names = [n for n, e in zip(("B_phi", "B_so"), at_edge) if e]
        raise ValueError(f"the fit reached the edge of the grid in {' and '.join(names)}: "
                         "build a grid that covers the data")
    return values, values * data_err, values * grid_err, chi2
