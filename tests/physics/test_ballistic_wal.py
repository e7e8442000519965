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
SETTINGS = (dict(rashba=0.7), dict(dresselhaus=1.5), dict(rashba=0.7, dresselhaus=0.4))


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
    """delta_sigma with Rashba 0.7, linear Dresselhaus 1.5, or both (0.7
    and 0.4) at tau_phi = 3, 10 and b = 0, 0.3, 3, every term; and its change from the spinless walk on
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


# --- Rashba and linear Dresselhaus together (pathsim.theory.exact_spin_rd) ---

def test_coupled_solver_meets_the_one_term_blocks():
    """With one term the coupled Landau x triplet matrix falls apart into the
    3 x 3 blocks of the one-term theory: the same numbers to 1e-10 (either
    term, the larger one is put in the Rashba slot by the x <-> y mirror)."""
    from pathsim.theory.exact_spin import _one
    from pathsim.theory.exact_spin_rd import triplet_change
    for b, tau in ((0.3, 10.0), (3.0, 3.0)):
        one = np.array(_one(b, 1.0 / tau, 0.7, 96))
        for a, d in ((0.7, 0.0), (0.0, 0.7)):
            both = np.array(triplet_change.__wrapped__(b, 1.0 / tau, a, d, 96))
            assert np.abs(both - one).max() < 1e-10, (b, tau, a, d, both - one)


def test_persistent_spin_helix_is_the_spinless_theory():
    """rashba == dresselhaus: the field has a fixed axis, every closed loop
    turns the spin by zero, and delta_sigma is exact_2d in every term; close
    to it the correction goes over continuously (within the Landau cut's
    1e-5 G0)."""
    b = np.array([0.0, 0.1, 1.0])
    for term in ("total", "backscattering", "nonbackscattering"):
        assert np.array_equal(ballistic_wal(b, 10.0, 0.7, 0.7, term=term),
                              exact_2d(b, 10.0, term=term))
    near = ballistic_wal(b[1:], 10.0, 0.7, 0.7 * (1.0 - 1e-3)) - exact_2d(b[1:], 10.0)
    assert np.abs(near).max() < 1e-5, near


def test_both_terms_diffusive_limit_is_ilp():
    """b, 1/tau_phi, theta^2 << 1 with both terms: the magnetoconductance
    is ILP's (pathsim.theory.spin.ilp with rashba and dresselhaus) within
    1 % (measured in scripts/check_ballistic_wal_rd.py)."""
    a, d, tau = 0.05, 0.03, 4000.0
    b = np.array([0.3, 3.0]) / tau
    exact = ballistic_wal(b, tau, a, d) - ballistic_wal(0.0, tau, a, d)
    ratio = exact / ilp(b, tau, a, dresselhaus=d)
    assert np.all(np.abs(ratio - 1.0) < 0.01), ratio
