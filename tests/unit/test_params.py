"""The table of run parameters (pathsim.params) against pathsim.simulate."""
import inspect

import pytest

import pathsim
from pathsim import params
from pathsim.model.medium import GEOMETRIES, WALLS
from pathsim.model.scattering import SCATTERING


def test_table_matches_simulate_signature():
    sig = inspect.signature(pathsim.simulate).parameters
    public = {k: v.default for k, v in sig.items() if not k.startswith("_")}
    api = {name: params.PARAMS[name].default for name in params.names("api")}
    assert list(api) == [k for k in params.PARAMS if k in public]
    assert api == public


def test_choices_match_the_medium_and_engine():
    assert params.PARAMS["geometry"].choices == GEOMETRIES
    assert params.PARAMS["walls"].choices == WALLS
    assert params.PARAMS["scattering"].choices == SCATTERING
    assert params.PARAMS["estimator"].choices == params.ESTIMATORS
    text = params.PARAMS["detector_radius"].default_text
    for dim, eps in params.DETECTOR_RADIUS.items():
        assert dim == 1 or f"{eps:g} in {dim}D" in text


def test_run_defaults_differ_from_simulate_only_in_tau_phi_max():
    run = params.run_defaults()
    assert run.pop("output") == "pathsim-run.npz"
    assert run.pop("tau_phi_max") == 300.0 and params.PARAMS["tau_phi_max"].default == 1000.0
    assert all(params.PARAMS[k].default == v for k, v in run.items())
    assert "scattering" in params.names("cli") and "scattering" in params.names("study")
    assert not {"walkers", "seed", "threads", "output", "csv"} & set(params.names("study"))


@pytest.mark.parametrize("name, value, canonical", [
    ("walkers", 3000, 3000), ("tau_phi_max", 100, 100.0), ("b", [0, 0.5], [0.0, 0.5]),
    ("directions", [[0, 0, 1]], [[0.0, 0.0, 1.0]]), ("dim", 3, 3),
    ("scattering", "hard-disk", "hard-disk"),
])
def test_check_gives_canonical_values(name, value, canonical):
    out = params.check(name, value)
    assert out == canonical and type(out) is type(canonical)


@pytest.mark.parametrize("name, value, message", [
    ("walkers", 1, "walkers must be >= 2"), ("walkers", True, "integer"),
    ("b", [0.1, -0.1], "b must be >= 0"), ("b", [], "non-empty list"),
    ("tau_phi_max", float("nan"), "finite"), ("dim", 4, "one of [1, 2, 3]"),
    ("geometry", "sphere", "one of"), ("directions", [0, 0, 1], "[x, y, z]"),
    ("mean_cosine", 1.0, "< 1.0"), ("detector_radius", 0.6, "<= 0.5"),
])
def test_check_refuses_naming_the_parameter(name, value, message):
    with pytest.raises(ValueError, match=None) as info:
        params.check(name, value)
    assert message in str(info.value) and name in str(info.value)
