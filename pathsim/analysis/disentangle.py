"""Disentangle weak localization from the interaction correction in
measured sheet resistances R(T, B_perp, B_par) of a film.

The baseline model, in e2pih = e^2 / (pi h) (:ref:`theory-diffusive`,
:ref:`theory-confinement`, :ref:`theory-interactions`)::

    sigma = 1 / (e2pih R) = sigma_D + delta_sigma_WL + delta_sigma_ee
    tau_phi = tau_phi1 (T / 1 K)^(-p)
    delta_sigma_WL = -ln(tau_phi / tau) + HLN(B_perp)
    delta_sigma_ee = (1 - 3F/4) ln(k_B T tau / hbar) - (F/2) g2(h),  h = g mu_B |B| / k_B T

HLN(B) = psi(1/2 + B_phi/B) - ln(B_phi/B), B_phi = hbar / (4 e D tau_phi)
(Hikami, Larkin & Nagaoka 1980); the interaction terms from Altshuler &
Aronov 1985 and Lee & Ramakrishnan, Rev. Mod. Phys. 57, 287 (1985).  The
Zeeman term takes the total field (isotropic); the orbital part only the
perpendicular one (a strictly 2D film).  Fitted: sigma_D, p, tau_phi1, F.
tau enters only through the constant (2 - 3F/4) ln(tau) next to sigma_D, so
it is an input (``tau_ps``), not a fit parameter: a wrong tau shifts sigma_D
only.  Perpendicular fields fix B_phi(T), hence tau_phi1 and p; the
zero-field ln T slope p + 1 - 3F/4 and the Zeeman term fix F.

Options (:mod:`pathsim.analysis.film_model`): the exact 2D theory or pathsim's own
simulation (a :class:`pathsim.analysis.WLTable`) for the weak-localization
part, a thickness for the orbital effect of B_par, and spin-orbit
scattering (B_so fixed or fitted; HLN with spin-orbit and Zeeman).  With a
simulated table the fit's errors add the table's Monte Carlo error: the
fit is repeated with each block of the table's walkers left out and the
delete-one jackknife covariance (Efron 1982) is added to the fit's own.
"""
import numpy as np

from .. import units
from .._validate import check_choice, check_instance, check_numbers
from ._shared import E, HBAR, jackknife_cov, tau_phi_power_law
from .film_model import NAMES, Setup, model, parts, start

COLUMNS = ("T_K", "B_perp_T", "B_par_T", "R_sheet_ohm")
OPTIONAL = ("R_H_ohm_per_T",)

__all__ = ["disentangle", "read_csv", "model", "DisentangleFit", "COLUMNS", "Setup"]


def _check(T, B_perp, B_par, R, R_H, n_par=len(NAMES)):
    cols = dict(T_K=T, B_perp_T=B_perp, B_par_T=B_par, R_sheet_ohm=R)
    if R_H is not None:
        cols["R_H_ohm_per_T"] = R_H
    label = dict(R_H_ohm_per_T="R_H (column R_H_ohm_per_T)")
    arrays = {}
    for name, values in cols.items():
        a = check_numbers(label.get(name, name), values, "numbers, one per measurement")
        if a.ndim != 1:
            raise ValueError(f"{label.get(name, name)} must be a 1-D array (got shape "
                             f"{a.shape})")
        arrays[name] = a
    n = arrays["T_K"].size
    for name, a in arrays.items():
        if a.size != n:
            raise ValueError(f"{label.get(name, name)} has {a.size} values, T_K has {n}")
        bad = ~np.isfinite(a)
        if bad.any():
            raise ValueError(f"{name} has NaN or inf at row {int(np.argmax(bad)) + 1}")
    for name in ("T_K", "R_sheet_ohm"):
        bad = arrays[name] <= 0
        if bad.any():
            raise ValueError(f"{name} must be > 0 (row {int(np.argmax(bad)) + 1}: "
                             f"{arrays[name][bad][0]:g})")
    temps = np.unique(arrays["T_K"])
    if temps.size < 2:
        raise ValueError(f"a single temperature ({temps[0]:g} K): p and F cannot be "
                         "determined (they need the T dependence)")
    if not np.any(arrays["B_perp_T"] != 0):
        raise ValueError("no perpendicular-field data (B_perp_T all 0): tau_phi1 cannot be "
                         "determined (only sigma_D - ln tau_phi1), nor p apart from F")
    if n <= n_par + 1:
        raise ValueError(f"{n} data rows for {n_par} parameters: need more")
    return arrays


