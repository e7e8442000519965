"""Figures of the wave stage, each ``make_<name>(out_dir, quick, seed, progress)``.

==========================  =================================================
``anderson_lambda_3d``      Lambda = xi_M / M against W in 3D, several M
``anderson_lambda_2d``      Lambda against W in 2D: falls with M everywhere
``anderson_beta``           beta(g) from conductances, 2D and 3D, with theory
``anderson_levels``         <r> and the Thouless conductance against W (3D)
``anderson_backscattering`` channel-space coherent backscattering vs flux
==========================  =================================================

Drawn with the shared style of :mod:`pathsim.figures._style` (Agg canvas, no
pyplot) and saved as PNG and PDF.
"""
import math
from collections import OrderedDict

import numpy as np

from ..figures import _style
from . import backscattering, levels, scaling, transport
from .transfer import localization_length

W_C, NU = 16.54, 1.571          # Slevin & Ohtsuki (1999, 2014), box disorder, E = 0


def _seed(seed, default):
    return default if seed is None else seed


def lambda_3d_points(quick=False, seed=None, progress=None):
    """(M, W, Lambda, stderr) rows at E = 0 (the figure's default workload)."""
    widths, grid, rel = (((4, 6), (14.0, 16.5, 19.0), 0.03) if quick else
                         ((4, 6, 8), tuple(np.arange(15.0, 18.01, 0.5)), 0.01))
    rows = []
    for m in widths:
        for w in grid:
            xi, err = localization_length(3, m, w, rel_error=rel, progress=progress,
                                          seed=_seed(seed, 31) + 1000 * m + int(10 * w))
            rows.append((m, w, xi / m, err / m))
    return np.array(rows)


def make_anderson_lambda_3d(out_dir, quick=False, seed=None, progress=None, points=None):
    """Lambda(W) in 3D with the crossing; ``points`` rows (M, W, Lambda,
    stderr, ...) replace the default workload (e.g. the saved output of
    scripts/anderson_scaling.py)."""
    pts = lambda_3d_points(quick, seed, progress) if points is None else np.asarray(points)
    widths = sorted(set(pts[:, 0].astype(int)))
    with _style.style():
        fig, ax = _style.figure()
        for m, color in zip(widths, _style.COLORS):
            sel = pts[:, 0] == m
            _style.errorbar(ax, pts[sel, 1], pts[sel, 2], pts[sel, 3], color=color,
                            label=f"M = {m}")
            ax.plot(pts[sel, 1], pts[sel, 2], color=color, lw=0.8, alpha=0.6)
        ax.axvline(W_C, color=_style.THEORY, ls=":", label=f"$W_c$ = {W_C} (Slevin & Ohtsuki)")
        if len(widths) > 2:
            # The smallest bar carries the largest irrelevant-scaling correction:
            # leave it out of the collapse when there are sizes to spare.
            low = widths[1] if len(widths) > 3 else widths[0]
            k = pts[:, 0] >= low
            fit = scaling.collapse_fit(pts[k, 1], pts[k, 0], pts[k, 2], pts[k, 3], order=2)
            ax.axvspan(fit["W_c"] - fit["W_c_err"], fit["W_c"] + fit["W_c_err"],
                       color="0.85", zorder=0,
                       label=f"collapse $M \\geq {low}$:\n$W_c$ = {fit['W_c']:.2f} ± "
                             f"{fit['W_c_err']:.2f}, ν = {fit['nu']:.2f} ± {fit['nu_err']:.2f}")
        ax.set_xlabel("disorder $W$ / $t$")
        ax.set_ylabel("$\\Lambda = \\xi_M / M$")
        ax.set_title("3D Anderson model, $E = 0$: bars of $M \\times M$ sites "
                     "(transfer matrix)\nmetal: $\\Lambda$ grows with $M$; insulator: "
                     "it falls; 1σ errors")
        ax.legend(loc="lower left")
        return _style.save(fig, out_dir, "anderson_lambda_3d")


