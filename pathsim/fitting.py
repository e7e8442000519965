"""Fit the Hikami-Larkin-Nagaoka magnetoconductance to measured data.

    delta_sigma(B) - delta_sigma(0) = alpha [psi(1/2 + B_phi/B) - ln(B_phi/B)] + c B^2

in G0 = e^2 / (pi h) (Hikami, Larkin & Nagaoka, Prog. Theor. Phys. 63, 707
(1980); 2D, no spin-orbit; alpha = 1 for pure weak localization).  In tesla,
L_phi = sqrt(hbar / (4 e B_phi)).  HLN is diffusive: it needs tau_phi >> tau
and B << B_tr (PHYSICS.md sections 5 and 7).
"""
import csv
import math

import numpy as np

from . import units
from ._files import atomic_path
from .results import stats
from ._validate import check_choice
from .theory._common import hln_of_ratio as _hln_of_ratio

FIELD_UNITS = {"T": 1.0, "mT": 1e-3, "b": 1.0}        # -> T (or B_tr for "b")
SIGMA_UNITS = {"G0": 1.0, "S": 1.0 / units.G0, "e2h": math.pi}  # -> G0
COLUMNS = {"field": ("field", "b"), "delta_sigma": ("delta_sigma", "dsigma"),
           "error": ("error", "err", "stderr", "sigma_err")}


def _check_data(field, dsigma, err):
    field = np.asarray(field, dtype=float)
    dsigma = np.asarray(dsigma, dtype=float)
    if field.ndim != 1 or dsigma.shape != field.shape:
        raise ValueError(f"field and delta_sigma must be 1-D of equal length "
                         f"(got shapes {field.shape} and {dsigma.shape})")
    for name, arr in (("field", field), ("delta_sigma", dsigma)):
        bad = ~np.isfinite(arr)
        if bad.any():
            raise ValueError(f"{name} has NaN or inf at row {int(np.argmax(bad)) + 1}")
    if np.any(field < 0):
        raise ValueError(f"field must be >= 0 (got {field[field < 0][0]:g} at row "
                         f"{int(np.argmax(field < 0)) + 1}); fit |B| of one sweep direction")
    steps = np.diff(field)
    if np.any(steps == 0):
        raise ValueError(f"field has a duplicate value {field[1:][steps == 0][0]:g}")
    if np.any(steps < 0):
        raise ValueError(f"field must increase monotonically (row "
                         f"{int(np.argmax(steps < 0)) + 2} goes down)")
    if err is not None:
        err = np.asarray(err, dtype=float)
        if err.shape != field.shape:
            raise ValueError(f"error must have the shape of field (got {err.shape})")
        bad = ~(np.isfinite(err) & (err > 0))
        if bad.any():
            raise ValueError(f"error must be finite and > 0 (row {int(np.argmax(bad)) + 1}: "
                             f"{err[bad][0]})")
    return field, dsigma, err


def hln_model(field, B_phi, alpha=1.0, c=0.0):
    """alpha [psi(1/2 + B_phi/B) - ln(B_phi/B)] + c B^2 (0 at B = 0)."""
    field = np.asarray(field, dtype=float)
    return alpha * _hln_of_ratio(field / B_phi) + c * field ** 2


