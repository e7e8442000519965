"""Dask distributed runs the same study bit for bit (a 2-worker local cluster)."""
import pathsim
from pathsim.executors import DaskExecutor
from pathsim.sweep import run_sweep
from pathsim.study import Study

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
