"""Fit Rashba and linear Dresselhaus together: ``fit_wal(..., model="ballistic",
dresselhaus=True)`` (``pathsim fit-wal --model ballistic --dresselhaus``).

The model is the ballistic theory with both terms
(:func:`pathsim.theory.exact_spin.ballistic_magnetoconductance` with
``B_so_D``; :ref:`theory-ballistic-wal-rd`), its parameters ``B_phi``,
``B_so_R`` and ``B_so_D`` (fitted as logarithms, each spin-orbit field in
ILP's definition for its own term).  Two things limit what a curve can say:

- the terms enter symmetrically (the mirror x <-> y swaps them), so the fit
  reports the larger as ``B_so_R`` and says that the labels may be swapped;
- at ``B_so_R = B_so_D`` (the persistent spin helix) every closed loop
  turns the spin by zero and the curve is the spinless one whatever the two
  fields are, and a second term much smaller than the first changes the
  curve only to second order: there the fit marks both fields
  unconstrained and warns.

The start: the HLN grid on the points below 0.3 B_tr gives ``B_phi`` and
the total ``B_so``; a few
splits of that total between the terms are tried with the ballistic model
itself (:data:`SPLITS`), the best one starts the joint least squares of
:mod:`pathsim.analysis.curvefit`.
"""
import copy
import itertools

import numpy as np

from .curvefit import Model, _columns, _linear, _weights, joint_fit, start
from .fitresult import build
from .hln import parse_share

NAMES = ("B_phi", "B_so_R", "B_so_D")
#: the HLN B_so times these (a D'yakonov-Perel curve is not HLN's) ...
SCALES = (1.0, 2.5, 6.0)
#: ... split between the terms, these fractions to the second
SPLITS = (0.1, 0.3)
#: |ln B_so_R - ln B_so_D| below this many standard errors: not told apart from the helix
HELIX_Z = 1.0
#: the HLN start uses the points below this many B_tr
START_FIELD = 0.3
#: xtol, ftol, gtol of the least squares (each evaluation costs ~0.3 s)
TOLERANCE = 1e-6


def _diffusive_part(curve, B_tr):
    """The points below ``START_FIELD`` B_tr (at least 4 of them), where HLN
    is a fair first guess; ``curve`` itself when the field is fitted or
    too few points are there."""
    keep = curve.field <= START_FIELD * B_tr
    if curve.signed is not None or keep.sum() < 4:
        return curve
    part = copy.copy(curve)
    part.field, part.value = curve.field[keep], curve.value[keep]
    part.err = None if curve.err is None else curve.err[keep]
    return part


def _starter(hln_shape, B_tr):
    """A start for the three fields (see the module docstring)."""

    def starter(model, curve):
        two = Model("hln-so", hln_shape, ("B_phi", "B_so"), model.alpha, model.background,
                    model.offset, center=model.center)
        point, _, edge = start(two, _diffusive_part(curve, B_tr))
        b_phi, b_so = np.exp(point)
        best = None
        for scale, share in itertools.product(SCALES, SPLITS):
            fields = [b_phi, (1.0 - share) * scale * b_so, share * scale * b_so]
            fixed, cols = _columns(model, curve, fields)
            coef, cost = _linear(curve.value, fixed, cols, _weights(curve))
            if best is None or cost < best[0]:
                best = (cost, np.log(fields), coef)
        return best[1], list(best[2]) + ([0.0] if model.center else []), \
            [edge[0], edge[1], False]
    return starter


def _order_terms(res, n_groups):
    """Put the larger spin-orbit field in the B_so_R slot of every group
    (the curve is the same either way): swap their values, covariance,
    flags and ranges where needed."""
    layout, x, cov = res["layout"], res["x"], res["cov"]
    swapped = set()
    for g in range(n_groups):
        i, j = layout.index["B_so_R", g], layout.index["B_so_D", g]
        if x[i] >= x[j] or (i, j) in swapped:
            continue
        swapped.add((i, j))
        order = np.arange(x.size)
        order[[i, j]] = [j, i]
        res["x"] = x = x[order]
        res["cov"] = cov = cov[np.ix_(order, order)]
        for key in ("lo", "hi"):
            res[key] = res[key][order]
        flags = res["flags"]
        fi, fj = flags.pop(i, None), flags.pop(j, None)
        for k, f in ((j, fi), (i, fj)):
            if f is not None:
                flags[k] = f


def _separation(res, n_groups):
    """Warnings (and flags) where the data do not separate the two terms."""
    layout, x, cov, flags = res["layout"], res["x"], res["cov"], res["flags"]
    out = []
    for g in range(n_groups):
        i, j = layout.index["B_so_R", g], layout.index["B_so_D", g]
        label = "" if n_groups == 1 else f" (group {g + 1})"
        var = cov[i, i] + cov[j, j] - 2.0 * cov[i, j]
        gap = x[i] - x[j]
        if i in flags and j in flags:
            out.append(f"neither spin-orbit field is determined{label} (B_so_R {flags[i]}, "
                       f"B_so_D {flags[j]}): near the persistent spin helix (B_so_R = "
                       "B_so_D) or without spin-orbit the curve is the spinless one, "
                       "whatever the fields")
        elif i in flags or j in flags:
            out.append(f"the second spin-orbit term is not determined{label} (B_so_R "
                       f"{flags.get(i, 'determined')}, B_so_D {flags.get(j, 'determined')}): "
                       "a term this small does not show in the curve; quote the one-term "
                       "fit (without dresselhaus)")
        elif not np.isfinite(var) or abs(gap) < HELIX_Z * np.sqrt(max(var, 0.0)):
            out.append(f"B_so_R and B_so_D are not told apart{label} (ln B_so_R - ln B_so_D "
                       f"= {gap:.2g} +- {np.sqrt(max(var, 0.0)):.2g}): near the persistent "
                       "spin helix (B_so_R = B_so_D) the curve is the spinless one whatever "
                       "the fields, so neither is determined")
            for k in (i, j):
                flags.setdefault(k, "not separated from B_so_R = B_so_D (the helix)")
    return out


def fit_two_terms(data, shape, hln_shape, B_tr, alpha, background, offset, center, share,
                  warnings):
    """``fit_wal(model="ballistic", dresselhaus=True)`` on a prepared
    measurement (:func:`pathsim.analysis.fit_wal`, which checks the rest);
    ``hln_shape`` the HLN-SO shape of its start."""
    m = Model("ballistic", shape, NAMES, alpha, background, offset, center=center,
              starter=_starter(hln_shape, B_tr), tolerance=TOLERANCE)
    shared = parse_share(share, m.names, len(data.curves))
    if ("B_so_R" in shared) != ("B_so_D" in shared):
        raise ValueError("share: B_so_R and B_so_D are shared together or not at all "
                         "(the fit orders them by size)")
    res = joint_fit(m, data.curves, shared)
    n_groups = len(data.curves)
    _order_terms(res, n_groups)
    res["warnings"] = warnings + res["warnings"] + _separation(res, n_groups)
    return build("ballistic", m, data.curves, res, data.field_unit, data.notes,
                 data.group_name, "ilp-rd")
