"""A parameter study: fixed parameters, a grid of points, a walker budget.

A study file (TOML) names the study seed, the walker budget per point, how
the grid axes combine, the fixed run parameters and the grid::

    seed = 7
    walkers = 20000          # walker budget per point
    combine = "product"      # or "zip": axes of equal length, side by side

    [fixed]                  # any run parameter (pathsim.params)
    tau_phi_max = 100.0
    b = [0.0, 0.01, 0.1]

    [grid]                   # lists, or ranges {start, stop, num, spacing}
    mean_cosine = [0.0, 0.3]
    truncation = {start = 5, stop = 15, num = 3}

    [units]                  # optional: physical units and a dephasing law
    l_nm = 100.0             # mean free path (nm)
    v_F = 1.0e6              # Fermi speed (m/s)
    tau_phi0_ps = 10.0       # tau_phi at T0 (ps)
    T0_K = 1.0
    p = 1.0                  # tau_phi ~ T^(-p)

With ``[units]`` the grid (or ``[fixed]``) may hold ``temperature`` in K:
each point then runs at tau_phi = tau_phi(T) (see :mod:`pathsim.units`).

Every point gets its own seed from the study seed and the point's own
parameters (:func:`point_seed`), never from its place in the grid, so adding
or removing points changes no other point.

A study of the wave stage (:mod:`pathsim.wave.runs`) names its ``kind``
(``"conductance"`` or ``"levels"``) and a budget of ``realizations`` per
point instead of walkers; its parameters are those of the wave run::

    kind = "conductance"
    seed = 3
    realizations = 200       # disorder realizations per point

    [fixed]
    dim = 2
    width = 16
    length = 16

    [grid]
    disorder = [1.0, 2.0, 4.0]
    flux = [0.0, 0.002]
"""
import hashlib
import itertools
import json
import os

import numpy as np

from .. import params as _params
from .._validate import check_choice, check_int, check_real, read_toml
from ..units import Dephasing, time_to_engine
from ..wave import runs as _wave

# Run parameters a study may fix or vary (pathsim.params, context "study");
# walkers and seed belong to the study, threads and files to the execution.
PARAM_KEYS = tuple(_params.names("study"))
UNIT_KEYS = {"l_nm": True, "v_F": True, "tau_phi0_ps": True, "T0_K": False,
             "p": False, "tau_sat_ps": False, "R_sheet_ohm": False}  # key -> required
TOP_KEYS = ("kind", "seed", "walkers", "realizations", "combine", "fixed", "grid", "units")
KINDS = ("walk",) + _wave.SAMPLED  # walker runs, or wave runs of sampled realizations
SEED_LIMIT = 2 ** 63


class StudyError(ValueError):
    """A study file that cannot be run: the message names the problem."""


