"""Dask distributed runs the same study bit for bit (a 2-worker local cluster)."""
import sys

import pathsim
from pathsim.studies.executors import DaskExecutor
from pathsim.studies.sweep import run_sweep
from pathsim.studies.study import Study

ARRAYS = ("walkers", "events", "hist_a", "hist_b", "over_a", "over_b", "tmom", "msd")


def test_dask_local_cluster_gives_identical_results(tmp_path):
    study = Study(seed=21, walkers=2000, fixed=dict(tau_phi_max=10.0, tau_phi=[10.0],
                                                    b=[0.0, 0.1], truncation=3.0),
                  grid={"detector_radius": [0.03, 0.05, 0.07]})
    run_sweep(study, tmp_path / "local", progress=False)
    report = run_sweep(study, tmp_path / "dask", DaskExecutor(local_workers=2), progress=False)
    assert report["computed"] == 3
    local, dask = pathsim.load_study(tmp_path / "local"), pathsim.load_study(tmp_path / "dask")
    for a, b in zip(local.results.flat, dask.results.flat):
        for name in ARRAYS:
            assert (getattr(a, name) == getattr(b, name)).all(), name
        assert a.params == b.params


def test_missing_dask_and_conflicting_options_give_one_line(tmp_path, capsys, monkeypatch):
    from pathsim.cli import main

    path = tmp_path / "study.toml"
    path.write_text("seed = 1\nwalkers = 100\n[fixed]\ntau_phi_max = 10.0\n")
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if not installed
    for flags, message in ((["--dask-local", "2"], "pip install 'pathsim-wl[dask]'"),
                           (["--dask-local", "2", "--scheduler", "tcp://h:1"], "not both")):
        status = main(["sweep", str(path), "--store", str(tmp_path / "s"), *flags])
        lines = capsys.readouterr().err.strip().splitlines()
        assert status == 2 and len(lines) == 1 and message in lines[0], lines
    assert not (tmp_path / "s").exists()
