"""Disentangle weak localization from the interaction correction in
measured sheet resistances R(T, B_perp, B_par) of a film.

The baseline model, in G0 = e^2 / (pi h) (PHYSICS.md sections 5, 6, 10)::

    sigma = 1 / (G0 R) = sigma_D + delta_sigma_WL + delta_sigma_ee
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
"""
import numpy as np

from . import units
from ._validate import check_choice, check_real
from .experiment import HBAR, E, KB, exact_pairs, zeeman_h
from .theory._common import hln_of_ratio
from .theory.interactions import g2

COLUMNS = ("T_K", "B_perp_T", "B_par_T", "R_sheet_ohm")
OPTIONAL = ("R_H_ohm_per_T",)
NAMES = ("sigma_D", "p", "ln_tau_phi1", "F")

__all__ = ["disentangle", "read_csv", "model", "DisentangleFit", "COLUMNS"]


def _parts(theta, T, B_perp, B_tot, D, tau_s, g, B_par=0.0, thickness_nm=None, method="hln"):
    """(WL, ee) parts of the model in G0."""
    sigma_D, p, ln_tau1, F = theta
    tau_phi = np.exp(ln_tau1) * 1e-12 * T ** (-p)
    if thickness_nm is not None:      # orbital dephasing by B_par (PHYSICS.md section 6)
        w = thickness_nm * 1e-9
        tau_phi = 1.0 / (1.0 / tau_phi + E ** 2 * np.square(B_par) * w ** 2 * D / (3 * HBAR ** 2))
    if method == "exact":     # b = B / B_tr, B_tr = hbar / (2 e l^2) with l^2 = 2 D tau
        wl = exact_pairs(B_perp * 4.0 * E * D * tau_s / HBAR, tau_phi / tau_s)
    else:
        ratio = B_perp / (HBAR / (4.0 * E * D * tau_phi))
        wl = -np.log(tau_phi / tau_s) + hln_of_ratio(ratio)
    ee = (1.0 - 0.75 * F) * np.log(KB * T * tau_s / HBAR) - 0.5 * F * g2(zeeman_h(B_tot, T, g))
    return wl, ee


def model(theta, T, B_perp, B_par, D, tau_ps, g=2.0, thickness_nm=None, wl="hln"):
    """Sheet conductance in G0 for parameters (sigma_D, p, ln(tau_phi1 / ps), F);
    ``thickness_nm`` adds the orbital dephasing of the parallel field, ``wl``
    picks HLN or the exact 2D theory for weak localization."""
    T, B_perp, B_par = (np.asarray(a, dtype=float) for a in (T, B_perp, B_par))
    wl, ee = _parts(theta, T, np.abs(B_perp), np.hypot(B_perp, B_par), D, tau_ps * 1e-12, g,
                    B_par, thickness_nm, wl)
    return theta[0] + wl + ee


def _check(T, B_perp, B_par, R, R_H):
    cols = dict(T_K=T, B_perp_T=B_perp, B_par_T=B_par, R_sheet_ohm=R)
    if R_H is not None:
        cols["R_H_ohm_per_T"] = R_H
    arrays = {k: np.asarray(v, dtype=float).ravel() for k, v in cols.items()}
    n = arrays["T_K"].size
    for name, a in arrays.items():
        if a.size != n:
            raise ValueError(f"column {name} has {a.size} values, T_K has {n}")
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
    if n <= len(NAMES) + 1:
        raise ValueError(f"{n} data rows for {len(NAMES)} parameters: need more")
    return arrays