def canonical(value):
    """Canonical JSON (sorted keys, floats as repr): the text that is hashed."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), allow_nan=False)


def derive_seed(*parts):
    """A seed 0 <= s < 2**63 from the sha256 of the canonical JSON of ``parts``."""
    digest = hashlib.sha256(canonical(list(parts)).encode()).digest()
    return int.from_bytes(digest[:8], "big") % SEED_LIMIT


def point_seed(study_seed, params):
    """Seed of a point: a stable hash of the study seed and the point's full
    parameter dict (not its position), so adding a point changes no other."""
    return derive_seed("pathsim-point", study_seed, params)


def chunk_seed(seed, k):
    """Seed of chunk ``k`` of a point: chunk 0 holds the first walker budget,
    each raise of the budget adds one chunk of the difference."""
    return derive_seed("pathsim-chunk", seed, k)


def _normalize(key, value, where, kind="walk"):
    """A parameter value in canonical Python form (floats as float, lists of
    floats), so that ``100`` and ``100.0`` name the same point; type and
    range are checked against :data:`pathsim.params.PARAMS` (walks) or the
    types of :data:`pathsim.wave.runs.PARAMS` (wave runs, whose ranges are
    checked with the whole point)."""
    if kind != "walk":
        try:
            return _wave.convert(kind, key, value)
        except ValueError as exc:
            raise StudyError(f"{where} {exc}") from None
    if key == "temperature":
        return check_real(f"{where} temperature (K)", value, lower=0.0, lower_open=True)
    try:
        return _params.check(key, value, f"{where} {key}")
    except ValueError as exc:
        raise StudyError(str(exc)) from None


def _param_kind(key, kind):
    """``"int"``, ``"real"`` or another kind name of parameter ``key``."""
    if kind != "walk":
        return {int: "int", float: "real"}.get(_wave.PARAMS[kind][key][0], "str")
    return "real" if key == "temperature" else _params.PARAMS[key].kind


def _axis(key, spec, kind="walk"):
    """The values of one grid axis: a list, or a range table
    ``{start, stop, num, spacing = "linear" | "log"}`` (both ends included)."""
    where = f"grid axis {key!r}:"
    if isinstance(spec, dict):
        unknown = set(spec) - {"start", "stop", "num", "spacing"}
        if unknown or not {"start", "stop", "num"} <= set(spec):
            raise StudyError(f"{where} a range needs start, stop, num and optionally "
                             f"spacing (got keys {sorted(spec)})")
        num = check_int(f"{where} num", spec["num"], minimum=1)
        start = check_real(f"{where} start", spec["start"])
        stop = check_real(f"{where} stop", spec["stop"])
        spacing = check_choice(f"{where} spacing", spec.get("spacing", "linear"),
                               ("linear", "log"))
        if spacing == "log" and (start <= 0 or stop <= 0):
            raise StudyError(f"{where} a log range needs start, stop > 0")
        values = (np.geomspace if spacing == "log" else np.linspace)(start, stop, num)
        # 12 significant digits: the points, and so their seeds, do not hang
        # on the last bits of numpy's arithmetic (4.0, not 3.999999999999999)
        values = [float(f"{v:.12g}") for v in values]
        param_kind = _param_kind(key, kind)
        if param_kind == "int":
            if any(v != round(v) for v in values):
                raise StudyError(f"{where} {key} is an integer but the range gives {values}")
            values = [int(round(v)) for v in values]
        elif param_kind != "real":
            raise StudyError(f"{where} a range needs a numeric parameter")
    elif isinstance(spec, list):
        values = spec
    else:
        raise StudyError(f"{where} must be a list or a range table (got {spec!r})")
    if not values:
        raise StudyError(f"{where} is empty")
    return [_normalize(key, v, where, kind) for v in values]


class Study:
    """A validated study: fixed parameters, grid axes, budget and seed.

    Attributes
    ----------
    kind : {"walk", "conductance", "levels"}
        Walker runs (:func:`pathsim.simulate`) or wave runs
        (:func:`pathsim.wave.runs.run`).
    seed : int
        Study seed, 0 <= seed < 2**63.
    walkers : int or None
        Walker budget per point (> 0, and >= the run's ``blocks``) of a walk
        study; None for a wave study.
    realizations : int or None
        Realization budget per point of a wave study; None for a walk study.
    combine : {"product", "zip"}
    fixed : dict
        Run parameters shared by every point.
    axes : dict
        Grid axis name -> list of values (in file order).
    units : dict or None
        The ``[units]`` table (l_nm, v_F, tau_phi0_ps, T0_K, p, ...).
    """

    def __init__(self, seed, walkers=None, combine="product", fixed=None, grid=None,
                 units=None, kind="walk", realizations=None):
        self.kind = check_choice("kind", kind, KINDS)
        self.seed = check_int("seed", seed, 0, SEED_LIMIT - 1)
        budget, other = ("walkers", "realizations") if kind == "walk" else \
            ("realizations", "walkers")
        values = dict(walkers=walkers, realizations=realizations)
        if values[budget] is None:
            raise StudyError(f"a {kind} study needs {budget} (the budget per point)")
        if values[other] is not None:
            raise StudyError(f"a {kind} study has a budget of {budget}, not {other}")
        self.walkers = None if walkers is None else \
            check_int("walkers (the budget per point)", walkers, minimum=1)
        self.realizations = None if realizations is None else \
            check_int("realizations (the budget per point)", realizations, minimum=1)
        self.combine = check_choice("combine", combine, ("product", "zip"))
        self.units = _units(units)
        if kind != "walk" and self.units is not None:
            raise StudyError(f"a {kind} study takes no [units] table (lattice units)")
        fixed, grid = dict(fixed or {}), dict(grid or {})
        known = PARAM_KEYS if kind == "walk" else tuple(_wave.PARAMS[kind])
        for table, name in ((fixed, "[fixed]"), (grid, "[grid]")):
            for key in table:
                if key == "temperature" and kind == "walk" and self.units is None:
                    raise StudyError(f"{name} temperature needs a [units] table")
                if key not in known and not (key == "temperature" and kind == "walk"):
                    extra = ", temperature" if kind == "walk" else ""
                    raise StudyError(f"unknown parameter {key!r} in {name} "
                                     f"(known: {', '.join(sorted(known))}{extra})")
        both = sorted(set(fixed) & set(grid))
        if both:
            raise StudyError(f"parameter {both[0]!r} is both fixed and on the grid")
        temp = "temperature" in fixed or "temperature" in grid
        clash = sorted({"tau_phi", "tau_phi_max"} & (set(fixed) | set(grid)))
        if temp and clash:
            raise StudyError(f"temperature sets tau_phi and tau_phi_max; remove {clash[0]!r}")
        self.fixed = {k: _normalize(k, v, "[fixed]", kind) for k, v in fixed.items()}
        self.axes = {k: _axis(k, v, kind) for k, v in grid.items()}
        if self.combine == "zip":
            lengths = {k: len(v) for k, v in self.axes.items()}
            if len(set(lengths.values())) > 1:
                raise StudyError(f"zip needs axes of equal length (got {lengths})")
        for point in self.points():
            if kind != "walk":
                try:
                    _wave.check(kind, point, self.realizations)
                except ValueError as exc:
                    raise StudyError(f"point {point}: {exc}") from None
                continue
            blocks = point.get("blocks", 32)
            if self.walkers < blocks:
                raise StudyError(f"walkers (the budget per point) must be >= blocks "
                                 f"({blocks}) (got {self.walkers})")

    @property
    def budget(self):
        """The budget per point: walkers, or realizations of a wave study."""
        return self.walkers if self.kind == "walk" else self.realizations

    def min_chunk(self, point):
        """The fewest samples a chunk of ``point`` may hold (a walk's blocks)."""
        return point.get("blocks", 32) if self.kind == "walk" else 1

    @property
    def shape(self):
        """Shape of the grid: one axis per grid parameter (product), or one
        axis of points (zip)."""
        lengths = [len(v) for v in self.axes.values()]
        if self.combine == "zip":
            return (lengths[0],) if lengths else (1,)
        return tuple(lengths) if lengths else (1,)

    def points(self):
        """Every point's parameters (fixed + its grid values), in grid order."""
        names = list(self.axes)
        values = [self.axes[k] for k in names]
        combos = zip(*values) if self.combine == "zip" else itertools.product(*values)
        if not names:
            combos = [()]
        return [dict(self.fixed, **dict(zip(names, combo))) for combo in combos]

    def run_params(self, point):
        """Keyword arguments of :func:`pathsim.simulate` for a point (walkers
        and seed excluded); a temperature becomes tau_phi = tau_phi(T).  For
        a wave study: the run's full parameters, with ``kind``."""
        if self.kind != "walk":
            return dict(_wave.complete(self.kind, point), kind=self.kind)
        params = {k: v for k, v in point.items() if k != "temperature"}
        if "temperature" in point:
            tau = float(self.tau_phi_engine(point["temperature"]))
            params.update(tau_phi_max=tau, tau_phi=[tau])
        return params

    def dephasing(self):
        """The :class:`~pathsim.units.Dephasing` law of ``[units]``."""
        u = self.units
        return Dephasing(u["tau_phi0_ps"], T0_K=u.get("T0_K", 1.0), p=u.get("p", 1.0),
                         tau_sat_ps=u.get("tau_sat_ps"))

    def tau_phi_engine(self, temperature_K):
        """tau_phi(T) in units of tau, from the ``[units]`` table."""
        tau_ps = self.dephasing().tau_phi_ps(temperature_K)
        return time_to_engine(tau_ps, self.units["l_nm"], self.units["v_F"])

    def point_seed(self, point):
        """Seed of one point of the grid, from the study seed and the
        point's own parameters (not its position), so adding a point changes no other.

        Parameters
        ----------
        point : dict
            The point's run parameters.

        Returns
        -------
        int
            The point's seed.
        """
        if self.kind != "walk":  # the kind is part of what names a wave point
            return derive_seed("pathsim-wave-point", self.kind, self.seed, point)
        return point_seed(self.seed, point)

    def to_dict(self):
        """The study as the plain dict stored in the store's index.

        Returns
        -------
        dict
            ``seed``, the budget, ``combine``, ``fixed``, ``grid`` and ``units``
            (wave studies also ``kind``).
        """
        out = dict(seed=self.seed, walkers=self.walkers, combine=self.combine,
                   fixed=self.fixed, grid=self.axes, units=self.units)
        if self.kind != "walk":  # walk studies keep the index of earlier versions
            del out["walkers"]
            out.update(kind=self.kind, realizations=self.realizations)
        return out

    @classmethod
    def from_dict(cls, data):
        return cls(data["seed"], data.get("walkers"), data.get("combine", "product"),
                   data.get("fixed"), data.get("grid"), data.get("units"),
                   data.get("kind", "walk"), data.get("realizations"))

    def fingerprint(self):
        """sha256 of what makes two studies the same study: the fixed
        parameters, the seed and the units (and the kind of a wave study).
        The grid may grow or shrink and the budget may rise: points are
        keyed by their own parameters."""
        key = dict(fixed=self.fixed, seed=self.seed, units=self.units)
        if self.kind != "walk":
            key["kind"] = self.kind
        return hashlib.sha256(canonical(key).encode()).hexdigest()


def _units(table):
    if table is None:
        return None
    if not isinstance(table, dict):
        raise StudyError(f"[units] must be a table (got {table!r})")
    for key in table:
        if key not in UNIT_KEYS:
            raise StudyError(f"unknown key {key!r} in [units] (known: {', '.join(UNIT_KEYS)})")
    for key, required in UNIT_KEYS.items():
        if required and key not in table:
            raise StudyError(f"[units] needs {key}")
    units = {k: check_real(f"[units] {k}", v, lower=0.0, lower_open=True)
             for k, v in table.items()}
    Dephasing(units["tau_phi0_ps"], T0_K=units.get("T0_K", 1.0), p=units.get("p", 1.0),
              tau_sat_ps=units.get("tau_sat_ps"))  # validates the law
    return units


def load_study_file(path):
    """Read and validate a study TOML file.

    Parameters
    ----------
    path : str or os.PathLike
        The study file (``seed``, ``walkers`` or ``realizations``, ``[fixed]``,
        ``[grid]``, optional ``[units]``).

    Returns
    -------
    Study
        The checked study.

    Raises
    ------
    StudyError
        Naming the problem, before any work.
    """
    try:
        data = read_toml(path, "study file")
    except ValueError as exc:
        raise StudyError(str(exc)) from None
    unknown = sorted(set(data) - set(TOP_KEYS))
    if unknown:
        raise StudyError(f"unknown key {unknown[0]!r} in {os.path.basename(path)} "
                         f"(known: {', '.join(TOP_KEYS)})")
    budget = "walkers" if data.get("kind", "walk") == "walk" else "realizations"
    for key in ("seed", budget):
        if key not in data:
            raise StudyError(f"{os.path.basename(path)} needs {key}")
    try:
        return Study.from_dict(data)
    except StudyError:
        raise
    except ValueError as exc:
        raise StudyError(str(exc)) from None
