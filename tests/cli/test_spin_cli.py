"""Several spin settings in one run from the command line, TOML run files
and study files (a spin axis on the tallies, like field directions), and
their bad input (tiny runs: a fraction of a second each)."""
import json

import numpy as np
import pytest

import pathsim
from pathsim.cli import main
from pathsim.studies.study import Study, chunk_seed
from pathsim.studies.sweep import run_sweep

ARRAYS = ("walkers", "events", "hist_a", "hist_b", "over_a", "over_b", "tmom", "msd")
RUN = dict(walkers=400, tau_phi_max=30.0, blocks=4, seed=5, truncation=3.0)
FLAGS = ["--walkers", "400", "--tau-phi-max", "30", "--blocks", "4", "--seed", "5",
         "--truncation", "3", "--quiet"]
SETTINGS = [{}, dict(rashba=0.2, zeeman=[0.0, 0.1, 0.0])]


def assert_same(a, b):
    for name in ARRAYS:
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name), err_msg=name)
    assert a.params == b.params


@pytest.fixture(scope="module")
def direct():
    return pathsim.simulate_spin(SETTINGS, progress=False, **RUN)


def test_cli_run_with_two_settings_is_simulate_spin(tmp_path, capsys, direct):
    """``--spin`` twice: one results file with a spin axis, whose settings
    are simulate_spin's results bit for bit; a table per setting; CSV files
    per setting; JSON with the settings and one summary each."""
    out = tmp_path / "r.npz"
    assert main(["run", *FLAGS, "--spin", "none", "--spin", "rashba=0.2,zeeman=[0,0.1,0]",
                 "-o", str(out), "--csv", str(tmp_path / "csv")]) == 0
    text = capsys.readouterr().out
    assert "== spin setting 0: no spin terms ==" in text
    assert "== spin setting 1: rashba 0.2, zeeman (0, 0.1, 0) ==" in text
    run = pathsim.load(out)
    assert len(run.params["spin"]) == 2
    for mine, theirs in zip(run.spin_results(), direct):
        assert_same(mine, theirs)
    assert run.spin_results()[1].params["spin"]["rashba"] == 0.2
    assert (tmp_path / "csv" / "spin1" / "delta_sigma.csv").exists()
    assert main(["run", *FLAGS, "--spin", "none", "--spin", "rashba=0.2,zeeman=[0,0.1,0]",
                 "-o", str(tmp_path / "j.npz"), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["parameters"]["spin"]["rashba"] for d in data["by_spin"]] == [0.0, 0.2]
    assert data["by_spin"][1]["delta_sigma"] == json.loads(json.dumps(
        direct[1].to_dict()["delta_sigma"]))


def test_toml_run_file_with_spin_settings(tmp_path, direct):
    """``spin = [...]`` in a run file (an array of tables works the same)."""
    config = tmp_path / "run.toml"
    config.write_text("[[spin]]\n\n[[spin]]\nrashba = 0.2\nzeeman = [0, 0.1, 0]\n")
    out = tmp_path / "r.npz"
    assert main(["run", *FLAGS, "--config", str(config), "-o", str(out)]) == 0
    for mine, theirs in zip(pathsim.load(out).spin_results(), direct):
        assert_same(mine, theirs)


def test_study_point_with_spin_settings(tmp_path):
    """A study fixing ``spin`` runs every point's settings on the same
    walkers; ``spin(k)`` gives setting k at every point, and the point is
    simulate_spin with the point's chunk seed."""
    study = Study(seed=3, walkers=400, grid={"mean_cosine": [0.0, 0.2]}, fixed=dict(
        tau_phi_max=30.0, truncation=3.0, blocks=4, spin=SETTINGS))
    run_sweep(study, str(tmp_path / "store"), progress=False)
    result = pathsim.load_study(str(tmp_path / "store"))
    with pytest.raises(ValueError, match="several spin settings"):
        result.delta_sigma(0.0, 30.0)
    value, err = result.spin(1).delta_sigma(0.0, 30.0)
    assert value.shape == (2,) and np.all(err > 0)
    point = study.points()[1]
    params = study.run_params(point)
    direct = pathsim.simulate_spin(params.pop("spin"), 400, seed=chunk_seed(
        study.point_seed(point), 0), progress=False, **params)
    assert_same(result.spin(1).results[1], direct[1])
    with pytest.raises(ValueError, match="0 .. 1"):
        result.spin(2)


@pytest.mark.parametrize("flags, message", [
    (["--spin", "rashb=0.1"], "unknown keys ['rashb']"),
    (["--spin", "rashba=-0.1"], "spin[0]: rashba must be >= 0.0"),
    (["--spin", "none", "--spin", "zeeman=[0,1]"], "spin[1]: zeeman must be three numbers"),
    (["--spin", "tau_so=0.5"], "tau_so must be >= 1.07"),
    (["--spin", "rashba"], "expected KEY=VALUE pairs"),
    (["--spin", "rashba=0.1", "--rashba", "0.2"], "not both"),
])
def test_bad_spin_settings_one_line_exit_2(tmp_path, capsys, flags, message):
    out = tmp_path / "r.npz"
    assert main(["run", *FLAGS, *flags, "-o", str(out)]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], lines
    assert not out.exists()


@pytest.mark.parametrize("body, message", [
    ("spin = [{rashba = 0.1, foo = 1}]", "unknown keys ['foo']"),
    ("spin = [{dresselhaus = -1.0}]", "dresselhaus must be >= 0.0"),
    ("spin = [{zeeman = [1, 2]}]", "zeeman must be three numbers"),
    ("spin = {rashba = 0.1}", "must be a non-empty list of spin settings"),
])
def test_bad_spin_in_run_and_study_files(tmp_path, capsys, body, message):
    config = tmp_path / "run.toml"
    config.write_text(body + "\n")
    assert main(["run", *FLAGS, "--config", str(config), "-o", str(tmp_path / "r.npz")]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], lines
    study = tmp_path / "study.toml"
    study.write_text(f"seed = 1\nwalkers = 400\n[fixed]\n{body}\n")
    assert main(["sweep", str(study), "--quiet"]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], lines
    assert not (tmp_path / "study.store").exists()


def test_spin_settings_on_a_study_grid(tmp_path):
    """``spin`` as a grid axis: each value a list of settings (of any length)."""
    study = Study(seed=4, walkers=200, fixed=dict(tau_phi_max=10.0, truncation=2.0, blocks=4),
                  grid={"spin": [[{}, {"rashba": 0.1}], [{"tau_so": 5.0}]]})
    run_sweep(study, str(tmp_path / "store"), progress=False)
    result = pathsim.load_study(str(tmp_path / "store"))
    assert result.axes["spin"].shape == (2,)
    assert [len(r.spin_results()) for r in result.results] == [2, 1]
    value, err = result.spin(0).delta_sigma(0.0, 10.0)
    assert value.shape == (2,) and np.all(err > 0)
