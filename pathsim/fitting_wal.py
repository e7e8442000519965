"""Fit weak antilocalization: B_phi and B_so from a magnetoconductance curve.

Two diffusive models (2D, units G0 = e^2 / (pi h), fields in the data's
unit; B_x = hbar / (4 e D tau_x) for a relaxation time tau_x):

``"hln-so"``
    (3/2) F(B / (B_phi + B_so)) - (1/2) F(B / B_phi), F(x) = psi(1/2 + 1/x)
    + ln x: Hikami, Larkin & Nagaoka (1980) with isotropic spin-orbit
    scattering, tau_so the spin relaxation time (HLN's own H_so is
    (3/4) B_so; :mod:`pathsim.theory.spin`).
``"ilp"``
    Iordanskii, Lyanda-Geller & Pikus (1994) for one linear D'yakonov-Perel
    term (Rashba or linear Dresselhaus alone), B_so = hbar / (4 e D tau_so)
    with 1 / tau_so the in-plane spin relaxation rate (Knap et al., PRB
    53, 3912 (1996)); :func:`pathsim.theory.spin.ilp`.

``"simulation"``
    pathsim's own ballistic simulation: a precomputed grid over B_so and
    B_phi, interpolated, its Monte Carlo error carried into the parameters
    by a jackknife over its blocks (:mod:`pathsim.fitting_grid`).  It also
    depends on B / B_tr, so data in tesla need ``B_tr`` (T).

The diffusive models depend on B / B_phi and B_so / B_phi only.  The errors
are those of the weighted least-squares covariance (scaled by the reduced
chi^2 when the data carry no errors), plus the grid's for "simulation".
"""
import os

import numpy as np

from .fitting import FIELD_UNITS, SIGMA_UNITS, _check_data, jackknife_fit
from ._validate import check_choice, check_real
from .theory._common import hln_of_ratio as _f

MODELS = ("hln-so", "ilp", "simulation")
# ILP is evaluated at this B_phi / B_tr, deep in the diffusive regime,
# where it depends on B / B_phi and B_so / B_phi alone
_G = 1e-4


def wal_model(field, B_phi, B_so, model="hln-so"):
    """The magnetoconductance of ``model`` at ``field`` (G0), 0 at B = 0."""
    field = np.asarray(field, dtype=float)
    if model == "hln-so":
        return 1.5 * _f(field / (B_phi + B_so)) - 0.5 * _f(field / B_phi)
    from .theory.spin import ilp
    theta = np.sqrt(2.0 * (B_so / B_phi) * _G)
    return ilp(field / B_phi * _G, 1.0 / _G, theta)


