"""The run parameters: one table that the command line, run configs (TOML)
and study files read, and that mirrors :func:`pathsim.simulate`.

Each :class:`Param` gives a parameter's name, kind, accepted range or
choices, unit, help text and default, and says where it is accepted:

``api``
    a keyword of :func:`pathsim.simulate` (its default is the table's
    ``default``);
``cli``
    a flag of ``pathsim run`` (``--name-with-dashes``; its default is
    ``cli_default``, which differs from ``default`` only for
    ``tau_phi_max``: a run from the command line stops at 300 tau so that a
    first try takes seconds, ``simulate`` goes to 1000 tau);
``config``
    a key of a ``pathsim run --config`` TOML file;
``study``
    a key of a study file's ``[fixed]`` or ``[grid]`` table (walkers and
    seed belong to the study itself, threads and files to the execution).

:func:`check` validates a value read from a flag or a file against the
table (type and range, naming the parameter) before any work; checks that
involve several parameters (``tau_phi <= tau_phi_max``, a film needs a
thickness) stay with :func:`pathsim.simulate`.  Units: lengths in l, times
in tau, fields b = B / B_tr with B_tr = hbar / (2 e l^2).
"""
from dataclasses import dataclass, field

from ._validate import SEED_LIMIT, WALKERS_LIMIT, check_choice, check_int, check_real
from .model.medium import GEOMETRIES, WALLS
from .model.scattering import SCATTERING
from .model.spin import spin_settings

#: loop estimators of the Poisson walk (see :func:`pathsim.simulate`)
ESTIMATORS = ("triangle", "next-event")

# Default detector radius by dimension: none is needed in 1D (the weight
# exp(-s)/2 is bounded); in 3D the variance of the 1/s^2 weight grows as
# 1/eps.  The profile leaves a bias of order eps^2 in the mean return time of
# the shortest loops, which enters delta_sigma as a term ~ 1/tau_phi: at
# eps = 0.3 it makes the 3D tau_phi differences 1.3 % small at tau_phi = 10
# (5 standard errors over 1.3e6 walkers); at 0.1 and 0.05 none is seen
# (+0.25 +- 0.6 %).
DETECTOR_RADIUS = {1: 0.0, 2: 0.05, 3: 0.1}

#: the contexts a parameter can be accepted in (see the module docstring)
CONTEXTS = ("api", "cli", "config", "study")
_EVERYWHERE = frozenset(CONTEXTS)
_NO_STUDY = frozenset(("api", "cli", "config"))
_SAME = object()  # cli_default: the same as default

#: kinds of value: int, real, reals (non-empty list of reals), vector
#: ([x, y, z]), vectors (non-empty list of [x, y, z]), spins (non-empty
#: list of spin settings, dicts of :data:`pathsim.model.spin.SPIN_KEYS`),
#: str (one of ``choices``), path, bool
KINDS = ("int", "real", "reals", "vector", "vectors", "spins", "str", "path", "bool")


@dataclass(frozen=True)
class Param:
    """One run parameter (see the module docstring)."""

    name: str
    kind: str
    default: object
    help: str
    unit: str = ""
    low: float = None
    high: float = None
    low_open: bool = False
    high_open: bool = False
    choices: tuple = ()
    default_text: str = None  # the help's words for a default given by a rule
    cli_default: object = _SAME
    where: frozenset = field(default=_EVERYWHERE)
    flag: str = None  # command-line flag, default --name-with-dashes
    metavar: str = None
    allow_inf: bool = False

    @property
    def run_default(self):
        """Default of ``pathsim run`` (``cli_default``, else ``default``)."""
        return self.default if self.cli_default is _SAME else self.cli_default

    @property
    def option(self):
        return self.flag or "--" + self.name.replace("_", "-")

    def describe(self, cli=True):
        """Help text with unit and default (the command line's if ``cli``)."""
        text = self.help + (f", in units of {self.unit}" if self.unit else "")
        default = self.run_default if cli else self.default
        if self.default_text is not None:
            text += f" (default: {self.default_text})"
        elif default is not None:
            shown = f"{default:,}" if self.kind == "int" and default >= 10_000 else \
                f"{default:g}" if self.kind == "real" else str(default)
            text += f" (default {shown})"
        if cli and self.run_default != self.default and "api" in self.where:
            text += f"; pathsim.simulate's default is {self.default:g}"
        return text