class DisentangleFit:
    """Result of :func:`disentangle`: values, standard errors (covariance
    of the least-squares fit, scaled by the reduced chi^2 since the data
    carry no errors), the ln T slope split, B_phi(T) and the data."""

    def __init__(self, theta, cov, data, D, tau_ps, g, chi2, dof, thickness_nm=None,
                 wl="hln"):
        self.theta, self.cov, self.data = np.asarray(theta), np.asarray(cov), data
        self.thickness_nm, self.wl = thickness_nm, wl
        self.D, self.tau_ps, self.g, self.chi2, self.dof = D, tau_ps, g, chi2, dof
        err = np.sqrt(np.diag(self.cov))
        self.sigma_D, self.sigma_D_err = theta[0], err[0]
        self.p, self.p_err = theta[1], err[1]
        self.tau_phi_1K_ps = float(np.exp(theta[2]))
        self.tau_phi_1K_ps_err = self.tau_phi_1K_ps * err[2]
        self.F, self.F_err = theta[3], err[3]
        # d sigma / d ln T at zero field: p (weak localization) + 1 - 3F/4 (interaction)
        grad_wl, grad_ee = np.array([0, 1, 0, 0.0]), np.array([0, 0, 0, -0.75])
        self.slope_wl, self.slope_wl_err = self.p, self.p_err
        self.slope_ee = 1.0 - 0.75 * self.F
        self.slope_ee_err = float(np.sqrt(grad_ee @ self.cov @ grad_ee))
        tot = grad_wl + grad_ee
        self.slope, self.slope_err = self.p + self.slope_ee, float(np.sqrt(tot @ self.cov @ tot))

    def b_phi(self, T_K):
        """B_phi(T) = hbar / (4 e D tau_phi(T)) in tesla and its error."""
        T = np.asarray(T_K, dtype=float)
        tau = self.tau_phi_1K_ps * 1e-12 * T ** (-self.p)
        value = HBAR / (4.0 * E * self.D * tau)
        grad = np.stack([np.zeros_like(T), np.log(T), -np.ones_like(T), np.zeros_like(T)], -1)
        err = value * np.sqrt(np.einsum("...i,ij,...j->...", grad, self.cov, grad))
        return value, err

    def model(self, T, B_perp=0.0, B_par=0.0):
        return model(self.theta, T, B_perp, B_par, self.D, self.tau_ps, self.g,
                     self.thickness_nm, self.wl)

    def parts(self, T, B_perp=0.0, B_par=0.0):
        """(weak-localization, interaction) parts in G0."""
        T, Bp, Bq = np.broadcast_arrays(*(np.asarray(a, dtype=float) for a in (T, B_perp, B_par)))
        return _parts(self.theta, T, np.abs(Bp), np.hypot(Bp, Bq), self.D,
                      self.tau_ps * 1e-12, self.g, Bq, self.thickness_nm, self.wl)

    def to_dict(self):
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
                   chi2=self.chi2, dof=self.dof,
                   units=dict(sigma_D="G0 = e^2/(pi h)", ln_T_slope="G0"))
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
                 f"sigma_D       = {self.sigma_D:.5g} +- {self.sigma_D_err:.2g} G0 "
                 f"(R_D = {1.0 / (units.G0 * self.sigma_D):.5g} ohm)",
                 f"ln T slope at B = 0: {self.slope:.4f} +- {self.slope_err:.2g} G0 = "
                 f"weak localization p {self.slope_wl:.4f} +- {self.slope_wl_err:.2g} "
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
        from .figures.disentangle import plot_fit
        return plot_fit(self, path)


def _start(data, D, tau_ps, g, thickness_nm):
    """Grid over (ln tau_phi1, p) with sigma_D and F solved linearly (HLN)."""
    T, Bp, Bq, s = data["T_K"], data["B_perp_T"], data["B_par_T"], data["sigma"]
    extra = (g, thickness_nm, "hln")
    best = (np.inf, None)
    for ln_tau in np.log(np.geomspace(0.01, 1e5, 36)):
        for p in (0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0):
            base = model((0.0, p, ln_tau, 0.0), T, Bp, Bq, D, tau_ps, *extra)
            dF = model((0.0, p, ln_tau, 1.0), T, Bp, Bq, D, tau_ps, *extra) - base
            A = np.stack([np.ones_like(T), dF], 1)
            coef, *_ = np.linalg.lstsq(A, s - base, rcond=None)
            r = s - base - A @ coef
            cost = float(r @ r)
            if cost < best[0]:
                best = (cost, np.array([coef[0], p, ln_tau, coef[1]]))
    return best[1]