def make_anderson_lambda_2d(out_dir, quick=False, seed=None, progress=None):
    """Lambda(W) in 2D for several M: it falls with M at every W."""
    widths, grid, rel = (((4, 8), (4.0, 8.0, 12.0), 0.03) if quick else
                         ((4, 8, 16), (3.0, 4.0, 5.0, 6.0, 8.0, 10.0, 12.0), 0.01))
    with _style.style():
        fig, ax = _style.figure()
        for m, color in zip(widths, _style.COLORS):
            res = np.array([localization_length(2, m, w, rel_error=rel, progress=progress,
                                                seed=_seed(seed, 17) + 100 * m + int(w))
                            for w in grid])
            _style.errorbar(ax, grid, res[:, 0] / m, res[:, 1] / m, color=color,
                            label=f"M = {m}")
            ax.plot(grid, res[:, 0] / m, color=color, lw=0.8, alpha=0.6)
        ax.set_yscale("log")
        _style.log_ticks(ax, "y")
        ax.set_xlabel("disorder $W$ / $t$")
        ax.set_ylabel("$\\Lambda = \\xi_M / M$")
        ax.set_title("2D Anderson model, $E = 0$, no field: $\\Lambda$ falls with the "
                     "strip width $M$\nat every $W$ (all states localized); 1σ errors")
        ax.legend()
        return _style.save(fig, out_dir, "anderson_lambda_2d")


def beta_points(dim, disorder, sizes, energy, realizations, seed, progress=None):
    """(g_mid, beta, beta_err) from <ln g> of L^d samples at the given sizes.

    The two-terminal g includes the contact (Sharvin) resistance of the N
    open lead channels, which makes even a clean sample's g grow like N; the
    sample's own conductance 1 / (1/g - 1/N) is the one that scales.
    """
    mean, err = [], []
    for size in sizes:
        g = transport.conductance(dim, size, size, disorder, energy=energy,
                                  realizations=realizations, seed=seed + size,
                                  progress=progress)
        n_open = transport.open_channels(dim, size, energy)
        ln_g = -np.log(1.0 / g - 1.0 / n_open)
        mean.append(ln_g.mean())
        err.append(ln_g.std(ddof=1) / math.sqrt(g.size))
    return scaling.beta_from_data(sizes, mean, err)


def loop_sum_beta(dim, quick=False, seed=None):
    """beta(g) at large g from pathsim's own loop sum (the walkers, not the
    wave equation): returns ``(c, c_err, label)`` with beta = (d - 2) + c / g.

    The walk gives delta_sigma(tau_phi) in G0 = e^2 / (pi h) for both spins;
    with the sample size as the cut-off, L_phi = sqrt(D tau_phi) -> L, the
    per-spin correction in e^2 / h is delta g = delta_sigma L^(d-2) / (2 pi).
    2D: delta_sigma = s ln tau_phi + const, so d g / d ln L = s / pi and
    c = s / pi (s = -1 in the diffusive limit: the line -1 / (pi g)).
    3D: delta_sigma = s3 / L_phi + const (G0 per unit length), so
    g = a L + s3 / (2 pi) and c = -s3 / (2 pi): in 3D the coefficient hangs
    on the cut-off convention (L_phi = L here), in 2D it does not.
    """
    from ..run import simulate

    if dim == 2:
        tau = np.geomspace(30.0, 300.0 if quick else 1000.0, 5)
        run = simulate(2_000 if quick else 20_000, seed=_seed(seed, 61), b=[0.0],
                       tau_phi_max=tau[-1], tau_phi=tau.tolist(), progress=False)
        s, e = run.ln_slope(tau)
        return s / math.pi, e / math.pi, f"$s/(\\pi g)$, $s = {s:.3f} \\pm {e:.3f}$"
    tau = np.geomspace(10.0, 300.0, 5)
    run = simulate(4_000 if quick else 40_000, seed=_seed(seed, 62), dim=3, b=[0.0],
                   truncation=10.0, tau_phi_max=tau[-1], tau_phi=tau.tolist(),
                   progress=False)
    s, e = run.slope("inverse_L_phi", tau)
    return -s / (2 * math.pi), e / (2 * math.pi), \
        f"$1 - s_3/(2\\pi g)$, $s_3 = {s:.2f} \\pm {e:.2f}$ ($L_\\phi = L$)"