PARAMS = {p.name: p for p in (
    Param("walkers", "int", 100_000, "number of walkers (>= 2 and >= blocks, at most "
          "2**53: walker indices and counts stay exact)", low=2, high=WALKERS_LIMIT,
          where=_NO_STUDY),
    Param("seed", "int", 0, "random seed, 0 <= seed < 2**64 (fixes the result bit for "
          "bit)", low=0, high=SEED_LIMIT - 1, where=_NO_STUDY),
    Param("tau_phi_max", "real", 1000.0, "largest phase-coherence time (inf: only for "
          "an open sample, whose walks then end at a lead)", unit="tau",
          low=0.0, low_open=True, cli_default=300.0, allow_inf=True),
    Param("tau_phi", "reals", None, "phase-coherence times to report (<= tau_phi_max)",
          unit="tau", low=0.0, low_open=True, metavar="T1,T2,...",
          default_text="16 log-spaced values up to tau_phi_max"),
    Param("b", "reals", None, "fields b = B / B_tr to report", unit="B_tr = hbar / "
          "(2 e l^2)", low=0.0, metavar="B1,B2,...",
          default_text="0 and 63 log-spaced values up to 10"),
    Param("dim", "int", 2, "dimension of the walk", choices=(1, 2, 3)),
    Param("geometry", "str", "bulk", "bulk, film (3D, walls z = 0 and z = thickness) or "
          "wire (2D strip of width, or 3D width x thickness)",
          choices=GEOMETRIES),
    Param("width", "real", None, "wire width", unit="l", low=0.0, low_open=True),
    Param("thickness", "real", None, "film thickness or 3D wire thickness", unit="l",
          low=0.0, low_open=True),
    Param("walls", "str", "specular", "wall reflection", choices=WALLS),
    Param("length", "real", None, "an open sample: length between absorbing leads at "
          "x = 0 and x = length (walkers start inside and walk until they leave; "
          "tau_phi_max may then be inf)", unit="l", low=0.0, low_open=True),
    Param("start_x", "real", None, "an open sample's walkers all start at this x, "
          "0 < start_x < length (uniformly across the section): the local correction "
          "there; default uniformly along the sample", unit="l", low=0.0, low_open=True),
    Param("mean_cosine", "real", 0.0, "mean cosine g of the scattering angle "
          "(Henyey-Greenstein), -1 < g < 1", low=-1.0, high=1.0, low_open=True,
          high_open=True),
    Param("directions", "vectors", None, "a field direction (x, y, z) to tally (repeat "
          "the flag for several; 3D only)", flag="--direction", metavar="X,Y,Z",
          default_text="z, x and y"),
    Param("scattering", "str", "henyey-greenstein", "scattering law: henyey-greenstein "
          "(mean cosine g) or hard-disk (2D, the law of a specular hard disk, g = -1/3)",
          choices=SCATTERING),
    Param("rashba", "real", 0.0, "Rashba spin-orbit precession angle per mean free path "
          "(Sawada & Koga's theta_alpha; 2D, bulk or diffuse wire)", unit="rad / l", low=0.0),
    Param("dresselhaus", "real", 0.0, "linear Dresselhaus precession angle per mean free "
          "path (theta_beta1)", unit="rad / l", low=0.0),
    Param("dresselhaus3", "real", 0.0, "cubic Dresselhaus precession angle per mean free "
          "path (theta_beta3, third harmonic)", unit="rad / l", low=0.0),
    Param("tau_so", "real", None, "Elliott-Yafet spin relaxation time (>= 1.07)",
          unit="tau", low=1.07, default_text="none"),
    Param("tau_sf", "real", None, "spin relaxation time by magnetic impurities (>= 0.75)",
          unit="tau", low=0.75, default_text="none"),
    Param("zeeman", "vector", None, "Zeeman precession vector x,y,z (z normal to the "
          "plane)", unit="rad / tau", metavar="X,Y,Z", default_text="none"),
    Param("spin", "spins", None, "a spin setting of several walked by the same walkers: "
          "KEY=VALUE pairs of the spin keys above, e.g. rashba=0.1,zeeman=[0,0.1,0], or "
          "none (repeat the flag for several; the result holds a spin axis, instead of "
          "the single-setting flags)", metavar="K=V,...", default_text="one setting, "
          "from the flags above"),
    Param("threads", "int", None, "numba threads", low=1, where=_NO_STUDY,
          default_text="all cores"),
    Param("blocks", "int", 32, "independent blocks of walkers for the error bars", low=2),
    Param("truncation", "real", 15.0, "walks stop at t = truncation * tau_phi_max",
          low=1.0),
    Param("detector_radius", "real", None, "next-event detector radius (<= 0.5; > 0 in 3D, where 0 "
          "has infinite variance)",
          unit="l", low=0.0, high=0.5, default_text=f"{DETECTOR_RADIUS[2]:g} in 2D, "
          f"{DETECTOR_RADIUS[3]:g} in 3D, unused in 1D"),
    Param("estimator", "str", None, "loop estimator", choices=ESTIMATORS,
          default_text="triangle for the unbounded isotropic 2D walk, else next-event"),
    Param("batch", "int", None, "walkers per block between progress updates (does not "
          "change results)", low=1, high=WALKERS_LIMIT,
          default_text="about 2e6 steps per round"),
    Param("bins_per_decade", "int", 64, "return-time bins per decade of the loop tally",
          low=4, high=1024),
    Param("area_bins", "int", 128, "loop-area bins of the loop tally", low=8, high=8192),
    Param("progress", "bool", None, "show a progress bar", where=frozenset(("api",)),
          default_text="when stderr is a terminal"),
    Param("output", "path", None, "results file (.npz) to write", flag="-o",
          cli_default="pathsim-run.npz", where=frozenset(("cli", "config")),
          metavar="FILE"),
    Param("csv", "path", None, "folder for CSV files of every curve",
          where=frozenset(("cli", "config")), metavar="DIR"),
)}