class DisentangleFit:
    """Result of :func:`disentangle`: values, standard errors (covariance
    of the least-squares fit, scaled by the reduced chi^2 since the data
    carry no errors, plus the jackknife covariance of a simulated table),
    the ln T slope split, B_phi(T) and the data."""

    def __init__(self, theta, cov, data, setup, chi2, dof, mc_cov=None):
        self.theta, self.cov, self.data = np.asarray(theta), np.asarray(cov), data
        self.setup = setup
        self.D, self.tau_ps, self.g = setup.D, setup.tau_ps, setup.g
        self.thickness_nm, self.wl = setup.thickness_nm, setup.wl
        self.chi2, self.dof = chi2, dof
        self.mc_cov = mc_cov
        err = np.sqrt(np.diag(self.cov))
        self.sigma_D, self.sigma_D_err = theta[0], err[0]
        self.p, self.p_err = theta[1], err[1]
        self.tau_phi_1K_ps = float(np.exp(theta[2]))
        self.tau_phi_1K_ps_err = self.tau_phi_1K_ps * err[2]
        self.F, self.F_err = theta[3], err[3]
        if setup.fit_so:
            self.b_so, self.b_so_err = float(np.exp(theta[4])), float(np.exp(theta[4]) * err[4])
        else:
            self.b_so, self.b_so_err = setup.b_so, 0.0
        (self.slope_wl, self.slope_wl_err), (self.slope_ee, self.slope_ee_err), \
            (self.slope, self.slope_err) = self._slopes()

    def _slopes(self):
        """Zero-field d sigma / d ln T of the two parts and the total (least
        squares over the data's temperatures), errors by the gradient."""
        temps = np.unique(self.data["T_K"])
        x = np.log(temps)
        coef = (x - x.mean()) / ((x - x.mean()) ** 2).sum()

        def three(theta):
            wl, ee = parts(theta, temps, 0.0, 0.0, self.setup, strict=False)
            return np.array([wl @ coef, ee @ coef, (wl + ee) @ coef])
        value = three(self.theta)
        grad = np.empty((3, self.theta.size))
        for i in range(self.theta.size):
            h = 1e-6 * max(1.0, abs(self.theta[i]))
            up, down = self.theta.copy(), self.theta.copy()
            up[i] += h
            down[i] -= h
            grad[:, i] = (three(up) - three(down)) / (2 * h)
        err = np.sqrt(np.einsum("ki,ij,kj->k", grad, self.cov, grad))
        return [(float(v), float(e)) for v, e in zip(value, err)]

    def b_phi(self, T_K):
        """B_phi(T) = hbar / (4 e D tau_phi(T)) in tesla and its error."""
        T = np.asarray(T_K, dtype=float)
        tau = tau_phi_power_law(T, self.tau_phi_1K_ps * 1e-12, self.p)
        value = HBAR / (4.0 * E * self.D * tau)
        n = self.theta.size
        grad = np.stack([np.zeros_like(T), np.log(T), -np.ones_like(T)]
                        + [np.zeros_like(T)] * (n - 3), -1)
        err = value * np.sqrt(np.einsum("...i,ij,...j->...", grad, self.cov, grad))
        return value, err

    def model(self, T, B_perp=0.0, B_par=0.0):
        """The fitted sheet conductance (e2pih = e^2/(pi h)) at temperatures
        ``T`` (K) and fields ``B_perp``, ``B_par`` (T), broadcast together."""
        return model(self.theta, T, B_perp, B_par, self.setup)

    def parts(self, T, B_perp=0.0, B_par=0.0):
        """(weak-localization, interaction) parts in e2pih."""
        return parts(self.theta, T, B_perp, B_par, self.setup)

    def to_dict(self):
        """The results as a JSON-ready dict: values with standard errors,
        units in the keys (``_ps``, ``_T``, ``_K``) or under ``units``."""
        temps = np.unique(self.data["T_K"])
        bphi, bphi_err = self.b_phi(temps)

        def pair(v, e):
            return dict(value=float(v), stderr=float(e))
        out = dict(p=pair(self.p, self.p_err), F_sigma=pair(self.F, self.F_err),
                   tau_phi_1K_ps=pair(self.tau_phi_1K_ps, self.tau_phi_1K_ps_err),
                   sigma_D=pair(self.sigma_D, self.sigma_D_err),
                   ln_T_slope=dict(total=pair(self.slope, self.slope_err),
                                   weak_localization=pair(self.slope_wl, self.slope_wl_err),
                                   interaction=pair(self.slope_ee, self.slope_ee_err)),
                   B_phi_T=dict(T_K=temps.tolist(), value=bphi.tolist(), stderr=bphi_err.tolist()),
                   tau_ps=self.tau_ps, D_m2_per_s=self.D, g=self.g, thickness_nm=self.thickness_nm,
                   weak_localization=self.wl,
                   B_so_T=(None if self.b_so is None else pair(self.b_so, self.b_so_err)),
                   B_so_fitted=self.setup.fit_so, B_so_definition="pathsim",
                   monte_carlo_in_errors=self.mc_cov is not None,
                   chi2=self.chi2, dof=self.dof,
                   units=dict(sigma_D="e2pih = e^2/(pi h)", ln_T_slope="e2pih"))
        if "R_H_ohm_per_T" in self.data:
            out["hall"] = self.hall_check()
        return out

    def hall_check(self):
        """Relative slope d R_H / d ln T / <R_H> of the data against the fit's
        prediction R_H ~ 1 - 2 delta_sigma_ee(T, B = 0) / sigma_D (at the
        same temperatures; -2 (1 - 3F/4) / sigma_D to first order).  A check:
        R_H does not enter the fit."""
        T, RH = self.data["T_K"], self.data["R_H_ohm_per_T"]
        slope = np.polyfit(np.log(T), RH, 1)[0] / RH.mean()
        shape = 1.0 - 2.0 * self.parts(T)[1] / self.sigma_D
        predicted = np.polyfit(np.log(T), shape, 1)[0] / shape.mean()
        return dict(measured=float(slope), predicted=float(predicted))

    def summary(self):
        """The results as printed by ``pathsim disentangle`` (str, one
        quantity a line, with units and standard errors)."""
        temps = np.unique(self.data["T_K"])
        bphi, bphi_err = self.b_phi(temps)
        lines = [f"disentangle: {self.data['T_K'].size} points, {temps.size} temperatures, "
                 f"chi2/dof = {self.chi2:.4g}/{self.dof} (errors scaled by the reduced chi2)",
                 f"tau = {self.tau_ps:g} ps (input: enters only with sigma_D), "
                 f"D = {self.D:g} m^2/s, g = {self.g:g}, weak localization: {self.wl}"
                 + (f", thickness {self.thickness_nm:g} nm" if self.thickness_nm else ""),
                 f"p             = {self.p:.4f} +- {self.p_err:.2g}",
                 f"tau_phi(1 K)  = {self.tau_phi_1K_ps:.5g} +- {self.tau_phi_1K_ps_err:.2g} ps",
                 f"F_sigma       = {self.F:.4f} +- {self.F_err:.2g}",
                 f"sigma_D       = {self.sigma_D:.5g} +- {self.sigma_D_err:.2g} e2pih "
                 f"(R_D = {1.0 / (units.G0 * self.sigma_D):.5g} ohm)"]
        if self.b_so is not None:
            lines.append(f"B_so          = {1e3 * self.b_so:.5g} +- {1e3 * self.b_so_err:.2g} mT"
                         + (" (fitted" if self.setup.fit_so else " (fixed")
                         + "; pathsim's definition hbar/(4 e D tau_so), HLN's H_so = 0.75 B_so)")
        if self.mc_cov is not None:
            lines.append("errors include the simulated table's Monte Carlo error "
                         f"(jackknife over {self.setup.table.n_blocks} blocks)")
        lines += [f"ln T slope at B = 0: {self.slope:.4f} +- {self.slope_err:.2g} e2pih = "
                 f"weak localization {self.slope_wl:.4f} +- {self.slope_wl_err:.2g} "
                 f"+ interaction 1 - 3F/4 {self.slope_ee:.4f} +- {self.slope_ee_err:.2g}",
                 "B_phi(T): " + ", ".join(f"{t:g} K: {1e3 * b:.4g} +- {1e3 * e:.2g} mT"
                                          for t, b, e in zip(temps, bphi, bphi_err))]
        if "R_H_ohm_per_T" in self.data:
            h = self.hall_check()
            lines.append(f"Hall: d ln R_H / d ln T = {h['measured']:.4g} measured, "
                         f"{h['predicted']:.4g} from the fit "
                         "(R_H ~ 1 - 2 delta_sigma_ee / sigma_D)")
        return "\n".join(lines)

    def plot(self, path):
        """Write the three-panel figure of the fit (sigma(T) per field, the
        two parts, residuals) to ``path``, format from the extension;
        returns ``path``."""
        from ..figures.disentangle import plot_fit
        return plot_fit(self, path)


