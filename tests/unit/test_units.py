"""Physical units, the dephasing law, and a temperature study in 2D:
delta_sigma = p G0 ln T (docs: theory-units, theory-temperature)."""
import numpy as np
import pytest
from scipy import constants

import pathsim
from harness import assert_consistent
from pathsim import units
from pathsim.studies.study import Study
from pathsim.studies.sweep import run_sweep
from pathsim.theory import exact_2d

L_NM, V_F = 100.0, 1.0e6        # tau = l / v_F = 0.1 ps


def test_conversions():
    assert units.b_tr(100.0) == pytest.approx(32.9e-3, rel=1e-3)  # docs: theory-physical-units
    assert units.G0 == pytest.approx(constants.e ** 2 / (2 * np.pi ** 2 * constants.hbar))
    assert units.time_to_engine(0.1, L_NM, V_F) == pytest.approx(1.0)
    for to, back, x in ((units.field_to_engine, units.field_from_engine, 0.05),
                        (units.time_to_engine, units.time_from_engine, 7.0),
                        (units.length_to_engine, units.length_from_engine, 250.0)):
        assert back(to(x, *([L_NM, V_F] if to is units.time_to_engine else [L_NM])),
                    *([L_NM, V_F] if to is units.time_to_engine else [L_NM])) == pytest.approx(x)
    # 2D: B_phi / B_tr = tau / tau_phi, and L_phi = sqrt(hbar / (4 e B_phi))
    tau_ps = 30.0
    b_phi = units.b_phi_tesla(tau_ps, L_NM, V_F)
    assert units.field_to_engine(b_phi, L_NM) == pytest.approx(
        1.0 / units.time_to_engine(tau_ps, L_NM, V_F))
    assert units.l_phi_from_b_phi(b_phi) == pytest.approx(units.l_phi_nm(tau_ps, L_NM, V_F))
    assert units.l_phi_nm(0.1, L_NM, V_F) == pytest.approx(L_NM / np.sqrt(2))  # sqrt(D tau)


def test_dephasing_law_and_resistance():
    law = units.Dephasing(100.0, T0_K=2.0, p=1.0)
    assert law.tau_phi_ps([1.0, 2.0, 4.0]) == pytest.approx([200.0, 100.0, 50.0])
    sat = units.Dephasing(100.0, T0_K=2.0, p=1.0, tau_sat_ps=200.0)
    assert sat.tau_phi_ps(2.0) == pytest.approx(200.0 / 3.0)
    assert sat.tau_phi_ps(1e-6) == pytest.approx(200.0, rel=1e-5)
    for kwargs, name in ((dict(p=-1.0), "p"), (dict(T0_K=0.0), "T0_K"),
                         (dict(tau_sat_ps=float("nan")), "tau_sat_ps")):
        with pytest.raises(ValueError, match=name):
            units.Dephasing(100.0, **kwargs)
    with pytest.raises(ValueError, match="l_nm"):
        units.b_tr(-1.0)
    assert units.sheet_resistance(0.0, 1000.0) == pytest.approx(1000.0)
    R, err = units.sheet_resistance(-1.0, 1000.0, 0.1)
    assert R == pytest.approx(1.0 / (1e-3 - units.G0))
    assert err == pytest.approx(R ** 2 * units.G0 * 0.1)


@pytest.fixture(scope="module")
def run_2d():
    # tau_phi from 30 to 1000 tau; walks cut at 6 tau_phi_max (neglected
    # loops below 2 E1(6) = 7e-4 G0)
    return pathsim.simulate(20_000, seed=17, tau_phi_max=1000.0, truncation=6.0,
                            progress=False)


@pytest.mark.parametrize("p", [1.0, 2.0 / 3.0])
def test_temperature_study_gives_p_ln_T(run_2d, p):
    law = units.Dephasing(tau_phi0_ps=100.0, T0_K=1.0, p=p)   # 100 ps = 1000 tau at 1 K
    T = np.geomspace(1.0, (1000.0 / 30.0) ** (1.0 / p), 7)
    curve = units.temperature_curve(run_2d, T, law, L_NM, V_F, R_sheet_ohm=1000.0)
    assert curve["tau_phi"] == pytest.approx(np.geomspace(1000.0, 30.0, 7))
    # the 2D law delta_sigma = p G0 ln T; the exact loop sum's slope against
    # ln tau_phi over 30 .. 1000 tau is -0.974 (ballistic corrections), so
    # the expected slope is p times that; |z| <= 4 from the slope's own error
    exact = -np.polyfit(np.log(curve["tau_phi"]), exact_2d(0.0, curve["tau_phi"]), 1)[0]
    assert abs(exact - 1.0) < 0.03
    assert_consistent(curve["ln_T_slope_G0"], curve["ln_T_slope_G0_err"], p * exact,
                      f"d delta_sigma / d ln T for p = {p:.3g}")
    assert np.all(np.diff(curve["R_ohm"]) < 0)  # resistance rises on cooling
    assert np.all(curve["L_phi_nm"][:-1] > curve["L_phi_nm"][1:])


def test_temperature_axis_of_a_sweep_agrees_with_one_run(tmp_path, run_2d):
    table = dict(l_nm=L_NM, v_F=V_F, tau_phi0_ps=100.0, T0_K=1.0, p=1.0, R_sheet_ohm=1000.0)
    study = Study(seed=3, walkers=4000, grid={"temperature": [3.0, 10.0, 30.0]}, units=table)
    run_sweep(study, tmp_path / "store", progress=False)
    curve = pathsim.load_study(tmp_path / "store").temperature_curve()
    assert curve["tau_phi"] == pytest.approx([1000 / 3.0, 100.0, 1000 / 30.0])
    one = units.temperature_curve(run_2d, [3.0, 10.0, 30.0], study.dephasing(), L_NM, V_F,
                                  R_sheet_ohm=1000.0)
    # independent walkers: the difference has the errors of both in quadrature
    assert_consistent(curve["delta_sigma_G0"] - one["delta_sigma_G0"],
                      np.hypot(curve["delta_sigma_G0_err"], one["delta_sigma_G0_err"]), 0.0,
                      "temperature sweep against one run")
    assert curve["R_ohm"] == pytest.approx(
        units.sheet_resistance(curve["delta_sigma_G0"], 1000.0))


def test_sweep_command_prints_the_temperature_table(tmp_path, capsys):
    from pathsim.cli import main

    path = tmp_path / "t.toml"
    path.write_text("seed = 2\nwalkers = 2000\n[units]\nl_nm = 100.0\nv_F = 1.0e6\n"
                    "tau_phi0_ps = 10.0\nR_sheet_ohm = 500.0\n"
                    "[grid]\ntemperature = [3.0, 10.0]\n")
    assert main(["sweep", str(path), "--quiet"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "2 computed" in out[0] and "L_phi (nm)" in out[1] and "R (ohm)" in out[1]
    assert len(out) == 4 and out[2].split()[0] == "3" and "+-" in out[3]
