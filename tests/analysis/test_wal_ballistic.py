"""fit-wal --model ballistic: B_phi and B_so recovered within their stated
errors from a noisy curve of the ballistic theory (not in the diffusive
regime: B_phi = B_tr / 100, B_so = B_tr / 8, where ILP is 8 % off), and its
bad input."""
import numpy as np
import pytest

from harness import assert_consistent
from pathsim.cli import main
from pathsim.theory.exact_spin import ballistic_magnetoconductance

B_TR = 0.033                                   # tesla: l = 100 nm
B_PHI, B_SO = B_TR / 100, B_TR / 8             # tau_phi = 100 tau, theta = 0.5
FIELD = np.geomspace(1e-5, 0.03, 14)           # 0.03 .. 90 B_phi
NOISE = 0.003                                  # G0


def test_fit_wal_ballistic_recovers_parameters(tmp_path, capsys):
    rng = np.random.default_rng(3)
    data = ballistic_magnetoconductance(FIELD, B_PHI, B_SO, B_TR) \
        + rng.normal(0.0, NOISE, FIELD.size)
    path = tmp_path / "wal.csv"
    rows = "\n".join(f"{f:.17g},{d:.17g},{NOISE}" for f, d in zip(FIELD, data))
    path.write_text(f"field,delta_sigma,error\n{rows}\n")
    assert main(["fit-wal", str(path), "--model", "ballistic", "--b-tr", str(B_TR)]) == 0
    out = capsys.readouterr().out
    values = {}
    for line in out.splitlines():
        if line.startswith(("B_phi =", "B_so =")):
            name, _, value, _, err, _ = line.split()
            values[name] = (float(value), float(err))
    assert "BALLISTIC fit of 14 points" in out
    assert_consistent([values["B_phi"][0], values["B_so"][0]],
                      [values["B_phi"][1], values["B_so"][1]], [B_PHI, B_SO],
                      "ballistic fit")


@pytest.mark.parametrize("flags, message", [
    (["--model", "ballistic"], "needs B_tr (--b-tr)"),
    (["--model", "ballistic", "--b-tr", "-1"], "--b-tr"),
    (["--model", "ballistic", "--b-tr", "0.03", "--field-unit", "b"], "B_tr must be 1"),
    (["--model", "ilp", "--dresselhaus"], "--dresselhaus belongs to --model ballistic"),
])
def test_fit_wal_ballistic_bad_input(tmp_path, capsys, flags, message):
    path = tmp_path / "wal.csv"
    f = np.array([1e-4, 1e-3, 3e-3, 1e-2])
    rows = "\n".join(f"{x},{d}" for x, d in zip(f, -0.01 * np.log1p(f / 1e-3)))
    path.write_text(f"field,delta_sigma\n{rows}\n")
    assert main(["fit-wal", str(path)] + flags) != 0
    assert message in capsys.readouterr().err


# --- Rashba and linear Dresselhaus together (pathsim.analysis.wal_rd) ---

RD_FIELD = np.geomspace(0.4 / 30.0, 3.0, 8)     # B_tr: 0.4 .. 90 B_phi (scripts/check_fit_wal_rd.py)
RD_TRUE = (1.0 / 30.0, 0.125, 0.02)           # B_phi, B_so_R, B_so_D (B_tr): 0.5, 0.2 per l


def test_fit_wal_ballistic_two_terms_recovers_both_fields(tmp_path, capsys):
    """--dresselhaus: B_phi, B_so_R and B_so_D from a noisy curve of the
    ballistic theory with both terms (angles 0.5 and 0.2 per l, tau_phi 30
    tau; 8 fields, seed 6: z = +0.5, -1.3, -1.2), each within its stated
    error (|z| <= 4); the summary says that the labels can be swapped."""
    rng = np.random.default_rng(6)
    B_phi, R, D = RD_TRUE
    data = ballistic_magnetoconductance(RD_FIELD, B_phi, R, B_so_D=D) \
        + rng.normal(0.0, NOISE, RD_FIELD.size)
    path = tmp_path / "wal.csv"
    rows = "\n".join(f"{f:.17g},{d:.17g},{NOISE}" for f, d in zip(RD_FIELD, data))
    path.write_text(f"field (b),delta_sigma,error\n{rows}\n")
    assert main(["fit-wal", str(path), "--model", "ballistic", "--dresselhaus"]) == 0
    out = capsys.readouterr().out
    values = {}
    for line in out.splitlines():
        if line.startswith(("B_phi =", "B_so_R =", "B_so_D =")):
            name, _, value, _, err, _ = line.split()[:6]
            values[name] = (float(value), float(err))
    assert "WARNING" not in out and "UNCONSTRAINED" not in out
    assert "cannot tell Rashba from Dresselhaus" in out
    names = ("B_phi", "B_so_R", "B_so_D")
    assert_consistent([values[n][0] for n in names], [values[n][1] for n in names],
                      list(RD_TRUE), "two-term ballistic fit")


def _result(x, cov, flags=None):
    """A joint_fit result of one group with (B_phi, B_so_R, B_so_D)."""
    from pathsim.analysis.curvefit import Layout
    return dict(layout=Layout(("B_phi", "B_so_R", "B_so_D"), 1, ()), x=np.log(x),
                cov=np.array(cov, dtype=float), flags=dict(flags or {}),
                lo=np.full(3, -20.0), hi=np.full(3, 5.0))


def test_two_term_labels_and_degenerate_fits():
    """The larger field goes to B_so_R (values, covariance and flags move
    with it); a fit that does not separate the terms, or whose second term
    is not determined, flags both and says so."""
    from pathsim.analysis.wal_rd import _order_terms, _separation
    cov = [[1e-4, 0, 0], [0, 4e-4, 1e-4], [0, 1e-4, 9e-4]]
    res = _result([0.03, 0.02, 0.1], cov, {2: "relative error > 1"})
    _order_terms(res, 1)
    assert np.allclose(np.exp(res["x"]), [0.03, 0.1, 0.02])
    assert res["cov"][1, 1] == 9e-4 and res["cov"][2, 2] == 4e-4
    assert res["flags"] == {1: "relative error > 1"}
    assert "second spin-orbit term is not determined" in _separation(res, 1)[0]
    res = _result([0.03, 0.02, 0.1], cov, {1: "relative error > 1", 2: "relative error > 1"})
    assert "neither spin-orbit field is determined" in _separation(res, 1)[0]
    # a clear gap: nothing to say; within one standard error of the helix: flagged
    res = _result([0.03, 0.1, 0.02], cov)
    assert _separation(res, 1) == [] and res["flags"] == {}
    res = _result([0.03, 0.1, 0.098], cov)
    assert "not told apart" in _separation(res, 1)[0]
    assert set(res["flags"]) == {1, 2}


def test_fit_wal_two_terms_python_bad_input():
    from pathsim.analysis import fit_wal
    f = np.geomspace(0.01, 1.0, 6)
    with pytest.raises(ValueError, match="dresselhaus must be True or False"):
        fit_wal(f, -0.01 * f, model="ballistic", field_unit="b", dresselhaus="yes")
    with pytest.raises(ValueError, match="belongs to model 'ballistic'"):
        fit_wal(f, -0.01 * f, model="ilp", field_unit="b", dresselhaus=True)
