"""A measurement ready to fit: :func:`read_measurement` takes a lab file as
it comes, :func:`measurement` takes arrays; both with the options of
``pathsim fit-hln`` and ``pathsim fit-wal`` (same names, same meaning)."""
import numpy as np

from .._validate import check_bool, check_choice, check_grid, check_path, check_real
from .conventions import FIELD_UNITS, VALUE_UNITS, canonical_unit, value_unit
from .loader import (ERROR_NAMES, FIELD_NAMES, VALUE_NAMES, column_unit, find_column,
                     quantity_of, read_table)
from .prepare import QUANTITIES, REFERENCES, SYMMETRIZE, prepare


class Measurement:
    """Curves to fit (:class:`pathsim.analysis.prepare.Curve`, one per
    group), their field unit ("T" or "b"), the group column's name and
    notes on what was done to the data."""

    def __init__(self, curves, field_unit, group_name=None, notes=()):
        self.curves, self.field_unit = curves, field_unit
        self.group_name, self.notes = group_name, list(notes)

    def __repr__(self):
        return (f"<Measurement {len(self.curves)} curve(s)"
                + (f" by {self.group_name}" if self.group_name else "") + ">")


def check_unit(name, unit):
    """The canonical name of a conductance or resistance unit (ValueError
    naming ``name`` for anything else)."""
    known = canonical_unit(unit, VALUE_UNITS) if isinstance(unit, str) else None
    if known is None:
        raise ValueError(f"{name} must be one of {', '.join(VALUE_UNITS)} (got {unit!r})")
    return value_unit(known)


def _text(name, value, optional=True):
    """A non-empty string (or None where optional)."""
    if value is None and optional:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name} must be a non-empty string (got {value!r:.60})")
    return value


def _options(field_unit, quantity, unit, geometry, symmetrize, reference, max_field):
    if field_unit is not None:
        check_choice("field_unit", field_unit, FIELD_UNITS)
    if quantity is not None:
        check_choice("quantity", quantity, QUANTITIES)
    if unit is not None:
        unit = check_unit("unit", unit)
    if symmetrize is not None:
        check_choice("symmetrize", symmetrize, SYMMETRIZE)
    if reference is not None:
        check_choice("reference", reference, REFERENCES)
    if geometry is not None:
        try:
            length, width = geometry
        except (TypeError, ValueError):
            raise ValueError(f"geometry must be (LENGTH, WIDTH) (got {geometry!r})") from None
        geometry = (check_real("geometry LENGTH", length, lower=0.0, lower_open=True),
                    check_real("geometry WIDTH", width, lower=0.0, lower_open=True))
    if max_field is not None:
        max_field = check_real("max_field", max_field, lower=0.0, lower_open=True)
    return unit, geometry, max_field


