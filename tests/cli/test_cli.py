"""The command line, run as a user runs it (subprocesses)."""
import json
import os
import re
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

import pathsim
from harness import default_sigint

SMALL = ["--walkers", "3000", "--seed", "5", "--tau-phi-max", "10",
         "--tau-phi", "3,10", "--b", "0,0.1,1", "--quiet"]


def pathsim_cli(*args, cwd=None, timeout=300):
    return subprocess.run([sys.executable, "-m", "pathsim", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=timeout)


def test_run_json_matches_python_api(tmp_path):
    out = tmp_path / "run.npz"
    proc = pathsim_cli("run", *SMALL, "--format", "json", "-o", str(out),
                       "--csv", str(tmp_path / "csv"))
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    api = pathsim.simulate(3000, seed=5, tau_phi_max=10.0, tau_phi=[3, 10],
                           b=[0, 0.1, 1], progress=False)
    value, err = api.delta_sigma([0, 0.1, 1], [3, 10])
    np.testing.assert_array_equal(data["delta_sigma"]["value"], value)
    np.testing.assert_array_equal(data["delta_sigma"]["stderr"], err)
    for key in ("delta_sigma_backscattering", "delta_sigma_nonbackscattering",
                "magnetoconductance", "ln_slope", "return_ratio_b0",
                "diffusion_constant"):
        assert set(data[key]) == {"value", "stderr"}, key
    assert data["walkers"] == 3000 and data["events"] == api.n_events
    saved = pathsim.load(out)
    np.testing.assert_array_equal(saved.hist_a, api.hist_a)
    assert sorted(os.listdir(tmp_path / "csv")) == [
        "delta_sigma.csv", "msd.csv", "return_density.csv", "return_ratio.csv"]
    header = (tmp_path / "csv" / "delta_sigma.csv").read_text().splitlines()[0]
    assert "stderr_total_G0" in header


def test_run_table_and_config(tmp_path):
    config = tmp_path / "run.toml"
    config.write_text("walkers = 3000\nseed = 5\ntau_phi_max = 10.0\n"
                      "tau_phi = [3, 10]\nb = [0, 0.1, 1]\n")
    proc = pathsim_cli("run", "--config", str(config), "--quiet", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "delta_sigma(B=0) / G0" in proc.stdout and "+-" in proc.stdout
    # the factor two: stated as the definition for the Poisson walk, and
    # measured from summed amplitudes in frozen fields (2 within 4 errors)
    assert "2 by definition here" in proc.stdout and "2.0000 +- 0.0000" not in proc.stdout
    measured = re.search(r"summed amplitudes .*: (\S+) \+- (\S+) at B = 0", proc.stdout)
    assert measured, proc.stdout
    value, err = float(measured[1]), float(measured[2])
    assert 0 < err < 0.2 and abs(value - 2.0) <= 4 * err
    assert (tmp_path / "pathsim-run.npz").exists()
    # flags override the file
    proc = pathsim_cli("run", "--config", str(config), "--quiet", "--seed", "6",
                       "--format", "json", "-o", "b.npz", cwd=tmp_path)
    assert json.loads(proc.stdout)["parameters"]["seed"] == 6


def test_merge_command(tmp_path):
    for seed in ("1", "2"):
        args = [a if a != "5" else seed for a in SMALL]
        assert pathsim_cli("run", *args, "-o", str(tmp_path / f"s{seed}.npz")).returncode == 0
    proc = pathsim_cli("merge", str(tmp_path / "s1.npz"), str(tmp_path / "s2.npz"),
                       "-o", str(tmp_path / "m.npz"), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["walkers"] == 6000
    proc = pathsim_cli("merge", str(tmp_path / "s1.npz"), str(tmp_path / "s1.npz"),
                       "-o", str(tmp_path / "bad.npz"))
    assert proc.returncode == 2 and "share a seed" in proc.stderr
    assert not (tmp_path / "bad.npz").exists()


BAD = [
    (["run", "--walkers", "-5"], "walkers must be >= 2"),
    (["run", "--walkers", "many"], "expected an integer, got 'many'"),
    (["run", "--walkers", "2500.5"], "expected an integer"),
    (["run", "--tau-phi-max", "nan"], "--tau-phi-max must be finite"),
    (["run", "--tau-phi", "5,x"], "expected numbers"),
    (["run", "--tau-phi-max", "2", "--tau-phi", "5"], "tau_phi must be <= 2.0"),
    (["run", "--estimator", "magic"], "invalid choice"),
    (["run", "--frobnicate"], "unrecognized arguments"),
    (["run", "--config", "missing.toml"], "--config: file not found"),
    (["run", "--config", "malformed.toml"], "cannot read config"),
    (["run", "--config", "unknown.toml"], "unknown key 'colour'"),
    (["run", "--config", "wrongtype.toml"], "key 'walkers'"),
    (["run", "-o", "results.txt"], "must end in .npz"),
    (["run", "-o", "no/such/folder/r.npz"], "folder does not exist"),
    (["figures", "--only", "nonsense", "--quick"], "only"),
    (["nonsense"], "invalid choice"),
    (["paths", "--b", "-1"], "--b must be >= 0"),
    (["paths", "--b", "nan"], "--b must be finite"),
    (["paths", "--animate", "loop.mp4"], "must end in .gif"),
]


@pytest.mark.parametrize("args, message", BAD)
def test_bad_input_exits_2_with_one_line(tmp_path, args, message):
    (tmp_path / "malformed.toml").write_text("walkers = [\n")
    (tmp_path / "unknown.toml").write_text("walkers = 100\ncolour = 'red'\n")
    (tmp_path / "wrongtype.toml").write_text("walkers = 'many'\n")
    before = set(os.listdir(tmp_path))
    proc = pathsim_cli(*args, cwd=tmp_path)
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], proc.stderr
    assert "Traceback" not in proc.stderr
    assert set(os.listdir(tmp_path)) == before  # nothing written


def test_help_and_info():
    for args in (["--help"], ["run", "--help"], ["figures", "--help"], ["paths", "--help"]):
        proc = pathsim_cli(*args)
        assert proc.returncode == 0 and "usage" in proc.stdout
    assert "units of tau" in pathsim_cli("run", "--help").stdout
    proc = pathsim_cli("info")
    assert proc.returncode == 0
    assert pathsim.__version__ in proc.stdout and "threads" in proc.stdout


def _cpu_seconds(pid):
    """User + system CPU time of a process (Linux /proc), or None."""
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_interrupted_run_leaves_no_results_file(tmp_path):
    proc = subprocess.Popen([sys.executable, "-m", "pathsim", "run", "--walkers",
                             "5000000", "--tau-phi-max", "1000", "--quiet", "-o", "r.npz"],
                            cwd=tmp_path, stderr=subprocess.PIPE, text=True,
                            preexec_fn=default_sigint)
    # interrupt once it is walking: past imports, with a few CPU-seconds spent
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        cpu = _cpu_seconds(proc.pid)
        if cpu is None:
            time.sleep(4.0)
            break
        if cpu > 4.0:
            break
        time.sleep(0.2)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, stderr
    assert "interrupted" in stderr and "Traceback" not in stderr
    assert os.listdir(tmp_path) == []


def test_paths_picture_and_animation(tmp_path):
    proc = pathsim_cli("paths", "--out", str(tmp_path), "--b", "0.3",
                       "--animate", str(tmp_path / "loop.gif"))
    assert proc.returncode == 0, proc.stderr
    for name in ("paths.png", "paths.pdf", "loop.gif"):
        assert (tmp_path / name).stat().st_size > 1000, name


def test_figures_quick_writes_the_files(tmp_path):
    # the command's wiring; every figure of the set is made (in-process) by
    # tests/cli/test_figures.py
    proc = pathsim_cli("figures", "--quick", "--quiet", "--only", "ln_law",
                       "--out", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert {"ln_law.png", "ln_law.pdf"} == set(os.listdir(tmp_path))


def test_quick_figures_never_replace_the_real_ones(tmp_path):
    proc = pathsim_cli("figures", "--quick", "--only", "paths", "--quiet", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "figures" / "quick" / "paths.png").exists()
    assert not (tmp_path / "figures" / "paths.png").exists()


# ------------------------------------------------------------ the front door
# Every case below ends with exit status 2 and ONE line on stderr, no
# traceback, nothing written (the folder's listing, sizes and times unchanged)
# and before any simulation work (assert_refused replaces the simulation entry
# points by one that fails; the runs ask for 1e9 walkers to 1000 tau).
BIG = ["--walkers", "1000000000", "--tau-phi-max", "1000", "--quiet"]
# /proc refuses new files to everyone, root included (root writes a chmod 0500
# folder, so that check runs only for other users)
UNWRITABLE = "/proc/pathsim-no-such-dir"
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _listing(folder):
    out = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = os.path.join(root, name)
            st = os.stat(path)
            out[os.path.relpath(path, folder)] = (st.st_size, st.st_mtime_ns)
    return out


def _no_work(*args, **kwargs):
    raise AssertionError("simulation work started before the refusal")


def assert_refused(tmp_path, args, message):
    """Run ``pathsim ARGS`` in-process in ``tmp_path`` with every simulation
    entry point replaced by one that fails the test: the refusal must come
    before any work."""
    import contextlib
    import io

    import pathsim.run
    from pathsim.cli import main

    before = _listing(tmp_path)
    out, err = io.StringIO(), io.StringIO()
    saved = (pathsim.simulate, pathsim.run.simulate, os.getcwd())
    pathsim.simulate = pathsim.run.simulate = _no_work
    try:
        os.chdir(tmp_path)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(args)
    finally:
        pathsim.simulate, pathsim.run.simulate = saved[:2]
        os.chdir(saved[2])
    lines = err.getvalue().strip().splitlines()
    assert code == 2, (out.getvalue(), err.getvalue())
    assert len(lines) == 1 and message in lines[0], err.getvalue()
    assert "Traceback" not in err.getvalue()
    assert out.getvalue() == ""
    assert _listing(tmp_path) == before  # nothing written
    return lines[0]


@pytest.fixture
def read_only_folder(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    yield folder
    folder.chmod(0o700)


# -- pathsim run: the results file and the CSV folder
def test_run_output_onto_an_existing_folder(tmp_path):
    (tmp_path / "results").mkdir()
    (tmp_path / "r.npz").mkdir()
    assert_refused(tmp_path, ["run", *BIG, "-o", "results"], "results is a folder")
    assert_refused(tmp_path, ["run", *BIG, "-o", "r.npz"], "r.npz is a folder")


def test_run_output_in_a_missing_folder(tmp_path):
    assert_refused(tmp_path, ["run", *BIG, "-o", "no/such/r.npz"], "folder does not exist")


def test_run_output_under_a_file(tmp_path):
    (tmp_path / "notes.txt").write_text("x")
    assert_refused(tmp_path, ["run", *BIG, "-o", "notes.txt/r.npz"], "is not a folder")


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="needs Linux /proc, a folder where no user can create files")
def test_run_output_in_an_unwritable_folder_any_user(tmp_path):
    assert_refused(tmp_path, ["run", *BIG, "-o", "/proc/r.npz"], "cannot write in /proc")


@pytest.mark.skipif(AS_ROOT, reason="root writes a chmod 0500 folder; "
                    "see test_run_output_in_an_unwritable_folder_any_user")
def test_run_output_in_a_read_only_folder(tmp_path, read_only_folder):
    assert_refused(tmp_path, ["run", *BIG, "-o", "ro/r.npz"], "cannot write in")


def test_run_csv_onto_an_existing_file(tmp_path):
    (tmp_path / "curves").write_text("x")
    assert_refused(tmp_path, ["run", *BIG, "--csv", "curves"], "exists and is not a folder")


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="needs Linux /proc, a folder where no user can create files")
def test_run_csv_in_an_unwritable_place(tmp_path):
    assert_refused(tmp_path, ["run", *BIG, "--csv", UNWRITABLE], "cannot write in /proc")


# -- lists of numbers
def test_run_empty_item_in_a_list(tmp_path):
    assert_refused(tmp_path, ["run", *BIG, "--tau-phi", "10,,20"], "empty item")
    assert_refused(tmp_path, ["run", *BIG, "--b", "0,0.1,"], "empty item")


def test_run_negative_numbers_in_lists_reach_the_range_check(tmp_path):
    for args in (["--b", "-0.1,0.1"], ["--b=-0.1,0.1"], ["--b", "-1e-3"]):
        line = assert_refused(tmp_path, ["run", *BIG, *args], "b must be >= 0")
        assert line.startswith("pathsim run: --b must")


def test_negative_values_parse_as_values():
    from pathsim.cli import build_parser, join_negative_values

    from pathsim.cli import UsageError

    parser = build_parser()
    argv = ["run", "--b", "0,0.1", "--mean-cosine", "-1e-3", "--direction", "-1,0,0",
            "--quiet"]
    args = parser.parse_args(join_negative_values(argv, parser.value_options))
    assert args.b == [0.0, 0.1] and args.mean_cosine == -1e-3
    assert args.directions == [[-1.0, 0.0, 0.0]] and args.quiet
    # a negative value reaches its option's range check (not "expected one argument")
    for argv, message in ((["run", "--b", "-0.1,0.1"], "--b must be >= 0.0 (got -0.1)"),
                          (["run", "--tau-phi=-2"], "--tau-phi must be > 0.0 (got -2.0)")):
        with pytest.raises(UsageError, match=re.escape(message)):
            parser.parse_args(join_negative_values(argv, parser.value_options))


# -- pathsim merge
@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("runs")
    for seed in (1, 2):
        pathsim.simulate(200, seed=seed, tau_phi_max=5.0, tau_phi=[5.0], b=[0.0, 0.1],
                         progress=False).save(folder / f"s{seed}.npz")
    return folder


@pytest.fixture
def merge_dir(tmp_path, runs):
    for name in ("s1.npz", "s2.npz"):
        (tmp_path / name).write_bytes((runs / name).read_bytes())
    return tmp_path


def test_merge_output_onto_a_folder(merge_dir):
    (merge_dir / "m.npz").mkdir()
    assert_refused(merge_dir, ["merge", "s1.npz", "s2.npz", "-o", "m.npz"], "is a folder")


def test_merge_output_onto_one_of_its_inputs(merge_dir):
    for out in ("s1.npz", "./s2.npz", str(merge_dir / "s1.npz")):
        assert_refused(merge_dir, ["merge", "s1.npz", "s2.npz", "-o", out],
                       "is one of the inputs")


def test_merge_truncated_input(merge_dir):
    data = (merge_dir / "s2.npz").read_bytes()
    (merge_dir / "cut.npz").write_bytes(data[: len(data) // 2])
    assert_refused(merge_dir, ["merge", "s1.npz", "cut.npz", "-o", "m.npz"],
                   "cut.npz is not a .npz file")


def test_merge_corrupt_input(merge_dir):
    data = bytearray((merge_dir / "s2.npz").read_bytes())
    middle = len(data) // 2
    data[middle: middle + 64] = bytes(64)  # zip directory intact, a member damaged
    (merge_dir / "bad.npz").write_bytes(bytes(data))
    line = assert_refused(merge_dir, ["merge", "s1.npz", "bad.npz", "-o", "m.npz"], "bad.npz")
    assert line.startswith("pathsim merge:")


@pytest.mark.parametrize("kind", ["text", "npy", "foreign-npz", "missing"])
def test_merge_input_that_is_not_a_result(merge_dir, kind):
    path = merge_dir / "other.npz"
    if kind == "text":
        path.write_text("field,delta_sigma\n0,0\n")
    elif kind == "npy":
        with open(path, "wb") as handle:
            np.save(handle, np.arange(3.0))
    elif kind == "foreign-npz":
        with open(path, "wb") as handle:
            np.savez(handle, x=np.arange(3.0))
    line = assert_refused(merge_dir, ["merge", "s1.npz", "other.npz", "-o", "m.npz"],
                          "other.npz")
    assert "pickled" not in line


# -- pathsim fit-hln --plot: checked before the fit
@pytest.fixture
def hln_csv(tmp_path):
    b = np.linspace(0.05, 1.0, 12)
    rows = "\n".join(f"{x},{np.log(x + 0.1):.6f}" for x in b)
    (tmp_path / "data.csv").write_text("field,delta_sigma\n" + rows + "\n")
    return tmp_path


def test_fit_hln_plot_with_an_unknown_format(hln_csv):
    assert_refused(hln_csv, ["fit-hln", "data.csv", "--plot", "fit.xyz"], "unknown format")
    assert_refused(hln_csv, ["fit-hln", "data.csv", "--plot", "fit"], "unknown format")


def test_fit_hln_plot_in_a_missing_folder(hln_csv):
    assert_refused(hln_csv, ["fit-hln", "data.csv", "--plot", "no/such/fit.png"],
                   "folder does not exist")
    # checked before the data are read and fitted
    assert_refused(hln_csv, ["fit-hln", "data.csv", "--plot", "no/such/fit.png"],
                   "--plot")


# -- pathsim sweep --store
STUDY = "seed = 1\nwalkers = 1000000000\n[fixed]\ntau_phi_max = 1000.0\n"


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="needs Linux /proc, a folder where no user can create files")
def test_sweep_store_in_an_unwritable_place(tmp_path):
    (tmp_path / "study.toml").write_text(STUDY)
    assert_refused(tmp_path, ["sweep", "study.toml", "--store", UNWRITABLE, "--quiet"],
                   "cannot write in /proc")


def test_sweep_store_onto_a_file(tmp_path):
    (tmp_path / "study.toml").write_text(STUDY)
    (tmp_path / "taken").write_text("x")
    assert_refused(tmp_path, ["sweep", "study.toml", "--store", "taken", "--quiet"],
                   "exists and is not a folder")


@pytest.mark.skipif(AS_ROOT, reason="root writes a chmod 0500 folder; "
                    "see test_sweep_store_in_an_unwritable_place")
def test_sweep_store_in_a_read_only_folder(tmp_path, read_only_folder):
    (tmp_path / "study.toml").write_text(STUDY)
    assert_refused(tmp_path, ["sweep", "study.toml", "--store", "ro/s.store", "--quiet"],
                   "cannot write in")


def test_generated_files_are_ignored_by_git():
    path = os.path.join(os.path.dirname(__file__), os.pardir, os.pardir, ".gitignore")
    if not os.path.exists(path):
        pytest.skip("not a source checkout")
    lines = open(path).read().split()
    assert "pathsim-run.npz" in lines and "examples/*.store/" in lines


def test_run_help_states_the_detector_radius_by_dimension():
    text = " ".join(pathsim_cli("run", "--help").stdout.split())
    assert "0.05 in 2D, 0.1 in 3D, unused in 1D" in text
    assert "(default 300); pathsim.simulate's default is 1000" in text


def test_a_long_run_says_up_front_how_long(tmp_path):
    """``--walkers 1e12``: the first line on stderr gives the scattering steps
    and a duration, before any walking; then the run is stopped."""
    import select

    proc = subprocess.Popen([sys.executable, "-m", "pathsim", "run", "--walkers", "1e12",
                             "--quiet", "-o", "r.npz"], cwd=tmp_path,
                            stderr=subprocess.PIPE, text=True)
    try:
        ready, _, _ = select.select([proc.stderr], [], [], 120)
        line = proc.stderr.readline() if ready else ""
    finally:
        proc.kill()
        proc.communicate(timeout=60)
    # 1e12 walkers x (15 x 300 + 1) steps
    assert line.startswith("pathsim run: about 4.5e+15 scattering steps"), line
    assert "years" in line      # 4.5e15 steps at 1e7 per second of one core
    assert os.listdir(tmp_path) == []
