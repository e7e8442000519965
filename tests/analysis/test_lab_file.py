"""A raw lab file from pathsim's own theory (both field signs, two sweep
branches, a 2 mT field offset, oersted, R_xx in kOhm with a Hall-bar
geometry, four temperatures, noise) through ``pathsim fit-wal`` and the
Python API: B_phi per temperature, the shared B_so and alpha and the offset
come back within 3 standard errors; the table, JSON, CSV and figure.  The
coverage over 20 such files is ``python scripts/check_lab_fit.py``."""
import json

import numpy as np
import pytest

from pathsim.analysis import fit_wal, read_measurement
from pathsim.analysis.synthetic_lab import lab_file
from pathsim.cli import main

OPTIONS = ["--group", "T", "--geometry", "100", "20", "--recenter", "--reference", "fit",
           "--alpha", "free", "--share", "B_so,alpha"]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    path = tmp_path_factory.mktemp("lab") / "sample.csv"
    truth = lab_file(path, seed=3, points=121)
    return path, truth


def check(groups, truth):
    """|z| <= 3 for every B_phi, B_so, alpha and offset."""
    z = []
    for g, b_phi in zip(groups, truth["B_phi"]):
        p = g["parameters"]
        z += [(p["B_phi"]["value"] - b_phi) / p["B_phi"]["stderr"],
              (g["offset"]["value"] - truth["offset"]) / g["offset"]["stderr"]]
        assert p["B_so"]["shared"] and p["alpha"]["shared"]
        assert all(q["constrained"] for q in p.values())
    p = groups[0]["parameters"]
    z += [(p["B_so"]["value"] - truth["B_so"]) / p["B_so"]["stderr"],
          (p["alpha"]["value"] - truth["alpha"]) / p["alpha"]["stderr"]]
    assert np.all(np.abs(z) <= 3.0), np.round(z, 2)


def test_lab_file_through_the_command_line(lab, tmp_path, capsys):
    path, truth = lab
    table, figure = tmp_path / "params.csv", tmp_path / "fit.png"
    assert main(["fit-wal", str(path), *OPTIONS, "--format", "json", "--csv", str(table),
                 "--plot", str(figure)]) == 0
    out = json.loads(capsys.readouterr().out, parse_constant=lambda c: 1 / 0)
    assert out["b_so_definition"] == "pathsim" and out["conductance_unit"] == "e2pih"
    assert out["errors"] == "scatter" and len(out["groups"]) == 4
    check(out["groups"], truth)
    pl = out["power_law"]
    assert abs(pl["p"] - truth["p"]) <= 3 * pl["p_err"]
    rows = table.read_text().splitlines()
    assert rows[0].startswith("T (K),points,chi2,B_phi,B_phi_stderr") and len(rows) == 5
    assert figure.stat().st_size > 20_000


def test_lab_file_through_the_python_api(lab):
    path, truth = lab
    data = read_measurement(path, group="T", geometry=(100, 20), recenter=True,
                            reference="fit")
    fit = fit_wal(data, alpha="free", share="B_so,alpha")
    check(fit.to_dict()["groups"], truth)
    text = fit.summary()
    assert "B_so: pathsim's definition" in text and "shared" in text and "offset = 0.00" in text


def test_text_summary_and_tab_separated_copy(lab, tmp_path, capsys):
    """The same file tab-separated, with a byte-order mark: the same fit."""
    path, _ = lab
    tsv = tmp_path / "sample.tsv"
    tsv.write_text("\ufeff" + path.read_text().replace(",", "\t"), encoding="utf-8")
    assert main(["fit-wal", str(tsv), *OPTIONS]) == 0
    out = capsys.readouterr().out
    assert "B_phi = B_phi(1 K) T^p" in out and "UNCONSTRAINED" not in out
    assert "field centre" in out and "'B (Oe)' (Oe)" in out
