"""The generated bad-input battery of the command line.

Every subcommand's parser is walked (:func:`pathsim.cli.build_parser`) and
every option gets malformed values chosen from its ``type``: numbers (nan,
inf, -1, 1e30, 2.5 for integers, "abc", empty) as far as the option's
declared range excludes them, malformed lists, vectors and spin settings,
invalid choices, and paths (a folder, /proc, a file used as a folder, an
empty or corrupt file, an output that is an input or another output).  Each
case runs in-process through :func:`pathsim.cli.main` in its own folder and
must end with exit status 2 and exactly one line on stderr naming the
option, before any work (the heavy entry points raise :class:`WorkStarted`)
and with nothing written.

A new option is covered as soon as it exists; a new subcommand needs one
valid base invocation in :data:`BASE` (the first test says which).  The
values each option gets follow from its type (:mod:`pathsim.cli.numbers`,
:mod:`pathsim.cli.filearg`): give a numeric option a ``Real``/``Int``/
``Reals`` type with its range and a file option an ``InputFile``/
``OutputFile``/``OutputFolder`` type.
"""
import argparse
import contextlib
import io
import os
import time

import numpy as np
import pytest

import pathsim
from pathsim.cli import build_parser, main
from pathsim.cli.common import parse_floats, parse_int, parse_spin, parse_vector
from pathsim.cli.filearg import InputFile, OutputFile, OutputFolder
from pathsim.cli.numbers import Int, Names, Real, Reals

FILM = ["--diffusion", "5e-3", "--tau", "0.01", "--sigma-d", "100", "--tau-phi-1k", "10"]
# A valid invocation of each command ({name}: a fixture file of FILES), and
# the index in it of each positional argument.
BASE = {
    ("run",): (["run", "--quiet"], {}),
    ("merge",): (["merge", "{r1.npz}", "{r2.npz}", "-o", "m.npz"], {"inputs": 1}),
    ("figures",): (["figures", "--quick", "--quiet", "--out", "figs"], {}),
    ("paths",): (["paths", "--out", "pics"], {}),
    ("info",): (["info"], {}),
    ("explore",): (["explore", "--quick", "--quiet", "-o", "page.html"], {}),
    ("sweep",): (["sweep", "{study.toml}", "--quiet"], {"study": 1}),
    ("fit-hln",): (["fit-hln", "{hln.csv}"], {"data": 1}),
    ("fit-wal",): (["fit-wal", "{hln.csv}"], {"data": 1}),
    ("anderson", "xi"): (["anderson", "xi", "--disorder", "16"], {}),
    ("anderson", "conductance"): (["anderson", "conductance", "--width", "4", "--length",
                                   "4", "--disorder", "2"], {}),
    ("anderson", "levels"): (["anderson", "levels", "--size", "6", "--disorder", "5"], {}),
    ("anderson", "merge"): (["anderson", "merge", "{w1.npz}", "{w2.npz}"], {"inputs": 2}),
    ("experiment",): (["experiment", *FILM, "-o", "d.csv"], {}),
    ("disentangle",): (["disentangle", "{rt.csv}", "--diffusion", "5e-3", "--tau", "0.01"],
                       {"data": 1}),
}
# the entry points of heavy work: reaching one means the input was accepted
WORK = ("pathsim.simulate", "pathsim.run.simulate", "pathsim.figures.make_all",
        "pathsim.figures.paths.make", "pathsim.figures.paths.animate",
        "pathsim.figures.impurity_loop.make", "pathsim.studies.run_sweep",
        "pathsim.wave.runs.run", "pathsim.results.SimulationResult.save",
        "pathsim.wave.results.WaveResult.save", "pathsim.explorer.explore",
        # the simulated weak-localization tables, wherever they live
        "pathsim.wl_table.WLTable.for_data", "pathsim.wl_table.WLTable.simulate",
        "pathsim.analysis.wl_table.WLTable.for_data",
        "pathsim.analysis.wl_table.WLTable.simulate")


class WorkStarted(Exception):
    """Raised by the patched entry points of :data:`WORK`."""


def _leaves(parser, path=()):
    """(command path, parser) of every subcommand, nested ones included."""
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        return [(path, parser)] if path else []
    return [leaf for name, sub in subs[0].choices.items()
            for leaf in _leaves(sub, path + (name,))]


