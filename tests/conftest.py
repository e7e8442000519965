import os
import sys

# The thread-independence tests need two numba threads even on one core;
# this must be set before numba is first imported.  Under pytest-xdist
# (``-n N``) the N workers share the cores.
_WORKERS = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
os.environ.setdefault("NUMBA_NUM_THREADS", str(max(2, (os.cpu_count() or 1) // _WORKERS)))
# Small eigenproblems of the film theory run far slower with threaded BLAS
# while numba threads load the cores.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
sys.path.insert(0, os.path.dirname(__file__))

import pytest  # noqa: E402

from harness import run_preset as _run  # noqa: E402


@pytest.fixture(scope="session")
def quick_run():
    return _run("quick")


@pytest.fixture(scope="session")
def exact_run():
    return _run("exact")


@pytest.fixture(scope="session")
def hln_run():
    return _run("hln")


@pytest.fixture(scope="session")
def ln_law_run():
    return _run("ln-law")
