"""Units and conventions a fit reports in, stated once.

Conductance.  pathsim's unit is e^2 / (pi h) = e^2 / (2 pi^2 hbar), named
``e2pih`` (about 12.3 uS; HLN's alpha = 1 for weak localization and -1/2
for antilocalization in it).  It is *not* the conductance quantum
G_0 = 2 e^2 / h of CODATA (``scipy.constants``), which is 2 pi times larger;
the older name ``G0`` for e^2 / (pi h) is accepted as a deprecated alias of
``e2pih``.

Spin-orbit field.  Three definitions meet in the literature:

``pathsim``
    B_so = hbar / (4 e D tau_so), tau_so the Elliott-Yafet spin relaxation
    time of each spin component (triplet Cooperons decay at 1 / tau_so);
    the ``hln-so`` model is (3/2) F(B / (B_phi + B_so)) - (1/2) F(B / B_phi).
``hln``
    Hikami, Larkin & Nagaoka (1980): H_so = (3/4) B_so(pathsim) (their
    tau_so is (4/3) ours; their H_2 = H_phi + (4/3) H_so).
``ilp``
    Iordanskii, Lyanda-Geller & Pikus (1994), Knap et al. (1996):
    B_so = hbar / (4 e D tau_so) with 1 / tau_so the in-plane spin
    relaxation rate of one linear D'yakonov-Perel term; numerically the same
    formula as pathsim's, for another mechanism (the out-of-plane spin
    relaxes twice as fast), so an ``hln-so`` fit of D'yakonov-Perel data is
    not expected to return B_so(ILP).

See :ref:`theory-spin-orbit` and :ref:`theory-ilp`.
"""
import warnings

from ._shared import E, E2H, E2PIH, HBAR

#: field units -> tesla ("b": B / B_tr, kept as is)
FIELD_UNITS = {"T": 1.0, "mT": 1e-3, "uT": 1e-6, "Oe": 1e-4, "G": 1e-4, "kOe": 0.1,
               "kG": 0.1, "b": 1.0}
#: value units -> (kind, factor to siemens or ohm)
VALUE_UNITS = {"S": ("conductance", 1.0), "mS": ("conductance", 1e-3),
               "uS": ("conductance", 1e-6), "e2h": ("conductance", E2H),
               "2e2h": ("conductance", 2.0 * E2H),
               "e2pih": ("conductance", E2PIH), "G0": ("conductance", E2PIH),
               "mohm": ("resistance", 1e-3), "ohm": ("resistance", 1.0),
               "kohm": ("resistance", 1e3), "Mohm": ("resistance", 1e6)}
#: other spellings (matched exactly, then in lower case)
_ALIASES = {"tesla": "T", "oersted": "Oe", "gauss": "G", "b_tr": "b", "siemens": "S",
            "e^2/h": "e2h", "e2/h": "e2h", "2e^2/h": "2e2h", "2e2/h": "2e2h",
            "e^2/(pi h)": "e2pih", "e^2/pi h": "e2pih",
            "e^2/(pi*h)": "e2pih", "ohms": "ohm", "kohms": "kohm", "ohm/sq": "ohm",
            "ohm/square": "ohm", "ohm/\u25a1": "ohm",
            "\u03a9": "ohm", "k\u03a9": "kohm", "M\u03a9": "Mohm", "m\u03a9": "mohm",
            "\u03a9/sq": "ohm", "\u03a9/\u25a1": "ohm", "\u00b5T": "uT", "\u03bcT": "uT",
            "\u00b5S": "uS", "\u03bcS": "uS"}
#: definitions of B_so and their value in pathsim's definition (factor)
B_SO_DEFINITIONS = {"pathsim": 1.0, "hln": 0.75, "ilp": 1.0}


def canonical_unit(text, units):
    """The key of ``units`` that ``text`` names (any case, common aliases),
    or None."""
    key = text.strip()
    if key in units:
        return key
    alias = _ALIASES.get(key) or _ALIASES.get(key.lower())
    if alias in units:
        return alias
    low = key.lower()
    same = [name for name in units if name.lower() == low]
    if len(same) > 1:           # mOhm / MOhm: the prefix's case decides
        same = [name for name in same if name[0] == key[0]]
    return same[0] if len(same) == 1 else None


def value_unit(name):
    """A value unit by name; ``G0`` warns that it is the deprecated name of
    ``e2pih`` (FutureWarning; the command line prints a note)."""
    if name == "G0":
        warnings.warn("the unit name 'G0' (e^2/(pi h)) is deprecated: use 'e2pih'; "
                      "G_0 = 2 e^2/h elsewhere", FutureWarning, stacklevel=3)
        return "e2pih"
    return name


def convert_b_so(value, source, target):
    """B_so in definition ``target`` from its value in ``source``.

    H_so(HLN) = (3/4) B_so(pathsim); ILP's formula is pathsim's (same
    in-plane rate).  The definitions: the module docstring.

    Parameters
    ----------
    value : float or array_like
        The spin-orbit field in definition ``source`` (any field unit:
        tesla, B_tr, ...), finite and >= 0.
    source, target : {"pathsim", "hln", "ilp"}
        The definitions converted from and to.

    Returns
    -------
    float or ndarray
        The same field in definition ``target``, in the unit of ``value``.
    """
    from .._validate import check_array, check_choice
    check_choice("source", source, B_SO_DEFINITIONS)
    check_choice("target", target, B_SO_DEFINITIONS)
    value = check_array("value", value, 0.0)
    value = value * B_SO_DEFINITIONS[target] / B_SO_DEFINITIONS[source]
    return float(value) if value.ndim == 0 else value


def tau_from_field(B_T, D):
    """tau_x = hbar / (4 e D B_x) in seconds (B_x in tesla, D in m^2/s): the
    relaxation time of a characteristic field (B_phi, B_so in pathsim's or
    ILP's definition)."""
    return HBAR / (4.0 * E * D * B_T)


def field_from_tau(tau_s, D):
    """B_x = hbar / (4 e D tau_x) in tesla (tau_x in seconds, D in m^2/s)."""
    return HBAR / (4.0 * E * D * tau_s)


__all__ = ["FIELD_UNITS", "VALUE_UNITS", "B_SO_DEFINITIONS", "canonical_unit", "value_unit",
           "convert_b_so", "tau_from_field", "field_from_tau", "E2PIH", "E2H"]
