"""The three laws of weak localization: delta_sigma against L_phi in 1D, 2D, 3D.

The loop sum -4 pi D Int dt W(t) exp(-t/tau_phi) weighs the return density
W(t) = (4 pi D t)^(-d/2): in 1D it grows as -2 pi L_phi (a wire), in 2D as
-ln(tau_phi/tau) = -2 ln(L_phi/l) + const, in 3D it saturates,
+1/L_phi + const (:ref:`theory-diffusive`).  Each panel shows the simulated
change relative to the largest L_phi, the diffusive law and the exact loop
sum of the same walk (Wittmann & Schmid 1987 in 2D; :mod:`pathsim.theory`
in 1D and 3D), which differs from the law only at L_phi ~ l.
"""
import numpy as np

from .. import theory
from . import _style, _workloads

NAME = "dimensionality"


def _exact(dim, tau, tau_ref):
    if dim == 1:
        return theory.loop_sum_1d(tau) - theory.loop_sum_1d(tau_ref)
    if dim == 2:
        return theory.exact_2d(0.0, tau) - theory.exact_2d(0.0, tau_ref)
    return theory.loop_sum_3d_difference(tau, tau_ref)


def _law(dim, L, L_ref):
    if dim == 1:
        return -2 * np.pi * (L - L_ref)
    if dim == 2:
        return -2.0 * np.log(L / L_ref)
    return 1.0 / L - 1.0 / L_ref


LAWS = {1: "$-2\\pi L_\\phi$", 2: "$-\\ln(\\tau_\\phi/\\tau) = -2\\ln(L_\\phi/l)$",
        3: "$+1/L_\\phi$"}
UNITS = {1: "$G_0\\,l$", 2: "$G_0$", 3: "$G_0/l$"}


def make(out_dir, quick=False, seed=None, progress=None):
    """Write ``dimensionality.png`` and ``.pdf`` into ``out_dir``."""
    runs = {dim: _workloads.run(f"{NAME}-{dim}d", quick, seed, progress)
            for dim in (1, 2, 3)}
    with _style.style():
        fig, axes = _style.figure(1, 3, figsize=(12.0, 4.6))
        for ax, (dim, run), color in zip(axes, runs.items(), _style.COLORS):
            tau = np.asarray(run.params["tau_phi"])
            D = run.diffusion
            blocks = run.loop_block_sums(np.zeros(1), tau, "total")[:, :, 0]
            value, err = run.per_walker(blocks - blocks[:, -1:])
            L = np.sqrt(D * tau)
            fine_tau = np.geomspace(tau[0], tau[-1], 200)
            fine_L = np.sqrt(D * fine_tau)
            # each law is a straight line in its own variable: L_phi (1D),
            # ln L_phi (2D, log axis), 1 / L_phi (3D)
            x, x_fine = (1.0 / L, 1.0 / fine_L) if dim == 3 else (L, fine_L)
            ax.plot(x_fine, _law(dim, fine_L, L[-1]), color=_style.THEORY, lw=1.4,
                    label=f"diffusive law {LAWS[dim]}")
            ax.plot(x_fine, _exact(dim, fine_tau, tau[-1]), color=color, ls="--",
                    lw=1.3, label="exact loop sum of the walk")
            _style.errorbar(ax, x, value, err, color=color,
                            label=f"simulation, {run.n_walkers:,} walkers")
            if dim == 2:
                ax.set_xscale("log")
                _style.log_ticks(ax)
            ax.set_xlabel("$1/L_\\phi$ / $l^{-1}$,  $L_\\phi = \\sqrt{D\\tau_\\phi}$"
                          if dim == 3 else "$L_\\phi = \\sqrt{D\\tau_\\phi}$ / $l$")
            ax.set_ylabel(f"$\\delta\\sigma(L_\\phi) - \\delta\\sigma(L_\\phi^{{max}})$ "
                          f"/ {UNITS[dim]}")
            ax.set_title(f"{dim}D (seed {run.params['seed']})")
            ax.legend(loc="lower left" if dim < 3 else "upper left", fontsize=9)
        fig.suptitle("Weak localization in one, two and three dimensions: "
                     "$\\delta\\sigma$ at $B = 0$ against the coherence length "
                     "(1$\\sigma$ errors; $G_0 = e^2/(\\pi h)$)")
        return _style.save(fig, out_dir, NAME)