LEAVES = _leaves(build_parser())


def _file_fixtures(folder):
    """The valid files the base invocations read, and the bad ones."""
    for seed in (1, 2):
        pathsim.simulate(64, seed=seed, tau_phi_max=2.0, tau_phi=[2.0], b=[0.0],
                         blocks=2, progress=False).save(folder / f"r{seed}.npz")
        pathsim.wave.runs.run("conductance", dict(dim=2, width=2, length=2, disorder=1.0),
                              realizations=2, seed=seed).save(folder / f"w{seed}.npz")
    (folder / "study.toml").write_text("seed = 1\nwalkers = 100\n[fixed]\ntau_phi_max = 5.0\n"
                                       "[grid]\nmean_cosine = [0.0, 0.2]\n")
    b = np.linspace(0.05, 1.0, 12)       # both signs and B = 0 (--symmetrize, --reference)
    b = np.concatenate([-b[::-1], [0.0], b])
    (folder / "hln.csv").write_text("field,delta_sigma\n" + "\n".join(
        f"{x},{np.log(abs(x) + 0.1):.6f}" for x in b) + "\n")
    (folder / "rt.csv").write_text("T_K,B_perp_T,B_par_T,R_sheet_ohm\n" + "\n".join(
        f"{t},{f},0,{800 - t - 1000 * f}" for t in (1, 2, 4) for f in (0, 0.01, 0.02)) + "\n")
    (folder / "adir").mkdir()
    (folder / "afile").write_text("x\n")
    (folder / "empty.dat").write_bytes(b"")
    (folder / "junk.npz").write_text("not a zip archive\n")
    (folder / "binary.txt").write_bytes(b"\xff\xfe\x00\x81 not UTF-8 \xc3\x28\n")


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("battery_files")
    _file_fixtures(folder)
    return folder


def _kind(action):
    """What the battery feeds an option, from its type."""
    t = action.type
    if isinstance(t, (InputFile, OutputFile, OutputFolder)):
        return type(t).__name__
    if isinstance(t, Reals) or t is parse_floats:
        return "reals"
    if isinstance(t, (Real, Int)) or t in (float, int, parse_int):
        return "number"
    if t is parse_vector:
        return "vector"
    if t is parse_spin:
        return "spin"
    if action.choices:
        return "choice"
    if isinstance(t, Names) and t.many:
        return "names"
    return "string"


def _numbers(t):
    """Malformed numbers for a numeric type: always nan, "abc", empty and
    (unless the type allows it) inf; -1, 1e30 and 2.5 where its declared
    range or integrality excludes them."""
    values = ["nan", "abc", ""]
    declared = isinstance(t, (Real, Int, Reals))
    if not (declared and t.allow_inf):
        values += ["inf", "-inf"]
    for text in ("-1", "1e30", "2.5"):
        number = float(text)
        if declared and not t.accepts(number):
            values.append(text)
        elif not declared and text == "2.5" and t in (int, parse_int):
            values.append(text)
    return values


def _paths(kind, action, base, inputs, outputs):
    """Malformed paths for a file option (``inputs``/``outputs``: the
    command's other file values in its base invocation)."""
    suffix = getattr(action.type, "suffix", None) or ".dat"
    if kind == "InputFile":
        values = ["", "adir", "missing.dat", "/proc/pathsim-missing/x", "afile/x",
                  "empty.dat"]
        values += {"npz": ["junk.npz"], "text": ["binary.txt"]}.get(action.type.content, [])
        return values
    if kind == "OutputFile":
        values = ["", "adir", "/proc/pathsim-missing/out" + suffix, "afile/out" + suffix,
                  "/dev/null"]
        if action.type.suffix:
            values.append("out.wrong")
        values += [path for path in inputs if path.endswith(suffix)][:1]
        values += [path for path in outputs if path.endswith(suffix)][:1]
        return values
    return ["", "afile", "/proc/pathsim-missing", "afile/sub"]