class HLNFit:
    """Result of :func:`fit_hln`: values with standard errors, chi^2, dof.

    Attributes: ``B_phi``, ``B_phi_err`` (field unit of the fit; tesla for
    T and mT data), ``alpha``, ``alpha_err``, ``c``, ``c_err`` (G0 per
    field unit squared), ``chi2``, ``dof``, ``L_phi_nm``, ``L_phi_nm_err``
    (for fields in tesla; None for b), the data (``field``, ``dsigma``,
    ``err`` in G0) and ``scaled`` (errors scaled by the reduced chi^2,
    when the data had none).
    """

    def __init__(self, field, dsigma, err, field_unit, popt, perr, names, chi2, scaled):
        self.field, self.dsigma, self.err = field, dsigma, err
        self.field_unit = "T" if field_unit == "mT" else field_unit
        values = dict(zip(names, popt))
        errors = dict(zip(names, perr))
        self.B_phi, self.B_phi_err = values["B_phi"], errors["B_phi"]
        self.alpha, self.alpha_err = values.get("alpha", 1.0), errors.get("alpha", 0.0)
        self.c, self.c_err = values.get("c", 0.0), errors.get("c", 0.0)
        self.chi2, self.dof, self.scaled = float(chi2), field.size - len(names), scaled
        self.error_method = "covariance"
        self.L_phi_nm = self.L_phi_nm_err = None
        if self.field_unit == "T":
            self.L_phi_nm = float(units.l_phi_from_b_phi(self.B_phi))
            self.L_phi_nm_err = 0.5 * self.L_phi_nm * self.B_phi_err / self.B_phi

    def model(self, field):
        """The fitted curve at ``field`` (the fit's field unit), in G0."""
        return hln_model(field, self.B_phi, self.alpha, self.c)

    def summary(self):
        u = self.field_unit if self.field_unit == "T" else "B_tr"
        lines = [f"HLN fit of {self.field.size} points: chi2 = {self.chi2:.4g}, dof = {self.dof}"
                 + (" (errors scaled by the reduced chi2: no data errors)" if self.scaled else ""),
                 f"B_phi = {self.B_phi:.6g} +- {self.B_phi_err:.2g} {u}",
                 f"alpha = {self.alpha:.5g} +- {self.alpha_err:.2g}"]
        if self.L_phi_nm is not None:
            lines.append(f"L_phi = {self.L_phi_nm:.5g} +- {self.L_phi_nm_err:.2g} nm")
        if self.c or self.c_err:
            lines.append(f"background c = {self.c:.5g} +- {self.c_err:.2g} G0 / {u}^2")
        return "\n".join(lines)

    def plot(self, path):
        """Data with errors, the fit and the residuals, in two panels."""
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        unit = "T" if self.field_unit == "T" else "$B_{tr}$"
        fine = np.linspace(0.0, self.field.max(), 400)
        fig, (top, bottom) = plt.subplots(2, 1, sharex=True, figsize=(6, 5.5),
                                          gridspec_kw=dict(height_ratios=[3, 1]))
        err = self.err if self.err is not None else None
        top.errorbar(self.field, self.dsigma, err, fmt="o", ms=3, label="data")
        top.plot(fine, self.model(fine), "-", label=f"HLN fit: $B_\\phi$ = {self.B_phi:.3g} "
                 f"$\\pm$ {self.B_phi_err:.2g} {unit}, $\\alpha$ = {self.alpha:.3g}")
        top.set_ylabel(r"$\Delta\sigma(B) - \Delta\sigma(0)$  ($G_0 = e^2/\pi h$)")
        top.legend(fontsize=8)
        bottom.errorbar(self.field, self.dsigma - self.model(self.field), err, fmt="o", ms=3)
        bottom.axhline(0.0, color="k", lw=0.8)
        bottom.set_xlabel(f"B ({unit})")
        bottom.set_ylabel(r"residual ($G_0$)")
        fig.tight_layout()
        try:  # atomically, with the user's umask (the format from the extension)
            atomic_path(path, lambda tmp: fig.savefig(tmp, dpi=120))
        finally:
            plt.close(fig)
        return path

    def __repr__(self):
        return f"<HLNFit B_phi={self.B_phi:.4g}+-{self.B_phi_err:.2g} alpha={self.alpha:.4g}>"


