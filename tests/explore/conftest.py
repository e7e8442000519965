"""A quick explorer page, built once per test session: the runs (for the
Python API's values), the page's data and its HTML."""
import pytest


@pytest.fixture(scope="session")
def quick_page():
    pytest.importorskip("bokeh", reason="the explorer needs Bokeh (the explore extra)")
    from pathsim.explorer import data, page

    runs = data.make_runs(quick=True, seed=0, progress=False)
    values = data.page_data(runs, quick=True)
    return runs, values, page.render(values)
