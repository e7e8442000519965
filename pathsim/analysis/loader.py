"""Read a lab file as it comes: comma-, tab-, semicolon- or
whitespace-separated (sniffed from the header line), UTF-8 with or without a
byte-order mark (as Excel writes), ``#`` comment lines, a header whose names
may carry a unit (``B (Oe)``, ``Field [mT]``, ``R_xx (kOhm)``, ``T (K)``).

:func:`read_table` gives the columns; :func:`find_column` picks one by name
(with or without its unit) or by the usual names; :data:`FIELD_UNITS` and
:data:`VALUE_UNITS` convert what the header or the flags say.
"""
import os
import re

import numpy as np

from .conventions import FIELD_UNITS, VALUE_UNITS, canonical_unit

#: the usual column names (lower case, without units), in order of preference
FIELD_NAMES = ("b", "field", "h", "b_perp", "bz", "b_z", "magnetic_field")
VALUE_NAMES = {"delta_sigma": ("delta_sigma", "dsigma", "delta_g", "dg", "mc"),
               "sigma": ("sigma", "sigma_xx", "g", "g_xx", "conductance"),
               "R_sheet": ("r_sheet", "rsheet", "r_s", "rs", "r_square", "r_sq"),
               "R": ("r", "r_xx", "rxx", "resistance")}
ERROR_NAMES = ("error", "err", "stderr", "sigma_err", "delta_sigma_err", "dsigma_err",
               "r_err", "rxx_err", "r_xx_err", "uncertainty")

_UNIT = re.compile(r"^(?P<name>.*?)\s*[\(\[](?P<unit>[^\)\]]*)[\)\]]\s*$")


class Column:
    """One column: ``header`` as written, ``name`` (lower case, no unit),
    ``unit`` (as written in the header, or None) and ``values``."""

    def __init__(self, header, values):
        self.header = header
        match = _UNIT.match(header)
        if match:
            self.name, self.unit = match["name"].strip().lower(), match["unit"].strip()
        else:
            self.name, self.unit = header.strip().lower(), None
        self.name = re.sub(r"[\s\-]+", "_", self.name)
        self.values = values

    def __repr__(self):
        return f"<Column {self.header!r}: {self.values.size} rows>"


def _split(line, sep):
    cells = line.split() if sep is None else [c.strip() for c in line.split(sep)]
    return [c[1:-1].strip() if len(c) >= 2 and c[0] == c[-1] and c[0] in "\"'" else c
            for c in cells]


def read_table(path):
    """The columns of a lab file: a list of :class:`Column` in file order.

    ValueError (one line naming the file, and the column or row) for a
    missing or unreadable file, no header, a short row or a cell that is
    not a number (empty cells and ``nan`` are NaN; rows with NaN are
    dropped later for the columns used).
    """
    path = os.fspath(path)
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            text = handle.read()
    except FileNotFoundError:
        raise ValueError(f"data file not found: {path}") from None
    except IsADirectoryError:
        raise ValueError(f"data file {path} is a folder") from None
    except UnicodeDecodeError as exc:
        raise ValueError(f"cannot read {path}: not UTF-8 text ({exc.reason} at byte "
                         f"{exc.start})") from None
    except OSError as exc:
        raise ValueError(f"cannot read {path}: {exc.strerror or exc}") from None
    all_lines = text.splitlines()
    first = 0
    for n, ln in enumerate(all_lines):       # a header block ending in [Data] (PPMS .dat)
        if ln.strip().lower() == "[data]":
            first = n + 1
            break
    lines = [(n + 1, ln) for n, ln in enumerate(all_lines) if n >= first
             and ln.strip() and not ln.lstrip().startswith(("#", "%"))]
    if len(lines) < 2:
        raise ValueError(f"{path} needs a header line and data rows")
    header = lines[0][1]
    sep = next((s for s in ("\t", ",", ";") if s in header), None)
    names = _split(header, sep)
    if sep is None and any(_UNIT.match(n) is None and n.endswith(("(", "[")) for n in names):
        raise ValueError(f"{path}: a whitespace-separated header cannot hold units with "
                         "spaces; use commas or tabs")
    if any(not n for n in names):
        raise ValueError(f"{path}: empty column name in the header {header!r}")
    twice = [n for n in names if names.count(n) > 1]
    if twice:
        raise ValueError(f"{path}: column {twice[0]!r} appears twice")
    rows = []
    for number, line in lines[1:]:
        cells = _split(line, sep)
        if sep is not None and len(cells) == len(names) + 1 and cells[-1] == "":
            cells = cells[:-1]                 # a trailing separator
        if len(cells) != len(names):
            raise ValueError(f"{path}: line {number} has {len(cells)} values, the header "
                             f"{len(names)}")
        rows.append((number, cells))
    columns = []
    for k, name in enumerate(names):
        values = np.empty(len(rows))
        for i, (number, cells) in enumerate(rows):
            cell = cells[k]
            try:
                values[i] = float(cell) if cell else np.nan
            except ValueError:
                _not_number(path, name, number, cell)
        columns.append(Column(name, values))
    return columns


def _not_number(path, name, number, cell):
    raise ValueError(f"{path}: column {name!r} holds {cell!r} at line {number}, "
                     "not a number")


def find_column(columns, wanted, usual, role, path, option):
    """The column named ``wanted`` (header with or without its unit, any
    case), or the first of the ``usual`` names; ValueError naming the
    option and the header otherwise (None if ``role`` may be absent, i.e.
    ``option`` is None and nothing matches)."""
    header = [c.header for c in columns]
    if wanted is not None:
        key = re.sub(r"[\s\-]+", "_", wanted.strip().lower())
        for c in columns:
            if key in (re.sub(r"[\s\-]+", "_", c.header.strip().lower()), c.name,
                       c.name.replace("_", "")):
                return c
        raise ValueError(f"{option} {wanted!r}: no such column in {path} (header: "
                         f"{', '.join(header)})")
    for name in usual:
        for c in columns:
            if c.name == name:
                return c
    if option is None:
        return None
    raise ValueError(f"{path} has no {role} column (header: {', '.join(header)}; "
                     f"name it with {option})")


#: names of one unit: G0 is the deprecated name of e2pih (e^2 / (pi h))
SAME_UNIT = {"G0": "e2pih"}


def column_unit(column, flag_unit, units, option, path):
    """The unit of ``column``: the header's, the flag's, or None if neither
    says.  A header unit that is unknown, or that contradicts the flag, is
    an error naming the column."""
    header_unit = None
    if column.unit is not None:
        header_unit = canonical_unit(column.unit, units)
        if header_unit is None:
            raise ValueError(f"{path}: column {column.header!r} has the unit "
                             f"{column.unit!r}, which is not one of {', '.join(units)}")
    if (flag_unit is not None and header_unit is not None
            and SAME_UNIT.get(flag_unit, flag_unit) != SAME_UNIT.get(header_unit, header_unit)):
        raise ValueError(f"{path}: column {column.header!r} is in {header_unit}, but "
                         f"{option} says {flag_unit}")
    return header_unit or flag_unit


def quantity_of(column):
    """The quantity a value column's name suggests (see :data:`VALUE_NAMES`)."""
    for quantity, names in VALUE_NAMES.items():
        if column.name in names:
            return quantity
    return None


__all__ = ["read_table", "find_column", "column_unit", "Column", "FIELD_UNITS",
           "VALUE_UNITS", "FIELD_NAMES", "VALUE_NAMES", "ERROR_NAMES"]
