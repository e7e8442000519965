"""fit-wal with pathsim's own simulation as the model: a small grid over
(B_so, B_phi) built in one run, saved and loaded; B_phi and B_so recovered
within their stated errors (data and grid parts) from the grid's own model
with noise; the command line and its bad input.  The recovery from
independently simulated data is ``python scripts/check_wal_grid.py``."""
import numpy as np
import pytest

from harness import assert_consistent
from pathsim.cli import main
from pathsim.analysis.wal_grid import WALGrid, build_wal_grid
from pathsim.analysis.wal import fit_wal

FIELD = np.geomspace(0.003, 0.3, 12)     # B_tr: 0.1 .. 10 B_phi
TRUTH = (0.03, 0.06)                     # B_phi, B_so (B_tr), between grid nodes
NOISE = 0.01                             # G0


@pytest.fixture(scope="module")
def grid(tmp_path_factory):
    """Elliott-Yafet B_so = 0.01 .. 0.3, B_phi = 0.01 .. 0.1 (tau_phi <= 100),
    2000 walkers: about 2e7 scattering steps, one run."""
    g = build_wal_grid(np.geomspace(0.01, 0.3, 5), np.geomspace(0.01, 0.1, 5), 2000,
                       kind="tau_so", seed=1, progress=False)
    path = tmp_path_factory.mktemp("grid") / "grid.npz"
    g.save(path)
    return path


def test_grid_round_trip_and_recovery(grid):
    g = WALGrid.load(grid)
    assert g.sums.shape == (16, 5, 5, 48) and g.kind == "tau_so"
    clean = g.model(FIELD)(*TRUTH)
    for seed in range(4):
        data = clean + np.random.default_rng(seed).normal(0.0, NOISE, FIELD.size)
        fit = fit_wal(FIELD, data, np.full(FIELD.size, NOISE), model="simulation", grid=g,
                      field_unit="b")
        assert_consistent([fit.B_phi, fit.B_so], [fit.B_phi_err, fit.B_so_err], TRUTH,
                          f"simulation-grid fit, seed {seed}")
        assert fit.B_so_err_grid > 0 and fit.B_phi_err_data > 0
        assert np.isclose(fit.B_so_err, np.hypot(fit.B_so_err_data, fit.B_so_err_grid))
        assert fit.chi2 < fit.dof + 5 * np.sqrt(2 * fit.dof)


def test_fit_wal_command_with_a_grid(grid, tmp_path, capsys):
    """Data in mT with B_tr = 0.05 T: B_phi and B_so come back in tesla."""
    g = WALGrid.load(grid)
    data = tmp_path / "wal.csv"
    values = g.model(FIELD)(*TRUTH)
    rows = "\n".join(f"{1e3 * 0.05 * f:.17g},{v:.17g},{NOISE}" for f, v in zip(FIELD, values))
    data.write_text(f"field (mT),delta_sigma,error\n{rows}\n")
    assert main(["fit-wal", str(data), "--model", "simulation", "--grid", str(grid),
                 "--field-unit", "mT", "--b-tr", "0.05", "--plot",
                 str(tmp_path / "fit.png")]) == 0
    out = capsys.readouterr().out
    assert "B_phi = 0.0015 " in out and "B_so = 0.003 " in out and "simulation grid" in out


@pytest.mark.parametrize("flags, message", [
    (["--model", "simulation"], "needs a grid"),
    (["--model", "simulation", "--grid", "GRID"], "needs B_tr (--b-tr)"),
    (["--model", "simulation", "--grid", "missing.npz", "--b-tr", "0.05"],
     "--grid: file not found"),
    (["--grid", "GRID"], "--grid belongs to --model simulation"),
    (["--model", "simulation", "--grid", "EMPTY", "--b-tr", "0.05"], "EMPTY is empty"),
    (["--model", "simulation", "--grid", "CORRUPT", "--b-tr", "0.05"], "is not a .npz file"),
    (["--model", "simulation", "--grid", "FOREIGN", "--b-tr", "0.05"], "as a WAL grid"),
    (["--model", "simulation", "--grid", "BADSHAPE", "--b-tr", "0.05"], "has shape"),
    (["--model", "simulation", "--grid", "GRID", "--field-unit", "b", "--b-tr", "2"],
     "B_tr must be 1"),
])
def test_fit_wal_grid_bad_input(grid, tmp_path, capsys, flags, message):
    data = tmp_path / "wal.csv"
    data.write_text("field,delta_sigma\n0.001,-0.001\n0.01,-0.01\n0.1,-0.05\n")
    (tmp_path / "EMPTY").write_bytes(b"")
    (tmp_path / "CORRUPT").write_bytes(b"PK\x03\x04 not a zip")
    np.savez(tmp_path / "FOREIGN.npz", x=np.zeros(1))
    (tmp_path / "FOREIGN.npz").rename(tmp_path / "FOREIGN")
    g = WALGrid.load(grid)           # a grid file whose sums do not match its axes
    g.blocks.tables["mc"] = (("b_so", "b_phi", "b"), g.sums[:, :, :, :-1])
    g.save(tmp_path / "BADSHAPE.npz")
    (tmp_path / "BADSHAPE.npz").rename(tmp_path / "BADSHAPE")
    flags = [str(grid) if f == "GRID" else str(tmp_path / f) if f.isupper() and f != "GRID"
             else f for f in flags]
    assert main(["fit-wal", str(data), *flags]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], lines


def test_fields_outside_the_grid_are_refused(grid):
    with pytest.raises(ValueError, match="within the grid"):
        fit_wal(np.array([1e-5, 1e-3, 1e-2]), np.array([0.0, -0.1, -0.3]), model="simulation",
                grid=str(grid), field_unit="b")
