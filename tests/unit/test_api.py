"""Reproducibility, input validation, and storing and merging results."""
import os

import numpy as np
import pytest

import pathsim
from harness import assert_consistent
from pathsim._kernels.jit import set_threads
from pathsim.results import stats

SMALL = dict(walkers=2_000, tau_phi_max=20.0, tau_phi=[5.0, 20.0], seed=42,
             progress=False)
ARRAYS = ("walkers", "events", "hist_a", "hist_b", "over_a", "over_b", "tmom", "msd")


def _assert_identical(a, b):
    for name in ARRAYS:
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name), err_msg=name)


def test_same_seed_same_bits_for_any_threads_and_batching():
    set_threads(1)
    one = pathsim.simulate(**SMALL)
    set_threads(2)
    two = pathsim.simulate(**SMALL, threads=2)
    _assert_identical(one, two)
    for batch in (1, 7, 10_000):
        _assert_identical(one, pathsim.simulate(**SMALL, batch=batch))
    v1, _ = one.delta_sigma([0, 0.1, 1], [5.0, 20.0])
    v2, _ = two.delta_sigma([0, 0.1, 1], [5.0, 20.0])
    np.testing.assert_array_equal(v1, v2)


def test_different_seeds_are_independent_and_consistent():
    a = pathsim.simulate(**dict(SMALL, walkers=20_000, seed=1))
    b = pathsim.simulate(**dict(SMALL, walkers=20_000, seed=2))
    assert not np.array_equal(a.hist_a, b.hist_a)
    va, ea = a.delta_sigma([0.0, 0.3], [5.0, 20.0])
    vb, eb = b.delta_sigma([0.0, 0.3], [5.0, 20.0])
    assert_consistent(va - vb, np.hypot(ea, eb), 0.0, "seed 1 - seed 2")


def test_result_records_its_run(quick_run):
    assert quick_run.n_walkers == 20_000
    assert quick_run.n_events > quick_run.n_walkers * 400
    assert quick_run.wall_time > 0
    assert quick_run.params["seed"] == 1
    value, err = quick_run.delta_sigma(b=[0, 0.1, 1], tau_phi=[10, 30])
    assert value.shape == err.shape == (2, 3)
    value, err = quick_run.delta_sigma(0.0, 10.0)
    assert np.ndim(value) == 0 and err > 0
    assert quick_run.overflow_fraction() < 1e-10
    text = quick_run.summary()
    assert "delta_sigma" in text and "+-" in text
    data = quick_run.to_dict()
    assert data["walkers"] == 20_000 and set(data["delta_sigma"]) == {"value", "stderr"}


def test_save_load_merge_round_trip(tmp_path, quick_run):
    path = tmp_path / "run.npz"
    quick_run.save(path)
    assert os.listdir(tmp_path) == ["run.npz"]  # no temporary file left
    loaded = pathsim.load(path)
    _assert_identical(quick_run, loaded)
    csv_files = quick_run.to_csv(tmp_path / "csv")
    assert len(csv_files) == 4 and all(os.path.getsize(f) > 0 for f in csv_files)
    assert loaded.params == quick_run.params
    other = pathsim.simulate(**pathsim.presets.preset("quick", seed=7, progress=False))
    merged = loaded.merge(other)
    assert merged.n_walkers == 40_000 and merged.n_blocks == 64
    v, e = merged.delta_sigma(0.0, [10.0, 30.0])
    v1, e1 = quick_run.delta_sigma(0.0, [10.0, 30.0])
    assert np.all(e < e1)
    # the merged mean is the walker-weighted mean of the two, up to the
    # rows' mean return times, which are re-evaluated over all blocks
    v2, _ = other.delta_sigma(0.0, [10.0, 30.0])
    np.testing.assert_allclose(v, 0.5 * (v1 + v2), rtol=1e-5)
    with pytest.raises(ValueError, match="share a seed"):
        quick_run.merge(loaded)
    different = pathsim.simulate(**dict(SMALL, seed=9))
    with pytest.raises(ValueError, match="different tau_phi_max"):
        quick_run.merge(different)


