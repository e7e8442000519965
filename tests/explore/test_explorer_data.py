"""The explorer page's numbers are the Python API's (no browser needed)."""
import json
import re

import numpy as np
import pytest

import pathsim
from pathsim.explorer import MAX_BYTES, data as page_data


def same(page_value, api_value):
    """Equal up to float rounding (the page's grid is evaluated as arrays,
    the API's single point as scalars: the last bits may differ)."""
    return page_value == pytest.approx(float(api_value), rel=1e-12, abs=1e-15)


def _api_points(tau, b):
    """A few (tau_phi, b) grid points, corners and middle."""
    return [(0, 1), (len(tau) // 2, len(b) // 2), (len(tau) - 1, len(b) - 1)]


def test_page_values_are_the_api_values(quick_page):
    runs, values, _ = quick_page
    tau, b = np.array(values["tau_phi"]), np.array(values["b"])
    assert tau.max() == runs["plain"].params["tau_phi_max"] and b[0] == 0.0
    for i, j in _api_points(tau, b):
        mc, mc_err = runs["plain"].magnetoconductance(b[j], tau[i])
        assert same(values["mc"]["value"][i][j], mc) and same(values["mc"]["err"][i][j], mc_err)
        ds, ds_err = runs["plain"].delta_sigma(b[j], tau[i])
        assert same(values["ds"]["value"][i][j], ds) and same(values["ds"]["err"][i][j], ds_err)
        assert same(values["hln"][i][j], pathsim.theory.hln(b[j], tau[i]))
        for k, part in enumerate(runs["spin"].spin_results()):
            value, err = part.magnetoconductance(b[j], tau[i])
            assert same(values["spin"][k]["mc"]["value"][i][j], value)
            assert same(values["spin"][k]["mc"]["err"][i][j], err)
        for label, entry in values["geometry"].items():
            run = runs["plain"] if label == "2D plane" else runs[label]
            value, err = run.magnetoconductance(b[j], tau[i])
            assert same(entry["mc"]["value"][i][j], value * run.cross_section)
            assert same(entry["mc"]["err"][i][j], err * run.cross_section)
    # the spin settings are what the slider says, and the last antilocalizes
    assert [s["tau_so"] for s in values["spin"]] == list(page_data.TAU_SO)
    strong = np.array(values["spin"][-1]["mc"]["value"])[-1, 1:]
    assert strong.min() < 0 < np.array(values["mc"]["value"])[-1, 1:].max()


def test_geometry_theory_only_where_it_applies(quick_page):
    """Each geometry's theory curve is the API's theory at the grid point,
    drawn (not None) only inside its stated range, and named on the page."""
    _, values, _ = quick_page
    tau, b = np.array(values["tau_phi"]), np.array(values["b"])
    geo = values["geometry"]
    plane, bulk, film, wire = geo.values()
    assert plane["theory"] == values["exact_mc"] and "exact_2d" in plane["theory_note"]
    assert bulk["theory"] is None and not bulk["diffusive"]
    laws = {"film_diffusive": lambda bb, tt: pathsim.theory.film_diffusive(
                bb, tt, page_data.FILM_THICKNESS, D=pathsim.theory.D_3D,
                direction="perpendicular"),
            "strip_diffusive": lambda bb, tt: pathsim.theory.strip_diffusive(
                bb, tt, page_data.WIRE_WIDTH)}
    for entry, name in ((film, "film_diffusive"), (wire, "strip_diffusive")):
        assert entry["diffusive"] and name in entry["theory_note"]
        assert f"B \u2264 {page_data.DIFFUSIVE_B_MAX:g} B_tr" in entry["theory_label"]
        drawn = np.array([[v is not None for v in row] for row in entry["theory"]])
        inside = ((tau[:, None] >= page_data.DIFFUSIVE_TAU_MIN)
                  & (b[None, :] <= page_data.DIFFUSIVE_B_MAX))
        np.testing.assert_array_equal(drawn, inside)
        assert drawn.any(), "the quick page draws the diffusive theories somewhere"
        for i, j in zip(*np.nonzero(drawn)):
            assert same(entry["theory"][i][j], laws[name](b[j], tau[i]))


def test_page_loops_are_the_teaching_picture(quick_page):
    from pathsim.figures.paths import loop_walk

    _, values, _ = quick_page
    for loop in values["loops"][:3]:
        walk = loop_walk(loop["seed"])
        assert loop["area"] == walk.area and loop["n"] == walk.n
        np.testing.assert_array_equal(loop["loop_x"], walk.loop[:, 0])


def test_page_is_self_contained(quick_page):
    _, values, text = quick_page
    assert len(text.encode()) < MAX_BYTES
    tag = re.search(r'<script type="application/json" id="pathsim-explorer-data">(.*?)'
                    r"</script>", text, re.S)
    assert tag and json.loads(tag[1].replace("<\\/", "</")) == values
    # nothing is loaded from elsewhere: no external script, style or icon
    assert not re.search(r"<script[^>]+src=", text)
    assert not re.search(r"<link[^>]+href=\"(?!data:)", text)
    made = values["made"]
    assert made["version"] == pathsim.__version__ and made["quick"] is True
    assert f"pathsim {pathsim.__version__}" in text and "10,000 walkers" in text


def test_bad_path_is_refused_before_any_run(tmp_path):
    with pytest.raises(ValueError, match="must end in .html"):
        pathsim.explore(tmp_path / "page.htm", quick=True)
    with pytest.raises(ValueError, match="folder does not exist"):
        pathsim.explore(tmp_path / "missing" / "page.html", quick=True)
    assert list(tmp_path.iterdir()) == []


def test_render_keeps_the_inlined_libraries_intact(quick_page):
    """The data tag goes in through Bokeh's template; the inlined libraries
    contain '</head>' inside their own code, which a text edit would break."""
    _, values, text = quick_page
    assert text.count('id="pathsim-explorer-data"') == 1
    assert text.index('id="pathsim-explorer-data"') < text.index("<body")