class WALFit:
    """Result of :func:`fit_wal`: ``B_phi``, ``B_so`` with ``*_err``,
    ``chi2``, ``dof``, ``model``, ``field_unit``, the data, ``scaled``; for
    the simulation model also ``*_err_data`` and ``*_err_grid``, the two
    parts of each error (added in quadrature)."""

    def __init__(self, field, dsigma, err, field_unit, model, popt, perr, chi2, scaled,
                 curve=None):
        self.field, self.dsigma, self.err = field, dsigma, err
        self.field_unit = "T" if field_unit == "mT" else field_unit
        self.model_name = model
        self.B_phi, self.B_so = (float(v) for v in popt)
        self.B_phi_err, self.B_so_err = (float(v) for v in perr)
        self.chi2, self.dof, self.scaled = float(chi2), field.size - 2, scaled
        self._curve = curve

    def model(self, field):
        """The fitted curve at ``field`` (the fit's field unit), in G0."""
        if self._curve is not None:
            return self._curve(field)
        return wal_model(field, self.B_phi, self.B_so, self.model_name)

    def summary(self):
        u = "T" if self.field_unit == "T" else "B_tr"
        return "\n".join([
            f"{self.model_name.upper()} fit of {self.field.size} points: chi2 = "
            f"{self.chi2:.4g}, dof = {self.dof}"
            + (" (errors scaled by the reduced chi2: no data errors)" if self.scaled else ""),
            f"B_phi = {self.B_phi:.6g} +- {self.B_phi_err:.2g} {u}" + self._parts("B_phi"),
            f"B_so = {self.B_so:.6g} +- {self.B_so_err:.2g} {u}" + self._parts("B_so")])

    def _parts(self, name):
        if not hasattr(self, f"{name}_err_grid"):
            return ""
        return (f" (data {getattr(self, name + '_err_data'):.2g}, simulation grid "
                f"{getattr(self, name + '_err_grid'):.2g})")

    def plot(self, path):
        """Data with errors, the fit and the residuals, in two panels."""
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        from ._files import atomic_path

        unit = "T" if self.field_unit == "T" else "$B_{tr}$"
        fine = np.geomspace(self.field[self.field > 0].min(), self.field.max(), 400)
        fig, (top, bottom) = plt.subplots(2, 1, sharex=True, figsize=(6, 5.5),
                                          gridspec_kw=dict(height_ratios=[3, 1]))
        top.errorbar(self.field, self.dsigma, self.err, fmt="o", ms=3, label="data")
        top.plot(fine, self.model(fine), "-", label=(
            f"{self.model_name.upper()}: $B_\\phi$ = {self.B_phi:.3g} $\\pm$ "
            f"{self.B_phi_err:.2g}, $B_{{so}}$ = {self.B_so:.3g} $\\pm$ "
            f"{self.B_so_err:.2g} {unit}"))
        top.set_ylabel(r"$\Delta\sigma(B) - \Delta\sigma(0)$  ($G_0 = e^2/\pi h$)")
        top.legend(fontsize=8)
        bottom.errorbar(self.field, self.dsigma - self.model(self.field), self.err, fmt="o",
                        ms=3)
        bottom.axhline(0.0, color="k", lw=0.8)
        bottom.set_xscale("log")
        bottom.set_xlabel(f"B ({unit})")
        bottom.set_ylabel(r"residual ($G_0$)")
        fig.tight_layout()
        try:
            atomic_path(path, lambda tmp: fig.savefig(tmp, dpi=120))
        finally:
            plt.close(fig)
        return path

    def __repr__(self):
        return (f"<WALFit {self.model_name} B_phi={self.B_phi:.4g}+-{self.B_phi_err:.2g} "
                f"B_so={self.B_so:.4g}+-{self.B_so_err:.2g}>")


def _start(field, dsigma, w):
    """Starting (B_phi, B_so) from a log grid of the HLN-SO model."""
    positive = field[field > 0]
    best = (np.inf, None)
    for B_phi in np.geomspace(positive.min() / 30, positive.max() * 3, 40):
        for ratio in np.geomspace(1e-2, 1e3, 31):
            resid = (dsigma - wal_model(field, B_phi, ratio * B_phi)) * w
            cost = float(resid @ resid)
            if cost < best[0]:
                best = (cost, [B_phi, ratio * B_phi])
    return best[1]


