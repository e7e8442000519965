"""Weak localization to weak antilocalization: spin-orbit scattering.

Each loop's weight carries its spin factor s = (1/2) Tr(U_loop^dagger
U_twin) (:ref:`theory-spin-twins`).  Elliott-Yafet spin-orbit scattering with
spin relaxation time tau_so relaxes the triplet Cooperons, not the
singlet: the magnetoconductance goes from HLN (weak localization) through
a minimum to -1/2 of HLN (antilocalization) as B_so / B_phi = tau_phi /
tau_so grows (Hikami, Larkin & Nagaoka 1980), and the coherent / classical
return ratio 1 + <s>_t falls from 2 to 1/2 on the time scale tau_so.
"""
import numpy as np

from ..presets import preset
from ..results.spin import spin_return_ratio
from ..run.spin import simulate_spin
from ..theory.spin import hln_so
from . import _style

NAME = "spin_crossover"
SO_RATIOS = (0.0, 0.3, 1.0, 3.0, 10.0, 100.0)   # B_so / B_phi
RATIOS = np.geomspace(0.03, 30.0, 13)           # B / B_phi at the simulated points


def make(out_dir, quick=False, seed=None, progress=None):
    """Write ``spin_crossover.png`` and ``.pdf`` into ``out_dir``."""
    kwargs = preset(f"figure:{NAME}" + (":quick" if quick else ""))
    if seed is not None:
        kwargs["seed"] = seed
    tau = kwargs["tau_phi_max"]
    # tau_so >= 2 tau (the quick run's short tau_phi caps the strongest)
    settings = [dict(tau_so=max(2.0, tau / r)) if r else {} for r in SO_RATIOS]
    runs = simulate_spin(settings, progress=progress, **kwargs)
    fine = np.geomspace(RATIOS[0], RATIOS[-1], 200)
    with _style.style():
        fig, (ax, ratio_ax) = _style.figure(1, 2, figsize=(11.0, 4.5))
        for run, color in zip(runs, _style.COLORS):
            tau_so = run.params["spin"]["tau_so"]
            r = 0.0 if tau_so is None else tau / tau_so
            mc, err = run.magnetoconductance(RATIOS / tau, tau)
            label = "no spin-orbit" if not r else f"$B_{{so}}/B_\\phi$ = {r:g}"
            _style.errorbar(ax, RATIOS, mc, err, color=color, label=label)
            ax.plot(fine, hln_so(fine / tau, tau, tau_so=tau_so), color=color, lw=1.2,
                    ls="--", zorder=2)
            t, value, verr = spin_return_ratio(run, runs[0], 0.0, bins_per_decade=4)
            keep = (t > 2.0) & (t < 3 * tau) & np.isfinite(value)
            _style.errorbar(ratio_ax, t[keep], value[keep], verr[keep], color=color)
            if tau_so is not None:
                ratio_ax.plot(t[keep], 1.0 + (3.0 * np.exp(-t[keep] / tau_so) - 1.0) / 2.0,
                              color=color, lw=1.2, ls="--")
        ax.plot([], [], color="0.4", ls="--", lw=1.2, label="HLN with spin-orbit")
        ax.axhline(0.0, color="0.6", lw=0.8)
        ax.set_xscale("log")
        _style.log_ticks(ax)
        ax.set_xlabel("$B / B_\\phi$")
        ax.set_ylabel("$[\\delta\\sigma(B) - \\delta\\sigma(0)]$ / $G_0$")
        ax.set_title("WL to WAL: Elliott-Yafet spin-orbit scattering\n"
                     + _style.run_note(runs[0]) + f", $\\tau_\\phi$ = {tau:g} $\\tau$")
        ax.legend(loc="upper left", fontsize=8)
        ratio_ax.axhline(2.0, color="0.6", lw=0.8)
        ratio_ax.axhline(0.5, color="0.6", lw=0.8)
        ratio_ax.plot([], [], color="0.4", ls="--", lw=1.2,
                      label="diffusive: $1 + (3 e^{-t/\\tau_{so}} - 1)/2$")
        ratio_ax.set_xscale("log")
        _style.log_ticks(ratio_ax)
        ratio_ax.set_xlabel("return time $t / \\tau$")
        ratio_ax.set_ylabel("coherent / classical return, $1 + \\langle s\\rangle_t$")
        ratio_ax.set_title("B = 0: the factor 2 becomes 1/2 ($s$ = spin factor "
                           "of loop and twin)")
        ratio_ax.set_ylim(0.3, 2.2)
        ratio_ax.legend(loc="upper right", fontsize=8)
        return _style.save(fig, out_dir, NAME)
