"""``pathsim anderson`` through the ``pathsim`` command line."""
import json
import os

import pytest

from pathsim.cli import main
from pathsim.wave.results import load


def _run(argv, capsys):
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_xi_json(capsys):
    code, out, err = _run(["anderson", "xi", "--dim", "2", "--width", "4", "--disorder",
                           "8", "--rel-error", "0.05", "--format", "json"], capsys)
    assert code == 0 and err == ""
    summary = json.loads(out)
    assert summary["kind"] == "xi" and summary["Lambda"] > 0 and summary["xi_err"] > 0


def test_conductance_save_and_merge(tmp_path, capsys):
    paths = []
    for seed in (1, 2):
        path = str(tmp_path / f"g{seed}.npz")
        code, out, _ = _run(["anderson", "conductance", "--width", "4", "--length", "4",
                             "--disorder", "2", "--realizations", "5", "--seed", str(seed),
                             "-o", path], capsys)
        assert code == 0 and "g_mean" in out
        paths.append(path)
    merged = str(tmp_path / "g.npz")
    code, out, _ = _run(["anderson", "merge", *paths, "-o", merged, "--format", "json"],
                        capsys)
    assert code == 0
    result = load(merged)
    assert result.seeds == [1, 2] and result.samples["g"].size == 10
    assert json.loads(out)["realizations"] == 10
    assert oct(os.stat(merged).st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_levels_text(capsys):
    code, out, _ = _run(["anderson", "levels", "--dim", "2", "--size", "10", "--disorder",
                         "3", "--realizations", "3", "--fraction", "0.3"], capsys)
    assert code == 0 and "r_mean" in out


@pytest.mark.parametrize("argv", [
    ["xi", "--dim", "2", "--width", "0", "--disorder", "3"],
    ["xi", "--dim", "2", "--width", "4", "--disorder", "-3"],
    ["xi", "--dim", "2", "--width", "4", "--disorder", "3", "--flux", "nan"],
    ["conductance", "--width", "4", "--length", "4", "--disorder", "2", "--flux", "inf"],
    ["conductance", "--width", "4", "--length", "4", "--disorder", "2", "--energy", "nan"],
    ["levels", "--size", "6", "--disorder", "2", "--flux", "0.1"],
    ["conductance", "--width", "4", "--length", "4", "--disorder", "2", "--seed", "-1"],
])
def test_bad_input_exits_2_without_writing(argv, tmp_path, capsys):
    out_file = tmp_path / "never.npz"
    code, out, err = _run(["anderson", *argv, "-o", str(out_file)], capsys)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not out_file.exists() and list(tmp_path.iterdir()) == []


def test_missing_output_folder_exits_2(tmp_path, capsys):
    code, _, err = _run(["anderson", "conductance", "--width", "4", "--length", "4",
                         "--disorder", "2", "-o", str(tmp_path / "no" / "g.npz")], capsys)
    assert code == 2 and "does not exist" in err


def test_scaling_script_quick(tmp_path, capsys):
    """scripts/anderson_scaling.py --quick runs, saves its points and reports."""
    import importlib.util
    path = os.path.join(os.path.dirname(__file__), "..", "..", "scripts", "anderson_scaling.py")
    spec = importlib.util.spec_from_file_location("anderson_scaling", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = tmp_path / "s.npz"
    assert module.main(["--quick", "--out", str(out)]) == 0
    assert "crossing M=4/6" in capsys.readouterr().out and out.exists()


def test_one_figure_quick(tmp_path):
    from pathsim.wave import figures
    paths = figures.make_all(tmp_path, quick=True, only=["anderson_lambda_3d"])
    assert [p.suffix for p in paths] == [".png", ".pdf"] and all(p.exists() for p in paths)


def test_benchmark_quick():
    """benchmarks/bench_wave.py --quick runs (a smoke test, not a timing)."""
    import subprocess
    import sys
    root = os.path.join(os.path.dirname(__file__), "..", "..")
    env = dict(os.environ, PYTHONPATH=os.path.abspath(root))
    proc = subprocess.run([sys.executable, os.path.join(root, "benchmarks", "bench_wave.py"),
                           "--quick"], capture_output=True, text=True, timeout=300, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "QR floor" in proc.stdout and "ms per realization" in proc.stdout


def test_merge_of_unreadable_files_exits_2(tmp_path, capsys):
    bad = tmp_path / "bad.npz"
    bad.write_text("not a zip file")
    for argv in (["merge", str(bad)], ["merge", str(tmp_path / "missing.npz")]):
        code, out, err = _run(["anderson", *argv], capsys)
        assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
