"""The synthetic experiment and disentangle: the zero-field ln T slope with
simulated weak localization, coverage of p, F and tau_phi over 20 noisy
data sets, recovery from data with simulated weak localization (HLN and a
simulated table as the model), spin-orbit (antilocalization, B_so fitted),
the commands and their bad input."""
import json
import os
import stat

import numpy as np
import pytest

import pathsim
from harness import assert_consistent
from pathsim.cli import main
from pathsim.analysis.disentangle import disentangle
from pathsim.analysis.experiment import Film
from pathsim.analysis.wl_table import WLTable

# l = 10 nm, v_F = 1e6 m/s: tau = 0.01 ps, D = 5e-3 m^2/s, B_tr = 3.3 T;
# tau_phi = 10 ps / T: 100..1000 tau between 10 K and 1 K, B_phi(1 K) = 3.3 mT
FILM = dict(sigma_D=100.0, tau_phi1_ps=10.0, p=1.0, F=0.4)
T = np.geomspace(1.0, 10.0, 6)
B_PERP = np.array([0.002, 0.005, 0.01, 0.02, 0.03])
B_PAR = np.array([1.0, 2.0, 4.0, 8.0])
NOISE = 1e-4                     # relative, on R: 0.01 G0


@pytest.fixture(scope="module")
def film():
    return Film.from_mean_free_path(10.0, 1e6, **FILM)


@pytest.fixture(scope="module")
def run(film):
    # tau_phi up to 1000 tau; b <= 0.03 T / B_tr = 0.009 << 1 (HLN regime)
    return pathsim.simulate(6000, seed=11, tau_phi_max=1000.0, tau_phi=[1000.0], b=[0.0],
                            truncation=6.0, blocks=16, progress=False)


def fit(film, data):
    return disentangle(data["T_K"], data["B_perp_T"], data["B_par_T"], data["R_sheet_ohm"],
                       D=film.D, tau_ps=film.tau_ps)


def test_disentangle_coverage(film):
    # 20 noisy HLN data sets: all |z| <= 4 and the 2-sigma interval covers
    # p, F and tau_phi(1 K) in at least 16 of 20 each (19 expected)
    z = []
    for seed in range(20):
        f = fit(film, film.dataset(T, B_PERP, B_PAR, NOISE, seed))
        z.append([(f.p - film.p) / f.p_err, (f.F - film.F) / f.F_err,
                  (f.tau_phi_1K_ps - film.tau_phi1_ps) / f.tau_phi_1K_ps_err])
    z = np.array(z)
    print("z (p, F, tau_phi):", np.round(z, 2).tolist())
    assert np.all(np.abs(z) <= 4.0), z
    assert np.all(np.sum(np.abs(z) <= 2.0, axis=0) >= 16), np.sum(np.abs(z) <= 2.0, axis=0)


def test_zero_field_slope_with_simulated_weak_localization(film, run):
    # d sigma / d ln T = p + 1 - 3F/4 within the run's error (|z| <= 4);
    # the diffusive slope -1 per ln tau_phi is exact to ~1/tau_phi = 1e-3 here
    slope, err = film.zero_field_slope(T, "simulation", run)
    print(f"slope {slope:.4f} +- {err:.4f}, expected {film.p + 1 - 0.75 * film.F}")
    assert 0 < err < 0.1
    assert_consistent(slope, err, film.p + 1 - 0.75 * film.F, "zero-field ln T slope")
    hln_slope, zero = film.zero_field_slope(T)
    assert zero == 0 and hln_slope == pytest.approx(film.p + 1 - 0.75 * film.F)


