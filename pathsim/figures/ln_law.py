"""The 2D ln law: delta_sigma(B = 0) = -ln(tau_phi / tau) + const.

The loop sum of weak localization in 2D grows logarithmically with the
phase-coherence time, with slope exactly -1 G0 in the diffusive limit
(Chakravarty & Schmid 1986; :ref:`theory-ln-law`).  The exact theory
(Wittmann & Schmid 1987; Dmitriev, Gornyi & Kachorovskii 1997),
-(2/(2+g)) [(1+g) ln((1+g)/g) - ln 2] with g = tau / tau_phi, tends to
-ln(tau_phi / tau) + ln 2 and bends away from it once tau_phi ~ tau.
"""
import numpy as np

from .. import theory
from . import _style, _workloads

NAME = "ln_law"
POINTS_PER_DECADE = 5
FIT_DECADES = 1.0        # the slope is fitted over the last decade of tau_phi


def make(out_dir, quick=False, seed=None, progress=None):
    """Write ``ln_law.png`` and ``ln_law.pdf`` into ``out_dir``."""
    run = _workloads.run(NAME, quick, seed, progress)
    tau_max = run.params["tau_phi_max"]
    decades = np.log10(tau_max)
    tau = np.logspace(0.0, decades, int(round(decades * POINTS_PER_DECADE)) + 1)
    ds, err = run.delta_sigma(0.0, tau)
    fit_tau = tau[tau >= tau_max / 10.0 ** FIT_DECADES * (1 - 1e-9)]
    slope, slope_err = run.ln_slope(fit_tau)
    # What the exact theory gives for the same least-squares fit (not -1 exactly:
    # the non-diffusive corrections ~ (tau/tau_phi) ln(tau_phi/tau) remain).
    x_fit = np.log(fit_tau)
    exact_slope = np.polyfit(x_fit, theory.exact_2d(0.0, fit_tau), 1)[0]
    exact = theory.exact_2d(0.0, tau)

    x = np.log(tau)
    tau_fine = np.geomspace(tau[0] * 0.8, tau[-1] * 1.25, 300)
    x_fine = np.log(tau_fine)
    with _style.style():
        fig, (ax, res) = _style.figure(
            2, 1, sharex=True, gridspec_kw=dict(height_ratios=(2.6, 1.0)))
        ax.plot(x_fine, theory.exact_2d(0.0, tau_fine), color=_style.THEORY, lw=1.5,
                label="exact 2D theory")
        ax.plot(x_fine, -x_fine + np.log(2.0), color=_style.COLORS[1], lw=1.4, ls="--",
                label="ln law $-\\ln(\\tau_\\phi/\\tau) + \\ln 2$\n(its diffusive limit)")
        _style.errorbar(ax, x, ds, err, color=_style.COLORS[0],
                        label="simulation, $B = 0$")
        ax.axvspan(x_fit[0], x_fit[-1], color="0.92", zorder=0,
                   label=f"fit: slope {slope:.3f} $\\pm$ {slope_err:.3f} G$_0$\n"
                         f"(exact theory, same range: {exact_slope:.3f})")
        ax.set_ylabel("$\\delta\\sigma(B = 0)$ / $G_0$,  $G_0 = e^2/(\\pi h)$")
        ax.set_title("Weak-localization correction at zero field against "
                     "$\\ln(\\tau_\\phi/\\tau)$\n" + _style.run_note(run) + ", 1$\\sigma$ errors")
        ax.legend(loc="lower left")

        res.axhline(0.0, color=_style.THEORY, lw=1.2)
        _style.errorbar(res, x, ds - exact, err, color=_style.COLORS[0])
        res.axvspan(x_fit[0], x_fit[-1], color="0.92", zorder=0)
        res.set_ylabel("simulation\n$-$ exact / $G_0$")
        res.set_xlabel("$\\ln(\\tau_\\phi/\\tau)$")
        top = ax.secondary_xaxis("top", functions=(np.exp, np.log))
        top.set_xscale("log")
        _style.log_ticks(top)
        top.set_xlabel("$\\tau_\\phi$ / $\\tau$", fontsize=10)
        return _style.save(fig, out_dir, NAME)
