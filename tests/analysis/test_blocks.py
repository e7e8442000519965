"""The one block-grid container of simulated tables: means, leave-one-out
means and the jackknife against direct formulas; save/load with metadata;
mis-shaped, foreign, empty and corrupt files refused in one line."""
import numpy as np
import pytest

from pathsim.analysis import BlockGrid, WLTable
from pathsim.analysis._shared import jackknife_err, tau_phi_power_law


def grid():
    rng = np.random.default_rng(0)
    sums = rng.normal(size=(5, 3, 4))
    return BlockGrid(dict(x=[1.0, 2.0, 3.0], y=[0.1, 0.2, 0.3, 0.4]),
                     dict(t=(("x", "y"), sums), z=(("x",), sums[:, :, 0])),
                     [10, 12, 9, 11, 10], "test", dict(seed=1))


def test_means_and_jackknife():
    g = grid()
    sums, w = g.sums("t"), g.walkers
    assert np.allclose(g.mean("t"), sums.sum(0) / w.sum())
    loo = g.leave_one_out("t")
    for j in range(5):
        assert np.allclose(loo[j], g.mean("t", drop=j))
        assert np.allclose(loo[j], np.delete(sums, j, 0).sum(0) / np.delete(w, j).sum())
    assert np.allclose(g.stderr("t"), jackknife_err(loo))
    value, err, reps = g.jackknife(lambda drop: g.mean("z", drop).sum())
    assert reps.shape == (5,) and err > 0 and value == pytest.approx(g.mean("z").sum())


def test_round_trip_and_refusals(tmp_path):
    g = grid()
    g.save(tmp_path / "g.npz")
    back = BlockGrid.read(tmp_path / "g.npz", "test", "test grid")
    assert back.meta == dict(seed=1) and np.array_equal(back.sums("t"), g.sums("t"))
    with pytest.raises(ValueError, match="holds a 'test' grid, not 'wal-grid'"):
        BlockGrid.read(tmp_path / "g.npz", "wal-grid", "WAL grid")
    with pytest.raises(ValueError, match="table t has shape"):
        BlockGrid(g.axes, dict(t=(("x", "y"), g.sums("t")[:, :2])), g.walkers, "test")
    with pytest.raises(ValueError, match="at least 2 blocks"):
        BlockGrid(g.axes, {}, [5], "test")
    (tmp_path / "empty.npz").write_bytes(b"")
    (tmp_path / "bad.npz").write_bytes(b"PK\x03\x04junk")
    np.savez(tmp_path / "foreign.npz", a=np.zeros(2))
    for name in ("empty.npz", "bad.npz", "foreign.npz"):
        with pytest.raises(ValueError, match=f"cannot read .*{name} as a test grid") as exc:
            BlockGrid.read(tmp_path / name, "test", "test grid")
        assert "\n" not in str(exc.value)
    with pytest.raises(ValueError, match="file not found"):
        BlockGrid.read(tmp_path / "missing.npz", "test", "test grid")


def test_wl_table_file_round_trip(tmp_path):
    rng = np.random.default_rng(1)
    tau, b = np.geomspace(10, 100, 4), np.geomspace(1e-3, 1e-1, 5)
    table = WLTable(tau, b, rng.normal(size=(3, 4)), rng.normal(size=(3, 4, 5)), [7, 8, 9])
    table.save(tmp_path / "t.npz")
    back = WLTable.load(tmp_path / "t.npz")
    assert np.array_equal(back.mc_sums, table.mc_sums) and back.n_blocks == 3
    with pytest.raises(ValueError, match="as a weak-localization table"):
        WLTable.load(grid().save(tmp_path / "other.npz"))


def test_tau_phi_power_law():
    assert tau_phi_power_law([1.0, 2.0], 10.0, 1.0).tolist() == [10.0, 5.0]
