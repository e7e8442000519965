"""From the columns of a lab file to the curves a fit takes.

Per group (one value of the ``group`` column): rows with empty cells in the
used columns dropped; fields to tesla; the centre of symmetry found
(``recenter``); R(B) and R(-B) put on one grid and averaged
(``symmetrize``), repeated read-backs averaged; the fit window
(``max_field``); the conversion to conductance in e^2 / (pi h); the zero
field reference (``reference``).  Every step says what it did in the
curve's ``notes``.
"""
import numpy as np

from .conventions import FIELD_UNITS, VALUE_UNITS
from .symmetry import find_center, merge_readbacks, symmetrize

SYMMETRIZE = ("average", "positive", "negative", "none")
REFERENCES = ("zero-field", "fit")
QUANTITIES = ("delta_sigma", "sigma", "R_sheet", "R")
#: values larger than this (after conversion) are refused: no fit survives them
LIMIT = 1e100


class Curve:
    """One group's data, ready to fit.

    Attributes
    ----------
    field : ndarray
        |B| after recentring and symmetrizing (tesla, or B_tr for unit b).
    value, err : ndarray, ndarray or None
        Conductance (sheet conductance with a geometry) in e^2 / (pi h) and
        its standard error; None without an error column.
    ref : float or None
        The field whose value was subtracted (``reference="zero-field"``:
        the model is then f(B) - f(ref)); None when an offset is fitted
        or the values are already delta_sigma.
    group : float or None
    offset, offset_err : float or None
        The field offset found by ``recenter`` (field unit of the fit).
    notes : list of str
    """

    def __init__(self, field, value, err, ref, group, offset, offset_err, notes):
        self.field, self.value, self.err, self.ref = field, value, err, ref
        self.group, self.offset, self.offset_err, self.notes = group, offset, offset_err, notes
        self.fit_offset = False
        self.signed = None         # signed fields (B - offset) when the centre is fitted

    def __repr__(self):
        return (f"<Curve group={self.group} {self.field.size} points, |B| <= "
                f"{self.field.max():.4g}>")


def _finite(name, arr, where):
    bad = ~np.isfinite(arr)
    if bad.any():
        raise ValueError(f"{name} has NaN or inf at {where} {int(np.argmax(bad)) + 1}")


def check_arrays(field, value, error=None, names=("field", "delta_sigma", "error")):
    """1-D float arrays of equal length, finite, errors > 0; ValueError
    naming the array otherwise (strings, complex numbers included)."""
    out = []
    for k, (name, arr) in enumerate(zip(names, (field, value, error))):
        if arr is None and k < 2:
            raise ValueError(f"{name} is missing (an array of numbers)")
        if arr is None:
            out.append(None)
            continue
        raw = np.asarray(arr)
        if np.iscomplexobj(raw):
            raise ValueError(f"{name} must be real numbers (got complex values)")
        try:
            a = np.asarray(raw, dtype=float)
        except (TypeError, ValueError):
            raise ValueError(f"{name} must be numbers (got {arr!r:.60})") from None
        if a.ndim != 1:
            raise ValueError(f"{name} must be a 1-D array (got shape {a.shape})")
        out.append(a)
    n = out[0].size
    for name, a in zip(names, out):
        if a is not None and a.size != n:
            raise ValueError(f"{name} has {a.size} values, {names[0]} has {n}")
        if a is not None:
            _finite(name, a, "row")
            big = np.abs(a) > LIMIT
            if big.any():
                raise ValueError(f"{name} = {a[big][0]:g} at row {int(np.argmax(big)) + 1} is "
                                 f"out of range (|{name}| <= {LIMIT:g})")
    if out[2] is not None:
        bad = out[2] <= 0
        if bad.any():
            raise ValueError(f"{names[2]} must be > 0 (row {int(np.argmax(bad)) + 1}: "
                             f"{out[2][bad][0]:g})")
    return out


def to_conductance(value, err, quantity, unit, geometry, name=None):
    """Values in ``unit`` of ``quantity`` -> conductance in e^2 / (pi h)
    (sheet conductance if the quantity is one, or with a geometry)."""
    from ._shared import E2PIH

    kind, factor = VALUE_UNITS[unit]
    needs = "resistance" if quantity in ("R", "R_sheet") else "conductance"
    if kind != needs:
        raise ValueError(f"--unit {unit} is a {kind} unit, --quantity {quantity} needs a "
                         f"{needs} unit")
    if kind == "conductance":
        scale = factor / E2PIH
        if geometry is not None:
            length, width = geometry
            scale *= length / width          # G -> sheet conductance
        return value * scale, None if err is None else err * scale
    if np.any(value <= 0):
        bad = value[value <= 0][0]
        raise ValueError(f"{name or quantity}: a resistance must be > 0 (got {bad:g} {unit})")
    ohm = value * factor
    if quantity == "R" and geometry is not None:
        length, width = geometry
        ohm = ohm * width / length           # R_xx -> sheet resistance
    sigma = 1.0 / (ohm * E2PIH)
    if not np.all(np.isfinite(sigma)) or np.any(sigma > LIMIT):
        raise ValueError(f"{name or quantity}: resistance {value.min():g} {unit} is out of "
                         f"range (its conductance exceeds {LIMIT:g} e^2/(pi h))")
    return sigma, None if err is None else sigma * (err / value)