def test_disentangle_data_with_simulated_weak_localization(film, run):
    # R(T, B) made with pathsim's simulated weak localization, fitted with the
    # HLN baseline.  The data carry the run's Monte Carlo error, the same for
    # every point of a block of walkers (correlated), which the fit's own
    # errors (from the scatter about the fit) do not see: it is added as the
    # delete-one jackknife over the run's 16 blocks (Efron 1982), each
    # replica fitted with the same measurement noise.
    data = film.dataset(T, B_PERP, B_PAR, NOISE, 3, "simulation", run)
    f = fit(film, data)
    print(f.summary())
    T_, bp, bq = data["T_K"], data["B_perp_T"], data["B_par_T"]
    tau = film.tau_phi_ps(T_) / film.tau_ps
    b = bp / pathsim.units.b_tr(film.l_nm)
    tu, ti = np.unique(tau, return_inverse=True)
    bu, bi = np.unique(b, return_inverse=True)
    sums = run.loop_block_sums(bu, tu, "total")[:, ti, bi]           # (K, rows)
    walkers = run.walkers.astype(float)
    wl_all = sums.sum(0) / walkers.sum()
    np.testing.assert_allclose(wl_all, film.wl(T_, bp, bq, "simulation", run)[0], rtol=1e-12)
    noise_factor = data["R_sheet_ohm"] / film.resistance(T_, bp, bq, "simulation", run)[0]
    rest = film.sigma_D + film.ee(T_, np.hypot(bp, bq))
    replicas = []
    for k in range(walkers.size):
        wl_k = (sums.sum(0) - sums[k]) / (walkers.sum() - walkers[k])
        R_k = noise_factor / (pathsim.units.G0 * (rest + wl_k))
        one = fit(film, dict(data, R_sheet_ohm=R_k))
        replicas.append([one.p, one.F, one.tau_phi_1K_ps])
    replicas = np.array(replicas)
    K = walkers.size
    mc = np.sqrt((K - 1) / K * ((replicas - replicas.mean(0)) ** 2).sum(0))
    value = np.array([f.p, f.F, f.tau_phi_1K_ps])
    err = np.hypot([f.p_err, f.F_err, f.tau_phi_1K_ps_err], mc)
    print("fit errors", f.p_err, f.F_err, f.tau_phi_1K_ps_err, "Monte Carlo", mc)
    assert_consistent(value, err, [film.p, film.F, film.tau_phi1_ps],
                      "p, F, tau_phi from simulated WL")


def test_disentangle_with_a_simulated_table(film, run):
    # data made with run A's simulated weak localization (seed 11), fitted
    # with a table from an independent run B of the same size (seed 12):
    # the fit's errors carry B's Monte Carlo error (jackknife); A's, which
    # real data would not have, has the same covariance (same estimator,
    # same walkers) and is added as a second copy of it.  |z| <= 4.
    data = film.dataset(T, B_PERP, B_PAR, NOISE, 4, "simulation", run)
    other = pathsim.simulate(6000, seed=12, tau_phi_max=1500.0, tau_phi=[1500.0], b=[0.0],
                             truncation=6.0, blocks=16, progress=False)
    b_tr = pathsim.units.b_tr(film.l_nm)
    table = WLTable.from_result(other, np.geomspace(60.0, 1500.0, 12),
                                np.geomspace(5e-4, 0.04, 12) / b_tr)
    f = disentangle(data["T_K"], data["B_perp_T"], data["B_par_T"], data["R_sheet_ohm"],
                    D=film.D, tau_ps=film.tau_ps, wl="simulation", table=table)
    print(f.summary())
    assert f.mc_cov[1, 1] > 0.25 * f.cov[1, 1]          # the table's error matters
    idx = [1, 2, 3]
    err = np.sqrt(np.diag(f.cov + f.mc_cov))[idx]
    value = f.theta[idx]
    assert_consistent(value, err, [film.p, np.log(film.tau_phi1_ps), film.F],
                      "p, ln tau_phi, F with a simulated table")
    # the table against the run it came from, off its grid: interpolation
    # error far below the Monte Carlo error
    taus, bs = np.array([95.0, 517.0]), np.array([0.0, 3.3e-4, 7e-3])
    direct, derr = other.delta_sigma(bs, taus)
    assert np.all(np.abs(table(taus[:, None], bs[None, :]) - direct) < 0.1 * derr + 1e-12)
    np.testing.assert_allclose(table.stderr(taus[:, None], bs[None, :]), derr, rtol=0.02)
    with pytest.raises(ValueError, match="outside the table"):
        table(3000.0, 0.0)


