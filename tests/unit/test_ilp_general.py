"""ILP with Rashba and Dresselhaus together (the Landau-level matrix of
:mod:`pathsim.theory.spin_levels`) against its exact limits: numbers, not
statistics."""
import numpy as np
import pytest

from pathsim import theory
from pathsim.theory import spin_levels
from pathsim.theory._common import hln_of_ratio
from pathsim.theory.spin import ilp

TAU = 300.0
B = np.array([0.1, 1.0, 10.0]) / TAU


def _general(b, **angles):
    """The general solver forced on any setting (triplet + singlet, G0)."""
    return np.array([spin_levels.magnetoconductance(bi, TAU, angles.get("rashba", 0.0),
                                                    angles.get("dresselhaus", 0.0),
                                                    angles.get("dresselhaus3", 0.0), 8000)
                     - 0.5 * hln_of_ratio(bi * TAU) for bi in b])


def test_persistent_spin_helix_is_spinless():
    """Equal Rashba and linear Dresselhaus, no cubic term: a pure SU(2)
    gauge, so the magnetoconductance is HLN's (to the truncation, 1e-7)."""
    np.testing.assert_allclose(ilp(B, TAU, 0.2, dresselhaus=0.2), theory.hln(B, TAU),
                               rtol=0, atol=1e-7)
    # and it is not HLN when the cubic term breaks the helix
    assert np.all(np.abs(ilp(B, TAU, 0.2, dresselhaus=0.2, dresselhaus3=0.1)
                         - theory.hln(B, TAU)) > 1e-3 * np.abs(theory.hln(B, TAU)))


@pytest.mark.parametrize("cubic", [0.0, 0.1])
def test_one_linear_term_in_the_general_matrix(cubic):
    """The general matrix with Dresselhaus alone equals the 3 x 3 block
    solution for Rashba alone with the same angle (the two terms map onto
    each other by a rotation of the axes with a spin rotation)."""
    np.testing.assert_allclose(_general(B, dresselhaus=0.2, dresselhaus3=cubic),
                               ilp(B, TAU, 0.2, dresselhaus3=cubic), rtol=0, atol=1e-7)


def test_rashba_and_dresselhaus_exchange():
    """Rashba a with Dresselhaus d equals Rashba d with Dresselhaus a (only
    |a|, |d| enter), and lies between weak localization and the
    antilocalization of one term."""
    one = ilp(B, TAU, 0.2, dresselhaus=0.1)
    np.testing.assert_allclose(ilp(B, TAU, 0.1, dresselhaus=0.2), one, rtol=0, atol=1e-9)
    assert one[-1] > ilp(B[-1], TAU, 0.2) and one[-1] < theory.hln(B[-1], TAU)
