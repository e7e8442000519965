"""2D magnetoconductance: delta_sigma(B) - delta_sigma(0) against B / B_phi.

A perpendicular field gives the twins of each loop the relative phase b A and
so removes the weak-localization correction, loop by loop from the largest.
In the diffusive limit this is the Hikami-Larkin-Nagaoka law
psi(1/2 + B_phi/B) - ln(B_phi/B) (Hikami, Larkin & Nagaoka 1980), a function
of B / B_phi = b tau_phi alone; the exact theory (Wittmann & Schmid 1987;
Dmitriev, Gornyi & Kachorovskii 1997) departs from it when tau_phi is not
>> tau or B approaches B_tr (:ref:`theory-hln`, :ref:`theory-hln-validity`).
"""
import numpy as np

from .. import theory
from . import _style, _workloads

NAME = "magnetoconductance"
RATIOS = np.geomspace(0.01, 100.0, 17)     # B / B_phi at the simulated points


def tau_phis(tau_phi_max):
    """The three tau_phi of the figure: tau_phi_max / 10, / 3 and itself."""
    return np.array([tau_phi_max / 10.0, tau_phi_max / 3.0, tau_phi_max])


def make(out_dir, quick=False, seed=None, progress=None):
    """Write ``magnetoconductance.png`` and ``.pdf`` into ``out_dir``."""
    run = _workloads.run(NAME, quick, seed, progress)
    taus = tau_phis(run.params["tau_phi_max"])
    fine = np.geomspace(RATIOS[0], RATIOS[-1], 200)

    with _style.style():
        fig, (ax, res) = _style.figure(
            2, 1, sharex=True, gridspec_kw=dict(height_ratios=(2.6, 1.0)))
        for tau, color in zip(taus, _style.COLORS):
            mc, err = run.magnetoconductance(RATIOS / tau, tau)
            exact = theory.exact_2d(RATIOS / tau, tau) - theory.exact_2d(0.0, tau)
            _style.errorbar(ax, RATIOS, mc, err, color=color,
                            label=f"$\\tau_\\phi$ = {tau:g} $\\tau$ "
                                  f"($B_\\phi$ = {1 / tau:.3g} $B_{{tr}}$)")
            ax.plot(fine, theory.exact_2d(fine / tau, tau) - theory.exact_2d(0.0, tau),
                    color=color, ls="--", lw=1.3, zorder=2)
            _style.errorbar(res, RATIOS, mc - exact, err, color=color, ms=3.5)
        ax.plot(fine, theory.hln(fine, 1.0), color=_style.THEORY, lw=1.3, zorder=1,
                label="HLN (diffusive, any $\\tau_\\phi$)")
        ax.plot([], [], color="0.4", ls="--", lw=1.3,
                label="exact 2D theory (same colour)")
        ax.set_xscale("log")
        _style.log_ticks(ax)
        ax.set_ylabel("$[\\delta\\sigma(B) - \\delta\\sigma(0)]$ / $G_0$")
        ax.set_title("Magnetoconductance: the field removes the weak-localization "
                     "correction\n" + _style.run_note(run) + ", 1$\\sigma$ errors")
        ax.legend(loc="upper left")
        res.axhline(0.0, color="0.4", lw=1.0, ls="--")
        res.set_ylabel("simulation\n$-$ exact / $G_0$")
        res.set_xlabel("$B / B_\\phi = b\\,\\tau_\\phi/\\tau$   "
                       "($B_\\phi / B_{tr} = \\tau/\\tau_\\phi$, $b = B/B_{tr}$)")
        return _style.save(fig, out_dir, NAME)
