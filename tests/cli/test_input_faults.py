"""The faults of issue 19 (bad input everywhere), one test per kind.

The generated battery (test_bad_input.py) feeds every option malformed
values; these tests pin the named faults: data lost silently, tracebacks,
promises (Ctrl-C, estimate lines), confident nonsense and misleading
messages, through the command line (in-process) and the Python API.
"""
import contextlib
import io
import json
import os
import signal
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

import pathsim
from harness import default_sigint, python_ctrl_c
from pathsim import wave
from pathsim.cli import main


class WorkStarted(Exception):
    pass


def _refuse(*args, **kwargs):
    raise WorkStarted


def call(argv, cwd):
    """``pathsim ARGV`` in-process in ``cwd``: (status, stdout, stderr lines)."""
    out, err = io.StringIO(), io.StringIO()
    here = os.getcwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main([str(a) for a in argv])
    finally:
        os.chdir(here)
    return status, out.getvalue(), err.getvalue().strip().splitlines()


def refused(argv, cwd, *words):
    """Exit 2, one line on stderr containing ``words``, nothing written."""
    before = sorted(os.listdir(cwd))
    status, _, lines = call(argv, cwd)
    assert status == 2 and len(lines) == 1, (argv, status, lines)
    assert all(w in lines[0] for w in words), (lines[0], words)
    assert sorted(os.listdir(cwd)) == before
    return lines[0]


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    """Two walk results (seeds 1, 2), a spin one, two wave results."""
    folder = tmp_path_factory.mktemp("faults")
    kw = dict(tau_phi_max=2.0, tau_phi=[2.0], b=[0.0], blocks=2, progress=False)
    for seed in (1, 2):
        pathsim.simulate(64, seed=seed, **kw).save(folder / f"r{seed}.npz")
        wave.runs.run("conductance", dict(dim=2, width=2, length=2, disorder=1.0),
                      realizations=2, seed=seed).save(folder / f"w{seed}.npz")
    pathsim.simulate(64, seed=3, rashba=0.1, estimator="next-event",
                     **kw).save(folder / "spin.npz")
    return folder


@pytest.fixture
def no_work(monkeypatch):
    for target in ("pathsim.simulate", "pathsim.run.simulate", "pathsim.figures.make_all",
                   "pathsim.figures.paths.make", "pathsim.studies.run_sweep",
                   "pathsim.wave.runs.run"):
        monkeypatch.setattr(target, _refuse)


# -- data lost silently: an output that is an input or another output --------
@pytest.mark.parametrize("argv, words", [
    (["experiment", "--diffusion", "5e-3", "--tau", "0.01", "--sigma-d", "100",
      "--tau-phi-1k", "10", "-o", "x.csv", "--didv", "x.csv"], ["--didv x.csv", "--output"]),
    (["anderson", "merge", "{w1}", "{w2}", "-o", "{w1}"], ["--output", "one of the inputs"]),
    (["merge", "{r1}", "{r2}", "-o", "{r2}"], ["--output", "one of the inputs"]),
    (["paths", "--out", "x.gif", "--animate", "x.gif"], ["x.gif", "also written by"]),
    (["paths", "--out", "pics", "--animate", "loop.gif"], []),   # distinct outputs
])
def test_an_output_may_not_be_an_input_or_another_output(argv, words, results, tmp_path,
                                                          no_work):
    argv = [str(results / (w.strip("{}") + ".npz")) if w.startswith("{") else w
            for w in argv]
    if not words:           # distinct outputs pass the check (and reach the work)
        with pytest.raises(WorkStarted):
            call(argv, tmp_path)
        return
    refused(argv, tmp_path, *words)


def test_an_output_through_a_link_to_an_input_is_refused(results, tmp_path):
    os.symlink(results / "r1.npz", tmp_path / "alias.npz")
    refused(["merge", results / "r1.npz", results / "r2.npz", "-o", "alias.npz"], tmp_path,
            "one of the inputs")


