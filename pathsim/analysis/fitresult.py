"""Results of fit-hln and fit-wal: parameters with standard errors, units
and a constrained flag, per group; chi^2, warnings; text, JSON, CSV."""
import copy

import numpy as np

from .. import units
from ._shared import json_safe
from .curvefit import LOG

B_SO_TEXT = {
    "pathsim": "B_so: pathsim's definition hbar/(4 e D tau_so), tau_so the spin relaxation "
               "time of each component (HLN's H_so = 0.75 B_so; pathsim.analysis.conventions)",
    "ilp": "B_so: ILP's definition hbar/(4 e D tau_so), 1/tau_so the in-plane spin "
           "relaxation rate of one linear D'yakonov-Perel term (pathsim.analysis.conventions)",
    "ilp-rd": "B_so_R, B_so_D: ILP's definition for each term alone, hbar/(4 e D tau_so) with "
              "1/tau_so the in-plane spin relaxation rate that term alone gives (angle per "
              "l = sqrt(2 B_so / B_tr)); a magnetoconductance cannot tell Rashba from "
              "Dresselhaus (a mirror swaps them): the larger is reported as B_so_R"}


class Param:
    """One fitted (or fixed) parameter: ``value``, ``stderr``, ``unit``,
    ``constrained`` (False with a ``reason``), ``fixed``, ``shared``."""

    def __init__(self, name, value, stderr, unit, reason=None, fixed=False, shared=False):
        self.name, self.value, self.stderr, self.unit = name, float(value), float(stderr), unit
        self.reason, self.fixed, self.shared = reason, fixed, shared

    @property
    def constrained(self):
        return self.reason is None

    def text(self):
        u = f" {self.unit}" if self.unit else ""
        if self.fixed:
            return f"{self.value:.6g}{u} (fixed)"
        body = f"{self.value:.6g} +- {self.stderr:.2g}{u}"
        tags = (["shared"] if self.shared else []) + \
            ([f"UNCONSTRAINED: {self.reason}"] if self.reason else [])
        return body + (f"  [{'; '.join(tags)}]" if tags else "")

    def to_dict(self):
        return dict(value=self.value, stderr=None if self.fixed else self.stderr,
                    unit=self.unit, constrained=self.constrained, reason=self.reason,
                    fixed=self.fixed, shared=self.shared)

    def __repr__(self):
        return f"<Param {self.name} = {self.text()}>"


class GroupFit:
    """The fit of one curve: ``params`` (dict of :class:`Param`), the data,
    ``chi2`` of its points, ``offset`` when recentred; attribute access
    ``fit.B_phi``, ``fit.B_phi_err``."""

    def __init__(self, curve, params, chi2, model_curve):
        self.curve, self.params, self.chi2 = curve, params, chi2
        self.group = curve.group
        self.field, self.dsigma, self.err = curve.field, curve.value, curve.err
        self._model = model_curve

    def model(self, field):
        """The fitted curve at ``field`` (fit's field unit), in e^2/(pi h),
        on the data's reference."""
        return self._model(np.asarray(field, dtype=float))

    def __getattr__(self, name):
        params = self.__dict__.get("params", {})
        if name in params:
            return params[name].value
        if name.endswith("_err") and name[:-4] in params:
            return params[name[:-4]].stderr
        raise AttributeError(name)


