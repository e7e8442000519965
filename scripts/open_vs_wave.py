"""Weak localization of open strips: the walkers' loop sum against the exact
wave equation on the same samples, with no fitted parameter (issue 15).

For each 2D Anderson strip (N sites across, hard walls, L slices between
clean leads, box disorder W, Fermi energy E) the script

1. takes the mean free path from the Born approximation
   (:func:`pathsim.wave.semiclassics.born_mean_free_path`);
2. walks the same open strip in units of that l: width (N + 1) / l between
   specular walls (the hard-wall wave function vanishes at rows 0 and N + 1),
   length L / l between absorbing leads, tau_phi = inf, and reads the
   magnetoconductance delta_G(b) - delta_G(0) in e^2/h per spin;
3. picks the fields where the walkers' correction has fallen by given
   fractions, turns them into Peierls fluxes phi = b / (4 pi l^2) per
   plaquette, and computes <g(phi)> - <g(0)> = <g(phi) - g(0)> over the
   same disorder realizations with recursive Green's functions
   (:func:`pathsim.wave.conductance`, g = Tr t t^+ per spin in e^2/h);
4. checks the mean free path against the classical conductance: the wave's
   <g> at the largest field, plus the walkers' correction left there, is
   N_ch T with the walkers' transmission T, which gives l_G = g L /
   (N_ch pi / 2 - 2 z g) (z the walkers' extrapolation length, in l).

It saves every number in an .npz and draws wave points with error bars,
the walkers' curve and the residuals in combined standard errors.

    python scripts/open_vs_wave.py --quick                 (seconds)
    nice -n 10 python scripts/open_vs_wave.py              (about 12 minutes, one core)
    python scripts/open_vs_wave.py --rewalk figures/open_vs_wave.npz --out ... --figure ...
                                  (the walkers only, the saved wave kept: minutes)
"""
import argparse
import math
import os
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

import pathsim  # noqa: E402
from pathsim.wave import conductance, open_channels  # noqa: E402
from pathsim.theory import strip_magnetoconductance  # noqa: E402
from pathsim.wave.semiclassics import born_mean_free_path, flux_from_field  # noqa: E402

ENERGY = -1.5   # |k| varies by 9 % and |v| by 35 % around the Fermi line; 0.58 channels per row
# name, N (rows), L (slices), W (disorder), realizations
FULL = dict(strips=(("wide", 80, 48, 2.0, 400), ("square", 64, 64, 2.0, 600),
                    ("long", 64, 128, 2.0, 500),
                    # the same strip in units of l (W/l = 1.65, L/l = 6.4) at
                    # three conductances: N and l doubled at each step
                    ("narrow-g2", 20, 82, 1.68, 2000), ("narrow-g4", 40, 160, 1.2, 1000),
                    ("narrow-g8", 80, 316, 0.853, 500)),
            walkers=1_000_000, fractions=(0.05, 0.15, 0.3, 0.45, 0.6, 0.75, 0.9))
# Straight flights need a cyclotron radius R_c = 2 k_F l^2 / b well above l,
# and the walkers have no Lorentz force, hence no classical (Drude)
# magnetoresistance, of order g (l / R_c)^2 (all of it when W >> L, little
# when L >> W): points with R_c < R_C_MIN l, or g (l / R_c)^2 above the wave's
# standard error, are shown but not part of the comparison.
R_C_MIN = 4.0
QUICK = dict(strips=(("wide", 12, 8, 2.0, 8), ("narrow", 6, 16, 2.0, 8),
                     ("narrow-g", 10, 16, 2.0, 8)),
             walkers=4_000, fractions=(0.3, 0.7))
B_GRID = np.concatenate(([0.0], np.geomspace(1e-3, 100.0, 241)))


def walker_curve(width, length, walkers, seed):
    """Open-strip walk (units of l): the run and its delta_G(b) - delta_G(0)."""
    run = pathsim.simulate(walkers, dim=2, geometry="wire", width=width, length=length,
                           walls="specular", tau_phi_max=np.inf, seed=seed,
                           progress=False)
    zero, zero_err = run.conductance_correction(0.0)
    mc, mc_err = run.conductance_correction(B_GRID, zero_field=True)
    return run, float(zero), float(zero_err), mc, mc_err


def at_fields(run, fields):
    """The walkers' change at ``fields`` and the correction left there."""
    w_mc, w_err = run.conductance_correction(fields, zero_field=True)
    w_left, _ = run.conductance_correction(fields)
    return w_mc, w_err, w_left


