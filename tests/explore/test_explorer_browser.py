"""The explorer page in a real browser: headless Chromium through Selenium.

The page is opened from disk (file://) and from a local web server
(127.0.0.1).  It must load with no console error and request nothing but
itself; each control is moved (by setting the Bokeh model's value, as a
slider drag does) and the plotted curve must change and equal the Python
API's values at the new setting.  Screenshots go to $PATHSIM_SCREENSHOTS
(the committed ones: ``PATHSIM_SCREENSHOTS=docs/_static/explorer``), else to
the test's temporary folder.  Without Chromium, its driver or Selenium the
test is skipped with the reason.
"""
import functools
import http.server
import json
import os
import shutil
import threading
import time

import numpy as np
import pytest

CHROMIUM = [shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")]
DRIVER = shutil.which("chromedriver")


def _browser_or_skip():
    binary = next((b for b in CHROMIUM if b), None)
    if binary is None or DRIVER is None:
        pytest.skip("no Chromium or chromedriver on PATH (Debian: apt-get install chromium "
                    "chromium-driver)")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.options import Options
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.skip("selenium is not installed (pip install \"pathsim[test]\")")
    options = Options()
    options.binary_location = binary
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1000,1750", "--hide-scrollbars"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    try:
        return webdriver.Chrome(service=Service(DRIVER), options=options)
    except Exception as exc:  # a browser that cannot start here: say why
        pytest.skip(f"Chromium did not start: {str(exc).splitlines()[0]}")


@pytest.fixture(scope="module")
def page_file(quick_page, tmp_path_factory):
    _, _, text = quick_page
    folder = tmp_path_factory.mktemp("explorer")
    (folder / "explorer.html").write_text(text, encoding="utf-8")
    return folder / "explorer.html"


@pytest.fixture(scope="module")
def server(page_file):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler,
                                directory=str(page_file.parent))
    handler.log_message = lambda *args: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/explorer.html"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def browser():
    driver = _browser_or_skip()
    yield driver
    driver.quit()


def _model(name):
    return f"Bokeh.documents[0].get_model_by_name('{name}')"