# Options that act only with others: the flags their cases drop from the
# base invocation and the words they add, so that the value is the only fault.
CONTEXT = {
    (("experiment",), "mean_free_path"): (["--diffusion", "--tau"], ["--fermi-velocity", "1e5"]),
    (("experiment",), "fermi_velocity"): (["--diffusion", "--tau"], ["--mean-free-path", "10"]),
    (("disentangle",), "mean_free_path"): (["--tau"], []),
}
# A valid value where the type's range alone does not give one.
VALID = {
    (("anderson", "levels"), "size"): "6",
    (("figures",), "only"): "paths",
    (("experiment",), "sigma_d"): "100",
}
# Options without a control case (a valid value needs a file the battery
# does not build); their bad values are still fed.
NO_CONTROL = {
    (("fit-wal",), "b_tr"): "acts with --model simulation and a simulated grid file",
    (("sweep",), "scheduler"): "a valid value is a running Dask scheduler",
    (("disentangle",), "b_so"): "checked: any value but 'fit' and fields > 0",
}


def _valid(action):
    """A value the option accepts (its default, else one inside its declared
    range), for the control case; None when the battery cannot tell."""
    t, kind = action.type, _kind(action)
    if kind == "choice":
        return str(action.default if action.default is not None else action.choices[0])
    if kind == "vector":
        return "0,0,1"
    if kind == "spin":
        return "rashba=0.1"
    if kind == "string":
        return None
    if kind not in ("number", "reals"):
        return None
    default = action.default
    if isinstance(default, list) and default:
        return ",".join(str(x) for x in default)
    if isinstance(default, (int, float)) and not isinstance(default, bool):
        return str(default)
    if isinstance(t, (Real, Int, Reals)):
        low, high = t.low, t.high
        for candidate in ([low] if low is not None else []) + [
                (low or 0) + 1, (low or 0) + 0.5 * ((high or 2) - (low or 0))]:
            if t.accepts(float(candidate)) and (high is None or candidate <= high):
                return str(int(candidate)) if isinstance(t, Int) else str(float(candidate))
    return "1"


def _cases():
    cases = []
    for path, parser in LEAVES:
        if path not in BASE:
            continue
        words, positions = BASE[path]
        file_values = {}
        for action in parser._actions:
            kind = _kind(action)
            if kind in ("InputFile", "OutputFile") and action.option_strings:
                flag = action.option_strings[-1]
                if flag in words:
                    file_values.setdefault(kind, []).append(words[words.index(flag) + 1])
            elif kind == "InputFile" and action.dest in positions:
                file_values.setdefault(kind, []).append(words[positions[action.dest]])
        for action in parser._actions:
            if action.nargs == 0 or isinstance(action, (argparse._HelpAction,
                                                        argparse._SubParsersAction)):
                continue
            kind = _kind(action)
            if kind == "number":
                values = _numbers(action.type)
            elif kind == "reals":
                values = _numbers(action.type) + ["1,,2", "1,abc", ",", "nan,1"]
            elif kind == "vector":
                values = ["", "1,2", "1,2,3,4", "nan,0,0", "a,b,c", "inf,0,0"]
            elif kind == "spin":
                values = ["rashba=0.1}", "{rashba=0.1", "rashba=", "=0.1", "colour=1",
                          "rashba=nan", "rashba=abc", "rashba=-1"]
            elif kind == "choice":
                values = ["", "nonsense"]
            elif kind == "string":
                values = [""]
            elif kind == "names":
                values = ["", ",", "a,,b", " "]
            else:
                own = action.option_strings[-1] if action.option_strings else None
                inputs = [v for v in file_values.get("InputFile", [])]
                outputs = [v for v in file_values.get("OutputFile", [])
                           if not (own and own in words and v == words[words.index(own) + 1])]
                values = _paths(kind, action, words, inputs, outputs)
            for value in values:
                cases.append(pytest.param(path, action.dest, value, kind,
                                          id=f"{' '.join(path)} {action.dest}={value!r}"))
    return cases


def _fill(word, files):
    """A word of :data:`BASE`, its ``{name}`` replaced by the fixture file's path."""
    return str(files / word.strip("{}")) if word.startswith("{") else word


