"""The safety net of the package reorganization (issue 11): seeded runs of
every walk kind reproduce the raw tallies and observables recorded before
the move (tests/golden/cases.py), to relative 1e-12."""
import os
import sys

import numpy as np
import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), os.pardir, "golden"))
from cases import GOLDEN, compute  # noqa: E402


@pytest.fixture(scope="module")
def current():
    return compute()


def test_golden_outputs_unchanged(current):
    with np.load(GOLDEN) as golden:
        expected = {key: golden[key] for key in golden.files}
    assert sorted(current) == sorted(expected)
    for key, value in expected.items():
        np.testing.assert_allclose(current[key], value, rtol=1e-12, atol=0,
                                   err_msg=key)