def _wait_ready(driver, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready = driver.execute_script(
            "return !!(window.Bokeh && Bokeh.documents.length && "
            f"{_model('readout')} && {_model('readout')}.text.length > 0)")
        if ready:
            return
        time.sleep(0.2)
    raise AssertionError("the explorer did not become ready (no readout text)")


def _column(driver, source, column="y"):
    return np.array(driver.execute_script(
        f"return Array.from({_model(source)}.data['{column}'])"), dtype=float)


def _move(driver, name, value):
    driver.execute_script(f"{_model(name)}.value = arguments[0];", value)


def _same(page, api):
    np.testing.assert_allclose(page, np.asarray(api, dtype=float), rtol=1e-12, atol=1e-15)


def _screenshot(driver, name, tmp_path):
    folder = os.environ.get("PATHSIM_SCREENSHOTS") or str(tmp_path)
    os.makedirs(folder, exist_ok=True)
    assert driver.save_screenshot(os.path.join(folder, name))


def _requests(driver):
    """URLs the page asked for (Chrome's performance log), less the inline
    data: and blob: URLs of Bokeh's toolbar icons, which are no request."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return [u for u in urls if not u.startswith(("data:", "blob:"))]


@pytest.mark.parametrize("where", ["file", "http"])
def test_page_answers_its_controls(where, quick_page, page_file, server, browser, tmp_path):
    runs, values, _ = quick_page
    url = page_file.as_uri() if where == "file" else server
    browser.get(url)
    _wait_ready(browser)

    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == [], errors
    assert set(_requests(browser)) == {url}, "the page requested something else"

    tau, b = np.array(values["tau_phi"]), np.array(values["b"])
    i, j = (int(browser.execute_script(f"return {_model(n)}.value"))
            for n in ("tau_slider", "b_slider"))
    plain = runs["plain"]
    _same(_column(browser, "mc_curve"), plain.magnetoconductance(b[1:], tau[i])[0])
    if where == "file":
        _screenshot(browser, "explorer_page.png", tmp_path)

    # tau_phi: the magnetoconductance curve at the new tau_phi
    before = _column(browser, "mc_curve")
    i = len(tau) - 1
    _move(browser, "tau_slider", i)
    after = _column(browser, "mc_curve")
    assert not np.array_equal(before, after)
    _same(after, plain.magnetoconductance(b[1:], tau[i])[0])
    _same(_column(browser, "mc_hln"), values["hln"][i][1:])

    # B: delta_sigma(tau_phi) at the new field, and the readout within rounding
    before = _column(browser, "ds_curve")
    j = len(b) - 5
    _move(browser, "b_slider", j)
    after = _column(browser, "ds_curve")
    assert not np.array_equal(before, after)
    value, err = plain.delta_sigma(b[j], tau)
    _same(after, value)
    _same(_column(browser, "ds_curve", "hi") - after, err)
    text = browser.execute_script(f"return {_model('readout')}.text")
    mc, _ = plain.magnetoconductance(b[j], tau[i])
    shown = float(text.split("id='mc-value'>")[1].split("<")[0])
    assert shown == pytest.approx(float(f"{mc:.4g}"), rel=1e-12)

    # spin-orbit strength: the chosen setting's curve, antilocalizing at the end
    parts = runs["spin"].spin_results()
    before = _column(browser, "spin_curve")
    k = len(parts) - 1
    _move(browser, "spin_slider", k)
    after = _column(browser, "spin_curve")
    assert not np.array_equal(before, after)
    _same(after, parts[k].magnetoconductance(b[1:], tau[i])[0])
    assert after.min() < 0

    # dimension and geometry: each selection's curve, times its cross-section, and
    # its theory only where it applies (a gap elsewhere), named in legend and readout
    for label in list(values["geometry"])[1:]:
        before = _column(browser, "geometry_curve")
        _move(browser, "geometry_select", label)
        after = _column(browser, "geometry_curve")
        assert not np.array_equal(before, after), label
        run = runs[label]
        _same(after, run.magnetoconductance(b[1:], tau[i])[0] * run.cross_section)
        entry = values["geometry"][label]
        law = np.full(len(b) - 1, np.nan) if entry["theory"] is None else np.array(
            [np.nan if v is None else v for v in entry["theory"][i][1:]])
        shown = _column(browser, "geometry_theory")
        np.testing.assert_array_equal(np.isnan(shown), np.isnan(law))
        _same(shown[~np.isnan(law)], law[~np.isnan(law)])
        item = browser.execute_script(
            f"const it = {_model('geometry_theory_item')}; return [it.label.value, it.visible];")
        assert item == [entry["theory_label"], entry["theory"] is not None], label
        text = browser.execute_script(f"return {_model('geometry_readout')}.text")
        assert entry["theory_note"] in text, label
    assert np.isfinite(shown).sum() > 5, "the last tau_phi draws the strip theory"

    # the walker: its loop, and the Aharonov-Bohm phase difference b A
    from pathsim.figures.paths import loop_walk, phases

    before = _column(browser, "loop_path", "x")
    _move(browser, "loop_slider", 2)
    after = _column(browser, "loop_path", "x")
    assert not np.array_equal(before, after)
    walk = loop_walk(values["loops"][2]["seed"])
    _same(after, walk.loop[:, 0])
    text = browser.execute_script(f"return {_model('loop_readout')}.text")
    shown = float(text.split("id='phase-value'>")[1].split("<")[0])
    assert shown == pytest.approx(round(phases(walk.area, b[j])[1], 3), abs=1e-12)

    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
    assert set(_requests(browser)) <= {url}
    if where == "file":
        _screenshot(browser, "explorer_antilocalization.png", tmp_path)
