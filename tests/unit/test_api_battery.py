"""The generated bad-input battery of the Python API.

Every public function (``pathsim.__all__``, ``pathsim.theory.__all__`` with
its ``interactions`` and ``tunnelling`` modules, ``pathsim.analysis.__all__``,
``pathsim.wave.__all__``) and every public method of
:class:`~pathsim.SimulationResult` and :class:`~pathsim.wave.WaveResult` has
a valid base call in ``tests/api_bases.py`` (the first test says which is
missing), and each parameter of its signature a rule saying what it accepts
(the second test).  From the rule the battery feeds what it excludes: nan,
+-inf, "abc", a complex number, None where not optional, values below the
range, 2.5 and inf for integers, bad elements, 2-D and empty arrays where a
1-D array is expected, "", "nonsense" and 1.5 for choices, a folder, a
missing, an empty and a corrupt file for paths.  Each must raise ValueError
or TypeError whose one-line message names the parameter (or, for a path,
the file), before any work: a simulation's estimate callback and the wave
solvers' memory check raise :class:`WorkStarted` past a small budget, and a
call still running after :data:`CALL_SECONDS` fails.

Values that may or may not be valid (-1, 0, 1e300, +-inf and 10**30 where
the rule does not exclude them, empty or 2-D arrays for functions
vectorised over any shape) are *edge* cases: refused with a message naming
the parameter, or accepted with a result free of NaN.  A control case per
function checks that its base call succeeds.  Numpy's warnings are not
judged (an edge value may overflow an intermediate on the way to a sound
result).
"""
import math
import numbers
import re
import signal
import warnings

import numpy as np
import pytest

import pathsim
import pathsim.wave as wave
from pathsim.run.driver import announcing

from api_bases import (ALIASES, BASE, CLASSES, EXEMPT, MISSING_FILE, MODULES, NAN_OK, PATHS,
                       Ctx)

# Most scattering steps a call may start (the tiny valid bases stay below).
STEP_CAP = 2e6


class WorkStarted(Exception):
    """Raised by the estimate callback of a simulation the battery accepted."""


class Hang(Exception):
    """Raised when a call runs longer than :data:`CALL_SECONDS`."""


CALL_SECONDS = 300     # generous: a cold checkout compiles kernels inside the first calls


def _hang(signum, frame):
    raise Hang(f"still running after {CALL_SECONDS} s")


def _cap(steps, seconds, threads):
    if steps > STEP_CAP:
        raise WorkStarted(f"{steps:.3g} steps")


# The wave solvers check their memory before any work; the battery's copy
# of that check also stops a run estimated at over a minute.
WAVE_CHECKS = ("pathsim.wave.transport.check_memory", "pathsim.wave.transfer.check_memory",
               "pathsim.wave.levels.check_memory")


def _wave_cap(kind, p, realizations=1, available=None):
    memory, seconds = wave.cost.check_memory(kind, p, realizations, available)
    if seconds > 60:
        raise WorkStarted(f"{seconds:.3g} s")
    return memory, seconds




def _public():
    names = []
    for prefix, module in MODULES.items():
        for name in module.__all__:
            obj = getattr(module, name)
            if callable(obj) and not isinstance(obj, type(pathsim)):
                names.append(f"{prefix}.{name}")
    for cls_name, cls in CLASSES.items():
        names += [f"{cls_name}.{name}" for name, obj in vars(cls).items()
                  if not name.startswith("_") and (callable(obj) or isinstance(
                      obj, (staticmethod, classmethod)))]
    return sorted(set(names))


def test_every_public_function_has_a_base_call():
    missing = [n for n in _public() if BASE.get(n) is None and n not in EXEMPT]
    assert not missing, f"add a base call to BASE (or a reason to EXEMPT): {missing}"


def _signature_params(key):
    import inspect
    getter = BASE[key][0]
    module, _, name = key.partition(".")
    obj = (getattr(MODULES[module], name) if module in MODULES
           else getattr(CLASSES[module], name))
    sig = inspect.signature(obj.__init__ if isinstance(obj, type) else obj)
    return [p for p in sig.parameters.values() if p.name != "self"]


def _rule(key, param):
    rules = BASE[key][2]
    if param.name in rules:
        return rules[param.name]
    default = param.default
    if isinstance(default, bool):
        return "B"
    if isinstance(default, numbers.Integral):
        return "I"
    if isinstance(default, numbers.Real):
        return "R"
    if isinstance(default, str):
        return "C"
    return None


def test_every_parameter_has_a_rule():
    missing = [f"{key}({p.name})" for key in BASE if BASE[key] is not None
               for p in _signature_params(key) if _rule(key, p) is None]
    assert not missing, f"give these parameters a rule in BASE: {missing}"


def _valid_scalar(kind):
    return 0.5 if kind.startswith(("R", "AR", "VR")) else 2