def make_anderson_beta(out_dir, quick=False, seed=None, progress=None):
    """beta(g) = d <ln g> / d ln L from conductances of squares and cubes."""
    plans = {2: dict(sizes=(4, 8) if quick else (4, 6, 8, 12, 16, 24),
                     disorders=(2.0, 8.0) if quick else (1.5, 3.0, 5.0, 8.0, 12.0),
                     energy=0.5),
             3: dict(sizes=(3, 5) if quick else (4, 5, 6, 8, 10),
                     disorders=(8.0, 25.0) if quick else (6.0, 10.0, 14.0, 16.5, 20.0, 28.0),
                     energy=0.0)}
    realizations = 40 if quick else 300
    with _style.style():
        fig, axes = _style.figure(1, 2, figsize=(11.0, 5.0))
        for ax, (dim, plan) in zip(axes, plans.items()):
            for k, (w, color) in enumerate(zip(plan["disorders"], _style.COLORS)):
                g, beta, err = beta_points(dim, w, plan["sizes"], plan["energy"],
                                           realizations, _seed(seed, 5) + 1000 * k, progress)
                _style.errorbar(ax, g, beta, err, color=color, label=f"W = {w:g}")
            g_line = np.geomspace(0.3, 300, 200)
            g_loc = np.geomspace(1e-3, 2.0, 100)
            if dim == 2:
                ax.plot(g_line, scaling.beta_perturbative(g_line, dim), color=_style.THEORY,
                        ls="--", label="$-1/(\\pi g)$: weak localization (any cut-off)")
            else:
                ax.plot(g_line, scaling.beta_perturbative(g_line, dim, "sharp"),
                        color=_style.THEORY, ls="--", label="$1 - 1/(\\pi^2 g)$: sharp cut-off "
                        "$1/l - 1/L$\n(the seed's form)")
                ax.plot(g_line, scaling.beta_perturbative(g_line, dim, "loop"),
                        color=_style.THEORY, ls="-.", label="$1 - 1/(2\\pi g)$: loop sum, "
                        "$L_\\phi = L$\n(diffusive theory)")
            c, c_err, text = loop_sum_beta(dim, quick, seed)
            g_big = np.geomspace(2.0, 300, 100)
            ax.fill_between(g_big, dim - 2 + (c - c_err) / g_big, dim - 2 + (c + c_err) / g_big,
                            color="0.55", alpha=0.5, lw=0)
            ax.plot(g_big, dim - 2 + c / g_big, color="0.35", lw=1.2,
                    label="pathsim's loop sum (walkers):\n" + text)
            ax.plot(g_loc, np.log(g_loc), color=_style.THEORY, ls=":",
                    label="$\\ln g$ (localized, $g \\propto e^{-L/\\xi}$)")
            ax.axhline(0.0, color="0.6", lw=0.8)
            ax.set_xscale("log")
            ax.set_ylim(-5.0, 2.0)
            ax.set_xlim(1e-3, 300)
            _style.log_ticks(ax)
            ax.set_xlabel("typical conductance $e^{\\langle \\ln g \\rangle}$ "
                          "($e^2/h$, one spin)")
            ax.set_ylabel("$\\beta = d\\langle\\ln g\\rangle / d\\ln L$")
            ax.set_title(f"{dim}D: $L^{dim}$ samples between ideal leads, "
                         f"$E = {plan['energy']:g}$, $L$ = "
                         f"{', '.join(map(str, plan['sizes']))}\n"
                         f"{realizations} samples per point, 1σ; contacts removed: "
                         "$g = (1/g_{2t} - 1/N)^{-1}$")
            # data (W) upper left, lines lower right: both corners are empty
            handles, labels = ax.get_legend_handles_labels()
            lines = [k for k, text in enumerate(labels) if not text.startswith("W =")]
            points = [k for k in range(len(labels)) if k not in lines]
            first = ax.legend([handles[k] for k in points], [labels[k] for k in points],
                              loc="upper left", fontsize=8)
            ax.add_artist(first)
            ax.legend([handles[k] for k in lines], [labels[k] for k in lines],
                      loc="lower right", fontsize=7.5)
        return _style.save(fig, out_dir, "anderson_beta")