def names(where):
    """Names of the parameters accepted in context ``where`` (table order)."""
    check_choice("where", where, CONTEXTS)
    return [name for name, p in PARAMS.items() if where in p.where]


def run_defaults():
    """Defaults of ``pathsim run`` that it passes on (those not None)."""
    return {name: p.run_default for name, p in PARAMS.items()
            if "cli" in p.where and p.run_default is not None}


def _is_real(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def _real(p, label, x):
    return check_real(label, x, p.low, p.high, p.low_open, p.high_open, p.allow_inf)


def check(name, value, label=None):
    """Check ``value`` (from a flag or a TOML file) against the table: type,
    range or choices.  Returns it in canonical form (int, float, list of
    floats, list of [x, y, z] floats, str), so that ``100`` and ``100.0``
    name the same study point.  Raises ValueError naming ``label`` (default
    the parameter's name)."""
    p = PARAMS[name]
    label = label or name
    if p.kind == "int":
        if p.choices:
            if isinstance(value, bool) or value not in p.choices:
                raise ValueError(f"{label} must be one of {list(p.choices)} (got {value!r})")
            return int(value)
        return check_int(label, value, p.low, p.high)
    if p.kind == "real":
        return _real(p, label, value)
    if p.kind == "reals":
        if not isinstance(value, list) or not value:
            raise ValueError(f"{label} must be a non-empty list of numbers (got {value!r})")
        return [_real(p, label, x) for x in value]
    if p.kind == "vector":
        if not isinstance(value, list) or len(value) != 3 or not all(map(_is_real, value)):
            raise ValueError(f"{label} must be a list [x, y, z] of three numbers "
                             f"(got {value!r})")
        return [check_real(label, x) for x in value]
    if p.kind == "vectors":
        if not isinstance(value, list) or not value or not all(
                isinstance(v, list) and len(v) == 3 and all(map(_is_real, v)) for v in value):
            raise ValueError(f"{label} must be a list of [x, y, z] lists (got {value!r})")
        return [[check_real(label, x) for x in v] for v in value]
    if p.kind == "spins":
        return spin_settings(value, label)
    if p.kind == "bool":
        if not isinstance(value, bool):
            raise ValueError(f"{label} must be true or false (got {value!r})")
        return value
    if not isinstance(value, str):
        raise ValueError(f"{label} must be a string (got {value!r})")
    if p.choices and value not in p.choices:
        raise ValueError(f"{label} must be one of {list(p.choices)} (got {value!r})")
    return value
