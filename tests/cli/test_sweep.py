"""Parameter studies: grids and seeds, the store, resume, budget raises,
corruption and bad input (tiny runs: a fraction of a second each)."""
import json
import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

import pathsim
from pathsim.studies.executors import LocalExecutor, compute_point
from pathsim.studies.store import read_log
from pathsim.studies.study import Study, StudyError, chunk_seed, load_study_file, point_seed
from pathsim.studies.sweep import run_sweep

ARRAYS = ("walkers", "events", "hist_a", "hist_b", "over_a", "over_b", "tmom", "msd")
TINY = dict(tau_phi_max=10.0, tau_phi=[3.0, 10.0], b=[0.0, 0.1], truncation=3.0)


def tiny_study(walkers=2000, grid=None, **fixed):
    return Study(seed=11, walkers=walkers, fixed=dict(TINY, **fixed),
                 grid=grid or {"mean_cosine": [0.0, 0.2], "detector_radius": [0.05, 0.1]})


def write_study(path, walkers=2000, extra=""):
    path.write_text(f"seed = 11\nwalkers = {walkers}\n{extra}\n[fixed]\ntau_phi_max = 10.0\n"
                    "tau_phi = [3.0, 10.0]\nb = [0.0, 0.1]\ntruncation = 3.0\n"
                    "[grid]\nmean_cosine = [0.0, 0.2]\n"
                    "detector_radius = {start = 0.05, stop = 0.1, num = 2}\n")
    return path


def assert_same_arrays(a, b):
    for name in ARRAYS:
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name), err_msg=name)
    assert a.params["seeds"] == b.params["seeds"]


def assert_same_study(folder_a, folder_b):
    a, b = pathsim.load_study(folder_a), pathsim.load_study(folder_b)
    assert a.shape == b.shape
    for ra, rb in zip(a.results.flat, b.results.flat):
        assert_same_arrays(ra, rb)


def computations(folder):
    """Points computed from scratch, by point id, from the store's log."""
    counts = {}
    for line in read_log(folder):
        if line["event"] in ("computed", "recomputed"):
            counts[line["point"]] = counts.get(line["point"], 0) + 1
    return counts


# ------------------------------------------------------------- grids and seeds
def test_grid_product_zip_and_ranges():
    study = Study(1, 100, "product", {"tau_phi_max": 10},
                  {"dim": [1, 2], "truncation": {"start": 2, "stop": 8, "num": 3,
                                                 "spacing": "log"}})
    assert study.shape == (2, 3) and len(study.points()) == 6
    assert study.axes["truncation"] == pytest.approx([2.0, 4.0, 8.0])
    assert study.points()[1] == {"tau_phi_max": 10.0, "dim": 1, "truncation": 4.0}
    zipped = Study(1, 100, "zip", {}, {"dim": [1, 2], "tau_phi_max": [10, 20]})
    assert zipped.shape == (2,)
    assert [p["tau_phi_max"] for p in zipped.points()] == [10.0, 20.0]


def test_point_seed_depends_on_parameters_not_position():
    small = Study(3, 100, grid={"tau_phi_max": [10.0, 30.0]})
    large = Study(3, 100, grid={"tau_phi_max": [5, 10, 20.0, 30]})
    seeds = {p["tau_phi_max"]: small.point_seed(p) for p in small.points()}
    for p in large.points():
        if p["tau_phi_max"] in seeds:  # 10 and 10.0 are the same point
            assert large.point_seed(p) == seeds[p["tau_phi_max"]]
    assert len({large.point_seed(p) for p in large.points()}) == 4
    assert 0 <= point_seed(3, {"dim": 2}) < 2 ** 63
    assert point_seed(3, {"dim": 2}) != point_seed(4, {"dim": 2})
    assert chunk_seed(5, 0) != chunk_seed(5, 1)


