"""Every tutorial notebook in docs/tutorials/ runs without error.

The notebooks are stored without outputs; each is executed here in a fresh
Python kernel of the running interpreter, with this checkout's pathsim first
on the path, in a temporary folder.  Any error fails the test.
"""
import os
import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "docs" / "tutorials").glob("*.ipynb"))
TIMEOUT_S = 300          # per cell; the notebooks take seconds


def test_tutorials_are_stored_without_outputs():
    nbformat = pytest.importorskip("nbformat")
    assert NOTEBOOKS, "no tutorials found"
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert not cell.outputs and cell.execution_count is None, path.name
        titles = [c.source for c in nb.cells if c.cell_type == "markdown"]
        assert titles[0].startswith("# "), path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_tutorial_runs(path, tmp_path, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    from jupyter_client.kernelspec import NATIVE_KERNEL_NAME

    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(
        [str(ROOT)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=TIMEOUT_S, kernel_name=NATIVE_KERNEL_NAME,
        resources={"metadata": {"path": str(tmp_path)}})
    # the kernel of this interpreter, whatever kernel specs are installed
    client.kernel_manager_class.kernel_cmd = None
    client.extra_arguments = []
    assert sys.executable
    client.execute()