# -- output folders and files checked before any work -------------------------
@pytest.mark.parametrize("argv, words", [
    (["figures", "--quick", "--out", "/proc/pathsim"], ["--out", "cannot write"]),
    (["figures", "--quick", "--out", "afile/sub"], ["--out", "not a folder"]),
    (["figures", "--quick", "--out", "old.npz"], ["--out", "not a folder"]),
    (["paths", "--out", "/proc"], ["--out", "cannot write"]),
    (["paths", "--animate", "adir.gif"], ["--animate", "is a folder"]),
    (["paths", "--out", "pics"], ["--out", "paths.png is a folder"]),
    (["run", "--csv", "csvdir"], ["--csv", "delta_sigma.csv is a folder"]),
    (["run", "-o", "/dev/null"], ["--output", "not a regular file"]),
])
def test_output_paths_are_checked_before_work(argv, words, tmp_path, no_work):
    (tmp_path / "afile").write_text("x")
    (tmp_path / "old.npz").write_bytes(b"PK")
    (tmp_path / "adir.gif").mkdir()
    (tmp_path / "pics" / "paths.png").mkdir(parents=True)
    (tmp_path / "csvdir" / "delta_sigma.csv").mkdir(parents=True)
    refused(argv, tmp_path, *words)


# -- tracebacks ---------------------------------------------------------------
@pytest.mark.parametrize("command", [["merge"], ["anderson", "merge"]])
@pytest.mark.parametrize("content, words", [
    (b"", "is empty"), (b"garbage", "not a .npz file"),
    (b"PK\x03\x04" + bytes(40), "cannot read"),        # a zip header, then nothing
])
def test_empty_or_corrupt_npz_names_the_file(command, content, words, results, tmp_path):
    (tmp_path / "bad.npz").write_bytes(content)
    line = refused([*command, results / "r1.npz", "bad.npz", "-o", "m.npz"], tmp_path,
                   "bad.npz")
    assert words in line or "not a .npz" in line or "cannot read" in line


@pytest.mark.parametrize("argv", [
    ["anderson", "xi", "--dim", "3", "--width", "200", "--disorder", "16.5"],
    ["anderson", "conductance", "--dim", "3", "--width", "300", "--length", "10",
     "--disorder", "16"],
    ["anderson", "levels", "--dim", "3", "--size", "100", "--disorder", "16"],
])
def test_wave_runs_that_cannot_fit_in_memory_are_refused(argv, tmp_path, monkeypatch):
    monkeypatch.setattr("pathsim.wave.cost.machine_memory", lambda: 64e9)
    refused(argv, tmp_path, "of memory, more than this machine's 64 GB")


def test_wave_memory_estimates_grow_as_the_arrays():
    from pathsim.wave import cost
    small = cost.estimate("levels", dict(dim=3, size=10, flux=0.0), 1)[0]
    big = cost.estimate("levels", dict(dim=3, size=20, flux=0.0), 1)[0]
    assert big == pytest.approx(small * 2 ** 6)      # a dense (L^3)^2 matrix
    assert cost.machine_memory() is None or cost.machine_memory() > 1e8


@pytest.mark.parametrize("walkers", [10 ** 30, 2 ** 53 + 1])
def test_absurd_walker_counts_are_refused(walkers, tmp_path):
    with pytest.raises(ValueError, match="walkers must be <= 9007199254740992"):
        pathsim.simulate(walkers)
    refused(["run", "--walkers", str(walkers)], tmp_path, "--walkers must be <=")


def test_merge_takes_a_result(results):
    one = pathsim.load(results / "r1.npz")
    with pytest.raises(TypeError, match="other must be a SimulationResult.*got str"):
        one.merge("x")
    w = wave.results.load(results / "w1.npz")
    with pytest.raises(TypeError, match="other must be a WaveResult"):
        w.merge(one)


