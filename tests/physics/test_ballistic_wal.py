"""The ballistic weak-antilocalization theory (pathsim.theory.ballistic_wal):
its limits, and the spin walkers against it in units of their standard
errors (|z| <= 4, harness.Z_MAX; fixed seed).

The heavy comparison (2 million walkers, three Rashba angles, linear
Dresselhaus, three tau_phi, every term) is
``python scripts/check_ballistic_wal.py``; its numbers are in the docs.
"""
import numpy as np
import pytest

import pathsim
from harness import assert_consistent
from pathsim.theory import ballistic_wal, exact_2d
from pathsim.theory.spin import ilp

TAUS = np.array([3.0, 10.0])
FIELDS = np.array([0.0, 0.3, 3.0])
SETTINGS = (dict(rashba=0.7), dict(dresselhaus=1.5))


def test_weak_rashba_is_the_spinless_exact_theory():
    """The triplet blocks reduce to three copies of the spinless Landau sums:
    theta = 1e-5 changes delta_sigma by O(theta^2), far below 1e-10."""
    b, tau = np.array([0.001, 0.1, 1.0, 3.0]), np.array([1.0, 30.0, 1000.0])
    for term in ("total", "backscattering", "nonbackscattering"):
        gap = ballistic_wal(b, tau, 1e-5, term=term) - exact_2d(b, tau, term=term)
        assert np.abs(gap).max() < 1e-10, (term, gap)


def test_diffusive_limit_is_ilp():
    """b, 1/tau_phi, theta^2 << 1: the magnetoconductance is ILP's within 1 %
    (measured 0.9996 .. 0.9999 at theta 0.03; the ballistic correction
    grows with theta, 0.92 at theta 0.5, tau_phi 100)."""
    for theta, tau in ((0.03, 1e4), (0.05, 4e3)):
        b = np.array([0.3, 1.0, 3.0]) / tau
        exact = ballistic_wal(b, tau, theta) - ballistic_wal(0.0, tau, theta)
        assert np.all(np.abs(exact / ilp(b, tau, theta) - 1.0) < 0.01)


def test_landau_cut_and_zero_field():
    """Doubling the Landau blocks moves the result by < 1e-5 G0, and the
    Landau sums at b -> 0 meet the zero-field q integral."""
    for b, tau, theta in ((0.001, 100.0, 1.5), (0.3, 10.0, 0.7)):
        a, c = (ballistic_wal(b, tau, theta, n_cut=n) for n in (400, 800))
        assert abs(a - c) < 1e-5
    assert abs(ballistic_wal(1e-4, 100.0, 1.0) - ballistic_wal(0.0, 100.0, 1.0)) < 1e-4


def test_bad_input():
    with pytest.raises(ValueError, match="tau_phi = inf"):
        ballistic_wal(0.0, np.inf, rashba=0.1)
    with pytest.raises(ValueError, match="rashba"):
        ballistic_wal(0.1, 10.0, rashba=-1.0)


@pytest.fixture(scope="module")
def spin_runs():
    return pathsim.simulate_spin([{}] + list(SETTINGS), walkers=40_000, tau_phi_max=10.0,
                                 tau_phi=TAUS.tolist(), truncation=10.0, blocks=16, seed=21,
                                 progress=False)


@pytest.mark.parametrize("k", range(len(SETTINGS)))
def test_spin_walkers_against_ballistic_theory(spin_runs, k):
    """delta_sigma with Rashba 0.7 or linear Dresselhaus 1.5 at tau_phi = 3, 10
    and b = 0, 0.3, 3, every term; and its change from the spinless walk on
    the same walkers (the spin part alone, far smaller errors)."""
    plain, run = spin_runs[0], spin_runs[k + 1]
    setting = SETTINGS[k]
    for term in ("backscattering", "nonbackscattering"):
        theory = ballistic_wal(FIELDS, TAUS, **setting, term=term)
        value, err = run.delta_sigma(FIELDS, TAUS, term=term)
        assert_consistent(value, err, theory, f"{setting} {term}")
        change = (run.loop_block_sums(FIELDS, TAUS, term)
                  - plain.loop_block_sums(FIELDS, TAUS, term))
        value, err = run.per_walker(change)
        assert_consistent(value, err, theory - exact_2d(FIELDS, TAUS, term=term),
                          f"{setting} {term}, change from spinless")
