"""The safety net of the package reorganization (issue 11): seeded runs of
every walk kind reproduce the raw tallies and observables recorded before
the move (tests/golden/cases.py).

Integer tallies (walker and event counts, loop ids) must match exactly. The
floating tallies and observables are compared at relative 1e-9 of each
array's scale: the walks themselves are the same on every CPU, but sums
that numpy or numba vectorise (the tally accumulations, batch means and
their errors) are added in an order that depends on the CPU's vector width,
which moves the last bits (4e-12 relative was seen between two x86-64
machines). 1e-9 survives that and still catches any change of the random
stream or of the physics, which moves these numbers at the percent level.
"""
import os
import sys

import numpy as np
import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), os.pardir, "golden"))
from cases import GOLDEN, compute  # noqa: E402

RTOL = 1e-9


@pytest.fixture(scope="module")
def current():
    return compute()


def test_golden_outputs_unchanged(current):
    with np.load(GOLDEN) as golden:
        expected = {key: golden[key] for key in golden.files}
    assert sorted(current) == sorted(expected)
    for key, value in expected.items():
        if value.dtype.kind in "iub":
            np.testing.assert_array_equal(current[key], value, err_msg=key)
            continue
        finite = np.isfinite(value)
        np.testing.assert_array_equal(np.isfinite(current[key]), finite, err_msg=key)
        scale = np.abs(value[finite]).max() if finite.any() else 0.0
        np.testing.assert_allclose(current[key][finite], value[finite], rtol=RTOL,
                                   atol=RTOL * scale, err_msg=key)