def pick_fields(mc, zero, fractions):
    """Fields where the correction has fallen by ``fractions`` of its
    zero-field value (interpolated on the walkers' curve, log b)."""
    drop = mc / -zero           # 0 at b = 0, -> 1 when the correction is gone
    b = B_GRID[1:]
    d = np.maximum.accumulate(drop[1:])
    out = []
    for f in fractions:
        if f >= d[-1]:
            out.append(b[-1])
        else:
            out.append(float(np.exp(np.interp(f, d, np.log(b)))))
    return np.array(out)


def strip(name, rows, slices, disorder, realizations, plan, seed):
    born = born_mean_free_path(disorder, ENERGY)
    ell = born["l"]
    width, length = (rows + 1) / ell, slices / ell
    t0 = time.perf_counter()
    run, zero, zero_err, mc, mc_err = walker_curve(width, length, plan["walkers"], seed)
    t_walk = time.perf_counter() - t0
    fields = pick_fields(mc, zero, plan["fractions"])
    w_mc, w_err, w_left = at_fields(run, fields)
    fluxes = flux_from_field(fields, ell)
    t0 = time.perf_counter()
    g0 = conductance(2, rows, slices, disorder, energy=ENERGY, flux=0.0,
                     realizations=realizations, seed=seed)
    g = np.array([conductance(2, rows, slices, disorder, energy=ENERGY, flux=f,
                              realizations=realizations, seed=seed) for f in fluxes])
    t_wave = time.perf_counter() - t0
    diff = g - g0[None]
    wave = diff.mean(axis=1)
    wave_err = diff.std(axis=1, ddof=1) / math.sqrt(realizations)
    z = (wave - w_mc) / np.hypot(wave_err, w_err)
    out = dict(name=name, rows=rows, slices=slices, disorder=disorder, energy=ENERGY,
               realizations=realizations, l_born=ell, k_f=born["k_f"], width_l=width,
               length_l=length, n_channels=open_channels(2, rows, ENERGY),
               g_mean0=g0.mean(), g_err0=g0.std(ddof=1) / math.sqrt(realizations),
               g_means=g.mean(axis=1), fields=fields, fluxes=fluxes, wave=wave,
               wave_err=wave_err, walker=w_mc, walker_err=w_err, walker_left=w_left, z=z,
               walker_zero=zero, walker_zero_err=zero_err, curve=mc, curve_err=mc_err,
               transmission=run.transmission()[0], transmission_err=run.transmission()[1],
               t_walk=t_walk, t_wave=t_wave)
    derive(out)
    report(out)
    return out


def rewalk(r, plan, seed):
    """The walkers of a saved strip redone at its fields, its wave kept."""
    t0 = time.perf_counter()
    run, zero, zero_err, mc, mc_err = walker_curve(float(r["width_l"]), float(r["length_l"]),
                                                   plan["walkers"], seed)
    w_mc, w_err, w_left = at_fields(run, r["fields"])
    out = dict(r, walker=w_mc, walker_err=w_err, walker_left=w_left,
               z=(r["wave"] - w_mc) / np.hypot(r["wave_err"], w_err), walker_zero=zero,
               walker_zero_err=zero_err, curve=mc, curve_err=mc_err,
               transmission=run.transmission()[0], transmission_err=run.transmission()[1],
               t_walk=time.perf_counter() - t0)
    derive(out)
    report(out)
    return out