def _start(field, dsigma, w, alpha, background):
    """Starting B_phi from a log grid, alpha (and c) solved linearly."""
    best = (np.inf, None)
    positive = field[field > 0]
    for B_phi in np.geomspace(positive.min() / 100, positive.max() * 100, 200):
        cols = [_hln_of_ratio(field / B_phi)] if alpha is None else []
        if background:
            cols.append(field ** 2)
        target = dsigma - (0 if alpha is None else alpha * _hln_of_ratio(field / B_phi))
        if cols:
            A = np.array(cols).T * w[:, None]
            coef = np.linalg.lstsq(A, target * w, rcond=None)[0]
            resid = target * w - A @ coef
        else:
            coef, resid = [], target * w
        cost = float(resid @ resid)
        if cost < best[0]:
            best = (cost, [B_phi, *coef])
    return best[1]


def fit_hln(field, dsigma, sigma_err=None, *, field_unit="T", sigma_unit="G0",
            alpha=None, background=False):
    """Fit HLN to a magnetoconductance curve.

    Parameters
    ----------
    field : array_like
        Fields B >= 0, strictly increasing, in ``field_unit``.
    dsigma : array_like
        delta_sigma(B) - delta_sigma(0) (sheet conductance) in ``sigma_unit``.
    sigma_err : array_like, optional
        Standard errors of ``dsigma`` (same unit), taken as independent
        (for correlated Monte Carlo points see :func:`fit_simulation`).
        Without them the parameter errors are scaled by the reduced chi^2.
    field_unit : {"T", "mT", "b"}
        Tesla, millitesla or engine units b = B / B_tr (then B_phi is in
        B_tr: tau / tau_phi in 2D).
    sigma_unit : {"G0", "S", "e2h"}
        G0 = e^2 / (pi h), siemens, or e^2 / h.
    alpha : float or None
        Fixed prefactor (1 for weak localization), or None to fit it.
    background : bool
        Add a classical c B^2 term.

    Returns
    -------
    HLNFit
    """
    from scipy import optimize  # lazily: keeps `import pathsim` fast

    check_choice("field_unit", field_unit, FIELD_UNITS)
    check_choice("sigma_unit", sigma_unit, SIGMA_UNITS)
    field, dsigma, err = _check_data(field, dsigma, sigma_err)
    field = field * FIELD_UNITS[field_unit]
    scale = SIGMA_UNITS[sigma_unit]
    dsigma = dsigma * scale
    err = None if err is None else err * scale
    names = ["B_phi"] + (["alpha"] if alpha is None else []) + (["c"] if background else [])
    if field.size <= len(names):
        raise ValueError(f"need more data points ({field.size}) than fit parameters "
                         f"({len(names)}: {', '.join(names)})")
    if not np.any(field > 0):
        raise ValueError("field must have values > 0")
    w = np.ones_like(field) if err is None else 1.0 / err
    fixed_alpha = 1.0 if alpha is None else float(alpha)

    def model(B, B_phi, *rest):
        rest = list(rest)
        a = rest.pop(0) if alpha is None else fixed_alpha
        c = rest.pop(0) if background else 0.0
        return hln_model(B, B_phi, a, c)

    p0 = _start(field, dsigma, w, alpha, background)
    bounds = ([0.0] + [-np.inf] * (len(names) - 1), [np.inf] * len(names))
    p0[0] = max(p0[0], 1e-300)
    popt, pcov = optimize.curve_fit(model, field, dsigma, p0=p0, sigma=err,
                                    absolute_sigma=err is not None, bounds=bounds,
                                    x_scale=np.abs(p0) + 1e-12 * (np.asarray(p0) == 0),
                                    max_nfev=10_000)
    perr = np.sqrt(np.diag(pcov))
    if not np.all(np.isfinite(perr)):
        raise ValueError("the fit did not converge to a finite covariance: the data do "
                         "not constrain B_phi (fields far above or below B_phi?)")
    chi2 = float(np.sum(((dsigma - model(field, *popt)) * w) ** 2))
    # mT data are kept in T, like B_phi
    return HLNFit(field, dsigma, err, field_unit, popt, perr, names, chi2,
                  scaled=err is None)


