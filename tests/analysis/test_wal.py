"""WAL fits: B_phi and B_so recovered within their stated errors from noisy
HLN-SO and ILP curves; the fit-wal command and its bad input.  (Recovery
from simulated pathsim data is in tests/physics/test_spin.py.)"""
import numpy as np
import pytest

from harness import assert_consistent
from pathsim.cli import main
from pathsim.analysis.wal import fit_wal, wal_model

B_PHI, B_SO = 0.01, 0.05                      # tesla
FIELD = np.geomspace(0.001, 0.3, 24)           # 0.1 .. 30 B_phi
NOISE = 0.003                                  # G0


@pytest.mark.parametrize("model, seeds", [("hln-so", range(10)), ("ilp", range(2))])
def test_noisy_curves_give_b_phi_and_b_so(model, seeds):
    for seed in seeds:
        rng = np.random.default_rng(seed)
        data = wal_model(FIELD, B_PHI, B_SO, model) + rng.normal(0.0, NOISE, FIELD.size)
        fit = fit_wal(FIELD, data, np.full(FIELD.size, NOISE), model=model)
        assert_consistent([fit.B_phi, fit.B_so], [fit.B_phi_err, fit.B_so_err],
                          [B_PHI, B_SO], f"{model} fit, seed {seed}")
        assert fit.chi2 < fit.dof + 5 * np.sqrt(2 * fit.dof)


def write_csv(path, field, dsigma, header="field,delta_sigma"):
    rows = "\n".join(f"{f:.17g},{d:.17g}" for f, d in zip(field, dsigma))
    path.write_text(f"{header}\n{rows}\n")


def test_fit_wal_command(tmp_path, capsys):
    data = tmp_path / "wal.csv"
    write_csv(data, FIELD * 1e3, wal_model(FIELD, B_PHI, B_SO, "hln-so"))
    assert main(["fit-wal", str(data), "--field-unit", "mT", "--plot",
                 str(tmp_path / "fit.png")]) == 0
    out = capsys.readouterr().out
    assert "B_phi = 0.01 " in out and "B_so = 0.05 " in out
    assert (tmp_path / "fit.png").stat().st_size > 1000


@pytest.mark.parametrize("name, flags, message", [
    ("nofield.csv", [], "no field column"),
    ("nan.csv", [], "holds 'x' at line 4"),
    ("few.csv", [], "more data points (2) than fit parameters (2"),
    ("ok.csv", ["--model", "hln"], "invalid choice"),
])
def test_fit_wal_bad_input(tmp_path, capsys, name, flags, message):
    f = np.array([0.01, 0.02, 0.03, 0.04])
    d = wal_model(f, B_PHI, B_SO)
    write_csv(tmp_path / "ok.csv", f, d)
    write_csv(tmp_path / "nofield.csv", f, d, header="B_field,delta_sigma")
    write_csv(tmp_path / "nan.csv", f, d)
    text = (tmp_path / "nan.csv").read_text().splitlines()
    text[3] = text[3].split(",")[0] + ",x"
    (tmp_path / "nan.csv").write_text("\n".join(text) + "\n")
    write_csv(tmp_path / "few.csv", f[:2], d[:2])
    status = main(["fit-wal", str(tmp_path / name), *flags])
    lines = capsys.readouterr().err.strip().splitlines()
    assert status == 2 and len(lines) == 1 and message in lines[0], lines