def derive(r):
    """What follows from the raw numbers: which points are compared, the
    classical conductance and l from it, the wave's zero-field correction."""
    ell = r["l_born"]
    r["cyclotron_l"] = 2.0 * r["k_f"] * ell / r["fields"]           # R_c / l
    r["drude_mr"] = r["g_mean0"] / r["cyclotron_l"] ** 2            # classical MR scale
    r["valid"] = (r["cyclotron_l"] >= R_C_MIN) & (r["drude_mr"] <= r["wave_err"])
    top = int(np.flatnonzero(r["valid"])[-1]) if r["valid"].any() else 0
    r["top"] = top
    r["extrapolation"] = 0.5 * (math.pi / 2.0 / r["transmission"] - r["length_l"])  # in l
    # classical conductance: <g> at the largest compared field plus the
    # walkers' correction left there; l from g_cl = N_ch (pi/2) l / (L + 2 z_e l)
    g_cl = r["g_means"][top] - r["walker_left"][top]
    n_ch, slices, z_e = r["n_channels"], r["slices"], r["extrapolation"]
    r["g_classical"] = g_cl
    r["l_conductance"] = g_cl * slices / (n_ch * math.pi / 2.0 - 2.0 * z_e * g_cl)
    r["g_classical_born"] = n_ch * math.pi / 2.0 * ell / (slices + 2.0 * z_e * ell)
    # zero-field correction: the wave's drop up to that field plus the
    # walkers' correction left there, against the walkers' zero-field value
    r["wave_zero"] = r["walker_left"][top] - r["wave"][top]
    r["wave_zero_err"] = r["wave_err"][top]
    # and independently: <g(0)> against the Drude conductance with the Born
    # l and the walkers' contacts, 2 pi nu D (N + 1) / (L + 2 z_e l) per spin
    born = born_mean_free_path(r["disorder"], r["energy"])
    sigma = 2.0 * math.pi * born["nu"] * born["v_rms"] ** 2 * born["tau"] / 2.0
    r["g_drude_born"] = sigma * (r["rows"] + 1) / (slices + 2.0 * z_e * ell)
    r["wave_zero_drude"] = r["g_mean0"] - r["g_drude_born"]
    # the diffusion picture of the same strip (no ballistic physics), and
    # the wave / walkers ratio at the compared fields
    r["diffusion_b"] = np.geomspace(r["fields"][0] / 5, r["fields"][-1] * 3, 30)
    r["diffusion"] = strip_magnetoconductance(r["length_l"], r["width_l"], r["diffusion_b"],
                                              z_e, modes=(32, 16))
    r["ratio"] = r["wave"] / r["walker"]
    r["ratio_err"] = np.hypot(r["wave_err"] / r["walker"],
                              r["wave"] * r["walker_err"] / r["walker"] ** 2)
    return r


def report(r):
    """Print one strip's comparison (from :func:`strip` or a saved file)."""
    ell, top = r["l_born"], r["top"]
    fields = r["fields"]
    print(f"{r['name']}: N = {r['rows']} ({r['n_channels']} channels), L = {r['slices']}, "
          f"W = {r['disorder']}: l_Born = {ell:.2f}, W/l = {r['width_l']:.2f}, "
          f"L/l = {r['length_l']:.2f}, <g(0)> = {r['g_mean0']:.3f} +- {r['g_err0']:.3f}, "
          f"k_F l = {r['k_f'] * ell:.1f}, {r['realizations']} realizations")
    print(f"  classical g: wave {r['g_classical']:.3f} (at b = {fields[top]:.3g}), walkers "
          f"with l_Born {r['g_classical_born']:.3f}; l from the wave's classical g "
          f"{r['l_conductance']:.2f} (Born {ell:.2f}); walkers T = {r['transmission']:.4f} "
          f"+- {r['transmission_err']:.4f}, z_e = {r['extrapolation']:.3f} l")
    print(f"  zero-field correction: walkers {r['walker_zero']:.4f} +- "
          f"{r['walker_zero_err']:.4f}, wave {r['wave_zero']:.4f} +- {r['wave_zero_err']:.4f} "
          f"(ratio {r['wave_zero'] / r['walker_zero']:.3f}; the walkers' "
          f"{r['walker_left'][top]:.4f} left at b = {fields[top]:.3g} included); "
          f"<g(0)> - g_Drude(l_Born) = {r['wave_zero_drude']:.3f} (g_Drude = "
          f"{r['g_drude_born']:.3f}, uncertain by ~0.8 g x the error of l)")
    print(f"  {'b':>8} {'phi':>10} {'R_c/l':>7} {'g(l/R_c)^2':>10} {'wave':>16} "
          f"{'walkers':>16} {'z':>6}")
    for row in zip(fields, r["fluxes"], r["cyclotron_l"], r["drude_mr"], r["wave"],
                   r["wave_err"], r["walker"], r["walker_err"], r["z"], r["valid"]):
        print("  {:8.4f} {:10.3e} {:7.1f} {:10.4f} {:8.4f} +- {:.4f} {:8.4f} +- {:.4f} "
              "{:6.2f}{}".format(*row[:-1], "" if row[-1] else "  (not compared)"))
    print(f"  walkers {float(r['t_walk']):.0f} s, wave {float(r['t_wave']):.0f} s", flush=True)


def load(path):
    """The strips of a saved run, as :func:`strip` returned them."""
    with np.load(path) as data:
        out = []
        for name in data["names"]:
            r = {k[len(name) + 1:]: data[k][()] if data[k].ndim == 0 else data[k]
                 for k in data.files if k.startswith(f"{name}_")}
            r["name"] = str(name)
            out.append(derive(r))
    return out


