"""The factor two out of summed complex amplitudes (frozen impurity fields).

In each realization of a frozen field of point scatterers, 16 electrons leave
the start impurity; every returning path gets the amplitude
exp(-L / 2 tau_phi) exp(i (k_F L + scattering phases)), and so does its twin,
with Aharonov-Bohm phases +-b A / 2 (:func:`pathsim.run.frozen.twin_amplitudes`).
The coherent sum |sum (a + a_twin)|^2 of one realization is a speckle
pattern: cross terms between different loops make it anything from 0 to many
times the incoherent sum.  Averaged over realizations they cancel, and the
ratio of the averages is 2 at B = 0 (twins in phase) and falls towards 1 once
the field scrambles the twins' relative phase b A.
"""
import numpy as np

from ..run import twin_amplitudes
from ..model import impurity_field
from . import _style

NAME = "twin_amplitudes"
CROSS_SECTION = 0.1     # point scatterers, n a^2 = 0.025
K_F = (10.0, 30.0)      # k_F l
FIELDS = (0.0, 30.0, 1e4)
TAU_PHI = 5.0
WALKERS_PER_REALIZATION = 16
REALIZATIONS = {False: 40_000, True: 500}
DEFAULT_SEED = 31


def make(out_dir, quick=False, seed=None, progress=None):
    """Write ``twin_amplitudes.png`` and ``twin_amplitudes.pdf`` into ``out_dir``."""
    seed = DEFAULT_SEED if seed is None else seed
    field = impurity_field(2, kind="point", cross_section=CROSS_SECTION)
    result = twin_amplitudes(field, REALIZATIONS[quick],
                             walkers_per_realization=WALKERS_PER_REALIZATION, k_f=K_F,
                             b=FIELDS, tau_phi=TAU_PHI, truncation=3.0, seed=seed,
                             progress=progress)
    ratio, err = result.ratio()
    n = np.arange(1, result.n_realizations + 1)

    with _style.style():
        fig, (ax, hist) = _style.figure(1, 2, figsize=(10.0, 4.3),
                                        gridspec_kw=dict(width_ratios=(1.5, 1.0)))
        for value in (1.0, 2.0):
            ax.axhline(value, color="0.5", lw=1.0, ls=":", zorder=1)
        styles = {0: "-", 1: "--"}
        for k, kf in enumerate(K_F):
            for j, (b, color) in enumerate(zip(FIELDS, _style.COLORS)):
                label = (f"$b$ = {b:g}: {ratio[k, j]:.3f} $\\pm$ {err[k, j]:.3f}"
                         f" ($k_F l$ = {kf:g})")
                ax.plot(n, result.running_ratio(k, j), color=color, ls=styles[k], lw=1.2,
                        label=label)
        ax.set_xscale("log")
        ax.set_ylim(0.5, 3.4)
        ax.set_xlabel("realizations averaged")
        ax.set_ylabel(r"$\langle |\sum (a + a_{twin})|^2 \rangle$ / "
                      r"$\langle \sum |a|^2 + |a_{twin}|^2 \rangle$")
        ax.set_title("Running ratio of the averages (solid $k_F l$ = 10, dashed 30);\n"
                     "zero-area loops (e.g. back and forth twice) stay coherent in any field",
                     fontsize=9.5)
        ax.legend(loc="upper center", fontsize=7.5, ncol=2)

        per = result.realization_ratios(0, 0)
        bins = np.linspace(-0.0625, 8.0625, 66)   # 2 at a bin centre
        hist.hist(per, bins=bins, color=_style.COLORS[0], alpha=0.75,
                  label=f"B = 0, $k_F l$ = {K_F[0]:g}")
        hist.axvline(2.0, color="black", lw=1.2, ls="--", label="2")
        hist.set_xlabel("coherent / incoherent, one realization")
        hist.set_ylabel("realizations")
        hist.set_title(f"{per.size:,} realizations with loops: one loop gives\n"
                       "exactly 2, two loops $2(1 + \\cos\\Delta\\theta)$, more a speckle",
                       fontsize=9.5)
        hist.legend(loc="upper right")
        fig.suptitle(
            f"The factor two from summed amplitudes: 2D point scatterers, "
            f"$\\sigma$ = {CROSS_SECTION:g} $l$ ($na^2$ = {field.dilution:.3g}), "
            f"{WALKERS_PER_REALIZATION} walkers per realization, "
            f"$\\tau_\\phi$ = {TAU_PHI:g} $\\tau$, seed {seed}", fontsize=10)
        return _style.save(fig, out_dir, NAME)
