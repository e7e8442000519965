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
])
def test_fit_wal_ballistic_bad_input(tmp_path, capsys, flags, message):
    path = tmp_path / "wal.csv"
    f = np.array([1e-4, 1e-3, 3e-3, 1e-2])
    rows = "\n".join(f"{x},{d}" for x, d in zip(f, -0.01 * np.log1p(f / 1e-3)))
    path.write_text(f"field,delta_sigma\n{rows}\n")
    assert main(["fit-wal", str(path)] + flags) != 0
    assert message in capsys.readouterr().err
