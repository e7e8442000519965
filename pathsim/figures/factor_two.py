"""Coherent backscattering: the factor two and its destruction by a field.

The coherent return probability of a loop and its time-reversed twin is
2|a|^2 (1 + cos(b A)) against the classical 2|a|^2 (:ref:`theory-factor-two`), so
the ratio 1 + <cos(b A)>_t over loops returning at time t is 2 at B = 0 and
falls to 1 once the typical loop encloses a phase b A >> 1.  For Brownian
loops Levy's law gives 1 + x / sinh(x), x = b D t (D = l v / 2); the loops of
the Poisson walk reach it for t >> tau.
"""
import numpy as np

from .. import theory
from . import _style, _workloads

NAME = "factor_two"
# b = B / B_tr; Levy's factor falls to 1/2 at t = 4.36 / b: about 870, 150
# and 22 tau, all inside the tallied range (t < 15 tau_phi_max).
FIELDS = (0.0, 0.005, 0.03, 0.2)
BINS_PER_DECADE = 8
T_MIN = 0.3                                # tau: earliest bin shown


def levy_bin_average(b, t_center, bins_per_decade, D=0.5):
    """Levy's 1 + x / sinh(x) averaged over logarithmic time bins.

    The loops of a bin are weighted by their return density
    W(t) = (1 - e^-t) / (2 pi t) (:func:`pathsim.theory.loop_return_density_2d`),
    so that the comparison is free of the curvature of the law across a bin.
    """
    half = 0.5 * np.log(10.0) / bins_per_decade
    u = np.linspace(-half, half, 201)                 # ln t - ln t_center
    t = np.asarray(t_center)[:, None] * np.exp(u)[None, :]
    weight = -np.expm1(-t)                           # W(t) dt in d ln t
    return 1.0 + np.sum(weight * theory.levy_cos(b, t, D), axis=1) / weight.sum(axis=1)


def make(out_dir, quick=False, seed=None, progress=None):
    """Write ``factor_two.png`` and ``factor_two.pdf`` into ``out_dir``."""
    run = _workloads.run(NAME, quick, seed, progress)
    t, ratio, err = run.return_ratio(np.array(FIELDS), bins_per_decade=BINS_PER_DECADE)
    keep = t >= T_MIN
    t, ratio, err = t[keep], ratio[:, keep], err[:, keep]
    t_fine = np.geomspace(t[0], t[-1], 300)

    with _style.style():
        fig, (ax, res) = _style.figure(
            2, 1, sharex=True, gridspec_kw=dict(height_ratios=(2.6, 1.0)))
        ax.axhline(2.0, color="0.5", lw=1.0, ls=":", zorder=1,
                   label="2 (twins in phase), 1 (classical)")
        ax.axhline(1.0, color="0.5", lw=1.0, ls=":", zorder=1)
        res.axhline(0.0, color="0.5", lw=1.0, ls=":", zorder=1)
        for k, (b, color) in enumerate(zip(FIELDS, _style.COLORS)):
            # Rows whose area bins cannot resolve the phase are dropped by the
            # tally (there x / sinh x < 1e-9): they come back as exactly 1 +- 0.
            shown = (err[k] > 0) | (b == 0)
            label = "B = 0" if b == 0 else f"b = {b:g}"
            _style.errorbar(ax, t[shown], ratio[k][shown], err[k][shown], color=color,
                            label=label)
            ax.plot(t_fine, 1.0 + theory.levy_cos(b, t_fine), color=color, lw=1.2,
                    ls="--", zorder=2)
            if b > 0:
                diff = ratio[k] - levy_bin_average(b, t, BINS_PER_DECADE)
                _style.errorbar(res, t[shown], diff[shown], err[k][shown], color=color,
                                ms=3.5)
        ax.plot([], [], color="0.3", lw=1.2, ls="--",
                label="Lévy: $1 + x/\\sinh x$, $x = bDt$\n(Brownian loops, $t \\gg \\tau$)")
        ax.set_xscale("log")
        _style.log_ticks(ax)
        ax.set_ylim(0.9, 2.1)
        ax.set_ylabel("coherent / classical return\n"
                      "probability  $1 + \\langle\\cos(bA)\\rangle_t$")
        ax.set_title("Coherent backscattering of loops returning at time $t$, "
                     "in fields $b = B/B_{tr}$\n" + _style.run_note(run)
                     + f", {BINS_PER_DECADE} bins per decade, 1$\\sigma$ errors")
        ax.legend(loc="lower left", ncol=1)
        res.set_xlabel("return time $t$ / $\\tau$")
        res.set_ylabel("simulation\n$-$ Lévy")
        low, high = res.get_ylim()
        res.set_ylim(low, high + 0.45 * (high - low))
        res.text(0.01, 0.95, "finite-$t$ correction: short loops enclose less area "
                 "than Brownian ones",
                 transform=res.transAxes, ha="left", va="top", fontsize=9)
        return _style.save(fig, out_dir, NAME)
