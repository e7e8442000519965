"""The least-squares engine of fit-hln and fit-wal: one or several curves
(groups), parameters per group or shared, honest errors.

A model is a shape f(B; B_phi[, B_so]) (fields > 0 fitted as logarithms,
inside a search range that is also the starting grid: 1/100 of the smallest
to 100 times the largest field of the group) times ``alpha``, plus a
background c ``|B|`` or c B^2, plus an offset ``sigma0`` when sigma(0) is
fitted; with a zero-field reference every term is taken relative to the
reference field.  The linear parameters are solved exactly on the starting
grid (variable projection), then everything is refined together
(:func:`scipy.optimize.least_squares`).

Errors: the covariance (J^T W J)^-1; without data errors it is scaled by
chi^2/dof (errors from the scatter); with data errors it is scaled by
chi^2/dof only when chi^2 is improbably large (p < 0.001), with a warning.
A direction the data do not determine (a singular value below 1e-10 of
the largest) gives infinite errors.  A parameter at the edge of its range,
with an infinite error or a relative error above 1, or the shape
parameters of a group whose signal is not significant against the
background alone (F-test, p > 0.01), is marked unconstrained.
"""
import warnings

import numpy as np

LOG = ("B_phi", "B_so", "B_so_R", "B_so_D")
EDGE = 1e-3                # in ln: a value this close to its range's end is at the edge


class Model:
    """What is fitted: ``shape(field, *nonlinear)`` (0 at B = 0), the
    nonlinear names, whether alpha is free (else its value), the
    background kind and whether an offset is fitted."""

    def __init__(self, name, shape, nonlinear, alpha, background, offset, start_shape=None,
                 center=False, starter=None, tolerance=1e-12):
        self.name, self.shape, self.nonlinear = name, shape, tuple(nonlinear)
        self.alpha, self.background, self.offset = alpha, background, offset
        self.start_shape = start_shape or shape
        # starter(model, curve) -> as start(): for models whose grid is too dear
        self.starter = starter or start
        self.tolerance = tolerance      # xtol, ftol and gtol of the least squares
        self.center = center
        self.names = self.nonlinear + (("alpha",) if alpha is None else ()) + \
            (("c",) if background != "none" else ()) + (("sigma0",) if offset else ()) + \
            (("B0",) if center else ())

    def bg(self, field):
        return np.abs(field) if self.background == "linear" else field ** 2


def _columns(model, curve, nonlin, shape=None, shift=0.0):
    """The linear design of one curve at given nonlinear values (and field
    centre ``shift``): the fixed part and the columns of the linear
    parameters (alpha, c, sigma0)."""
    shape = shape or model.shape
    f = curve.field if curve.signed is None else np.abs(curve.signed - shift)
    s = shape(f, *nonlin)
    b = model.bg(f) if model.background != "none" else None
    if curve.ref is not None:
        ref = np.array([abs(curve.ref - shift)])
        s = s - shape(ref, *nonlin)[0]
        if b is not None:
            b = b - model.bg(ref)[0]
    cols = []
    fixed = np.zeros_like(f)
    if model.alpha is None:
        cols.append(s)
    else:
        fixed = model.alpha * s
    if b is not None:
        cols.append(b)
    if model.offset:
        cols.append(np.ones_like(f))
    return fixed, cols


def _weights(curve):
    return np.ones_like(curve.field) if curve.err is None else 1.0 / curve.err


def ranges(curve):
    """The search range (ln) of the field parameters of one curve."""
    positive = curve.field[curve.field > 0]
    return np.log(positive.min() / 100.0), np.log(positive.max() * 100.0)


def _lin_names(model):
    return [n for n in model.names if n not in LOG and n != "B0"]


def _linear(target, fixed, cols, w):
    if not cols:
        r = (target - fixed) * w
        return np.zeros(0), float(r @ r)
    A = np.array(cols).T * w[:, None]
    coef = np.linalg.lstsq(A, (target - fixed) * w, rcond=None)[0]
    r = (target - fixed) * w - A @ coef
    return coef, float(r @ r)