def fit_wal(field, dsigma, sigma_err=None, *, model="hln-so", field_unit="T",
            sigma_unit="G0", grid=None, B_tr=None):
    """Fit B_phi and B_so to a weak-antilocalization magnetoconductance.

    Parameters
    ----------
    field : array_like
        Fields B >= 0, strictly increasing, in ``field_unit``.
    dsigma : array_like
        delta_sigma(B) - delta_sigma(0) in ``sigma_unit``.
    sigma_err : array_like, optional
        Standard errors of ``dsigma`` (independent points).
    model : {"hln-so", "ilp", "simulation"}
        The diffusive theory, or pathsim's simulation grid (module docstring).
    field_unit : {"T", "mT", "b"}
        Tesla, millitesla or b = B / B_tr (then B_phi, B_so are in B_tr:
        1 / tau_phi, 1 / tau_so in 1 / tau for the 2D walk).
    sigma_unit : {"G0", "S", "e2h"}
    grid : WALGrid or str, optional
        The simulation grid (or its ``.npz`` path) of ``model="simulation"``
        (:func:`pathsim.fitting_grid.build_wal_grid`).
    B_tr : float, optional
        hbar / (2 e l^2) in tesla, for ``model="simulation"`` with fields
        in T or mT (with b it is 1).

    Returns
    -------
    WALFit
    """
    from scipy import optimize

    check_choice("model", model, MODELS)
    check_choice("field_unit", field_unit, FIELD_UNITS)
    check_choice("sigma_unit", sigma_unit, SIGMA_UNITS)
    field, dsigma, err = _check_data(field, dsigma, sigma_err)
    field = field * FIELD_UNITS[field_unit]
    dsigma = dsigma * SIGMA_UNITS[sigma_unit]
    err = None if err is None else err * SIGMA_UNITS[sigma_unit]
    if field.size <= 2:
        raise ValueError(f"need more data points ({field.size}) than fit parameters "
                         "(2: B_phi, B_so)")
    if not np.any(field > 0):
        raise ValueError("field must have values > 0")
    if model == "simulation":
        return _fit_simulation(field, dsigma, err, field_unit, grid, B_tr)
    if grid is not None or B_tr is not None:
        raise ValueError(f"grid and B_tr belong to model 'simulation' (got model {model!r})")
    w = np.ones_like(field) if err is None else 1.0 / err
    p0 = np.log(_start(field, dsigma, w))

    def curve(B, log_phi, log_so):
        return wal_model(B, np.exp(log_phi), np.exp(log_so), model)

    popt, pcov = optimize.curve_fit(curve, field, dsigma, p0=p0, sigma=err,
                                    absolute_sigma=err is not None, maxfev=2_000)
    perr = np.sqrt(np.diag(pcov))
    if not np.all(np.isfinite(perr)):
        raise ValueError("the fit did not converge to a finite covariance: the data do "
                         "not constrain B_phi and B_so (fields far from both?)")
    values = np.exp(popt)
    chi2 = float(np.sum(((dsigma - curve(field, *popt)) * w) ** 2))
    return WALFit(field, dsigma, err, field_unit, model, values, values * perr, chi2,
                  scaled=err is None)


def _fit_simulation(field, dsigma, err, field_unit, grid, B_tr):
    """fit_wal with the simulation grid (fields already in T or B_tr)."""
    from .fitting_grid import WALGrid, fit_wal_grid

    if grid is None:
        raise ValueError("model 'simulation' needs a grid (pathsim.fitting_grid."
                         "build_wal_grid; --grid grid.npz)")
    if isinstance(grid, (str, os.PathLike)):
        grid = WALGrid.load(grid)
    if field_unit == "b":
        if B_tr not in (None, 1.0):
            raise ValueError(f"B_tr must be 1 (or omitted) for fields in B_tr (got {B_tr})")
        B_tr = 1.0
    elif B_tr is None:
        raise ValueError("model 'simulation' with fields in T or mT needs B_tr (T), "
                         "hbar / (2 e l^2) of the sample")
    else:
        B_tr = check_real("B_tr", B_tr, lower=0.0, lower_open=True)
    values, data_err, grid_err, chi2 = fit_wal_grid(field / B_tr, dsigma, err, grid)
    total = np.hypot(data_err, grid_err) * B_tr
    fit = WALFit(field, dsigma, err, field_unit, "simulation", values * B_tr, total, chi2,
                 scaled=err is None)
    fit._curve = lambda f: _at(grid, np.asarray(f, float) / B_tr, values)
    for k, name in enumerate(("B_phi", "B_so")):
        setattr(fit, f"{name}_err_data", float(data_err[k] * B_tr))
        setattr(fit, f"{name}_err_grid", float(grid_err[k] * B_tr))
    return fit


def _at(grid, b, values):
    """The grid's model at fields b (B_tr) for (B_phi, B_so) = values (B_tr)."""
    return grid.model(b)(*values)


def fit_wal_simulation(result, b, tau_phi, model="hln-so"):
    """Fit a 2D spin run's magnetoconductance at one tau_phi (engine units).

    The values come from the fit with each point's own error; the errors of
    B_phi and B_so (units B_tr) are delete-one jackknife errors over the
    run's independent blocks of walkers, which include the correlations
    between the fields (as :func:`pathsim.fitting.fit_simulation`).
    """
    return jackknife_fit(result, b, tau_phi, ("B_phi", "B_so"),
                         lambda field, value, err: fit_wal(field, value, err, model=model,
                                                           field_unit="b"))
