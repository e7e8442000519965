"""Runs with several spin settings: one result per setting, and observables
that compare a setting with the spinless walk of the same walkers
(:func:`pathsim.simulate_spin` with a setting ``{}``)."""
import numpy as np

from pathsim.model.spin import describe, is_spinless
from pathsim.results import io, stats
from pathsim.results.distributions import _cos_and_weight
from pathsim.results.observables import check_fields


def spin_settings_of(result):
    """The settings of a run with several (``params["spin"]`` a list), else None."""
    settings = result.params.get("spin")
    return settings if isinstance(settings, list) else None


def split_spin(result):
    """One result per spin setting of a run with several (the spin axis of
    its tallies, :func:`pathsim.simulate` with ``spin=[...]``), each with
    its own setting in ``params["spin"]`` and the run's seeds, walkers and
    wall time; ``[result]`` for any other run."""
    settings = spin_settings_of(result)
    if settings is None:
        return [result]
    base = result.params["description"].rsplit("; spin: ", 1)[0]
    directions = result.params["grid"]["directions"]
    n_dir = len(directions) // len(settings)      # setting j: axes j n_dir .. (j + 1) n_dir - 1
    out = []
    for j, setting in enumerate(settings):
        p = dict(result.params, spin=setting, description=base + "; spin: "
                 + describe(setting))
        p["grid"] = dict(p["grid"], directions=directions[:n_dir])
        axes = slice(j * n_dir, (j + 1) * n_dir)
        part = {name: np.array(getattr(result, name)[:, axes])
                if name.startswith(("hist", "over", "tmom")) else np.array(getattr(result, name))
                for name in io.ARRAYS}
        out.append(type(result)(p, wall_time=result.wall_time, **part))
    return out


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
    (:ref:`theory-spin-twins`): the ratio is 2 without spin-orbit coupling and
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
