"""The front door of results: damaged files, merged seeds, bit-identical
save/load, and what the summary says (issue 11)."""
import json
import zipfile

import numpy as np
import pytest

import pathsim
from pathsim.results import report

OBSERVABLES = (
    ("delta_sigma", lambda r: r.delta_sigma([0.0, 0.1, 1.0], [10.0, 30.0])),
    ("backscattering", lambda r: r.delta_sigma([0.0, 0.3], 10.0, term="backscattering")),
    ("magnetoconductance", lambda r: r.magnetoconductance([0.01, 0.3], [10.0, 30.0])),
    ("ln_slope", lambda r: r.ln_slope([10.0, 30.0])),
    ("slope", lambda r: r.slope("L_phi", [10.0, 30.0])),
    ("return_density", lambda r: r.return_density(bins_per_decade=16)),
    ("mean_cos", lambda r: r.mean_cos([0.1, 1.0], bins_per_decade=16)),
    ("dephasing_rate", lambda r: r.dephasing_rate(0.05, 1.0, 20.0)),
    ("return_ratio", lambda r: r.return_ratio(0.1, bins_per_decade=16)),
    ("coherent_enhancement", lambda r: r.coherent_enhancement([0.0, 0.1], [10.0, 30.0])),
    ("area_distribution", lambda r: r.area_distribution(10.0, group=4)[:3]),
    ("overflow_fraction", lambda r: r.overflow_fraction()),
    ("mean_square_displacement", lambda r: r.mean_square_displacement()),
    ("diffusion_constant", lambda r: r.diffusion_constant(2.0)),
)


def _assert_same_observables(a, b):
    for name, of in OBSERVABLES:
        out_a, out_b = of(a), of(b)
        if not isinstance(out_a, tuple):
            out_a, out_b = (out_a,), (out_b,)
        for x, y in zip(out_a, out_b):
            x, y = np.asarray(x), np.asarray(y)
            same = (x == y) | (np.isnan(x) & np.isnan(y))
            assert np.all(same), name           # bit for bit, not approximately
    assert a.summary() == b.summary()
    assert json.dumps(a.to_dict()) == json.dumps(b.to_dict())


@pytest.fixture(scope="module")
def other_run():
    return pathsim.simulate(**pathsim.presets.preset("quick", seed=7, progress=False))


def test_save_load_gives_bit_identical_observables(tmp_path, quick_run, other_run):
    path = quick_run.save(tmp_path / "run.npz")
    _assert_same_observables(quick_run, pathsim.load(path))
    merged = quick_run.merge(other_run)
    path = merged.save(tmp_path / "merged.npz")
    _assert_same_observables(merged, pathsim.load(path))


def test_merged_result_reports_all_its_seeds(tmp_path, quick_run, other_run):
    merged = quick_run.merge(other_run)
    assert merged.params["seeds"] == [1, 7]
    assert "seeds 1, 7" in merged.summary()
    assert "seeds 1, 7" in repr(merged)
    assert merged.to_dict()["seeds"] == [1, 7]
    loaded = pathsim.load(merged.save(tmp_path / "m.npz"))
    assert "seeds 1, 7" in loaded.summary() and loaded.to_dict()["seeds"] == [1, 7]
    assert "seed 1," in quick_run.summary() and "seeds" not in repr(quick_run)