def _argv(path, dest, value, files, control=False):
    words, positions = BASE[path]
    parser = dict(LEAVES)[path]
    action = next(a for a in parser._actions if a.dest == dest)
    argv = [_fill(w, files) for w in words]
    drop, add = CONTEXT.get((path, dest), ([], []))
    for flag in drop:
        i = argv.index(flag)
        del argv[i:i + 2]
    argv += add
    value = _fill(value, files)
    if not action.option_strings:       # named by its dest or, in usage lines, metavar
        argv[positions[dest]] = value
        return argv, [dest, dest.replace("_", "-")] + ([action.metavar] if action.metavar
                                                      else [])
    flag = action.option_strings[-1]
    values = [value]
    if isinstance(action.nargs, int) and action.nargs > 1:     # the others valid
        rest = value if control else (VALID.get((path, dest)) or _valid(action) or "1")
        values += [rest] * (action.nargs - 1)
    present = [i for i, w in enumerate(argv) if w in action.option_strings]
    if present:
        argv[present[0] + 1:present[0] + 1 + len(values)] = values
    else:
        argv += [flag, *values]
    names = list(action.option_strings) + [dest, dest.replace("_", "-")]
    return argv, names


def _tree(folder):
    return sorted(os.path.relpath(os.path.join(root, name), folder)
                  for root, dirs, names in os.walk(folder) for name in dirs + names)


@pytest.fixture
def no_work(monkeypatch):
    def refuse(*args, **kwargs):
        raise WorkStarted("the command started its work")
    for target in WORK:
        try:
            monkeypatch.setattr(target, refuse)
        except (ImportError, AttributeError):   # not in this version of the package
            pass
    return refuse


def _call(argv):
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            status = main(argv)
        except SystemExit as exc:       # a command may end with SystemExit
            status = exc.code
    return status, err.getvalue()


def test_every_command_has_a_base_invocation():
    missing = [" ".join(path) for path, _ in LEAVES if path not in BASE]
    assert not missing, f"add a valid base invocation to BASE for: {missing}"


@pytest.mark.parametrize("path", sorted(BASE))
def test_base_invocations_are_valid(path, files, no_work, tmp_path, monkeypatch):
    """Each base invocation passes every check and reaches its work (or,
    for quick commands, completes): the battery's faults are its own."""
    monkeypatch.chdir(tmp_path)
    argv = [_fill(w, files) for w in BASE[path][0]]
    try:
        status, err = _call(argv)
    except WorkStarted:
        return
    assert status == 0, err


CASES = _cases()


def _controls():
    cases = []
    for path, parser in LEAVES:
        for action in parser._actions:
            if (path not in BASE or action.nargs == 0 or (path, action.dest) in NO_CONTROL
                    or isinstance(action, (argparse._HelpAction, argparse._SubParsersAction))):
                continue
            value = VALID.get((path, action.dest)) or _valid(action)
            if value is not None:
                cases.append(pytest.param(path, action.dest, value,
                                          id=f"{' '.join(path)} {action.dest}={value!r}"))
    return cases


@pytest.mark.parametrize("path, dest, value", _controls())
def test_valid_value_is_accepted(path, dest, value, files, no_work, tmp_path, monkeypatch):
    """The control of each option's bad values: a valid value in the same
    invocation passes every check (the refusals are the values' own)."""
    monkeypatch.chdir(tmp_path)
    argv, _ = _argv(path, dest, value, files, control=True)
    try:
        status, err = _call(argv)
    except WorkStarted:
        return
    assert status == 0, (argv, err)


@pytest.mark.parametrize("path, dest, value, kind", CASES)
def test_bad_value_is_refused_in_one_line(path, dest, value, kind, files, no_work, tmp_path,
                                          monkeypatch):
    for name in ("adir", "afile", "empty.dat", "junk.npz", "binary.txt"):
        target = tmp_path / name
        if (files / name).is_dir():
            target.mkdir()
        else:
            target.write_bytes((files / name).read_bytes())
    monkeypatch.chdir(tmp_path)
    argv, names = _argv(path, dest, value, files)
    before = _tree(tmp_path)
    start = time.perf_counter()
    try:
        status, err = _call(argv)
    except WorkStarted:
        pytest.fail(f"{' '.join(argv)}: accepted, the work started")
    elapsed = time.perf_counter() - start
    lines = err.strip().splitlines()
    assert status == 2, (argv, status, err)
    assert len(lines) == 1, (argv, err)
    assert any(name in lines[0] for name in names), (argv, lines[0], names)
    assert _tree(tmp_path) == before, "something was written"
    assert elapsed < 20.0, f"{elapsed:.1f} s before the refusal"