def start(model, curve):
    """Best point of the starting grid: (ln nonlinear, linear values, at_edge flags)."""
    lo, hi = ranges(curve)
    w = _weights(curve)
    axes = [np.linspace(lo, hi, 41 if len(model.nonlinear) == 1 else 21)
            for _ in model.nonlinear]
    best = (np.inf, None, None)
    for point in np.array(np.meshgrid(*axes, indexing="ij")).reshape(len(axes), -1).T:
        fixed, cols = _columns(model, curve, np.exp(point), model.start_shape)
        coef, cost = _linear(curve.value, fixed, cols, w)
        if cost < best[0]:
            best = (cost, point, coef)
    point = best[1]
    edge = [abs(x - lo) < 1e-9 or abs(x - hi) < 1e-9 for x in point]
    return point, list(best[2]) + ([0.0] if model.center else []), edge


def null_cost(model, curve):
    """Weighted residual sum of squares of the background and offset alone."""
    cols = []
    if model.background != "none":
        b = model.bg(curve.field)
        cols.append(b - (model.bg(np.array([abs(curve.ref)]))[0] if curve.ref is not None
                         else 0))
    if model.offset:
        cols.append(np.ones_like(curve.field))
    return _linear(curve.value, np.zeros_like(curve.field), cols, _weights(curve))[1]


class Layout:
    """Where each (parameter, group) sits in the vector of the joint fit."""

    def __init__(self, names, n_groups, shared):
        self.index, self.labels = {}, []
        for name in names:
            if name in shared:
                self.labels.append((name, None))
                for g in range(n_groups):
                    self.index[name, g] = len(self.labels) - 1
            else:
                for g in range(n_groups):
                    self.index[name, g] = len(self.labels)
                    self.labels.append((name, g))

    def __len__(self):
        return len(self.labels)