def _values(kind, optional):
    """(bad, edge) values for a parameter of ``kind``."""
    bad, edge = [], []
    core = kind.rstrip("?")
    if core == "-":
        return bad, edge
    if not optional:
        bad.append(None)
    if core in ("C", "S"):
        bad += ["", "nonsense", 1.5] if core == "C" else [1.5]
        return bad, edge
    if core == "B":
        return bad + ["yes"], edge
    if core == "O":
        return bad + ["abc", 1.5], edge
    if core == "Fin":
        return bad + ["{adir}", "{missing.npz}", "{empty.npz}", "{junk.npz}", 1.5], edge
    if core == "Fout":
        return bad + ["{adir}", "{nofolder/x.npz}", 1.5], edge
    if core in ("Din", "Dout"):
        return bad + ["{r.npz}", 1.5] + (["{missing}"] if core == "Din" else []), edge
    array = core[0] in "AV"
    number = core[1:] if array else core
    bad += [math.nan, "abc", 1 + 1j]
    if number == "DIM":
        return bad + [0, 4, 2.5, -1], edge
    if number.startswith("I"):
        bad += [2.5, math.inf]
        if number == "I1":
            bad += [0, -1]
        elif number == "I0":
            bad += [-1]
        else:
            edge += [-1, 0]
        edge += [10 ** 30]
        return bad, edge
    infinite = number.endswith("i")
    sign = number.rstrip("fi")[1:]       # "", "+", "0"
    if number.endswith("f") or (sign and not infinite):
        bad += [math.inf]
    elif not infinite:
        edge += [math.inf]
    bad += [-math.inf] if sign or number.endswith("f") else []
    edge += [] if sign or number.endswith("f") else [-math.inf]
    if sign == "+":
        bad += [-1.0, 0.0]
    elif sign == "0":
        bad += [-1.0]
        edge += [0.0]
    else:
        edge += [-1.0, 0.0]
    edge += [1e300]
    if array:
        good = _valid_scalar(kind)
        bad += [[good, math.nan], [good, "abc"]]
        if sign:
            bad += [[good, -1.0]]
        if core[0] == "V":
            bad += [[[good, good], [good, good]], []]
        else:
            edge += [[[good, good], [good, good]], []]
    return bad, edge


def _cases():
    cases = []
    for key, base in BASE.items():
        if base is None:
            continue
        cases.append(pytest.param(key, None, None, "control", id=f"{key} control"))
        for param in _signature_params(key):
            kind = _rule(key, param)
            if kind is None:
                continue
            optional = kind.endswith("?") or param.default is None
            bad, edge = _values(kind, optional)
            for value in bad:
                cases.append(pytest.param(key, param.name, value, "bad",
                                          id=f"{key} {param.name}={value!r}"))
            for value in edge:
                cases.append(pytest.param(key, param.name, value, "edge",
                                          id=f"{key} {param.name}={value!r} edge"))
    return cases


@pytest.fixture(scope="module")
def ctx(tmp_path_factory):
    return Ctx(tmp_path_factory.mktemp("api_battery"))


def _fill(value, ctx):
    if callable(value):
        return value(ctx)
    if isinstance(value, str) and value.startswith("{"):
        return str(ctx.folder / value.strip("{}"))
    return value


def _has_nan(value):
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, np.ndarray):
        return value.dtype.kind in "fc" and bool(np.isnan(value).any())
    if isinstance(value, (tuple, list)):
        return any(_has_nan(v) for v in value)
    if isinstance(value, dict):
        return any(_has_nan(v) for v in value.values())
    return False


def _names(message, name, key):
    words = [name] + ALIASES.get((key, name), [])
    return any(re.search(rf"(?<![\w'-]){re.escape(w)}(?![\w-])", message) for w in words)


@pytest.fixture
def capped(monkeypatch):
    for target in WAVE_CHECKS:
        monkeypatch.setattr(target, _wave_cap)


@pytest.mark.parametrize("key, name, value, kind", _cases())
def test_api_input(key, name, value, kind, ctx, capped):
    getter, kwargs, _ = BASE[key]
    func = getter(ctx)
    kwargs = {k: _fill(v, ctx) for k, v in kwargs.items()}
    if name is not None:
        kwargs[name] = _fill(value, ctx)
    outcome = None
    with warnings.catch_warnings(), announcing(_cap):
        warnings.simplefilter("ignore")
        previous = signal.signal(signal.SIGALRM, _hang)
        signal.alarm(CALL_SECONDS)
        try:
            result = func(**kwargs)
        except WorkStarted:
            outcome = "work"
        except (ValueError, TypeError, FileNotFoundError) as exc:
            message = str(exc)
            assert kind != "control", f"the base call failed: {message}"
            assert not isinstance(exc, FileNotFoundError) or key in MISSING_FILE, message
            assert _names(message, name, key) or (
                BASE[key][2].get(name) in PATHS and isinstance(value, str)
                and _fill(value, ctx) in message), (
                f"the message does not name {name}: {message}")
            assert "\n" not in message.strip(), f"more than one line: {message}"
            return
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)
    if kind == "control":
        return
    assert kind == "edge", f"accepted {name}={value!r}"
    if outcome is None and key not in NAN_OK:
        assert not _has_nan(result), f"NaN returned for {name}={value!r}"