class MeasurementFit:
    """All groups of a fit (one group for a single curve: then ``fit.B_phi``
    etc. reach it directly).  ``kind`` "hln" or a WAL model, ``field_unit``
    "T" or "b", ``scaled`` (None, "scatter" or "chi2"), ``warnings``,
    ``notes``, ``shared``, ``group_name``, ``power_law`` (temperature groups)."""

    def __init__(self, kind, groups, field_unit, chi2, dof, scaled, warnings, notes,
                 shared=(), group_name=None, b_so_definition=None, cov=None, layout=None):
        self.kind, self.groups, self.field_unit = kind, groups, field_unit
        self.chi2, self.dof, self.scaled = chi2, dof, scaled
        self.warnings, self.notes, self.shared = warnings, notes, tuple(shared)
        self.group_name, self.b_so_definition = group_name, b_so_definition
        self.error_method = "covariance"
        self._cov, self._layout = cov, layout
        self.power_law = None
        if group_name is not None and _is_temperature(group_name) and len(groups) >= 2:
            self.power_law = self._power_law()

    # -- the single-curve view ----------------------------------------
    def __getattr__(self, name):
        groups = self.__dict__.get("groups")
        if groups and len(groups) == 1:
            return getattr(groups[0], name)
        raise AttributeError(f"{name!r}: a fit of {len(groups or [])} groups: use .groups[i]")

    @property
    def L_phi_nm(self):
        if self.field_unit != "T" or len(self.groups) != 1:
            return None
        return float(units.l_phi_from_b_phi(self.groups[0].params["B_phi"].value))

    @property
    def L_phi_nm_err(self):
        p = self.groups[0].params["B_phi"]
        return None if self.L_phi_nm is None else 0.5 * self.L_phi_nm * p.stderr / p.value

    def set_error(self, name, err, method):
        """Replace the standard error of ``name`` (single group), e.g. by a
        jackknife over a simulation's blocks."""
        self.groups[0].params[name].stderr = float(err)
        self.error_method = method

    # -- B_phi against temperature ------------------------------------
    def _power_law(self):
        """B_phi = B_phi(1 K) T^p by generalised least squares on ln B_phi,
        with the fit's covariance (shared parameters correlate the groups)."""
        T = np.array([g.group for g in self.groups], dtype=float)
        if np.any(T <= 0) or any(not g.params["B_phi"].constrained for g in self.groups):
            return None
        idx = [self._layout.index["B_phi", i] for i in range(len(self.groups))]
        cov = self._cov[np.ix_(idx, idx)]
        if not np.all(np.isfinite(cov)):
            return None
        y = np.log([g.params["B_phi"].value for g in self.groups])
        A = np.stack([np.ones_like(T), np.log(T)], 1)
        cinv = np.linalg.inv(cov)
        pc = np.linalg.inv(A.T @ cinv @ A)
        coef = pc @ A.T @ cinv @ y
        r = y - A @ coef
        chi2 = float(r @ cinv @ r)
        dof = T.size - 2
        scale = max(1.0, chi2 / dof) if dof > 0 else 1.0
        err = np.sqrt(np.diag(pc) * scale)
        return dict(p=float(coef[1]), p_err=float(err[1]),
                    B_phi_1K=float(np.exp(coef[0])), B_phi_1K_err=float(np.exp(coef[0]) * err[0]),
                    chi2=chi2, dof=dof, scaled=scale > 1.0)

    # -- output ---------------------------------------------------------
    def _unit(self):
        return "T" if self.field_unit == "T" else "B_tr"

    def summary(self):
        u = self._unit()
        head = (f"{self.kind.upper()} fit of {sum(g.field.size for g in self.groups)} points"
                + (f" in {len(self.groups)} groups of {self.group_name}"
                   if self.group_name else "")
                + f": chi2/dof = {self.chi2:.4g}/{self.dof} = "
                + f"{self.chi2 / max(self.dof, 1):.3g}")
        lines = [head, _scaled_text(self.scaled)]
        lines.append(f"conductance in e2pih = e^2/(pi h) (not 2e^2/h); fields in {u}")
        if self.b_so_definition:
            lines.append(B_SO_TEXT.get(self.b_so_definition,
                                       f"B_so: {self.b_so_definition} definition"))
        for g in self.groups:
            if self.group_name:
                lines.append(f"-- {self.group_name} = {g.group:g}: {g.field.size} points, "
                             f"chi2 = {g.chi2:.4g}")
            for p in g.params.values():
                parts = ""
                if f"{p.name}_err_grid" in g.__dict__:
                    parts = (f"  (data {g.__dict__[p.name + '_err_data']:.2g}, simulation grid "
                             f"{g.__dict__[p.name + '_err_grid']:.2g})")
                lines.append(f"{p.name} = {p.text()}{parts}")
                if p.name == "alpha" and not p.fixed and self.kind in ("hln-so", "ilp"):
                    lines.append(f"  (channels -2 alpha = {-2 * p.value:.4g} +- "
                                 f"{2 * p.stderr:.2g})")
            if g.curve.offset is not None:
                reason = getattr(g.curve, "offset_reason", None)
                lines.append(f"offset = {g.curve.offset:.4g} +- {g.curve.offset_err:.2g} "
                             f"{u} (field centre, removed)"
                             + (f"  [UNCONSTRAINED: {reason}]" if reason else ""))
        if self.L_phi_nm is not None and self.groups[0].params["B_phi"].constrained:
            lines.append(f"L_phi = {self.L_phi_nm:.5g} +- {self.L_phi_nm_err:.2g} nm")
        if self.power_law:
            pl = self.power_law
            lines.append(f"B_phi = B_phi(1 K) T^p: p = {pl['p']:.4g} +- {pl['p_err']:.2g}, "
                         f"B_phi(1 K) = {pl['B_phi_1K']:.4g} +- {pl['B_phi_1K_err']:.2g} {u}")
        lines += [f"note: {n}" for n in self.notes]
        seen = []
        for g in self.groups:
            seen += [n for n in g.curve.notes if n not in seen and not n.startswith(
                ("field centre", "field offset"))]
        lines += [f"data: {n}" for n in seen]
        lines += [f"WARNING: {w}" for w in self.warnings]
        return "\n".join(line for line in lines if line)

    def to_dict(self):
        """Every group's parameters as {value, stderr, unit, constrained},
        chi2/dof, points, warnings, offset; JSON-safe (no NaN or inf)."""
        groups = []
        for g in self.groups:
            d = dict(group=g.group, points=int(g.field.size), chi2=g.chi2,
                     parameters={n: p.to_dict() for n, p in g.params.items()})
            if g.curve.offset is not None:
                reason = getattr(g.curve, "offset_reason", None)
                d["offset"] = dict(value=g.curve.offset, stderr=g.curve.offset_err,
                                   unit=self._unit(), constrained=reason is None,
                                   reason=reason)
            d["notes"] = g.curve.notes
            groups.append(d)
        out = dict(model=self.kind, field_unit=self._unit(), conductance_unit="e2pih",
                   b_so_definition=self.b_so_definition, chi2=self.chi2, dof=self.dof,
                   chi2_per_dof=self.chi2 / max(self.dof, 1), errors=self.scaled or "data",
                   group=self.group_name, shared=list(self.shared), groups=groups,
                   power_law=self.power_law, warnings=self.warnings, notes=self.notes)
        return json_safe(out)

    def table(self):
        """(header, rows) of the parameter table, one row per group."""
        names = list(self.groups[0].params)
        header = [self.group_name or "group", "points", "chi2"]
        for n in names:
            header += [n, f"{n}_stderr", f"{n}_constrained"]
        header += ["offset", "offset_stderr"]
        rows = []
        for g in self.groups:
            row = ["" if g.group is None else g.group, g.field.size, g.chi2]
            for n in names:
                p = g.params[n]
                row += [p.value, "" if p.fixed else p.stderr, p.constrained]
            row += ["" if g.curve.offset is None else g.curve.offset,
                    "" if g.curve.offset is None else g.curve.offset_err]
            rows.append(row)
        return header, rows

    def write_csv(self, path):
        """The parameter table as CSV (atomically)."""
        import csv

        from .._files import atomic_write
        header, rows = self.table()

        def write(handle):
            w = csv.writer(handle)
            w.writerow(header)
            for row in rows:
                w.writerow([f"{x:.10g}" if isinstance(x, float) else x for x in row])
        return atomic_write(path, write, text=True)

    def plot(self, path):
        from .fitplot import plot_fit
        return plot_fit(self, path)

    def __repr__(self):
        return f"<MeasurementFit {self.kind}: {len(self.groups)} groups, chi2/dof " \
               f"{self.chi2:.4g}/{self.dof}>"


