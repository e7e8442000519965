"""The figure of a :func:`pathsim.analysis.disentangle` fit: the data and
the fit against T, the two contributions at zero field, the residuals."""
import numpy as np

from .._files import atomic_path
from . import _style


def plot_fit(fit, path):
    """Write the three-panel figure of ``fit`` to ``path`` (format from the
    extension), atomically; returns ``path``."""
    d = fit.data
    T, Bp, Bq, s = d["T_K"], d["B_perp_T"], d["B_par_T"], d["sigma"]
    fine = np.geomspace(T.min(), T.max(), 200)
    with _style.style():
        fig, axes = _style.figure(3, 1, figsize=(6.5, 8.5), sharex=True,
                                  gridspec_kw=dict(height_ratios=(2.2, 1.6, 1.0)))
        top, mid, res = axes
        configs = sorted({(a, b) for a, b in zip(Bp, Bq)})
        zero = [(a, b) for a, b in configs if a == 0 and b == 0]
        shown = zero + [c for c in configs if c not in zero][:: max(1, len(configs) // 6)][:6]
        for k, (a, b) in enumerate(shown):
            sel = (Bp == a) & (Bq == b)
            color = _style.COLORS[k % len(_style.COLORS)]
            label = "B = 0" if a == b == 0 else (f"$B_\\perp$ = {a:g} T" if a else
                                                 f"$B_\\parallel$ = {b:g} T")
            top.plot(T[sel], s[sel] - fit.sigma_D, "o", color=color, mfc="white", label=label)
            top.plot(fine, fit.model(fine, a, b) - fit.sigma_D, "-", color=color, lw=1.2)
        top.set_ylabel("$\\sigma - \\sigma_D$  ($G_0 = e^2/\\pi h$)")
        top.set_title(f"disentangle: p = {fit.p:.3f} $\\pm$ {fit.p_err:.2g}, "
                      f"$F_\\sigma$ = {fit.F:.3f} $\\pm$ {fit.F_err:.2g},\n"
                      f"$\\tau_\\phi$(1 K) = {fit.tau_phi_1K_ps:.3g} $\\pm$ "
                      f"{fit.tau_phi_1K_ps_err:.2g} ps, "
                      f"$\\sigma_D$ = {fit.sigma_D:.5g} $G_0$ ($\\tau$ = {fit.tau_ps:g} ps "
                      "input); lines: fit")
        top.legend(fontsize=8, ncol=2)
        wl, ee = fit.parts(fine)
        wl, ee = wl - wl[0], ee - ee[0]
        mid.fill_between(fine, 0, wl, color=_style.COLORS[0], alpha=0.3,
                         label=f"weak localization (slope {fit.slope_wl:.3f})")
        mid.fill_between(fine, wl, wl + ee, color=_style.COLORS[1], alpha=0.3,
                         label=f"interaction (slope 1 - 3F/4 = {fit.slope_ee:.3f})")
        mid.plot(fine, wl + ee, color="k", lw=1.2, label="sum at B = 0")
        mid.set_ylabel("$\\sigma(T) - \\sigma(T_{min})$\n($G_0$), B = 0")
        mid.legend(fontsize=8)
        res.plot(T, s - fit.model(T, Bp, Bq), "o", ms=3, color="0.3")
        res.axhline(0.0, color="k", lw=0.8)
        res.set_ylabel("residual ($G_0$)")
        res.set_xlabel("temperature T (K)")
        res.set_xscale("log")
        _style.log_ticks(res)
        atomic_path(path, lambda tmp: fig.savefig(tmp, dpi=_style.DPI))
    return path