@pytest.mark.parametrize("kwargs, match", [
    (dict(walkers=0), "walkers must be >= 2"),
    (dict(walkers=2.5), "walkers must be an integer"),
    (dict(walkers=True), "walkers must be an integer"),
    (dict(walkers=10, blocks=32), r"walkers must be >= blocks"),
    (dict(blocks=1), "blocks must be >= 2"),
    (dict(seed=-1), "seed must be >= 0"),
    (dict(seed=2 ** 64), "seed must be <="),
    (dict(seed=1.5), "seed must be an integer"),
    (dict(tau_phi_max=0.0), "tau_phi_max must be > 0"),
    (dict(tau_phi_max=-3.0), "tau_phi_max must be > 0"),
    (dict(tau_phi_max=float("nan")), "tau_phi_max must be finite"),
    (dict(tau_phi_max=float("inf")), "tau_phi_max must be finite"),
    (dict(tau_phi=[5.0, 50.0]), "tau_phi must be <= 20"),
    (dict(tau_phi=[[5.0]]), "tau_phi must be a non-empty 1-D array"),
    (dict(tau_phi=[]), "tau_phi must be a non-empty 1-D array"),
    (dict(tau_phi=[0.0]), "tau_phi must be > 0"),
    (dict(tau_phi=[float("nan")]), "tau_phi must contain only finite"),
    (dict(b=[0.1, float("inf")]), "b must contain only finite"),
    (dict(b=[-0.1]), "b must be >= 0"),
    (dict(b="strong"), "b must be a number or a 1-D array"),
    (dict(threads=0), "threads must be >= 1"),
    (dict(threads=10 ** 6), "threads must be <="),
    (dict(truncation=0.5), "truncation must be >= 1"),
    (dict(detector_radius=-0.01), "detector_radius must be >= 0"),
    (dict(detector_radius=0.6), "detector_radius must be <= 0.5"),
    (dict(dim=4), "dim must be <= 3"),
    (dict(geometry="sphere"), "geometry must be one of"),
    (dict(dim=3, geometry="film", thickness=5.0, walls="sticky"), "walls must be one of"),
    (dict(dim=3, geometry="film"), "thickness is required"),
    (dict(dim=3, geometry="film", thickness=0.0), "thickness must be > 0"),
    (dict(dim=3, geometry="film", thickness=float("inf")), "thickness must be finite"),
    (dict(dim=2, geometry="film", thickness=5.0), "geometry 'film' needs dim = 3"),
    (dict(dim=2, geometry="wire", width=-1.0), "width must be > 0"),
    (dict(dim=2, geometry="wire", width=float("nan")), "width must be finite"),
    (dict(dim=2, geometry="wire"), "width is required"),
    (dict(dim=3, geometry="wire", width=2.0, thickness=-2.0), "thickness must be > 0"),
    (dict(width=3.0), "width applies to films and wires"),
    (dict(dim=3, directions=[0.0, 0.0, 0.0]), "directions must have non-zero length"),
    (dict(dim=3, directions=[[0, 0, 1], [0, 0]]), "directions must be"),
    (dict(dim=2, directions=[1.0, 0.0, 0.0]), "directions: a 2D walk only has"),
    (dict(mean_cosine=1.0), "mean_cosine must be < 1"),
    (dict(dim=3, estimator="triangle"), "estimator 'triangle' is only available"),
    (dict(estimator="magic"), "estimator must be one of"),
    (dict(batch=0), "batch must be >= 1"),
    (dict(area_bins=3), "area_bins must be >= 8"),
])
def test_bad_input_is_refused_before_any_work(kwargs, match):
    with pytest.raises(ValueError, match=match):
        pathsim.simulate(**dict(SMALL, **kwargs))


def test_unknown_option_is_refused():
    with pytest.raises(TypeError, match="unexpected keyword"):
        pathsim.simulate(**SMALL, tau=3)


def test_bad_input_to_observables(quick_run):
    with pytest.raises(ValueError, match="tau_phi must be <= 30"):
        quick_run.delta_sigma(0.0, 100.0)
    with pytest.raises(ValueError, match="b must be >= 0"):
        quick_run.delta_sigma(-1.0, 10.0)
    with pytest.raises(ValueError, match="term must be one of"):
        quick_run.delta_sigma(0.0, 10.0, term="weak")
    with pytest.raises(ValueError, match="bins_per_decade must be a divisor"):
        quick_run.return_density(bins_per_decade=5)
    with pytest.raises(ValueError, match="tau_phi must have at least two"):
        quick_run.ln_slope([10.0])
    with pytest.raises(ValueError, match="group must be a divisor"):
        quick_run.area_distribution(10.0, group=3)


def test_batch_means_formula():
    sums = np.array([[1.0], [3.0], [2.0], [6.0]])
    walkers = np.array([1, 1, 1, 1])
    mean, err = stats.mean(sums, walkers)
    assert mean[0] == 3.0
    assert np.isclose(err[0], np.std([1, 3, 2, 6], ddof=1) / 2)