def joint_fit(model, curves, shared=()):
    """Fit ``model`` to every curve, ``shared`` parameters common to all.

    Returns a dict: ``x`` (ln for B_phi/B_so), ``cov`` (same coordinates,
    scaled as the module docstring says), ``layout``, ``chi2``, ``dof``,
    ``group_chi2``, ``scaled`` (None, "scatter" or "chi2"), ``warnings``,
    ``flags`` {(name, group): reason}."""
    from scipy import optimize, stats

    layout = Layout(model.names, len(curves), shared)
    n_points = sum(c.field.size for c in curves)
    if n_points <= len(layout):
        raise ValueError(f"need more data points ({n_points}) than fit parameters "
                         f"({len(layout)}: {', '.join(model.names)})")
    x0 = np.zeros(len(layout))
    lo, hi = np.full(len(layout), -np.inf), np.full(len(layout), np.inf)
    counts = np.zeros(len(layout))
    edges = {}
    for g, curve in enumerate(curves):
        point, coef, edge = model.starter(model, curve)
        values = list(point) + list(coef)
        rlo, rhi = ranges(curve)
        for k, name in enumerate(model.names):
            i = layout.index[name, g]
            x0[i] += values[k]
            counts[i] += 1
            if name in LOG:
                lo[i] = rlo if counts[i] == 1 else min(lo[i], rlo)
                hi[i] = rhi if counts[i] == 1 else max(hi[i], rhi)
                edges[name, g] = edge[k]
            elif name == "B0":
                reach = 0.25 * curve.field.max()
                lo[i], hi[i] = -reach, reach
    x0 /= counts
    x0 = np.clip(x0, lo + 1e-9, hi - 1e-9)
    weights = [_weights(c) for c in curves]

    def residuals(x):
        out = []
        for g, curve in enumerate(curves):
            p = {name: x[layout.index[name, g]] for name in model.names}
            fixed, cols = _columns(model, curve, [np.exp(p[n]) for n in model.nonlinear],
                                   shift=p.get("B0", 0.0))
            lin = [p[n] for n in _lin_names(model)]
            pred = fixed + (np.array(cols).T @ np.array(lin) if cols else 0.0)
            out.append((pred - curve.value) * weights[g])
        return np.concatenate(out)

    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        tol = model.tolerance
        fit = optimize.least_squares(residuals, x0, bounds=(lo, hi), x_scale="jac",
                                     xtol=tol, ftol=tol, gtol=tol, max_nfev=2000)
    r = fit.fun
    chi2 = float(r @ r)
    dof = n_points - len(layout)
    cov = _covariance(fit.jac)
    out_warnings, scaled = [], None
    has_err = all(c.err is not None for c in curves)
    if not has_err:
        cov *= chi2 / dof
        scaled = "scatter"
    else:
        p = float(stats.chi2.sf(chi2, dof))
        if p < 1e-3:
            cov *= chi2 / dof
            scaled = "chi2"
            out_warnings.append(f"chi2/dof = {chi2 / dof:.3g} with the data's error bars "
                                f"(p = {p:.2g}): the model or the error bars do not fit; "
                                "errors scaled by sqrt(chi2/dof)")
    flags = {}
    err = np.sqrt(np.abs(np.diag(cov)))
    for i, (name, g) in enumerate(layout.labels):
        if name == "B0" and (fit.x[i] - lo[i] < 1e-6 * (hi[i] - lo[i])
                             or hi[i] - fit.x[i] < 1e-6 * (hi[i] - lo[i])):
            flags[i] = "at the edge of its search range (a quarter of the largest field)"
        elif name in LOG and (fit.x[i] - lo[i] < EDGE or hi[i] - fit.x[i] < EDGE):
            flags[i] = (f"at the edge of its search range {np.exp(lo[i]):.3g} .. "
                        f"{np.exp(hi[i]):.3g} (the starting grid)")
        elif not np.isfinite(err[i]):
            flags[i] = "not determined by the data"
        elif name in LOG and err[i] > 1.0:
            flags[i] = "relative error > 1"
        elif name in ("alpha", "c") and err[i] > abs(fit.x[i]):
            flags[i] = "relative error > 1"
    group_chi2 = []
    start_at = 0
    for g, curve in enumerate(curves):
        n = curve.field.size
        rg = r[start_at:start_at + n]
        start_at += n
        group_chi2.append(float(rg @ rg))
        shape_names = model.nonlinear + (("alpha",) if model.alpha is None else ())
        k = len(shape_names)
        rss0 = null_cost(model, curve)
        n_lin = (model.background != "none") + bool(model.offset)
        if n - n_lin - k > 0 and group_chi2[-1] > 0:
            F = (rss0 - group_chi2[-1]) / k / (group_chi2[-1] / (n - n_lin - k))
            p_sig = float(stats.f.sf(F, k, n - n_lin - k)) if np.isfinite(F) else 0.0
        else:
            p_sig = 1.0 if rss0 == 0 else 0.0
        if p_sig > 0.01:
            label = "" if curve.group is None else f" in group {curve.group:g}"
            out_warnings.append(f"no significant signal{label} (F-test against the "
                                f"background alone: p = {p_sig:.2g}): its "
                                f"{', '.join(shape_names)} are unconstrained")
            for name in shape_names:
                flags.setdefault(layout.index[name, g], "no significant signal")
    return dict(x=fit.x, cov=cov, layout=layout, chi2=chi2, dof=dof, group_chi2=group_chi2,
                scaled=scaled, warnings=out_warnings, flags=flags, lo=lo, hi=hi,
                residuals=residuals, weights=weights)


def _covariance(jac):
    """(J^T J)^-1 by SVD; directions with singular values below 1e-10 of the
    largest give infinite variance to the parameters they touch."""
    jac = np.asarray(jac, dtype=float)
    _, s, vt = np.linalg.svd(jac, full_matrices=False)
    if s.size == 0 or not np.all(np.isfinite(s)) or s[0] == 0:
        return np.full((jac.shape[1],) * 2, np.inf)
    good = s > 1e-10 * s[0]
    v = vt[good].T
    cov = (v / s[good] ** 2) @ v.T
    bad = np.abs(vt[~good]).max(axis=0) > 1e-6 if (~good).any() else np.zeros(jac.shape[1], bool)
    cov[bad, :] = np.inf
    cov[:, bad] = np.inf
    return cov