def make_anderson_levels(out_dir, quick=False, seed=None, progress=None):
    """<r> for several box sizes and the Thouless conductance against W in 3D."""
    sizes = (5, 7) if quick else (6, 8, 10)
    grid = (4.0, 16.5, 30.0) if quick else (4.0, 8.0, 12.0, 14.0, 16.0, 18.0, 20.0, 25.0, 35.0)
    realizations = 6 if quick else 40
    with _style.style():
        fig, (ax, bx) = _style.figure(2, 1, sharex=True, figsize=(6.5, 6.5))
        for size, color in zip(sizes, _style.COLORS):
            res = np.array([levels.level_spacing_ratio(
                3, size, w, realizations=realizations, progress=progress,
                seed=_seed(seed, 3) + size) for w in grid])
            _style.errorbar(ax, grid, res[:, 0], res[:, 1], color=color, label=f"L = {size}")
            ax.plot(grid, res[:, 0], color=color, lw=0.8, alpha=0.6)
            gt = np.array([levels.thouless_conductance(
                3, size, w, realizations=max(4, realizations // 4), progress=progress,
                seed=_seed(seed, 8) + size) for w in grid])
            _style.errorbar(bx, grid, gt[:, 0], gt[:, 1], color=color, label=f"L = {size}")
            bx.plot(grid, gt[:, 0], color=color, lw=0.8, alpha=0.6)
        for value, text in ((0.5307, "orthogonal 0.531"), (0.3863, "Poisson 0.386")):
            ax.axhline(value, color=_style.THEORY, ls="--", lw=1.0)
            ax.text(grid[-1], value + 0.004, text, ha="right", va="bottom", fontsize=9)
        for a in (ax, bx):
            a.axvline(W_C, color=_style.THEORY, ls=":")
        bx.axhline(1.0, color="0.6", lw=0.8)
        bx.set_yscale("log")
        ax.set_ylabel("mean gap ratio $\\langle r \\rangle$")
        bx.set_ylabel("Thouless conductance\n$g_T = \\delta E / \\Delta$ (typical)")
        bx.set_xlabel("disorder $W$ / $t$   (dotted: $W_c$ = 16.54)")
        ax.set_title("3D boxes of $L^3$ sites, periodic, central 20 % of levels;\n"
                     "$\\delta E$: periodic → antiperiodic shift from level curvatures; 1σ")
        ax.legend(loc="center left")
        return _style.save(fig, out_dir, "anderson_levels")


def make_anderson_backscattering(out_dir, quick=False, seed=None, progress=None):
    """Channel-space backscattering ratios of a disordered strip against flux.

    Periodic 21 x 120 strip, W = 1.2, E = 1 (14 plane-wave channels, Born
    l ~ 18, k_F l ~ 36): reverse / mirror reflection with the Born
    single-scattering intensity subtracted (2 -> 1), the raw ratio (2 - s),
    and <|r_aa|^2> / <|r_ab|^2> in the real eigenmodes of the same strip
    with hard walls (mode-shape excess, field-blind).
    """
    fluxes = ((0.0, 0.001, 0.002) if quick else
              (0.0, 0.00025, 0.0005, 0.001, 0.0015, 0.002, 0.003))
    realizations = 200 if quick else 800
    spec = dict(dim=2, width=21, length=120, disorder=1.2, energy=1.0)
    rows = []
    for phi in fluxes:
        kw = dict(spec, flux=phi, realizations=realizations, seed=_seed(seed, 7),
                  progress=progress)
        diffuse = backscattering.channel_backscattering(**kw)[:2]
        raw = backscattering.channel_backscattering(diffuse=False, **kw)[:2]
        kw.pop("dim")
        real = backscattering.backscattering_ratio(transport.reflection(2, **kw))
        rows.append((*diffuse, *raw, *real))
    rows = np.array(rows)
    x = np.maximum(np.array(fluxes), fluxes[1] / 3)      # B = 0 drawn at the left edge
    curves = ((0, "o", "reverse / mirror, single scattering subtracted"),
              (2, "s", "reverse / mirror, raw ($2 - s$ at $B = 0$)"),
              (4, "^", "$\\langle|r_{aa}|^2\\rangle / \\langle|r_{ab}|^2\\rangle$, "
                       "hard-wall real modes"))
    with _style.style():
        fig, ax = _style.figure()
        ax.axhline(2.0, color=_style.THEORY, ls="--", lw=1.0)
        ax.axhline(1.0, color=_style.THEORY, ls="--", lw=1.0)
        for (col, marker, label), color in zip(curves, _style.COLORS):
            _style.errorbar(ax, x, rows[:, col], rows[:, col + 1], color=color,
                            marker=marker, label=label)
            ax.plot(x, rows[:, col], color=color, lw=0.8, alpha=0.6)
        ax.set_xscale("log")
        ax.set_xlabel("flux per plaquette $\\phi$ / $(h/e)$   (leftmost points: $\\phi = 0$)")
        ax.set_ylabel("backscattering ratio")
        ax.set_ylim(0.6, 2.3)
        ax.set_title(f"Strip {spec['width']} × {spec['length']}, $W = {spec['disorder']:g}$, "
                     f"$E = {spec['energy']:g}$ (14 channels, $l \\approx 18$)\n"
                     f"{realizations} samples per point, 1σ errors")
        ax.legend(loc="lower left", fontsize=8)
        return _style.save(fig, out_dir, "anderson_backscattering")


FIGURES = OrderedDict((name[5:], func) for name, func in sorted(globals().items())
                      if name.startswith("make_anderson"))


def make_all(out_dir, quick=False, seed=None, progress=None, only=None):
    """Make the wave figures (all, or the names in ``only``); returns paths."""
    names = list(FIGURES) if only is None else list(only)
    unknown = [n for n in names if n not in FIGURES]
    if unknown:
        raise ValueError(f"only must name figures among {list(FIGURES)} (got {unknown})")
    written = []
    for name in names:
        written.extend(FIGURES[name](out_dir, quick=quick, seed=seed, progress=progress))
    return written
