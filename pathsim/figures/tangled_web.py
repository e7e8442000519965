"""The seed's argument on one page: is the ln T rise of R weak localization
or interaction?  R(T) at zero field, in a perpendicular field that kills
weak localization, and in a parallel field of the same size that acts only
through Zeeman splitting on the interaction correction; the contributions
shaded (:ref:`theory-diffusive`,
:ref:`theory-confinement`, :ref:`theory-interactions`).  The film: :data:`FILM`, weak
localization from the exact 2D theory (1 T is 0.3 B_tr here, beyond HLN;
``pathsim experiment --wl simulation`` gives the simulated version)."""
import numpy as np

from ..analysis.experiment import Film
from . import _style

NAME = "tangled_web"
FILM = dict(D=5e-3, tau_ps=0.01, sigma_D=100.0, tau_phi1_ps=10.0, p=1.0, F=0.5)
FIELD = 1.0   # tesla: 0.3 B_tr for this film, h = 4.5 at 0.3 K
WL = "exact"


def make(out_dir, quick=False, seed=None, progress=None):
    """Write ``tangled_web.png`` and ``.pdf``."""
    film = Film(**FILM)
    T = np.geomspace(0.3, 20, 25 if quick else 80)
    R0 = film.resistance(T, method=WL)[0]
    Rp = film.resistance(T, B_perp=FIELD, method=WL)[0]
    Rq = film.resistance(T, B_par=FIELD, method=WL)[0]
    wl0, _ = film.wl(T, method=WL)
    wlp, _ = film.wl(T, B_perp=FIELD, method=WL)
    ee0, eeB = film.ee(T), film.ee(T, FIELD)
    with _style.style():
        fig, (ax, parts) = _style.figure(2, 1, figsize=(6.5, 7.5), sharex=True,
                                         gridspec_kw=dict(height_ratios=(1.6, 1.2)))
        for R, color, label in ((R0, _style.COLORS[0], "B = 0"),
                                (Rq, _style.COLORS[2], f"$B_\\parallel$ = {FIELD:g} T "
                                 "(Zeeman only)"),
                                (Rp, _style.COLORS[1], f"$B_\\perp$ = {FIELD:g} T "
                                 "(kills weak localization)")):
            ax.plot(T, R, color=color, label=label)
        ax.axhline(film.R_D, color="0.4", ls=":", label="Drude $R_D$")
        ax.fill_between(T, Rp, R0, color=_style.COLORS[0], alpha=0.2,
                        label="weak localization (removed by $B_\\perp$)")
        ax.fill_between(T, film.R_D, Rp, color=_style.COLORS[4], alpha=0.25,
                        label="interaction (+ Zeeman)")
        ax.set_ylabel("sheet resistance R ($\\Omega$)")
        ax.set_title("Weak localization or interaction?  The field direction decides\n"
                     f"D = {film.D:g} m$^2$/s, $\\tau$ = {film.tau_ps:g} ps, "
                     f"$\\tau_\\phi$ = {film.tau_phi1_ps:g} ps (T/1 K)$^{{-{film.p:g}}}$, "
                     f"$F_\\sigma$ = {film.F:g}, g = {film.g:g}\n"
                     "weak localization: exact 2D theory; interaction: Altshuler-Aronov with Zeeman")
        ax.legend(fontsize=8.5)
        parts.fill_between(T, 0, wl0 - wl0[-1], color=_style.COLORS[0], alpha=0.3,
                           label="weak localization, B = 0 (slope p)")
        parts.plot(T, wlp - wlp[-1], color=_style.COLORS[1], lw=1.2,
                   label="weak localization, $B_\\perp$ (suppressed)")
        parts.fill_between(T, 0, ee0 - ee0[-1], color=_style.COLORS[4], alpha=0.3,
                           label="interaction, B = 0 (slope 1 - 3F/4)")
        parts.plot(T, eeB - ee0[-1], color=_style.COLORS[2], lw=1.2,
                   label="interaction at |B|, either direction (Zeeman)")
        parts.set_ylabel("$\\delta\\sigma(T) - \\delta\\sigma$(20 K)\n($G_0 = e^2/\\pi h$)")
        parts.set_xlabel("temperature T (K)")
        parts.set_xscale("log")
        _style.log_ticks(parts)
        parts.legend(fontsize=8)
        return _style.save(fig, out_dir, NAME)
