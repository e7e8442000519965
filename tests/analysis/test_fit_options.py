"""fit-hln / fit-wal options one by one: every bad input is one line naming
the option or the column, exit status 2, before any fit, nothing written;
the loader's formats and units; honest results (chi^2 flag, unconstrained
marking, no signal, strict JSON); the ILP memory bound; conventions."""
import json
import math
import tracemalloc
import warnings

import numpy as np
import pytest

from pathsim.analysis import convert_b_so, fit_hln, fit_wal, hln_model, read_measurement
from pathsim.analysis.conventions import E2H, E2PIH
from pathsim.analysis.wal import wal_model
from pathsim.cli import main

B = np.geomspace(0.002, 0.4, 30)
B_PHI, NOISE = 0.02, 0.01


def lab(path, header="B (mT),R_xx (kOhm)", fields=None, values=None, sep=","):
    """A small two-sided HLN sweep in mT and kOhm (geometry 1:1)."""
    f = np.concatenate((-B[::-1], [0.0], B)) if fields is None else fields
    if values is None:
        sigma = 100.0 + hln_model(f, B_PHI) + NOISE * np.random.default_rng(1).normal(
            size=f.size)
        values = 1.0 / (sigma * E2PIH) / 1e3
    rows = [header] + [sep.join(f"{x:.12g}" for x in row) for row in zip(f * 1e3, values)]
    path.write_text("\n".join(rows) + "\n")
    return path


BAD = [
    (["--field", "nope"], "--field 'nope': no such column"),
    (["--value", "nope"], "--value 'nope': no such column"),
    (["--error", "nope"], "--error 'nope': no such column"),
    (["--group", "nope"], "--group 'nope': no such column"),
    (["--field-unit", "T"], "column 'B (mT)' is in mT, but --field-unit says T"),
    (["--field-unit", "furlong"], "--field-unit: invalid choice"),
    (["--quantity", "sigma"], "has no sigma column"),
    (["--unit", "S"], "--unit S is not a resistance unit"),
    (["--unit", "ohm"], "column 'R_xx (kOhm)' is in kohm, but --unit says ohm"),
    (["--unit", "parsec"], "--unit"),
    (["--geometry", "1", "-2"], "--geometry must be > 0"),
    (["--geometry", "1"], "--geometry: expected 2 arguments"),
    (["--symmetrize", "both"], "--symmetrize: invalid choice"),
    (["--recenter", "--symmetrize", "positive"], "--recenter fits the centre"),
    (["--reference", "none"], "--reference: invalid choice"),
    (["--max-field", "0"], "--max-field must be > 0"),
    (["--max-field", "2.5"], "need more data points"),
    (["--alpha", "abc"], "--alpha: expected 'free' or a finite number"),
    (["--alpha", "nan"], "--alpha: expected 'free' or a finite number"),
    (["--background", "cubic"], "--background: invalid choice"),
    (["--share", "alpha"], "--share needs --group"),
    (["--b-tr", "-1"], "--b-tr"),
    (["--format", "xml"], "--format: invalid choice"),
    (["--csv", "out.txt"], "--csv must end in .csv"),
    (["--csv", "DATA"], "--csv"),
    (["--plot", "fit.xyz"], "fit.xyz': unknown format 'xyz'"),
    (["--plot", "no/such/fit.png"], "folder does not exist"),
]


@pytest.mark.parametrize("flags, message", BAD)
def test_bad_option(tmp_path, capsys, flags, message):
    data = lab(tmp_path / "lab.csv")
    flags = [str(data) if f == "DATA" else str(tmp_path / f) if f.endswith((".txt", ".png",
                                                                           ".xyz")) else f
             for f in flags]
    out = ["--csv", str(tmp_path / "p.csv")] if "--csv" not in flags else []
    out += ["--plot", str(tmp_path / "p.png")] if "--plot" not in flags else []
    assert main(["fit-hln", str(data), *flags, *out]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], lines
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lab.csv"]


BAD_FILES = [
    ("B (furlong),R_xx (kOhm)", None, "column 'B (furlong)' has the unit 'furlong'"),
    ("B (mT),R_xx (kOhm),B (mT)", None, "column 'B (mT)' appears twice"),
    ("B (mT),R_xx (kOhm)", "neg", "resistance must be > 0"),
    ("B (mT),R_xx (kOhm)", "tiny", "is out of range"),
    ("B (mT),R_xx (kOhm)", "text", "column 'R_xx (kOhm)' holds 'abc' at line 3"),
    ("B (mT),R_xx (kOhm)", "short", "line 3 has 1 values, the header 2"),
    ("B (mT),R_xx (kOhm)", "empty", "needs a header line and data rows"),
    ("B (mT),R_xx (kOhm)", "latin1", "not UTF-8 text"),
    ("B (mT),R_xx (kOhm)", "noreference", "--reference zero-field: no point at B = 0"),
]