def disentangle(T_K, B_perp_T, B_par_T, R_sheet_ohm, *, D, tau_ps, g=2.0, R_H=None,
                thickness_nm=None, wl="hln"):
    """Fit the baseline model to measured sheet resistances.

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
        g-factor (default 2).
    R_H : array_like, optional
        Hall coefficient (ohm/T), compared with the fitted interaction slope.
    thickness_nm : float, optional
        Film thickness w: the parallel field then also dephases weak
        localization, 1 / tau_B = e^2 B^2 w^2 D / (3 hbar^2) (beyond the
        baseline, which treats the film as strictly 2D).
    wl : {"hln", "exact"}
        Weak localization from HLN (the baseline) or from the exact 2D theory
        (:func:`pathsim.theory.exact_2d`: for fields near B_tr or tau_phi
        near tau; slower), started from the HLN fit.

    Returns
    -------
    DisentangleFit
    """
    from scipy import optimize

    D = check_real("D (m^2/s)", D, lower=0.0, lower_open=True)
    tau_ps = check_real("tau_ps", tau_ps, lower=0.0, lower_open=True)
    g = check_real("g", g, lower=0.0)
    if thickness_nm is not None:
        thickness_nm = check_real("thickness_nm", thickness_nm, lower=0.0, lower_open=True)
    check_choice("wl", wl, ("hln", "exact"))
    data = _check(T_K, B_perp_T, B_par_T, R_sheet_ohm, R_H)
    data["sigma"] = 1.0 / (units.G0 * data["R_sheet_ohm"])
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):   # far grid points
        start = _start(data, D, tau_ps, g, thickness_nm)
    for method in (("hln", "exact") if wl == "exact" else ("hln",)):
        args = (data["T_K"], data["B_perp_T"], data["B_par_T"], D, tau_ps, g, thickness_nm,
                method)

        def resid(theta):
            return model(theta, *args) - data["sigma"]

        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):   # far trial points
            fit = optimize.least_squares(resid, start, method="lm",
                                         x_scale=np.array([1.0, 0.1, 0.1, 0.1]), max_nfev=4000)
        start = fit.x
    dof = data["sigma"].size - len(NAMES)
    chi2 = float(fit.fun @ fit.fun)
    J = fit.jac
    try:
        cov = np.linalg.inv(J.T @ J) * chi2 / dof
    except np.linalg.LinAlgError:
        cov = np.full((4, 4), np.inf)
    if not np.all(np.isfinite(np.diag(cov))) or np.any(np.diag(cov) <= 0):
        raise ValueError("the data do not determine all of sigma_D, p, tau_phi1 and F "
                         "(singular fit): add fields or temperatures")
    return DisentangleFit(fit.x, cov, data, D, tau_ps, g, chi2, dof, thickness_nm, wl)


def read_csv(path):
    """The columns of a disentangle CSV file: T_K, B_perp_T, B_par_T,
    R_sheet_ohm and optionally R_H_ohm_per_T (header names exact, any
    order; other columns are refused).  Returns a dict of arrays."""
    import csv

    try:
        with open(path, newline="") as handle:
            rows = [r for r in csv.reader(handle) if r and not r[0].lstrip().startswith("#")]
    except FileNotFoundError:
        raise ValueError(f"data file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"cannot read {path}: {exc}") from None
    if len(rows) < 2:
        raise ValueError(f"{path} needs a header line and data rows")
    header = [h.strip() for h in rows[0]]
    unknown = [h for h in header if h not in COLUMNS + OPTIONAL]
    if unknown:
        raise ValueError(f"{path}: unknown column {unknown[0]!r} (known: "
                         f"{', '.join(COLUMNS + OPTIONAL)})")
    twice = [h for h in header if header.count(h) > 1]
    if twice:
        raise ValueError(f"{path}: column {twice[0]!r} appears twice")
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise ValueError(f"{path}: missing column {missing[0]!r} (needs "
                         f"{', '.join(COLUMNS)})")
    out = {}
    for k, name in enumerate(header):
        try:
            out[name] = np.array([float(r[k]) for r in rows[1:]])
        except (ValueError, IndexError):
            raise ValueError(f"{path}: column {name!r} holds a value that is not a number, "
                             "or a row is short") from None
    return out
