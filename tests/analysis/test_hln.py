"""HLN fits: B_phi recovered within its stated error from noisy HLN curves
and from simulated pathsim data; the fit-hln command and its bad input."""
import os
import stat

import numpy as np
import pytest

import pathsim
from harness import assert_consistent
from pathsim import units
from pathsim.cli import main
from pathsim.analysis import fit_simulation, hln_model

B_PHI = 0.02                                  # tesla
FIELD = np.geomspace(0.002, 0.4, 30)          # 0.1 .. 20 B_phi
NOISE = 0.01                                  # G0


def noisy(seed, c=0.0):
    rng = np.random.default_rng(seed)
    return hln_model(FIELD, B_PHI, 1.0, c) + rng.normal(0.0, NOISE, FIELD.size)


@pytest.mark.parametrize("with_errors", [True, False])
def test_noisy_hln_coverage(with_errors):
    # 20 independent noisy curves: every |z| <= 4, and the 2-sigma interval
    # covers B_phi in at least 16 of 20 (expected 19; fewer than 16 has
    # probability 0.3 % for honest errors)
    z = []
    for seed in range(20):
        fit = pathsim.fit_hln(FIELD, noisy(seed), np.full(FIELD.size, NOISE) if with_errors
                              else None)
        z.append((fit.B_phi - B_PHI) / fit.B_phi_err)
        assert fit.dof == FIELD.size - 2 and fit.scaled is not with_errors
    z = np.array(z)
    assert np.all(np.abs(z) <= 4.0), z
    assert np.sum(np.abs(z) <= 2.0) >= 16, z


def test_background_alpha_and_units():
    c = 0.5                                    # G0 / T^2
    fit = pathsim.fit_hln(FIELD, noisy(99, c), np.full(FIELD.size, NOISE), background=True)
    assert_consistent(fit.B_phi, fit.B_phi_err, B_PHI, "B_phi with a background")
    assert_consistent(fit.c, fit.c_err, c, "background c")
    assert_consistent(fit.alpha, fit.alpha_err, 1.0, "alpha")
    assert fit.L_phi_nm == pytest.approx(units.l_phi_from_b_phi(fit.B_phi))
    # the same data in mT and siemens give the same fit
    data = noisy(5)
    a = pathsim.fit_hln(FIELD, data, alpha=1.0)
    b = pathsim.fit_hln(FIELD * 1e3, data * units.G0, field_unit="mT", sigma_unit="S", alpha=1.0)
    assert b.B_phi == pytest.approx(a.B_phi, rel=1e-6) and b.alpha == 1.0
    e2h = pathsim.fit_hln(FIELD, data / np.pi, sigma_unit="e2h", alpha=1.0)
    assert e2h.B_phi == pytest.approx(a.B_phi, rel=1e-6)


def test_fit_recovers_b_phi_from_simulated_data():
    # HLN is diffusive: tau_phi = 300 tau and b <= 5 B_phi = 0.017 << B_tr.
    # The exact theory's HLN fit gives B_phi tau_phi = 0.98 here (docs:
    # theory-hln-validity), far below this run's error; errors are jackknife over blocks
    tau_phi = 300.0
    b = np.geomspace(0.1, 5.0, 10) / tau_phi
    run = pathsim.simulate(20_000, seed=3, tau_phi_max=tau_phi, tau_phi=[tau_phi], b=b,
                           truncation=6.0, progress=False)
    fit = fit_simulation(run, b, tau_phi)
    assert fit.error_method == "jackknife"
    assert_consistent(fit.B_phi, fit.B_phi_err, 1.0 / tau_phi, "B_phi / B_tr = tau / tau_phi")
    assert_consistent(fit.alpha, fit.alpha_err, 1.0, "alpha")


def write_csv(path, field, dsigma, err=None, header="field (T),delta_sigma (G0),error"):
    cols = [field, dsigma] + ([err] if err is not None else [])
    names = header.split(",")[: len(cols)]
    rows = [",".join(names)] + [",".join(repr(float(x)) for x in row) for row in zip(*cols)]
    path.write_text("\n".join(rows) + "\n")
    return path


def test_fit_hln_command_and_plot(tmp_path, capsys):
    data = write_csv(tmp_path / "mc.csv", FIELD, noisy(1), np.full(FIELD.size, NOISE))
    old = os.umask(0o022)
    try:
        status = main(["fit-hln", str(data), "--plot", str(tmp_path / "fit.png")])
    finally:
        os.umask(old)
    out = capsys.readouterr().out
    assert status == 0 and "B_phi = " in out and "L_phi = " in out and "chi2" in out
    assert (tmp_path / "fit.png").stat().st_size > 10_000
    # written atomically, with the user's umask (not a temporary file's 0600)
    assert stat.S_IMODE((tmp_path / "fit.png").stat().st_mode) == 0o644
    assert sorted(os.listdir(tmp_path)) == ["fit.png", "mc.csv"]


BAD = [
    ("missing.csv", [], "data: file not found"),
    ("nofield.csv", [], "no field column"),
    ("few.csv", ["--background"], "more data points (3) than fit parameters (3"),
    ("ok.csv", ["--sigma-unit", "ohm"], "--unit ohm is not a conductance unit"),
    ("ok.csv", ["--sigma-unit", "siemens"], "invalid choice"),
    ("text.csv", [], "column 'delta_sigma' holds 'abc' at line 2"),
]


@pytest.mark.parametrize("name, flags, message", BAD)
def test_fit_hln_bad_input(tmp_path, capsys, name, flags, message):
    f = np.array([0.01, 0.02, 0.03, 0.04])
    d = hln_model(f, B_PHI)
    write_csv(tmp_path / "ok.csv", f, d)
    write_csv(tmp_path / "nofield.csv", f, d, header="B_field,delta_sigma")
    write_csv(tmp_path / "few.csv", f[:3], d[:3])
    (tmp_path / "text.csv").write_text("field,delta_sigma\n0.1,abc\n0.2,0.3\n")
    status = main(["fit-hln", str(tmp_path / name), *flags])
    lines = capsys.readouterr().err.strip().splitlines()
    assert status == 2 and len(lines) == 1 and message in lines[0], lines


def test_lab_sweeps_are_accepted(tmp_path, capsys):
    """What the old reader refused is a lab file's normal shape: a sweep
    down, repeated read-backs, negative fields, an empty cell (skipped, and
    said)."""
    f = np.concatenate((FIELD[::-1], FIELD[:5], -FIELD))
    d = noisy(7)
    d = np.concatenate((d[::-1], d[:5], d))
    d[3] = np.nan
    write_csv(tmp_path / "lab.csv", f, d)
    assert main(["fit-hln", str(tmp_path / "lab.csv"), "--symmetrize", "none"]) == 0
    out = capsys.readouterr().out
    assert "1 rows with empty or NaN cells skipped" in out and "B_phi = 0.0" in out
