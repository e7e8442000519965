"""The Hall coefficient against ln T: interactions shift it,
delta R_H / R_H = -2 delta_sigma_ee / sigma_D, weak localization does not
(Altshuler, Khmelnitskii, Larkin & Lee 1980).  The resistance of the same
film rises with slope p + 1 - 3F/4, R_H with 2 (1 - 3F/4) only."""
import numpy as np

from ..analysis.experiment import Film
from . import _style
from .tangled_web import FILM

NAME = "hall_ln_t"
F_VALUES = (0.0, 0.5, 1.0)


def make(out_dir, quick=False, seed=None, progress=None):
    """Write ``hall_ln_t.png`` and ``.pdf``."""
    T = np.geomspace(0.3, 30, 20 if quick else 60)
    with _style.style():
        fig, (ax, axr) = _style.figure(1, 2, figsize=(8.0, 4.2))
        for F, color in zip(F_VALUES, _style.COLORS):
            film = Film(**dict(FILM, F=F))
            RH0 = 1.0 / (film.density_m2 * 1.602176634e-19)
            ax.plot(T, 1e2 * (film.hall(T) / RH0 - 1.0), color=color,
                    label=f"$F_\\sigma$ = {F:g}: slope $-2(1-3F/4)/\\sigma_D$")
            R = film.resistance(T)[0]
            axr.plot(T, 1e2 * (R / film.R_D - 1.0), color=color, label=f"$F_\\sigma$ = {F:g}")
        for a in (ax, axr):
            a.set_xscale("log")
            a.set_xticks([0.3, 1, 3, 10, 30], ["0.3", "1", "3", "10", "30"])
            a.set_xticks([], minor=True)
            a.set_xlabel("temperature T (K)")
        ax.set_ylabel("$\\delta R_H / R_H$ (%)")
        ax.set_title(f"Hall coefficient: interactions only\n$\\sigma_D$ = {FILM['sigma_D']:g} "
                     "$G_0$, $R_H = 1/ne$ at $\\delta\\sigma_{ee}$ = 0")
        ax.legend(fontsize=8)
        axr.set_ylabel("$R / R_D - 1$ (%)")
        axr.set_title("Resistance: weak localization + interactions\n"
                      f"p = {FILM['p']:g}, B = 0")
        axr.legend(fontsize=8)
        return _style.save(fig, out_dir, NAME)