# ------------------------------------------------------------- store and resume
def test_sweep_store_resume_and_budget_raise(tmp_path):
    folder = tmp_path / "store"
    report = run_sweep(tiny_study(), folder, progress=False)
    assert report["computed"] == 4 and report["walkers"] == 8000
    study = pathsim.load_study(folder)
    assert study.shape == (2, 2) and np.all(study.walkers == 2000)
    value, err = study.delta_sigma(0.0, 10.0)
    assert value.shape == (2, 2) and np.all(err > 0)
    # each point is a pure function of its parameters and seed
    point = study.points[1, 0]
    alone = compute_point(study.study.run_params(point),
                          [(2000, chunk_seed(point_seed(11, point), 0))])
    assert_same_arrays(study.results[1, 0], alone)
    # run again: nothing to do
    assert run_sweep(tiny_study(), folder, progress=False)["up-to-date"] == 4
    # raise the budget: one more chunk per point, merged with the stored one
    report = run_sweep(tiny_study(walkers=3000), folder, progress=False)
    assert report["raised"] == 4 and report["walkers"] == 4000
    raised = pathsim.load_study(folder)
    assert np.all(raised.walkers == 3000) and raised.results[0, 0].n_blocks == 64
    seed = point_seed(11, point)
    both = compute_point(study.study.run_params(point),
                         [(2000, chunk_seed(seed, 0)), (1000, chunk_seed(seed, 1))])
    assert_same_arrays(raised.results[1, 0], both)
    # adding a grid value computes only the new points
    grid = {"mean_cosine": [0.0, 0.2, 0.4], "detector_radius": [0.05, 0.1]}
    report = run_sweep(tiny_study(walkers=3000, grid=grid), folder, progress=False)
    assert report["computed"] == 2 and report["up-to-date"] == 4
    assert max(computations(folder).values()) == 1


def test_corrupt_truncated_and_missing_files_are_recomputed(tmp_path):
    folder = tmp_path / "store"
    run_sweep(tiny_study(), folder, progress=False)
    before = pathsim.load_study(folder)
    points = sorted((folder / "points").glob("*.npz"))
    data = points[0].read_bytes()
    points[0].write_bytes(data[:100] + bytes([data[100] ^ 0xFF]) + data[101:])  # one bit
    points[1].write_bytes(data[: len(data) // 2])                               # truncated
    points[2].unlink()                                                          # missing
    with pytest.raises(StudyError, match="missing or corrupt"):
        pathsim.load_study(folder)
    report = run_sweep(tiny_study(), folder, progress=False)
    assert report["recomputed"] == 3 and report["up-to-date"] == 1
    after = pathsim.load_study(folder)
    for a, b in zip(before.results.flat, after.results.flat):
        assert_same_arrays(a, b)
    events = [line["event"] for line in read_log(folder)]
    assert events.count("recomputed") == 3


def test_process_pool_gives_identical_results(tmp_path):
    run_sweep(tiny_study(), tmp_path / "seq", progress=False)
    run_sweep(tiny_study(), tmp_path / "pool", LocalExecutor(workers=2), progress=False)
    assert_same_study(tmp_path / "seq", tmp_path / "pool")


def _sweep_cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "pathsim", "sweep", *args, "--quiet"],
                          cwd=cwd, capture_output=True, text=True, timeout=300)