def test_ctrl_c_while_the_command_line_starts_exits_quietly():
    """The handler that :mod:`pathsim._startup` installs while pathsim is
    imported by the ``pathsim`` command: a SIGINT then ends the process with
    status 130 and one line, no traceback."""
    code = ("import sys, os, signal; sys.argv[0] = 'pathsim'\n"
            "from pathsim import _startup\n"
            "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
            "_startup.quiet_interrupt()\n"
            "os.kill(os.getpid(), signal.SIGINT)\n"
            "import time; time.sleep(5); print('not reached')\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, preexec_fn=default_sigint)
    assert proc.returncode == 130 and proc.stdout == ""
    assert proc.stderr.strip() == "pathsim: interrupted while starting; nothing done"


def test_importing_pathsim_in_a_script_keeps_python_s_ctrl_c():
    code = ("import signal, pathsim\n"
            "print(signal.getsignal(signal.SIGINT) is signal.default_int_handler)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, preexec_fn=default_sigint)
    assert proc.stdout.strip() == "True", proc.stderr


# -- Ctrl-C stops a single long walk in bounded time --------------------------
@pytest.mark.parametrize("kind", [
    dict(), dict(estimator="next-event"), dict(dim=3), dict(dim=1),
    dict(rashba=0.1, estimator="next-event"), dict(dim=3, rashba=0.1)])
def test_ctrl_c_stops_a_long_walk(kind):
    """Each walk kernel reads the halt flag between slices of 16384 tau: a
    walk of 4.5e8 tau (tens of seconds) stops within a second of SIGINT
    (compiled first, so the time is the kernel's; finite, so that a lost
    interrupt fails the test instead of hanging it)."""
    pathsim.simulate(4, blocks=2, tau_phi_max=1.0, progress=False, **kind)   # compile
    fired = []

    def interrupt():
        fired.append(time.perf_counter())
        os.kill(os.getpid(), signal.SIGINT)
    timer = threading.Timer(0.5, interrupt)
    timer.start()
    try:
        with python_ctrl_c(), pytest.raises(KeyboardInterrupt):
            pathsim.simulate(4, blocks=2, tau_phi_max=3e7, progress=False, **kind)
        stopped = time.perf_counter()
    finally:
        timer.cancel()
    assert fired and stopped - fired[0] < 2.0


def test_interrupted_figures_say_what_was_written(tmp_path, monkeypatch):
    def make_all(out, quick, only, seed, progress):
        if only != "paths":
            raise KeyboardInterrupt
        os.makedirs(out, exist_ok=True)
        for ext in ("png", "pdf"):
            (tmp_path / "figs" / f"paths.{ext}").write_text("x")
        return [os.path.join(out, f"paths.{ext}") for ext in ("png", "pdf")]
    monkeypatch.setattr("pathsim.figures.make_all", make_all)
    status, _, lines = call(["figures", "--quick", "--out", "figs"], tmp_path)
    assert status == 130 and len(lines) == 1
    assert lines[0] == ("pathsim figures: interrupted; 2 files written before: "
                        "figs/paths.png, figs/paths.pdf")


def test_interrupted_paths_say_nothing_was_written(tmp_path, monkeypatch):
    def make(*args, **kwargs):
        raise KeyboardInterrupt
    monkeypatch.setattr("pathsim.figures.paths.make", make)
    status, _, lines = call(["paths", "--out", "pics"], tmp_path)
    assert status == 130 and lines == ["pathsim paths: interrupted; no file written"]


# -- long work starts with an estimate line ----------------------------------
def _first_line(argv, cwd, monkeypatch):
    """The first stderr line of a command whose walk is stopped just after
    its estimate (the walk's allocation raises)."""
    monkeypatch.setattr("pathsim.run.poisson.allocate", _refuse)
    err = io.StringIO()
    here = os.getcwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            with pytest.raises(WorkStarted):
                main(argv)
    finally:
        os.chdir(here)
    return err.getvalue().splitlines()[0]


def test_long_walks_of_experiment_and_disentangle_announce_themselves(tmp_path,
                                                                      monkeypatch):
    film = ["--diffusion", "5e-3", "--tau", "0.01"]
    line = _first_line(["experiment", *film, "--sigma-d", "100", "--tau-phi-1k", "10",
                        "--wl", "simulation", "--walkers", "1000000000", "-o", "d.csv"],
                       tmp_path, monkeypatch)
    assert line.startswith("pathsim experiment: the weak-localization run: about ")
    rows = [f"{t},{b},0,{800 - t - 1000 * b}" for t in (1, 2, 4) for b in (0, 0.01, 0.02)]
    (tmp_path / "d.csv").write_text("T_K,B_perp_T,B_par_T,R_sheet_ohm\n" + "\n".join(rows))
    line = _first_line(["disentangle", "d.csv", *film, "--wl", "simulation", "--walkers",
                        "1000000000"], tmp_path, monkeypatch)
    assert line.startswith("pathsim disentangle: the weak-localization table: about ")
    assert sorted(os.listdir(tmp_path)) == ["d.csv"]


@pytest.mark.parametrize("argv, start", [
    (["anderson", "xi", "--dim", "1", "--disorder", "2", "--rel-error", "1e-6"],
     "pathsim anderson xi: a bar of up to about 1e+09 slices"),
    (["figures"], "pathsim figures: the full set of"),
    (["sweep", "big.toml", "--store", "s"], "pathsim sweep: 1 point of 1,000,000,000,000"),
    (["sweep", "many.toml", "--store", "s"], "pathsim sweep: 1,000,000 points of 10 "),
])
def test_long_work_starts_with_an_estimate(argv, start, tmp_path, no_work):
    (tmp_path / "big.toml").write_text("seed = 1\nwalkers = 1000000000000\n[fixed]\n"
                                       "tau_phi_max = 5.0\n")
    (tmp_path / "many.toml").write_text(
        "seed = 1\nwalkers = 10\n[fixed]\ntau_phi_max = 5.0\nblocks = 2\n[grid]\n"
        "mean_cosine = {start = 0.0, stop = 0.5, num = 1000}\n"
        "truncation = {start = 1.0, stop = 2.0, num = 1000}\n")
    err = io.StringIO()
    here = os.getcwd()
    os.chdir(tmp_path)
    try:
        with contextlib.redirect_stderr(err), pytest.raises(WorkStarted):
            main(argv)
    finally:
        os.chdir(here)
    assert err.getvalue().startswith(start), err.getvalue()


# -- confident nonsense -------------------------------------------------------
def test_a_point_detector_in_3d_is_refused_and_warned_of_in_2d(tmp_path):
    with pytest.raises(ValueError, match="detector_radius must be > 0 in 3D"):
        pathsim.simulate(100, dim=3, detector_radius=0.0)
    refused(["run", "--dim", "3", "--detector-radius", "0"], tmp_path,
            "detector_radius must be > 0 in 3D", "infinite variance")
    with pytest.warns(RuntimeWarning, match="infinite variance"):
        pathsim.simulate(8, blocks=2, tau_phi_max=1.0, detector_radius=0.0,
                         estimator="next-event", progress=False)


def test_walls_on_a_bulk_walk_are_refused_like_width(tmp_path):
    with pytest.raises(ValueError, match="walls applies to films and wires"):
        pathsim.simulate(100, walls="diffuse")
    refused(["run", "--walls", "diffuse"], tmp_path, "walls applies to films and wires")


@pytest.mark.parametrize("tau_phi_max", ["inf", "1e-9"])
def test_json_output_is_strict(tau_phi_max, tmp_path):
    status, out, _ = call(["run", "--length", "10", "--tau-phi-max", tau_phi_max,
                           "--walkers", "64", "--blocks", "2", "--quiet", "--format",
                           "json", "-o", "r.npz"], tmp_path)

    def bare(word):
        raise AssertionError(f"bare {word} in the JSON output")
    data = json.loads(out, parse_constant=bare)
    assert status == 0 and data["parameters"]["tau_phi_max"] == (
        None if tau_phi_max == "inf" else 1e-9)


def test_the_json_writer_turns_non_finite_numbers_into_null():
    from pathsim.cli.common import write_json
    out = io.StringIO()
    write_json(dict(a=np.array([1.0, np.nan]), b=[np.inf, -np.inf], c=np.float32("nan"),
                    d=(1, "x")), out)
    assert json.loads(out.getvalue()) == dict(a=[1.0, None], b=[None, None], c=None,
                                              d=[1, "x"])


# -- messages that mislead, and valid input refused ---------------------------
def test_merging_spin_and_spinless_results_names_the_spin(results, tmp_path):
    with pytest.raises(ValueError, match=r"different spin settings \(spinless vs"):
        pathsim.load(results / "r1.npz").merge(pathsim.load(results / "spin.npz"))
    refused(["merge", results / "r1.npz", results / "spin.npz", "-o", "m.npz"], tmp_path,
            "different spin settings")


@pytest.mark.parametrize("argv, name", [
    (["run", "--config", "latin1.toml"], "--config"),
    (["sweep", "latin1.toml"], "study"),
])
def test_files_that_are_not_utf8_are_named(argv, name, tmp_path):
    (tmp_path / "latin1.toml").write_bytes("walkers = 100 # café\n".encode("latin-1"))
    refused(argv, tmp_path, name, "latin1.toml", "not UTF-8")


def test_toml_decode_errors_name_the_file(tmp_path):
    from pathsim._validate import read_toml
    (tmp_path / "x.toml").write_bytes(b"a = 1 # \xe9\n")
    with pytest.raises(ValueError, match="cannot read study file .*x.toml: not UTF-8"):
        read_toml(tmp_path / "x.toml", "study file")


@pytest.mark.parametrize("argv, words", [
    (["experiment", "--diffusion", "5e-3", "--tau", "0.01", "--sigma-d", "100",
      "--tau-phi-1k", "10", "-o", "d.csv", "--b-par", "nan"], ["--b-par must be finite"]),
    (["experiment", "--diffusion", "5e-3", "--tau", "0.01", "--sigma-d", "100",
      "--tau-phi-1k", "10", "-o", "d.csv", "--seed", "-1"], ["--seed must be >= 0"]),
    (["run", "--seed", "-1"], ["--seed must be >= 0"]),
    (["anderson", "xi", "--disorder", "5", "--seed", "-1"], ["--seed must be >= 0"]),
    (["--walkers", "5", "run"], ["options go after the command: pathsim run --walkers 5"]),
    (["sweep", "s.toml", "--workers", "2", "--dask-local", "2"],
     ["not both --workers and --dask-local"]),
    (["run", "--spin", "rashba=0.1}"], ["--spin", "rashba=0.1}"]),
])
def test_messages_name_the_option(argv, words, tmp_path, no_work):
    (tmp_path / "s.toml").write_text("seed = 1\nwalkers = 100\n")
    refused(argv, tmp_path, *words)


@pytest.mark.parametrize("call_, message", [
    (lambda: wave.backscattering_ratio("x"), "r must be an array of reflection matrices"),
    (lambda: wave.backscattering_ratio(np.ones((3, 2))), r"shape \(K, N, N\)"),
    (lambda: wave.open_channels(2, -1), "width must be >= 1"),
    (lambda: wave.open_channels(2, 0), "width must be >= 1"),
    (lambda: wave.open_channels(4, 3), "dim must be <= 3"),
    (lambda: pathsim.simulate(100, b="0.1"), "b must be a number or a 1-D array"),
    (lambda: pathsim.simulate(100, b=["0.1"]), "b must be a number or a 1-D array"),
    (lambda: pathsim.simulate(100, progress="yes"), "progress must be True, False or None"),
])
def test_python_api_refuses_with_a_named_parameter(call_, message):
    with pytest.raises(ValueError, match=message):
        call_()