def test_spin_orbit_antilocalization_and_fit():
    # tau_so = 10 tau, tau_phi = 1000..10000 tau_so^-1...: strong spin-orbit.
    # The zero-field weak-localization slope is -p/2 up to (3/2) p tau_so/tau_phi;
    # disentangle with B_so fitted recovers p, F, tau_phi and B_so (|z| <= 4)
    so = Film.from_mean_free_path(10.0, 1e6, sigma_D=100.0, tau_phi1_ps=100.0, p=1.0, F=0.4,
                                  tau_so_ps=0.1)
    wl0 = so.wl(T)[0]
    x = np.log(T)
    slope_wl = np.polyfit(x, wl0, 1)[0]
    bound = 1.5 * so.p * so.tau_so_ps / so.tau_phi_ps(T.max())
    assert abs(slope_wl + 0.5 * so.p) < bound, (slope_wl, bound)
    total, _ = so.zero_field_slope(T)
    assert abs(total - (-0.5 * so.p + 1 - 0.75 * so.F)) < bound
    # Zeeman acts on the spin-orbit weak localization (Maekawa & Fukuyama)
    assert abs(so.wl(2.0, 0.0, 8.0)[0] - so.wl(2.0)[0]) > 1e-3
    data = so.dataset(T, [5e-4, 1e-3, 2e-3, 5e-3, 0.01, 0.03, 0.1], B_PAR, NOISE, 6)
    f = disentangle(data["T_K"], data["B_perp_T"], data["B_par_T"], data["R_sheet_ohm"],
                    D=so.D, tau_ps=so.tau_ps, b_so="fit")
    print(f.summary())
    assert f.slope_wl < 0
    assert_consistent([f.p, f.F, f.tau_phi_1K_ps, f.b_so],
                      [f.p_err, f.F_err, f.tau_phi_1K_ps_err, f.b_so_err],
                      [so.p, so.F, so.tau_phi1_ps, so.b_so], "p, F, tau_phi, B_so with spin-orbit")
    fixed = disentangle(data["T_K"], data["B_perp_T"], data["B_par_T"], data["R_sheet_ohm"],
                        D=so.D, tau_ps=so.tau_ps, b_so=so.b_so)
    assert_consistent([fixed.p, fixed.F], [fixed.p_err, fixed.F_err], [so.p, so.F],
                      "p, F with B_so fixed")


def test_thickness_option():
    # a 5 nm film: the parallel field also dephases weak localization
    # (tau_B = 0.16 ps at 8 T); the fit with the thickness recovers the film,
    # the strictly 2D baseline cannot describe these data
    thick = Film.from_mean_free_path(10.0, 1e6, thickness_nm=5.0, **FILM)
    data = thick.dataset(T, B_PERP, B_PAR, NOISE, 5)
    args = (data["T_K"], data["B_perp_T"], data["B_par_T"], data["R_sheet_ohm"])
    good = disentangle(*args, D=thick.D, tau_ps=thick.tau_ps, thickness_nm=5.0)
    assert_consistent([good.p, good.F, good.tau_phi_1K_ps],
                      [good.p_err, good.F_err, good.tau_phi_1K_ps_err],
                      [thick.p, thick.F, thick.tau_phi1_ps], "p, F, tau_phi with a thickness")
    # the strictly 2D baseline runs off to tau_phi -> 0 (no weak localization
    # left, p and tau_phi undetermined: refused as singular) or ends with a
    # chi2 far above the thick fit's; which one depends on the last digits of
    # the optimizer's path in that flat valley
    try:
        flat = disentangle(*args, D=thick.D, tau_ps=thick.tau_ps)
    except ValueError as exc:
        assert "singular fit" in str(exc)
    else:
        assert flat.chi2 > 100 * good.chi2


def test_exact_weak_localization_option():
    # tau_phi = 10..100 tau and B_perp up to 0.09 B_tr: beyond HLN.  Data from
    # the exact 2D theory: the HLN baseline misses tau_phi by many standard
    # errors, the fit with wl="exact" recovers p, F and tau_phi (|z| <= 4)
    film = Film.from_mean_free_path(10.0, 1e6, **dict(FILM, tau_phi1_ps=1.0))
    data = film.dataset(T[::2], [0.01, 0.1, 0.3], [2.0, 8.0], NOISE, 2, "exact")
    args = (data["T_K"], data["B_perp_T"], data["B_par_T"], data["R_sheet_ohm"])
    exact = disentangle(*args, D=film.D, tau_ps=film.tau_ps, wl="exact")
    assert_consistent([exact.p, exact.F, exact.tau_phi_1K_ps],
                      [exact.p_err, exact.F_err, exact.tau_phi_1K_ps_err],
                      [film.p, film.F, film.tau_phi1_ps], "p, F, tau_phi with the exact theory")
    hln = disentangle(*args, D=film.D, tau_ps=film.tau_ps)
    assert abs(hln.tau_phi_1K_ps - film.tau_phi1_ps) > 4 * hln.tau_phi_1K_ps_err


