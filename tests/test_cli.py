"""The command line, run as a user runs it (subprocesses)."""
import json
import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

import pathsim

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
    (["run", "--walkers", "many"], "invalid int value"),
    (["run", "--tau-phi-max", "nan"], "tau_phi_max must be finite"),
    (["run", "--tau-phi", "5,x"], "expected numbers"),
    (["run", "--tau-phi-max", "2", "--tau-phi", "5"], "tau_phi must be <= 2.0"),
    (["run", "--estimator", "magic"], "invalid choice"),
    (["run", "--frobnicate"], "unrecognized arguments"),
    (["run", "--config", "missing.toml"], "config file not found"),
    (["run", "--config", "malformed.toml"], "cannot read config"),
    (["run", "--config", "unknown.toml"], "unknown key 'colour'"),
    (["run", "--config", "wrongtype.toml"], "key 'walkers'"),
    (["run", "-o", "results.txt"], "must end in .npz"),
    (["run", "-o", "no/such/folder/r.npz"], "folder does not exist"),
    (["figures", "--only", "nonsense", "--quick"], "only"),
    (["nonsense"], "invalid choice"),
    (["paths", "--b", "-1"], "--b must be finite"),
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
                            cwd=tmp_path, stderr=subprocess.PIPE, text=True)
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
    # tests/test_figures.py
    proc = pathsim_cli("figures", "--quick", "--quiet", "--only", "ln_law",
                       "--out", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert {"ln_law.png", "ln_law.pdf"} == set(os.listdir(tmp_path))


def test_quick_figures_never_replace_the_real_ones(tmp_path):
    proc = pathsim_cli("figures", "--quick", "--only", "paths", "--quiet", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "figures" / "quick" / "paths.png").exists()
    assert not (tmp_path / "figures" / "paths.png").exists()