def read_csv(path):
    """Columns field, delta_sigma and (optional) error of a CSV file whose
    header names them (case-insensitive; text after a space or '(' ignored,
    so ``field (T)`` works).  Returns ``(field, dsigma, err_or_None)``."""
    try:
        with open(path, newline="") as handle:
            rows = list(csv.reader(handle))
    except FileNotFoundError:
        raise ValueError(f"data file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"cannot read {path}: {exc}") from None
    rows = [r for r in rows if r and not r[0].lstrip().startswith("#")]
    if len(rows) < 2:
        raise ValueError(f"{path} needs a header line and data rows")
    names = [h.strip().lower().split("(")[0].split()[0] if h.strip() else "" for h in rows[0]]
    where = {}
    for key, accepted in COLUMNS.items():
        hits = [i for i, n in enumerate(names) if n in accepted]
        if hits:
            where[key] = hits[0]
        elif key != "error":
            raise ValueError(f"{path} has no {key} column (header {rows[0]}; "
                             f"accepted names: {', '.join(accepted)})")
    data = {}
    for key, col in where.items():
        try:
            data[key] = np.array([float(r[col]) for r in rows[1:]])
        except (ValueError, IndexError):
            raise ValueError(f"{path}: column {rows[0][col]!r} holds a value that is not "
                             "a number, or a row is short") from None
    return data["field"], data["delta_sigma"], data.get("error")


def fit_simulation(result, b, tau_phi, **options):
    """Fit HLN to a 2D run's magnetoconductance at one tau_phi.

    Every field comes from the same walkers, so the points are strongly
    correlated and the covariance of a weighted fit misstates the errors.
    The values come from the fit with each point's own error; the errors
    of B_phi, alpha and c are delete-one jackknife errors over the run's
    independent blocks of walkers (Efron 1982), which include the
    correlations.

    Parameters
    ----------
    result : SimulationResult
    b : array_like
        Fields B / B_tr (> 0, increasing); HLN needs b << 1.
    tau_phi : float
        Phase-coherence time in tau (HLN needs tau_phi >> tau); the fitted
        ``B_phi`` (units B_tr) compares with tau / tau_phi in 2D.
    **options
        ``alpha``, ``background`` as in :func:`fit_hln`.

    Returns
    -------
    HLNFit
        With ``error_method = "jackknife"``.
    """
    return jackknife_fit(result, b, tau_phi, ("B_phi", "alpha", "c"),
                         lambda field, value, err: fit_hln(field, value, err, field_unit="b",
                                                           **options))


def jackknife_fit(result, b, tau_phi, names, fit_one):
    """Fit a run's magnetoconductance at fields ``b`` (B_tr) and one
    ``tau_phi``: ``fit_one(b, value, err)`` on the whole run gives the
    values, and ``fit_one`` on the run less one block of walkers, for each
    block, gives delete-one jackknife errors of the attributes ``names``
    (set as ``<name>_err``, with ``error_method = "jackknife"``)."""
    b = np.asarray(b, dtype=float)
    sums = result.loop_block_sums(np.concatenate((b, [0.0])), np.array([float(tau_phi)]),
                                   "total")[:, 0]
    diff = sums[:, :-1] - sums[:, -1:]
    walkers = result.walkers.astype(float)
    value, err = stats.mean(diff, walkers)
    fit = fit_one(b, value, err)
    k = walkers.size
    keep = ~np.eye(k, dtype=bool)
    estimates = []
    for j in range(k):
        one = fit_one(b, diff[keep[j]].sum(axis=0) / walkers[keep[j]].sum(), err)
        estimates.append([getattr(one, name) for name in names])
    estimates = np.array(estimates)
    jack = np.sqrt((k - 1) / k * ((estimates - estimates.mean(axis=0)) ** 2).sum(axis=0))
    for name, e in zip(names, jack):
        setattr(fit, f"{name}_err", float(e))
    fit.error_method = "jackknife"
    return fit
