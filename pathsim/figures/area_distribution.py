"""Levy's area law: the signed area of loops returning at a fixed time.

Closed planar Brownian loops of duration t have the signed-area density
p(A) = (pi / (4 D t)) sech^2(pi A / (2 D t)) and the characteristic function
<cos(kappa A)>_t = x / sinh(x), x = kappa D t (P. Levy 1951).  The loops of the
Poisson walk approach it for t >> tau.  In the scaled variables A / (D t) and
x every return time falls on one curve.
"""
import numpy as np

from .. import theory
from . import _style, _workloads

NAME = "area_distribution"
AREA_GROUP = 4                   # area bins merged per plotted point
X_MAX = 8.0                      # largest kappa D t of the right panel


def return_times(tau_phi_max):
    """Return times of the figure: up to 0.8 of the tallied range 15 tau_phi_max."""
    top = 0.8 * 15.0 * tau_phi_max
    return np.array([top / 30.0, top / 6.0, top])


def _row_of(run, t):
    """Index into ``run.mean_cos(..)[0]`` (own rows) of the row containing t."""
    centers = run.mean_cos(0.0)[0]
    return int(np.argmin(np.abs(np.log(centers / t))))


def make(out_dir, quick=False, seed=None, progress=None):
    """Write ``area_distribution.png`` and ``.pdf`` into ``out_dir``."""
    run = _workloads.run(NAME, quick, seed, progress)
    D = run.diffusion
    times = return_times(run.params["tau_phi_max"])
    x = np.linspace(0.0, X_MAX, 17)[1:]

    with _style.style():
        fig, (left, right) = _style.figure(1, 2)
        u_fine = np.linspace(0.0, 4.2, 300)
        left.plot(u_fine, np.pi / 4.0 / np.cosh(np.pi * u_fine / 2.0) ** 2,
                  color=_style.THEORY, lw=1.4, label="Lévy")
        x_fine = np.linspace(0.0, X_MAX, 300)
        right.plot(x_fine, theory.levy_cos(x_fine, 1.0, 1.0), color=_style.THEORY,
                   lw=1.4, label="Lévy: $x / \\sinh x$")
        for t, color, marker in zip(times, _style.COLORS, "osD"):
            area, density, err, (t_lo, t_hi) = run.area_distribution(t, group=AREA_GROUP)
            t_c = np.sqrt(t_lo * t_hi)
            scale = D * t_c
            use = area / scale <= u_fine[-1]
            label = f"$t$ = {t_c:.3g} $\\tau$"
            _style.errorbar(left, area[use] / scale, density[use] * scale,
                            err[use] * scale, color=color, marker=marker, label=label,
                            ms=3.5)
            # kappa = x / (D t) at this row: one call gives every kappa.
            row = _row_of(run, t)
            _, c, c_err = run.mean_cos(x / scale)
            _style.errorbar(right, x, c[:, row], c_err[:, row], color=color,
                            marker=marker, label=label, ms=3.5)
        left.set_yscale("log")
        left.set_ylim(3e-5, 1.5)
        left.set_xlabel("scaled area $A / (Dt)$")
        left.set_ylabel("scaled density $Dt\\,p(A)$")
        left.set_title("area of loops returning at $t$", fontsize=10)
        left.set_xlim(0.0, u_fine[-1])
        left.legend(loc="upper right")
        right.axhline(0.0, color="0.6", lw=0.8, ls=":")
        right.set_xlabel("$x = \\kappa D t$  ($\\kappa$ in $l^{-2}$)")
        right.set_ylabel("$\\langle\\cos(\\kappa A)\\rangle_t$")
        right.set_title("its characteristic function", fontsize=10)
        right.legend(loc="upper right")
        fig.suptitle("Lévy's area law ($D = lv/2$, $A$ in $l^2$), approached for "
                     "$t \\gg \\tau$: shorter loops enclose less area\n"
                     + _style.run_note(run) + ", 1$\\sigma$ errors", fontsize=10.5)
        return _style.save(fig, out_dir, NAME)