def _scaled_text(scaled):
    return {None: "errors from the data's error bars",
            "scatter": "no error bars given: errors from the scatter about the fit "
                       "(scaled by sqrt(chi2/dof))",
            "chi2": "errors scaled by sqrt(chi2/dof) (see the warning)"}[scaled]


def _is_temperature(name):
    from .loader import Column
    column = Column(name, None)
    return column.name in ("t", "temp", "temperature", "t_k") or column.unit == "K"


def build(kind, model, curves, res, field_unit, notes, group_name, b_so_definition):
    """A :class:`MeasurementFit` from :func:`pathsim.analysis.curvefit.joint_fit`."""
    from .curvefit import _columns, _lin_names
    layout, x, cov = res["layout"], res["x"], res["cov"]
    u = "T" if field_unit == "T" else "B_tr"
    unit_of = dict(B_phi=u, B_so=u, B_so_R=u, B_so_D=u, alpha="", sigma0="e2pih", B0=u,
                   c=f"e2pih/{u}" + ("^2" if model.background == "quadratic" else ""))
    groups = []
    for g, curve in enumerate(curves):
        params = {}
        for name in model.names:
            i = layout.index[name, g]
            value, var = x[i], cov[i, i]
            if name in LOG:
                value, err = np.exp(value), np.exp(value) * np.sqrt(var)
            else:
                err = np.sqrt(var)
            params[name] = Param(name, value, err, unit_of[name], res["flags"].get(i),
                                 shared=layout.labels[i][1] is None and len(curves) > 1)
            if name == model.nonlinear[-1] and model.alpha is not None:
                params["alpha"] = Param("alpha", model.alpha, 0.0, "", fixed=True)
        if model.background == "none":
            params.pop("c", None)
        if model.center:            # the field centre: reported as the offset
            curve = copy.copy(curve)    # the measurement itself stays as read
            centre = params.pop("B0")
            curve.offset = curve.offset + centre.value
            curve.offset_err = centre.stderr
            curve.offset_reason = centre.reason
            curve.field = np.abs(curve.signed - centre.value)
            curve.notes = [n for n in curve.notes if not n.startswith("field offset")] + \
                [f"field centre {curve.offset:.4g} +- {curve.offset_err:.2g} {u} fitted "
                 "and removed"]

        def curve_fn(field, g=g, curve=curve):
            p = {n: x[layout.index[n, g]] for n in model.names}
            from .prepare import Curve
            shift = p.get("B0", 0.0)
            ref = None if curve.ref is None else curve.ref - shift
            probe = Curve(field, np.zeros_like(field), None, ref, None, None, None, [])
            fixed, cols = _columns(model, probe, [np.exp(p[n]) for n in model.nonlinear])
            lin = [p[n] for n in _lin_names(model)]
            return fixed + (np.array(cols).T @ np.array(lin) if cols else 0.0)
        groups.append(GroupFit(curve, params, res["group_chi2"][g], curve_fn))
    return MeasurementFit(kind, groups, field_unit, res["chi2"], res["dof"], res["scaled"],
                          res["warnings"], notes, [n for n in model.names
                                                   if layout.labels[layout.index[n, 0]][1]
                                                   is None and len(curves) > 1],
                          group_name, b_so_definition, cov, layout)