def _least_squares(data, setup, start_theta, drop=None):
    from scipy import optimize

    args = (data["T_K"], data["B_perp_T"], data["B_par_T"], setup)

    def resid(theta):
        return model(theta, *args, drop=drop, strict=False) - data["sigma"]

    scale = np.array([1.0, 0.1, 0.1, 0.1, 0.1])[:len(setup.names)]
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):   # far trial points
        return optimize.least_squares(resid, start_theta, method="lm", x_scale=scale,
                                      max_nfev=4000)


def disentangle(T_K, B_perp_T, B_par_T, R_sheet_ohm, *, D, tau_ps, g=2.0, R_H=None,
                thickness_nm=None, wl="hln", table=None, b_so=None):
    """Fit the baseline model (or one of its options) to measured sheet resistances.

    Parameters
    ----------
    T_K, B_perp_T, B_par_T, R_sheet_ohm : array_like
        Temperature (K, > 0), perpendicular and parallel fields (T), sheet
        resistance (ohm, > 0), one value per measurement.
    D : float
        Diffusion constant in m^2/s.
    tau_ps : float
        Elastic time in ps (or l^2 / (2 D) from a mean free path).
    g : float
        g-factor (default 2; 0 <= g <= 1000).
    R_H : array_like, optional
        Hall coefficient (ohm/T), compared with the fitted interaction slope.
    thickness_nm : float, optional
        Film thickness w (<= 1e6 nm): the parallel field then also dephases weak
        localization, 1 / tau_B = e^2 B^2 w^2 D / (3 hbar^2) (beyond the
        baseline, which treats the film as strictly 2D).
    wl : {"hln", "exact", "simulation"}
        Weak localization from HLN (the baseline), the exact 2D theory
        (:func:`pathsim.theory.exact_2d`: fields near B_tr or tau_phi near
        tau; slower) or pathsim's simulation (``table``), started from the
        HLN fit.
    table : WLTable, optional
        The simulated table for ``wl="simulation"``; its Monte Carlo error
        enters the stated errors (jackknife over its blocks).
    b_so : float or "fit", optional
        Spin-orbit field B_so in tesla (fixed, 0 < B_so <= 1e6), or ``"fit"``
        to fit it; needs ``wl="hln"`` (HLN with spin-orbit and Zeeman).

    Returns
    -------
    DisentangleFit
    """
    setup = Setup(D, tau_ps, g, thickness_nm, wl, table, b_so)
    check_choice("wl", wl, ("hln", "exact", "simulation"))
    if table is not None:
        from .wl_table import WLTable
        check_instance("table", table, WLTable, " (WLTable.for_data or WLTable.load)")
        if wl != "simulation":
            raise ValueError(f"table belongs to wl='simulation' (got wl={wl!r})")
    data = _check(T_K, B_perp_T, B_par_T, R_sheet_ohm, R_H, len(setup.names))
    data["sigma"] = 1.0 / (units.G0 * data["R_sheet_ohm"])
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):   # far grid points
        theta = start(data, setup)
    if wl != "hln":
        theta = _least_squares(data, Setup(D, tau_ps, g, thickness_nm), theta).x
    fit = _least_squares(data, setup, theta)
    n = len(setup.names)
    dof = data["sigma"].size - n
    chi2 = float(fit.fun @ fit.fun)
    J = fit.jac
    try:
        cov = np.linalg.inv(J.T @ J) * chi2 / dof
    except np.linalg.LinAlgError:
        cov = np.full((n, n), np.inf)
    if not np.all(np.isfinite(np.diag(cov))) or np.any(np.diag(cov) <= 0):
        raise ValueError(f"the data do not determine all of {', '.join(setup.names)} "
                         "(singular fit): add fields or temperatures")
    mc_cov = None
    if wl == "simulation":
        parts(fit.x, data["T_K"], data["B_perp_T"], data["B_par_T"], setup)  # inside the table
        reps = np.array([_least_squares(data, setup, fit.x, drop=k).x
                         for k in range(table.n_blocks)])
        mc_cov = jackknife_cov(reps)
        cov = cov + mc_cov
    return DisentangleFit(fit.x, cov, data, setup, chi2, dof, mc_cov)


def read_csv(path):
    """The columns of a disentangle data file: T_K, B_perp_T, B_par_T,
    R_sheet_ohm and optionally R_H_ohm_per_T (header names exact, any
    order; other columns are refused).  Read by the shared reader
    (:func:`pathsim.analysis.loader.read_table`: CSV, TSV or white space, a
    byte-order mark allowed).  Returns a dict of arrays."""
    from .loader import read_table

    columns = read_table(path)
    header = [c.header.strip() for c in columns]
    unknown = [h for h in header if h not in COLUMNS + OPTIONAL]
    if unknown:
        raise ValueError(f"{path}: unknown column {unknown[0]!r} (known: "
                         f"{', '.join(COLUMNS + OPTIONAL)})")
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise ValueError(f"{path}: missing column {missing[0]!r} (needs "
                         f"{', '.join(COLUMNS)})")
    return {h: c.values for h, c in zip(header, columns)}
