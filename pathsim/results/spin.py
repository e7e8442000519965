"""Observables that compare a spin setting with the spinless walk of the
same walkers (:func:`pathsim.simulate_spin` with a setting ``{}``)."""
import numpy as np

from pathsim.model.spin import is_spinless
from pathsim.results import stats
from pathsim.results.distributions import _cos_and_weight
from pathsim.results.observables import check_fields


def _same_walk(spin, plain):
    keys = ("seed", "walkers", "blocks", "t_cut", "grid")
    same = all(spin.params.get(k) == plain.params.get(k) for k in keys)
    if not same or not is_spinless(plain.params.get("spin") or dict(
            rashba=0, dresselhaus=0, dresselhaus3=0, tau_so=None, tau_sf=None, zeeman=None)):
        raise ValueError("spin and plain must be settings of one simulate_spin run, "
                         "plain without spin terms")


def spin_return_ratio(spin, plain, b=0.0, bins_per_decade=None):
    """Coherent / classical return probability 1 + <s cos(b A)>_t per time bin.

    s = (1/2) Tr(U_loop^dagger U_twin) is each loop's spin factor
    (PHYSICS.md section 9): the ratio is 2 without spin-orbit coupling and
    tends to 1/2 when the loop's spin rotation is random (strong
    spin-orbit: <s> = -1/2).  The classical weights come from ``plain``,
    the spinless setting of the same run.

    Returns
    -------
    t, value, stderr : ndarray
        Bin centres (tau) and the ratio, shapes as
        :meth:`pathsim.results.SimulationResult.return_ratio`.
    """
    _same_walk(spin, plain)
    b, b_scalar = check_fields(b)
    num, _, edges = _cos_and_weight(spin, b, 0, bins_per_decade)
    _, den, _ = _cos_and_weight(plain, b, 0, bins_per_decade)
    value, err = stats.ratio(num, np.broadcast_to(den[:, None, :], num.shape))
    if b_scalar:
        value, err = value[0], err[0]
    return np.sqrt(edges[:-1] * edges[1:]), 1.0 + value, err