@pytest.mark.parametrize("header, damage, message", BAD_FILES)
def test_bad_file(tmp_path, capsys, header, damage, message):
    path = tmp_path / "lab.csv"
    if header.count(",") == 2:
        path.write_text(header + "\n1,2,3\n4,5,6\n")
    elif damage == "noreference":
        lab(path, fields=np.concatenate((-B[::-1], B)))
    else:
        lab(path, header)
        lines = path.read_text().splitlines()
        edit = {"neg": lambda: lines[1].split(",")[0] + ",-1",
                "tiny": lambda: lines[1].split(",")[0] + ",1e-303",
                "text": lambda: lines[2].split(",")[0] + ",abc",
                "short": lambda: "5"}
        if damage in edit:
            lines[2 if damage in ("text", "short") else 1] = edit[damage]()
        if damage == "empty":
            lines = lines[:1]
        path.write_text("\n".join(lines) + "\n")
        if damage == "latin1":
            path.write_bytes(path.read_bytes().replace(b"R_xx", b"R\xb5xx"))
    assert main(["fit-hln", str(path), "--csv", str(tmp_path / "p.csv")]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], lines
    assert not (tmp_path / "p.csv").exists()


@pytest.mark.parametrize("sep", [",", "\t", ";", " "])
def test_formats_units_and_geometry(tmp_path, sep):
    """Any separator, a byte-order mark, comments; mT and kOhm from the
    header; a geometry scales alpha (per square) and leaves B_phi alone."""
    f = np.concatenate((-B[::-1], [0.0], B))
    sigma = 100.0 + hln_model(f, B_PHI) + NOISE * np.random.default_rng(1).normal(size=f.size)
    path = lab(tmp_path / "lab.txt", header=sep.join(("Field[mT]", "Rxx[kohm]")), sep=sep,
               fields=f, values=2.0 / (sigma * E2PIH) / 1e3)      # R_xx = R_sheet L / W
    path.write_text("\ufeff# a comment\n" + path.read_text(), encoding="utf-8")
    sample = fit_hln(read_measurement(path))
    sheet = fit_hln(read_measurement(path, geometry=(2.0, 1.0)))
    assert "alpha is per sample" in sample.summary()
    assert abs(sheet.B_phi - B_PHI) < 4 * sheet.B_phi_err
    assert abs(sheet.alpha - 1.0) < 4 * sheet.alpha_err
    assert sample.B_phi == pytest.approx(sheet.B_phi, rel=1e-6)
    assert sample.alpha == pytest.approx(sheet.alpha / 2.0, rel=1e-6)


def test_chi2_flag_and_scaled_errors():
    data = hln_model(B, B_PHI) + NOISE * np.random.default_rng(2).normal(size=B.size)
    honest = fit_hln(B, data, np.full(B.size, NOISE))
    small = fit_hln(B, data, np.full(B.size, NOISE / 10))
    assert honest.scaled is None and not honest.warnings
    assert small.scaled == "chi2" and "errors scaled by sqrt(chi2/dof)" in small.warnings[0]
    factor = math.sqrt(honest.chi2 / honest.dof)
    assert small.B_phi_err == pytest.approx(honest.B_phi_err * factor, rel=1e-3)
    assert "errors from the scatter" in fit_hln(B, data).summary()


def test_unconstrained_marking_and_strict_json(tmp_path, capsys):
    noise = NOISE * np.random.default_rng(3).normal(size=B.size)
    flat = fit_hln(B, noise)
    assert not flat.groups[0].params["B_phi"].constrained
    assert "no significant signal" in flat.warnings[0]
    far = fit_hln(B, hln_model(B, 1e-7) + noise, alpha=1.0)     # B_phi far below the fields
    assert "edge of its search range" in far.groups[0].params["B_phi"].reason
    path = tmp_path / "flat.csv"
    path.write_text("field,delta_sigma\n" + "\n".join(f"{f},{v}" for f, v in zip(B, noise)))
    for cmd in ("fit-hln", "fit-wal"):
        assert main([cmd, str(path), "--format", "json"]) == 0
        out = json.loads(capsys.readouterr().out, parse_constant=lambda c: 1 / 0)
        assert out["groups"][0]["parameters"]["B_phi"]["constrained"] is False
        assert main([cmd, str(path)]) == 0
        assert "UNCONSTRAINED" in capsys.readouterr().out
    path.write_text("field,delta_sigma\n" + "\n".join(f"{f},0" for f in B))
    assert main(["fit-hln", str(path)]) == 2
    assert "no signal" in capsys.readouterr().err