def figure(results, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    cols = min(3, len(results))
    rows = -(-len(results) // cols)
    fig, axes = plt.subplots(2 * rows, cols, figsize=(4.4 * cols, 4.4 * rows),
                             gridspec_kw=dict(height_ratios=(3, 1) * rows), squeeze=False)
    for k in range(len(results), rows * cols):
        axes[2 * (k // cols), k % cols].set_visible(False)
        axes[2 * (k // cols) + 1, k % cols].set_visible(False)
    for k, r in enumerate(results):
        ax, res = axes[2 * (k // cols), k % cols], axes[2 * (k // cols) + 1, k % cols]
        b = B_GRID[1:]
        ax.fill_between(b, r["curve"][1:] - 2 * r["curve_err"][1:],
                        r["curve"][1:] + 2 * r["curve_err"][1:], color="C0", alpha=0.3, lw=0)
        ax.plot(b, r["curve"][1:], color="C0", label="walkers (loop sum)")
        ok = r["valid"]
        ax.errorbar(r["fields"][ok], r["wave"][ok], r["wave_err"][ok], fmt="o", color="C3",
                    ms=4, capsize=2, label="wave (RGF, disorder average)")
        ax.errorbar(r["fields"][~ok], r["wave"][~ok], r["wave_err"][~ok], fmt="o",
                    mfc="none", color="C3", ms=4, capsize=2,
                    label=f"wave, not compared ($R_c < {R_C_MIN:g}\,l$ or Drude MR)")
        ax.plot(r["diffusion_b"], r["diffusion"], color="0.4", ls="--", lw=1,
                label="diffusion theory, same strip")
        ax.axhline(-r["walker_zero"], color="0.5", ls=":", lw=1)
        top_y = -1.25 * r["walker_zero"]
        ax.set_ylim(-0.2 * top_y, top_y)
        for bb, w in zip(r["fields"], r["wave"]):
            if w < -0.2 * top_y:    # classical magnetoresistance, far off scale
                ax.annotate(f"{w:.2f}", (bb, -0.2 * top_y), xytext=(bb, -0.06 * top_y),
                            ha="center", fontsize=7, color="C3",
                            arrowprops=dict(arrowstyle="->", color="C3", lw=0.8))
        ax.set_xscale("log")
        ax.set_xlim(r["fields"][0] / 5, r["fields"][-1] * 3)
        ax.set_title(f"{r['name']}: {r['rows']} x {r['slices']} sites, W = {r['disorder']:g}\n"
                     f"W/l = {r['width_l']:.2f}, L/l = {r['length_l']:.2f}, "
                     f"<g> = {r['g_mean0']:.1f}, $k_F l$ = {r['k_f'] * r['l_born']:.0f}",
                     fontsize=9)
        ax.set_ylabel(r"$\delta G(b) - \delta G(0)$  [$e^2/h$ per spin]")
        if k == 0:
            ax.legend(fontsize=8, loc="upper left")
        res.axhline(0, color="0.5", lw=1)
        for s in (-2, 2):
            res.axhline(s, color="0.7", lw=0.8, ls="--")
        zc = np.clip(r["z"], -7.5, 7.5)       # off-scale points sit on the edge
        res.plot(r["fields"][ok], zc[ok], "o", color="C3", ms=4)
        res.plot(r["fields"][~ok], zc[~ok], "o", mfc="none", color="C3", ms=4)
        res.set_xscale("log")
        res.set_xlim(ax.get_xlim())
        res.set_ylim(-8, 8)
        res.set_xlabel(r"$b = B/B_{tr} = 4\pi\phi\, l^2$")
        res.set_ylabel("(wave - walkers) / SE")
    fig.tight_layout()
    fig.savefig(path, dpi=130)
    plt.close(fig)


def ratio_figure(results, path):
    """Wave / walkers at the two lowest compared fields against 1 / <g>,
    with the weighted straight line r_inf - c / <g> through them."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    x, y, e = ratio_points(results)
    fit = ratio_fit(x, y, e)
    fig, ax = plt.subplots(figsize=(5.2, 3.8))
    for r in results:
        ok = np.flatnonzero(r["valid"])[:2]
        ax.errorbar(np.full(ok.size, 1.0 / r["g_mean0"]) * (1 + 0.02 * np.arange(ok.size)),
                    r["ratio"][ok], r["ratio_err"][ok], fmt="o", ms=4, capsize=2,
                    label=f"{r['name']} (L/l = {r['length_l']:.1f}, W/l = {r['width_l']:.1f})")
    if fit is not None:
        grid = np.linspace(0.0, x.max() * 1.1, 50)
        ax.plot(grid, fit[0] - fit[2] * grid, color="0.3", lw=1,
                label=f"{fit[0]:.2f}(±{fit[1]:.2f}) - {fit[2]:.2f}(±{fit[3]:.2f}) / <g>")
    ax.axhline(1.0, color="0.6", ls=":", lw=1)
    if x.size == 0:
        ax.text(0.5, 0.5, "no compared fields", ha="center", transform=ax.transAxes)
    ax.set_xlim(0.0, (x.max() if x.size else 0.5) * 1.15)
    ax.set_ylim((y - e).min() - 0.05 if y.size else 0.0, 1.25)   # room for the legend
    ax.set_xlabel(r"$1/\langle g\rangle$  (zero field, $e^2/h$ per spin)")
    ax.set_ylabel("wave / walkers, lowest two fields")
    ax.set_title("low-field magnetoconductance: beyond one loop", fontsize=10)
    ax.legend(fontsize=7, loc="upper right")
    fig.tight_layout()
    fig.savefig(path, dpi=130)
    plt.close(fig)


def ratio_points(results):
    """(1 / <g>, wave / walkers, error) at each strip's two lowest compared fields."""
    x, y, e = [], [], []
    for r in results:
        ok = np.flatnonzero(r["valid"])[:2]
        x += [1.0 / float(r["g_mean0"])] * ok.size
        y += list(r["ratio"][ok])
        e += list(r["ratio_err"][ok])
    return np.array(x), np.array(y), np.array(e)


def ratio_fit(x, y, e):
    """Weighted least squares y = r_inf - c x: (r_inf, err, c, err), or None.
    The two fields of a strip share its disorder realizations, so the errors
    are quoted as if independent (an underestimate)."""
    if np.unique(x).size < 2 or y.size < 3:
        return None
    a = np.column_stack([np.ones_like(x), -x]) / e[:, None]
    coef, *_ = np.linalg.lstsq(a, y / e, rcond=None)
    cov = np.linalg.inv(a.T @ a)
    return coef[0], math.sqrt(cov[0, 0]), coef[1], math.sqrt(cov[1, 1])


def summary(results):
    """Print the wave / walkers ratios against 1 / <g> and their line."""
    fit = ratio_fit(*ratio_points(results))
    for r in results:
        ok = r["valid"]
        print(f"  {r['name']:>10}: <g> = {float(r['g_mean0']):.2f}, wave / walkers at the "
              "compared fields " + ", ".join(f"{v:.2f} +- {w:.2f}" for v, w in
                                             zip(r["ratio"][ok], r["ratio_err"][ok])))
    if fit is not None:
        print(f"  lowest two fields: wave / walkers = {fit[0]:.3f} +- {fit[1]:.3f} - "
              f"({fit[2]:.3f} +- {fit[3]:.3f}) / <g>")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--out", default="open_vs_wave.npz", help="results file (.npz)")
    parser.add_argument("--figure", default="open_vs_wave.png")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--replot", metavar="NPZ", help="reprint and redraw a saved run")
    parser.add_argument("--rewalk", metavar="NPZ", help="redo the walkers of a saved run at "
                        "its fields, keeping its wave (then as a full run)")
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    if args.replot:
        results = load(args.replot)
        for r in results:
            report(r)
        figure(results, args.figure)
        ratio_figure(results, args.figure.replace(".png", "_ratio.png"))
        summary(results)
        return 0
    if args.rewalk:
        results = [rewalk(r, plan, args.seed) for r in load(args.rewalk)]
    else:
        results = [strip(*s, plan, args.seed) for s in plan["strips"]]
    flat = {f"{r['name']}_{k}": np.asarray(v) for r in results for k, v in r.items()
            if k != "name"}
    np.savez(args.out, names=np.array([r["name"] for r in results]), b_grid=B_GRID, **flat)
    figure(results, args.figure)
    ratio_figure(results, args.figure.replace(".png", "_ratio.png"))
    summary(results)
    worst = max(float(np.max(np.abs(r["z"][r["valid"]]), initial=0.0)) for r in results)
    print(f"largest |z| over all strips and compared fields: {worst:.2f}; wrote "
          f"{args.out}, {args.figure}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