def measurement(field, value, error=None, *, group=None, group_name=None, field_unit="T",
                quantity="delta_sigma", unit="e2pih", geometry=None, symmetrize=None,
                recenter=False, max_field=None, reference=None, names=None):
    """A :class:`Measurement` from arrays, prepared as :func:`read_measurement`
    prepares a lab file's columns.

    Parameters
    ----------
    field : array_like
        Fields in ``field_unit`` (either sign; see ``symmetrize``).
    value : array_like
        The measured ``quantity`` in ``unit``, one per field.
    error : array_like, optional
        Standard errors of ``value`` (same unit); without them a fit takes
        its errors from the scatter about the fit.
    group : array_like, optional
        A number per row (e.g. the temperature in K); each value is one
        curve.
    group_name : str, optional
        What ``group`` is, for the report (e.g. "T_K").
    field_unit : {"T", "mT", "uT", "Oe", "G", "kOe", "kG", "b"}
        Unit of ``field``; "b" is B / B_tr.
    quantity : {"delta_sigma", "sigma", "R_sheet", "R"}
        What ``value`` is: a magnetoconductance, a (sheet) conductance, a
        sheet resistance or a sample's resistance.
    unit : {"e2pih", "S", "mS", "uS", "e2h", "2e2h", "ohm", "kohm", "Mohm", "mohm"}
        Unit of ``value``: e2pih = e^2/(pi h) (default; "G0" is its
        deprecated name and warns), siemens, e^2/h, 2e^2/h, ohm; a
        resistance unit for "R" and "R_sheet".
    geometry : (float, float), optional
        Voltage-probe distance and width of a Hall bar (same unit): R
        becomes a sheet resistance.  Without it 1/R is the sample's
        conductance (alpha per sample).
    symmetrize : {"average", "positive", "negative", "none"}, optional
        R(B) and R(-B): averaged (default when both signs are present), one
        sign only, or as given.
    recenter : bool
        Find and remove a field offset (reported per group).
    max_field : float, optional
        Fit window ``|B|`` <= max_field, in ``field_unit``.
    reference : {"zero-field", "fit"}, optional
        sigma(0) from the point at B = 0 (default) or fitted; unused for
        ``delta_sigma``.
    names : (str, str, str), optional
        How messages name the field, value and error arrays (default
        "field", "value", "error").

    Returns
    -------
    Measurement
        One :class:`~pathsim.analysis.prepare.Curve` per group, conductances
        in e2pih and fields in tesla (or B_tr for ``field_unit="b"``).
    """
    check_choice("field_unit", field_unit, FIELD_UNITS)
    check_choice("quantity", quantity, QUANTITIES)
    if unit is None:
        check_unit("unit", unit)          # raises: None is no unit here
    unit, geometry, max_field = _options(field_unit, quantity, unit, geometry, symmetrize,
                                         reference, max_field)
    recenter = check_bool("recenter", recenter)
    _text("group_name", group_name)
    if names is not None and (not isinstance(names, (list, tuple)) or len(names) != 3
                              or not all(isinstance(n, str) for n in names)):
        raise ValueError(f"names must be three strings (field, value, error) "
                         f"(got {names!r:.60})")
    if group is not None:
        group, _ = check_grid("group", group)
    curves, out_unit = prepare(field, value, error, group=group, quantity=quantity,
                               unit=unit, field_unit=field_unit, geometry=geometry,
                               symmetrize_mode=symmetrize, recenter=recenter,
                               max_field=max_field, reference=reference,
                               names=names or ("field", "value", "error"))
    notes = []
    if quantity == "R" and geometry is None:
        notes.append("no geometry: 1/R is the sample's conductance, so alpha is per "
                     "sample, not per square (B_phi and B_so are unaffected)")
    return Measurement(curves, out_unit, group_name, notes)


