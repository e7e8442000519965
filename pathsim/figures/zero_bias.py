"""The zero-bias anomaly: tunnelling conductance dI/dV(V) / G_N of a film
at several temperatures (2D, ln-squared Coulomb anomaly, thermally smeared
by the Fermi window), and the 3D square-root cusp for comparison
(:mod:`pathsim.theory.tunnelling`).  Weak localization leaves the density of
states alone: this dip is the interaction's own signature."""
import numpy as np

from ..analysis.experiment import Film
from ..theory import tunnelling
from . import _style
from .tangled_web import FILM

NAME = "zero_bias"
TEMPS = (0.5, 2.0, 8.0)


def make(out_dir, quick=False, seed=None, progress=None):
    """Write ``zero_bias.png`` and ``.pdf``."""
    film = Film(**FILM)
    V = np.linspace(-4e-3, 4e-3, 41 if quick else 161)
    with _style.style():
        fig, (ax, ax3) = _style.figure(1, 2, figsize=(8.0, 4.2))
        curves = [film.didv(V, T) for T in TEMPS]
        for T, g, color in zip(TEMPS, curves, _style.COLORS):
            ax.plot(1e3 * V, g, color=color, label=f"T = {T:g} K")
        ax.plot(1e3 * V, 1.0 + tunnelling.dos_2d(np.abs(V) * 1.602176634e-19 * film.tau_s
                                                 / 1.054571817e-34 + 1e-30, film.sigma_D,
                                                 film.screening),
                color="0.3", ls="--", lw=1.0, label="T = 0: $\\delta\\nu(eV)/\\nu$")
        low, high = min(c.min() for c in curves), max(c.max() for c in curves)
        ax.set_ylim(low - 0.3 * (high - low), high + 0.1 * (high - low))
        ax.set_xlabel("bias V (mV)")
        ax.set_ylabel("$dI/dV \\,/\\, G_N$")
        ax.set_title(f"2D film, $\\sigma_D$ = {film.sigma_D:g} $G_0$:\nln$^2$ anomaly")
        ax.legend(fontsize=8)
        eps = np.linspace(-0.01, 0.01, 41 if quick else 161)
        for t, color in zip((0.0, 2e-4, 1e-3), _style.COLORS):
            g = tunnelling.tunnelling_conductance(eps, t, tunnelling.dos_3d, s=30.0, F=0.5)
            ax3.plot(1e3 * eps, g - g.max(), color=color,
                     label=f"$k_BT\\tau/\\hbar$ = {t:g}")
        ax3.set_xlabel("$eV\\tau/\\hbar$ ($10^{-3}$)")
        ax3.set_ylabel("$dI/dV/G_N - $ max")
        ax3.set_title("3D, $\\sigma$ = 30 $G_0/l$, $F_\\sigma$ = 0.5:\n$\\sqrt{|V|}$ cusp")
        ax3.legend(fontsize=8)
        return _style.save(fig, out_dir, NAME)