def _damaged(tmp_path, quick_run):
    good = quick_run.save(tmp_path / "good.npz")
    data = open(good, "rb").read()
    files = {}
    files["truncated"] = data[: len(data) // 2]
    corrupt = bytearray(data)
    corrupt[len(data) // 3: len(data) // 3 + 64] = b"\0" * 64
    files["corrupt"] = bytes(corrupt)
    files["text"] = b"this is not a result\n"
    files["empty"] = b""
    np.save(tmp_path / "array.npy", np.arange(3))
    files["npy"] = open(tmp_path / "array.npy", "rb").read()
    paths = {name: tmp_path / f"{name}.npz" for name in files}
    for name, content in files.items():
        paths[name].write_bytes(content)
    np.savez(tmp_path / "foreign.npz", x=np.arange(3))
    paths["foreign"] = tmp_path / "foreign.npz"
    with np.load(good) as f:
        arrays = {k: f[k] for k in f.files if k != "hist_b"}
    np.savez(tmp_path / "missing.npz", **arrays)
    paths["missing"] = tmp_path / "missing.npz"
    with zipfile.ZipFile(tmp_path / "badmeta.npz", "w") as z, zipfile.ZipFile(good) as g:
        for item in g.namelist():
            z.writestr(item, g.read(item) if item != "meta.npy" else b"garbage")
    paths["badmeta"] = tmp_path / "badmeta.npz"
    np.savez(tmp_path / "nometa.npz", meta=json.dumps({"hello": 1}),
             **{k: v for k, v in arrays.items() if k != "meta"}, hist_b=arrays["hist_a"])
    paths["nometa"] = tmp_path / "nometa.npz"
    return paths


def test_damaged_files_raise_value_error_naming_the_file(tmp_path, quick_run):
    expected = {"truncated": "damaged", "corrupt": "damaged", "text": "not an .npz",
                "empty": "not an .npz", "npy": "not an .npz", "foreign": "no 'meta'",
                "missing": "missing hist_b", "badmeta": "damaged",
                "nometa": "no run parameters"}
    for name, path in _damaged(tmp_path, quick_run).items():
        with pytest.raises(ValueError) as info:
            pathsim.load(path)
        message = str(info.value)
        assert str(path) in message, name
        assert expected[name] in message, (name, message)
        assert "pickle" not in message and "\n" not in message, name
    with pytest.raises(ValueError, match="is a folder"):
        pathsim.load(tmp_path)


def test_missing_file_is_file_not_found(tmp_path):
    # documented in pathsim.results.io: a missing file stays FileNotFoundError
    with pytest.raises(FileNotFoundError):
        pathsim.load(tmp_path / "nothing.npz")


def test_old_files_without_direction_axis_or_description_load(tmp_path, quick_run):
    params = {k: v for k, v in quick_run.params.items()
              if k not in ("description", "geometry", "widths", "walls", "mean_cosine",
                           "directions", "scattering", "medium")}
    old = pathsim.SimulationResult(
        params, walkers=quick_run.walkers, events=quick_run.events,
        hist_a=quick_run.hist_a[:, 0], hist_b=quick_run.hist_b[:, 0],
        over_a=quick_run.over_a[:, 0], over_b=quick_run.over_b[:, 0],
        tmom=quick_run.tmom[:, 0], msd=quick_run.msd, wall_time=quick_run.wall_time)
    assert old.describe() == "2D Poisson walk" == quick_run.describe()
    v, e = old.delta_sigma(0.0, [10.0, 30.0])
    assert np.array_equal(v, quick_run.delta_sigma(0.0, [10.0, 30.0])[0])


def test_summary_shows_the_requested_fields():
    run = pathsim.simulate(walkers=2_000, tau_phi_max=20.0, tau_phi=[5.0, 20.0],
                           b=[0.0, 0.02, 0.5], seed=3, progress=False)
    text = run.summary()
    assert "delta_sigma(B) - delta_sigma(0)" in text
    value, err = run.magnetoconductance([0.02, 0.5], [5.0, 20.0])
    for i, t in enumerate([5.0, 20.0]):
        for j, b in enumerate([0.02, 0.5]):
            line = next(li for li in text.splitlines()
                        if li.split()[:2] == [f"{t:.4g}", f"{b:.4g}"])
            assert f"{value[i, j]:.4f} +- {err[i, j]:.4f}" in line
    # the default grid of 64 fields is left to the CSV files
    assert report.summary_fields({"b": np.geomspace(0.01, 10, 64)}).size == 0


def test_confined_summary_warns_when_l_phi_is_not_much_larger_than_the_width():
    kw = dict(walkers=2_000, dim=2, geometry="wire", tau_phi=[10.0, 30.0],
              tau_phi_max=30.0, seed=5, progress=False, blocks=8)
    narrow = pathsim.simulate(width=0.5, **kw).summary()       # L_phi = 2.2 .. 3.9 l
    assert "diffusive law -6.2832" in narrow and "not much larger" not in narrow
    wide = pathsim.simulate(width=2.0, **kw).summary()
    assert "not much larger than the confinement 2 l" in wide
    assert "(diffusive law -" not in wide