def test_experiment_and_disentangle_commands(tmp_path, capsys):
    data, didv, fig = tmp_path / "data.csv", tmp_path / "didv.csv", tmp_path / "fit.png"
    old = os.umask(0o022)
    try:
        assert main(["experiment", "--diffusion", "5e-3", "--tau", "0.01", "--sigma-d", "100",
                     "--tau-phi-1k", "10", "--F", "0.4", "--temperatures", "1,2,4,8",
                     "--b-perp", "0.002,0.005,0.01,0.03", "--b-par", "2,8", "--noise", "1e-4",
                     "-o", str(data), "--didv", str(didv)]) == 0
        out = capsys.readouterr().out
        assert "rows written" in out and "p + 1 - 3F/4 = 1.7000" in out
        assert main(["disentangle", str(data), "--diffusion", "5e-3", "--tau", "0.01",
                     "--format", "json", "--plot", str(fig)]) == 0
    finally:
        os.umask(old)
    result = json.loads(capsys.readouterr().out)
    for key in ("p", "F_sigma", "tau_phi_1K_ps", "sigma_D"):
        assert set(result[key]) == {"value", "stderr"} and result[key]["stderr"] > 0
    assert abs(result["p"]["value"] - 1.0) < 4 * result["p"]["stderr"]
    assert result["tau_source"] == "--tau" and "hall" in result
    assert stat.S_IMODE(fig.stat().st_mode) == 0o644 and fig.stat().st_size > 10_000
    assert sorted(os.listdir(tmp_path)) == ["data.csv", "didv.csv", "fit.png"]
    # tau from D and a mean free path: the same fit
    assert main(["disentangle", str(data), "--diffusion", "5e-3",
                 "--mean-free-path", "10"]) == 0
    text = capsys.readouterr().out
    assert "tau from l^2 / (2 D)" in text and "weak localization" in text
    # the simulated table, built around the HLN fit and saved
    grid = tmp_path / "wl.npz"
    assert main(["disentangle", str(data), "--diffusion", "5e-3", "--tau", "0.01",
                 "--wl", "simulation", "--walkers", "2000", "--save-wl-grid", str(grid)]) == 0
    text = capsys.readouterr().out
    assert "Monte Carlo error" in text and grid.exists()
    assert main(["disentangle", str(data), "--diffusion", "5e-3", "--tau", "0.01",
                 "--wl", "simulation", "--wl-grid", str(grid), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["monte_carlo_in_errors"] is True


HEADER = "T_K,B_perp_T,B_par_T,R_sheet_ohm"
BAD = [
    ("missing.csv", "data: file not found"),
    ("nocol.csv", "missing column 'B_par_T'"),
    ("unknown.csv", "unknown column 'R_xx'"),
    ("nan.csv", "R_sheet_ohm has NaN or inf at row 2"),
    ("negT.csv", "T_K must be > 0 (row 3"),
    ("oneT.csv", "a single temperature (2 K): p and F cannot be determined"),
    ("noperp.csv", "no perpendicular-field data (B_perp_T all 0): tau_phi1 cannot be "
                   "determined"),
    ("text.csv", "not a number"),
    ("twice.csv", "column 'T_K' appears twice"),
]


@pytest.mark.parametrize("name, message", BAD)
def test_disentangle_bad_input(tmp_path, capsys, name, message):
    rows = {"nocol.csv": ["T_K,B_perp_T,R_sheet_ohm", "1,0,800", "2,0.1,790"],
            "unknown.csv": [HEADER + ",R_xx", "1,0,0,800,1"],
            "nan.csv": [HEADER, "1,0,0,800", "2,0,0,nan", "3,0.1,0,780"],
            "negT.csv": [HEADER, "1,0,0,800", "2,0,0,790", "-1,0.1,0,780"],
            "oneT.csv": [HEADER] + [f"2,{b},0,800" for b in (0, 0.01, 0.02, 0.03, 0.04, 0.05)],
            "noperp.csv": [HEADER] + [f"{t},0,{b},800" for t in (1, 2, 3) for b in (0, 1)],
            "text.csv": [HEADER, "1,0,0,abc"],
            "twice.csv": [HEADER + ",T_K", "1,0,0,800,1"]}
    for fname, lines in rows.items():
        (tmp_path / fname).write_text("\n".join(lines) + "\n")
    status = main(["disentangle", str(tmp_path / name), "--diffusion", "5e-3", "--tau", "0.01"])
    lines = capsys.readouterr().err.strip().splitlines()
    assert status == 2 and len(lines) == 1 and message in lines[0], lines


def test_disentangle_needs_tau(tmp_path, capsys):
    (tmp_path / "x.csv").write_text(HEADER + "\n1,0,0,800\n")
    assert main(["disentangle", str(tmp_path / "x.csv"), "--diffusion", "5e-3"]) == 2
    assert "exactly one of --tau" in capsys.readouterr().err


@pytest.mark.parametrize("flags, message", [
    (["--b-so", "abc"], "--b-so must be a field in tesla"),
    (["--b-so", "fit", "--wl", "exact"], "--b-so needs --wl hln"),
    (["--wl-grid", "t.npz"], "need --wl simulation"),
    (["--wl", "simulation", "--wl-grid", "missing.npz"], "--wl-grid: file not found"),
    (["--wl", "simulation", "--wl-grid", "empty.npz"], "empty.npz is empty"),
    (["--wl", "simulation", "--wl-grid", "corrupt.npz"], "is not a .npz file"),
    (["--wl", "simulation", "--wl-grid", "t.npz"], "t.npz as a weak-localization table"),
    (["--wl", "simulation", "--wl-grid", "t.npz", "--save-wl-grid", "y.npz"],
     "--save-wl-grid writes a table built here"),
    (["--wl", "simulation", "--walkers", "3"], "--walkers must be >= 16"),
])
def test_disentangle_option_errors(tmp_path, capsys, flags, message):
    data = tmp_path / "d.csv"
    rows = [HEADER] + [f"{t},{b},0,{800 - t - 1000 * b}" for t in (1, 2, 4)
                       for b in (0, 0.01, 0.02)]
    data.write_text("\n".join(rows) + "\n")
    (tmp_path / "empty.npz").write_bytes(b"")
    (tmp_path / "corrupt.npz").write_bytes(b"PK\x03\x04 not a zip")
    np.savez(tmp_path / "t.npz", x=np.zeros(1))   # a .npz, but not a table
    before = sorted(os.listdir(tmp_path))
    argv = ["disentangle", str(data), "--diffusion", "5e-3", "--tau", "0.01"]
    argv += [f if not f.endswith(".npz") else str(tmp_path / f) for f in flags]
    status = main(argv)
    lines = capsys.readouterr().err.strip().splitlines()
    assert status == 2 and len(lines) == 1 and message in lines[0], lines
    assert sorted(os.listdir(tmp_path)) == before            # nothing written


FILM_FLAGS = ["--diffusion", "5e-3", "--tau", "0.01", "--sigma-d", "100", "--tau-phi-1k", "10"]


@pytest.mark.parametrize("flags, message", [
    (["--diffusion", "-1"], "--diffusion must be > 0"),
    (["--temperatures", "0,1"], "--temperatures must be > 0"),
    (["--wl", "simulation", "--walkers", "1"], "walkers"),
    (["-o", "out.txt"], "must end in .csv"),
    (["--mean-free-path", "10"], "give --diffusion and --tau, or --mean-free-path"),
    (["--tau-so", "0.1", "--wl", "exact"], "--tau-so needs --wl hln"),
    (["--tau-so", "-1"], "--tau-so must be > 0"),
    (["--noise", "5"], "--noise"),
    (["--noise", "-0.1"], "--noise"),
    (["--F", "5"], "--F"),
    (["--walkers", "2.5"], "expected an integer"),
    (["-o", "same.csv", "--didv", "same.csv"], "is also written by --output"),
])
def test_experiment_bad_input(tmp_path, capsys, flags, message):
    argv = ["experiment", *FILM_FLAGS, "-o", str(tmp_path / "d.csv")]
    for k in range(0, len(flags), 2):           # later flags replace earlier ones
        name, value = flags[k], flags[k + 1]
        value = str(tmp_path / value) if value.endswith(".csv") else value
        if name in argv:
            argv[argv.index(name) + 1] = value
        else:
            argv += [name, value]
    status = main(argv)
    lines = capsys.readouterr().err.strip().splitlines()
    assert status == 2 and len(lines) == 1 and message in lines[0], lines
    assert not list(tmp_path.iterdir())


def test_experiment_accepts_walkers_in_float_notation(tmp_path, capsys):
    # `run` accepts --walkers 2e3; so does `experiment` (parse_int)
    from pathsim.cli import build_parser
    args = build_parser().parse_args(["experiment", *FILM_FLAGS, "--walkers", "2e3", "-o",
                                      str(tmp_path / "d.csv")])
    assert args.walkers == 2000