def prepare(field, value, err, *, group=None, quantity="delta_sigma", unit="e2pih",
            field_unit="T", geometry=None, symmetrize_mode=None, recenter=False,
            max_field=None, reference=None, names=None):
    """Curves (one per group) from arrays; see the module docstring.
    ``names``: the columns' names for messages (field, value, error).

    ``reference`` None keeps delta_sigma values as they are (already
    relative to B = 0); for other quantities it defaults to "zero-field".
    """
    names = names or ("field", quantity, "error")
    field, value, err = check_arrays(field, value, err, names)
    if group is not None and np.size(group) != field.size:
        raise ValueError(f"group has {np.size(group)} values, {names[0]} has {field.size}")
    if reference is None and quantity != "delta_sigma":
        reference = "zero-field"
    to_conductance(value, None, quantity, unit, None, names[1])   # every raw value, unaveraged
    scale = FIELD_UNITS[field_unit]
    out_unit = "b" if field_unit == "b" else "T"
    labels, groups = group_values(group)
    curves = []
    for k, g in enumerate(groups):
        rows = np.ones(field.size, bool) if g is None else labels == k
        where = "" if g is None else f" (group {g:g})"
        f, v = field[rows] * scale, value[rows]
        e = None if err is None else err[rows]
        notes = []
        offset = offset_err = None
        signed = None
        if recenter:
            if symmetrize_mode in ("positive", "negative"):
                raise ValueError(f"--recenter fits the centre of symmetry from both signs: "
                                 f"not with --symmetrize {symmetrize_mode}")
            offset, offset_err = find_center(f, v)
            f, v, e = merge_readbacks(f - offset, v, e)
            signed = f
            notes.append(f"field offset {offset:.4g} +- {offset_err:.2g} {out_unit} removed")
            notes.append("both field signs fitted about the fitted centre (the symmetric "
                         "model averages R(B) and R(-B))")
            f = np.abs(f)
        else:
            has = (np.any(f > 0), np.any(f < 0))
            mode = symmetrize_mode or ("average" if all(has) else "none")
            if mode == "average" and not all(has):
                raise ValueError(f"--symmetrize average needs both field signs{where}")
            if mode in ("positive", "negative") and not has[mode == "negative"]:
                raise ValueError(f"--symmetrize {mode}: no {mode} fields{where}")
            f, v, e, note = symmetrize(f, v, e, mode)
            notes += note
        if max_field is not None:
            keep = f <= max_field * scale
            signed = None if signed is None else signed[keep]
            f, v = f[keep], v[keep]
            e = None if e is None else e[keep]
        v, e = to_conductance(v, e, quantity, unit, geometry)
        ref = None
        if reference == "zero-field":
            i = int(np.argmin(f))
            ref, v, e = _subtract_zero(f, v, e, where)
            if signed is not None:
                ref = float(signed[i])
                signed = np.delete(signed, i)
            f = np.delete(f, i)
            notes.append(f"sigma(0) from the point at |B| = {abs(ref):.3g} {out_unit}")
        elif reference == "fit":
            notes.append("sigma(0) fitted (offset sigma0)")
        curves.append(Curve(f, v, e, ref, None if g is None else float(g), offset,
                            offset_err, notes))
        curves[-1].fit_offset = reference == "fit"
        curves[-1].signed = signed
    return curves, out_unit


def group_values(group, tolerance=0.02):
    """(label of each row, value of each group): values within
    ``tolerance`` (relative) of their neighbour form one group (a
    temperature read back as 1.998, 2.001, ...), whose value is their mean."""
    if group is None:
        return None, [None]
    group = np.asarray(group, dtype=float)
    order = np.argsort(group, kind="stable")
    values = group[order]
    new = np.concatenate(([True], np.diff(values) > tolerance * np.abs(values[1:]) + 1e-12))
    ids = np.empty(group.size, dtype=int)
    ids[order] = np.cumsum(new) - 1
    means = np.bincount(ids, group) / np.bincount(ids)
    return ids, [float(m) for m in means]


def _subtract_zero(f, v, e, where):
    """Subtract the value at the smallest |B| (which must be ~0): returns
    (that field, the other values minus it, their errors)."""
    i = int(np.argmin(f))
    if f[i] > 1e-3 * f.max():
        raise ValueError(f"--reference zero-field: no point at B = 0{where} (smallest |B| "
                         f"{f[i]:.3g}); use --reference fit")
    keep = np.arange(f.size) != i
    return float(f[i]), v[keep] - v[i], None if e is None else e[keep]