def test_fixed_alpha_and_api_messages():
    data = hln_model(B, B_PHI, -0.5) + 1e-3 * np.random.default_rng(4).normal(size=B.size)
    fit = fit_hln(B, data, alpha=-0.5)
    assert fit.alpha == -0.5 and fit.groups[0].params["alpha"].fixed
    assert abs(fit.B_phi - B_PHI) < 4 * fit.B_phi_err
    assert fit_hln(B, data, alpha="free").alpha == pytest.approx(-0.5, abs=0.02)
    for args, kwargs, message in [
            (("abc", "def"), {}, "field must be numbers"),
            ((B, data), dict(alpha="half"), "alpha must be 'free' or a number"),
            ((B, data + 0j), {}, "must be real numbers"),
            ((B, data * 1e300), {}, "out of range"),
            ((B, data), dict(background="cubic"), "background must be one of"),
            ((B, data), dict(share="B_so"), "'B_so' is not a fitted parameter")]:
        with pytest.raises(ValueError, match=message):
            fit_hln(*args, **kwargs)


def test_ilp_memory_is_bounded_and_no_warning_leaks(tmp_path, capsys):
    tracemalloc.start()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        tiny = wal_model(np.array([1e-9, 1e-6, 1e-3]), 1.0, 1e3, "ilp")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 50e6 and np.all(np.isfinite(tiny)) and np.all(tiny <= 0)
    path = tmp_path / "noise.csv"
    noise = 3e-3 * np.random.default_rng(5).normal(size=12)
    path.write_text("field,delta_sigma\n" + "\n".join(
        f"{f},{v}" for f, v in zip(np.geomspace(1e-3, 0.3, 12), noise)))
    assert main(["fit-wal", str(path), "--model", "ilp"]) == 0
    captured = capsys.readouterr()
    assert captured.err == "" and "UNCONSTRAINED" in captured.out


def test_conventions():
    assert convert_b_so(1.0, "pathsim", "hln") == 0.75
    assert convert_b_so(0.75, "hln", "ilp") == pytest.approx(1.0)
    assert E2H / E2PIH == pytest.approx(math.pi)
    with pytest.raises(ValueError, match=r"target must be one of \['hln', 'ilp', 'pathsim'\]"):
        convert_b_so(1.0, "pathsim", "knap")
    fit = fit_wal(B, wal_model(B, 0.01, 0.05) + 1e-3 * np.random.default_rng(6).normal(
        size=B.size))
    assert fit.b_so_definition == "pathsim" and "pathsim's definition" in fit.summary()


def test_g0_is_a_deprecated_alias(tmp_path, capsys):
    path = tmp_path / "mc.csv"
    path.write_text("field,delta_sigma\n" + "\n".join(
        f"{f},{v}" for f, v in zip(B, hln_model(B, B_PHI) + 1e-3 * np.sin(B * 300))))
    assert main(["fit-hln", str(path), "--unit", "G0"]) == 0
    captured = capsys.readouterr()
    assert "deprecated name of e2pih" in captured.err and "B_phi = 0.0" in captured.out
    with pytest.warns(FutureWarning, match="deprecated"):
        fit_hln(B, hln_model(B, B_PHI), sigma_unit="G0")
    # a header in G0 agrees with --unit G0 and --unit e2pih, not with S
    path.write_text("B (T),delta_sigma (G0)\n" + "\n".join(
        f"{f},{v}" for f, v in zip(B, hln_model(B, B_PHI) + 1e-3 * np.sin(B * 300))))
    for unit in ("G0", "e2pih"):
        assert main(["fit-hln", str(path), "--unit", unit]) == 0
    capsys.readouterr()
    assert main(["fit-hln", str(path), "--unit", "S"]) == 2
    assert "is in G0, but --unit says S" in capsys.readouterr().err


def test_instrument_file_with_header_block_and_quotes(tmp_path):
    """A PPMS-style .dat: a [Header] block, quoted column names with units,
    an unused channel with empty cells, a temperature read back with noise
    (grouped within 2 %), the value column named with spaces."""
    rng = np.random.default_rng(7)
    lines = ["[Header]", "TITLE,sample", "[Data]", '"Time (s)","Temperature (K)",'
             '"Magnetic Field (Oe)","Resistance Ch1 (Ohms)","Resistance Ch2 (Ohms)"']
    for T, b_phi in ((2, 0.002), (5, 0.005)):
        for H in np.linspace(-3000, 3000, 61):
            s = 300 + hln_model(H * 1e-4, b_phi) + 0.002 * rng.normal()
            lines.append(f"1,{T + 0.003 * rng.normal():.4f},{H:.2f},{1 / (s * E2PIH):.6f},")
    path = tmp_path / "run.dat"
    path.write_text("\n".join(lines) + "\n")
    fit = fit_hln(read_measurement(path, value="Resistance Ch1", group="Temperature",
                                   quantity="R"))
    assert [round(g.group) for g in fit.groups] == [2, 5]
    for g, b_phi in zip(fit.groups, (0.002, 0.005)):
        assert abs(g.B_phi - b_phi) < 4 * g.B_phi_err