def read_measurement(path, *, field=None, value=None, error=None, group=None,
                     field_unit=None, quantity=None, unit=None, geometry=None,
                     symmetrize=None, recenter=False, max_field=None, reference=None):
    """Read a lab file into a :class:`Measurement`.

    Parameters
    ----------
    path : str
        CSV, TSV or whitespace-separated text (:func:`pathsim.analysis.loader.read_table`).
    field, value, error, group : str, optional
        Column names, with or without the unit suffix, any case.  Defaults:
        B, field, H for the field; the value by ``quantity`` (delta_sigma,
        sigma, R_sheet, R / R_xx / Rxx); error, err, stderr; no group.
    field_unit : {"T", "mT", "uT", "Oe", "G", "kOe", "kG", "b"}, optional
        Unit of the field column when the header does not say (else "T").
    quantity : {"delta_sigma", "sigma", "R_sheet", "R"}, optional
        What the value column is (default: from its name).
    unit : {"S", "mS", "uS", "e2h", "e2pih", "ohm", "kohm", "Mohm"}, optional
        Unit of the value column when the header does not say (else e2pih
        or ohm).  ``G0`` is the deprecated name of e2pih.
    geometry : (float, float), optional
        Voltage-probe distance and width of a Hall bar (same unit): R_xx and
        conductances become sheet values.  Without it, R gives the sample's
        conductance 1/R (alpha per sample).
    symmetrize : {"average", "positive", "negative", "none"}, optional
        Default "average" when both field signs are present.
    recenter : bool
        Find and remove the field offset (reported per group).
    max_field : float, optional
        Fit window ``|B|`` <= max_field, in the field column's unit.
    reference : {"zero-field", "fit"}, optional
        sigma(0) from the point at B = 0, or fitted; default "zero-field"
        (for delta_sigma: the values as given).

    Returns
    -------
    Measurement
        One curve per group, conductances in e2pih = e^2/(pi h) and fields
        in tesla (or B_tr for ``field_unit="b"``), with notes on the
        columns used and on every step applied.
    """
    check_path("path", path)
    for name, column in (("field", field), ("value", value), ("error", error),
                         ("group", group)):
        _text(name, column)
    recenter = check_bool("recenter", recenter)
    unit, geometry, max_field = _options(field_unit, quantity, unit, geometry, symmetrize,
                                         reference, max_field)
    columns = read_table(path)
    fcol = find_column(columns, field, FIELD_NAMES, "field", path, "--field")
    if value is not None:
        vcol = find_column(columns, value, (), "value", path, "--value")
    else:
        order = [quantity] if quantity else list(VALUE_NAMES)
        usual = tuple(n for q in order for n in VALUE_NAMES[q])
        vcol = find_column(columns, None, usual, f"{quantity or 'value'}", path, "--value")
    quantity = quantity or quantity_of(vcol)
    if quantity is None:
        raise ValueError(f"column {vcol.header!r}: say what it holds with --quantity "
                         f"({', '.join(QUANTITIES)})")
    ecol = (find_column(columns, error, (), "error", path, "--error") if error is not None
            else find_column(columns, None, ERROR_NAMES, "error", path, None))
    gcol = find_column(columns, group, (), "group", path, "--group") if group else None
    funit = column_unit(fcol, field_unit, FIELD_UNITS, "--field-unit", path) or "T"
    kind = "resistance" if quantity in ("R", "R_sheet") else "conductance"
    units_of_kind = {k: v for k, v in VALUE_UNITS.items() if v[0] == kind}
    if unit is not None and unit not in units_of_kind:
        raise ValueError(f"--unit {unit} is not a {kind} unit (--quantity {quantity})")
    vunit = column_unit(vcol, unit, units_of_kind, "--unit", path)
    if ecol is not None:
        column_unit(ecol, vunit, units_of_kind, "--unit", path)
    notes = []
    if vunit == "G0":
        notes.append("unit G0 read as e2pih = e^2/(pi h) (G0 is its deprecated name; the "
                     "quantum 2e^2/h is not meant)")
        vunit = "e2pih"
    vunit = vunit or ("ohm" if kind == "resistance" else "e2pih")
    used = [fcol, vcol] + [c for c in (ecol, gcol) if c is not None]
    rows = np.all([np.isfinite(c.values) for c in used], axis=0)
    if not rows.all():
        notes.append(f"{int((~rows).sum())} rows with empty or NaN cells skipped")
    if not rows.any():
        raise ValueError(f"{path}: no row has numbers in every used column "
                         f"({', '.join(c.header for c in used)})")
    m = measurement(fcol.values[rows], vcol.values[rows],
                    None if ecol is None else ecol.values[rows],
                    group=None if gcol is None else gcol.values[rows],
                    group_name=None if gcol is None else gcol.header, field_unit=funit,
                    quantity=quantity, unit=vunit, geometry=geometry, symmetrize=symmetrize,
                    recenter=recenter, max_field=max_field, reference=reference,
                    names=(f"column {fcol.header!r}", f"column {vcol.header!r}",
                           f"column {ecol.header!r}" if ecol is not None else "error"))
    m.notes = notes + [f"columns: field {fcol.header!r} ({funit}), {quantity} "
                       f"{vcol.header!r} ({vunit})"
                       + (f", error {ecol.header!r}" if ecol is not None else "")
                       + (f", group {gcol.header!r}" if gcol is not None else "")] + m.notes
    return m


def read_csv(path):
    """``(field, delta_sigma, error or None)`` of a simple file (the
    columns found as :func:`read_measurement` finds them, no conversion)."""
    columns = read_table(path)
    f = find_column(columns, None, FIELD_NAMES, "field", path, "--field")
    v = find_column(columns, None, VALUE_NAMES["delta_sigma"], "delta_sigma", path, "--value")
    e = find_column(columns, None, ERROR_NAMES, "error", path, None)
    return f.values, v.values, None if e is None else e.values