def test_sigkill_mid_sweep_then_resume_is_identical(tmp_path):
    # points of about half a second each, so the kill falls mid-sweep
    path = tmp_path / "study.toml"
    path.write_text("seed = 5\nwalkers = 24000\n[fixed]\ntau_phi_max = 30.0\n"
                    "tau_phi = [30.0]\nb = [0.0, 0.03]\n[grid]\n"
                    "detector_radius = [0.02, 0.03, 0.04, 0.05, 0.06]\n")
    folder = tmp_path / "killed"
    proc = subprocess.Popen([sys.executable, "-m", "pathsim", "sweep", str(path),
                             "--store", str(folder), "--quiet"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    index = folder / "index.json"
    deadline = time.monotonic() + 120
    done = 0
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            done = len(json.loads(index.read_text())["points"])
        except (OSError, ValueError):
            done = 0
        if done >= 1:
            break
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    done = len(json.loads(index.read_text())["points"])
    assert 1 <= done < 5, "the kill must fall mid-sweep"
    # a half-written file, as a kill during a save leaves one
    (folder / "points" / ".pathsim-x.npz.part").write_bytes(b"PK\x03\x04half")
    proc = _sweep_cli(str(path), "--store", str(folder))
    assert proc.returncode == 0, proc.stderr
    assert f"{5 - done} computed" in proc.stdout and f"{done} up-to-date" in proc.stdout
    assert not list(folder.glob("points/.*.part"))
    assert sorted(computations(folder).values()) == [1] * 5  # none computed twice
    run_sweep(load_study_file(str(path)), tmp_path / "whole", progress=False)
    assert_same_study(folder, tmp_path / "whole")


# ------------------------------------------------------------- bad input
BAD = [
    ("walkers = 0\n", "", "walkers (the budget per point) must be >= 1"),
    ("walkers = 1000\n", "[grid]\ncolour = [1, 2]\n", "unknown parameter 'colour'"),
    ("walkers = 1000\n", "[grid]\ndim = []\n", "grid axis 'dim': is empty"),
    ("walkers = 1000\ncombine = 'zip'\n", "[grid]\ndim = [1, 2]\nwidth = [1.0]\n",
     "zip needs axes of equal length"),
    ("walkers = 1000\n", "[grid]\ndim = [2, 7]\n", "dim"),
    ("walkers = 1000\n", "[fixed]\ntemperature = 4.0\n", "needs a [units] table"),
    ("walkers = 1000\n", "[fixed]\nfrob = 1\n", "unknown parameter 'frob'"),
    # wave studies: the budget is realizations, the parameters the wave run's
    ("kind = 'conductance'\nwalkers = 10\n", "", "needs realizations"),
    ("kind = 'conductance'\nrealizations = 4\n", "[fixed]\nwidth = 4\n", "needs length"),
    ("kind = 'conductance'\nrealizations = 4\n",
     "[fixed]\nwidth = 4\nlength = 4\n[grid]\ndisorder = [1.0, -1.0]\n", "disorder"),
    ("kind = 'levels'\nrealizations = 4\n", "[fixed]\nsize = 6\nlength = 3\n",
     "unknown parameter 'length'"),
    ("kind = 'levels'\nrealizations = 4\n", "[fixed]\nsize = 6.5\ndisorder = 1.0\n",
     "size must be an integer"),
    ("kind = 'xi'\nrealizations = 4\n", "", "kind must be one of"),
]


def _listing(folder):
    return {p: os.stat(os.path.join(folder, p)).st_mtime_ns
            for p in [os.path.relpath(os.path.join(r, f), folder)
                      for r, _, files in os.walk(folder) for f in files]}


@pytest.mark.parametrize("head, body, message", BAD)
def test_bad_study_refused_before_any_work(tmp_path, capsys, head, body, message):
    from pathsim.cli import main

    path = tmp_path / "bad.toml"
    path.write_text(f"seed = 1\n{head}{body}")
    status = main(["sweep", str(path), "--store", str(tmp_path / "store"), "--quiet"])
    lines = capsys.readouterr().err.strip().splitlines()
    assert status == 2 and len(lines) == 1 and message in lines[0], lines
    assert not (tmp_path / "store").exists()


def test_store_of_another_study_is_refused_untouched(tmp_path):
    folder = tmp_path / "store"
    run_sweep(tiny_study(), folder, progress=False)
    before = _listing(folder)
    time.sleep(0.01)
    other = write_study(tmp_path / "other.toml").read_text().replace(
        "truncation = 3.0", "truncation = 4.0")
    (tmp_path / "other.toml").write_text(other)
    proc = _sweep_cli(str(tmp_path / "other.toml"), "--store", str(folder))
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 2 and len(lines) == 1, proc.stderr
    assert "belongs to another study (different fixed)" in lines[0]
    assert _listing(folder) == before
    # a raise smaller than one block of walkers is refused the same way
    raise_path = write_study(tmp_path / "same.toml", walkers=2010)
    proc = _sweep_cli(str(raise_path), "--store", str(folder))
    assert proc.returncode == 2 and "fewer walkers than blocks" in proc.stderr
    assert _listing(folder) == before


def test_sweep_cli_writes_store_and_reports(tmp_path):
    path = write_study(tmp_path / "study.toml")
    proc = _sweep_cli(str(path), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "4 points" in proc.stdout and "4 computed" in proc.stdout
    stored = pathsim.load_study(tmp_path / "study.store")
    assert stored.study.fingerprint() == tiny_study().fingerprint()  # the file == tiny_study
    assert [r.params["seeds"] for r in stored.results.flat] == [
        [chunk_seed(point_seed(11, p), 0)] for p in tiny_study().points()]


def test_store_files_follow_umask(tmp_path):
    # points (result.save), the index (atomic_write) and the appended log get
    # 0666 & ~umask, as any file the user writes
    old = os.umask(0o022)
    try:
        run_sweep(tiny_study(), tmp_path / "store", progress=False)
    finally:
        os.umask(old)
    files = [os.path.join(r, f) for r, _, names in os.walk(tmp_path / "store") for f in names]
    assert {os.path.basename(f) for f in files} >= {"index.json", "log.jsonl"}
    assert not [f for f in files if f.endswith(".part")]
    assert {oct(os.stat(f).st_mode & 0o777) for f in files} == {oct(0o644)}


# ------------------------------------------------------------- wave studies
WAVE_STUDY = """kind = "conductance"
seed = 3
realizations = {realizations}
[fixed]
dim = 2
width = 6
length = 6
[grid]
disorder = [1.0, 2.0]
flux = [0.0, 0.01]
"""


def test_wave_study_points_resume_and_raise(tmp_path, capsys):
    """A conductance study: each point holds the samples of
    pathsim.wave.conductance with the point's chunk seeds; run again, it
    computes nothing; a raised budget adds one chunk."""
    from pathsim.cli import main
    from pathsim.studies import load_study
    from pathsim.wave import conductance

    path = tmp_path / "wave.toml"
    path.write_text(WAVE_STUDY.format(realizations=5))
    folder = tmp_path / "wave.store"
    assert main(["sweep", str(path), "--quiet"]) in (None, 0)
    assert "4 computed; 20 realizations" in capsys.readouterr().out
    assert main(["sweep", str(path), "--quiet"]) in (None, 0)
    assert "4 up-to-date; 0 realizations" in capsys.readouterr().out
    path.write_text(WAVE_STUDY.format(realizations=8))
    assert main(["sweep", str(path), "--quiet"]) in (None, 0)
    assert "4 raised; 12 realizations" in capsys.readouterr().out

    result = load_study(folder)
    assert result.shape == (2, 2) and np.all(result.realizations == 8)
    study = result.study
    for point, run in zip(result.points.flat, result.results.flat):
        seed = study.point_seed(point)
        expected = np.concatenate([
            conductance(2, 6, 6, point["disorder"], flux=point["flux"], realizations=n,
                        seed=chunk_seed(seed, k)) for k, n in enumerate((5, 3))])
        np.testing.assert_array_equal(run.samples["g"], expected)
    value, err = result.estimate("g_mean")
    assert value.shape == err.shape == (2, 2) and np.all(err > 0)
    # stronger disorder, lower conductance (both fields)
    assert np.all(value[1] < value[0])


def test_levels_study_matches_direct_runs(tmp_path):
    from pathsim.studies import load_study
    from pathsim.wave.levels import gap_ratio_samples

    study = Study(5, kind="levels", realizations=3, fixed=dict(dim=2, size=8),
                  grid=dict(disorder=[1.0, 20.0]))
    run_sweep(study, tmp_path / "levels", progress=False)
    result = load_study(tmp_path / "levels")
    for point, run in zip(result.points.flat, result.results.flat):
        expected = gap_ratio_samples(2, 8, point["disorder"], realizations=3,
                                     seed=chunk_seed(study.point_seed(point), 0))
        np.testing.assert_array_equal(run.samples["r"], expected)
    assert result.estimate("r_mean")[0].shape == (2,)


def test_example_wave_study_is_valid():
    here = os.path.dirname(os.path.abspath(__file__))
    study = load_study_file(os.path.join(here, "..", "..", "examples", "wave_study.toml"))
    assert study.kind == "conductance" and study.shape == (3, 3)
