"""The rates of the two Cooperon channels when Elliott-Yafet spin-orbit
scattering and magnetic impurities act together, as the walk models them
(:mod:`pathsim.theory.spin_magnetic` has the derivation and the loop sums;
:ref:`theory-spin-magnetic`).  Kept apart so that :mod:`pathsim.theory.spin`
and :mod:`pathsim.theory.spin_magnetic` both use it without an import cycle.
"""
from pathsim._validate import check_choice, check_real  # noqa: F401

__all__ = ["COMBINE", "channel_rates"]

#: ways of combining the two spin relaxations: the walk's model (both
#: rotations at every scattering) or HLN's sum of rates
COMBINE = ("walk", "born")

def _rates_in(tau_so, tau_sf):
    """1 / tau_so and 1 / tau_sf (0 for None or inf), checked."""
    out = []
    for name, tau in (("tau_so", tau_so), ("tau_sf", tau_sf)):
        out.append(0.0 if tau is None else
                   1.0 / check_real(name, tau, lower=0.0, lower_open=True, allow_inf=True))
    return out


def channel_rates(tau_so=None, tau_sf=None, combine="walk"):
    """Relaxation rates (Gamma_t, Gamma_s) of the triplet and singlet
    Cooperons by Elliott-Yafet and magnetic scattering, in 1 / tau.

    Parameters
    ----------
    tau_so, tau_sf : float, optional
        Elliott-Yafet and magnetic spin relaxation times (tau) as defined in
        :mod:`pathsim.model.spin`; None: none.
    combine : {"walk", "born"}
        ``"walk"``: both rotations at every scattering, as the walk does
        (module docstring; exact per scattering, the rate 1 - lambda);
        ``"born"``: the rates added, as Hikami, Larkin & Nagaoka (Prog.
        Theor. Phys. 63, 707 (1980)) do, valid to first order in the
        rotations (tau_so, tau_sf >> tau) or for separate kinds of
        impurity.  The two agree when one of the times is None.

    Returns
    -------
    (float, float)
        Gamma_t, Gamma_s.
    """
    check_choice("combine", combine, COMBINE)
    r_so, r_sf = _rates_in(tau_so, tau_sf)
    cross = r_so * r_sf if combine == "walk" else 0.0
    return r_so + 0.5 * r_sf - 0.25 * cross, 1.5 * r_sf - 0.75 * cross
