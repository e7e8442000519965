"""From correction to catastrophe: the walkers' 3D loop sum beside the exact
conductivity of the 3D Anderson model, against k_F l (docs: checks-ioffe-regel).

    python scripts/ioffe_regel.py            # ~15 min on 1 core (figures/ioffe_regel.png, .json)
    python scripts/ioffe_regel.py --quick    # a smoke run (figures/quick/)
    python scripts/ioffe_regel.py --replot figures/ioffe_regel.json   # figure only

Wave: L x L x L cubes of the Anderson model at E = 0 between ideal leads,
L = 8 .. 18; the sample conductance g_s = (1/g - 1/N)^-1 (contacts removed,
e^2/h per spin) grows as sigma L + a in the metal, and the slope sigma is the
infinite-sample conductivity.  Its Drude value is sigma_D = A / W^2, with
A = 12 <v_x^2> (golden rule: 1 / tau = 2 pi nu W^2 / 12, sigma_D = 2 pi nu
<v_x^2> tau) in the golden rule; the wave's own A is its sigma W^2,
extrapolated to W -> 0 from W = 3 and 4 (linearly in W^4, the order of the
weak-localization correction), and sets sigma_D and k_F l.
k_F l = 3 pi sigma_D / k_F (sigma_D = k_F^2 l / (3 pi) e^2/h per spin, the
free-electron Drude formula) with k_F^2 = S_F / (4 pi) from the Fermi surface
area S_F of the cubic lattice at E = 0.

Walkers: delta_sigma / sigma_0 = (3/2) S / (k_F l)^2 with S the loop sum in
G0 = e^2 / (pi h) per l (both spins, sigma_0 = e^2 k_F^2 l / (3 pi^2 hbar)).
In 3D S diverges logarithmically with the shortest loops; the walkers' detector
radius eps cuts it, S(eps) = s0 + c ln eps with c = (pi^2/4 - 1)/3 = 0.489
(the large-q tails of the exact loop sum), and the physical cut is the
wavelength, eps = 1 / (k_F l) (band: eps from 1/2 to 2 of that).
"""
import argparse
import json
import math
import os
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

import pathsim  # noqa: E402
from pathsim import theory  # noqa: E402
from pathsim._files import atomic_write  # noqa: E402
from pathsim.figures import _style  # noqa: E402
from pathsim.wave import transport  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
W_C = 16.54                      # Slevin & Ohtsuki 1999 (box disorder, E = 0)
LOG_COEFF = (math.pi ** 2 / 4 - 1) / 3


def lattice_constants(n=1600):
    """(nu, <v_x^2>, k_F) of the clean cubic lattice at E = 0 (t = a = 1).

    nu: density of states per site and spin, 1/pi Int_0^pi dk rho_2D(2 cos k)
    with rho_2D(e) = K(1 - e^2/16) / (2 pi^2); nu <v_x^2> = (1/3) of the mean
    of -eps Theta(-eps) over the zone (integration by parts of
    delta(eps) (d eps / d k_x)^2); k_F^2 = S_F / (4 pi), S_F the Fermi surface
    area, summed over the two k_z roots of each (k_x, k_y)."""
    from scipy import integrate, special
    rho2 = lambda e: special.ellipk(1.0 - e * e / 16.0) / (2.0 * math.pi ** 2)  # noqa: E731
    nu = integrate.quad(lambda k: rho2(2.0 * math.cos(k)), 0.0, math.pi,
                        points=[math.pi / 2], limit=400)[0] / math.pi
    m = 300                       # the kinetic energy: 1e-8 from m = 900
    k = (np.arange(m) + 0.5) * np.pi / m
    kx, ky = np.meshgrid(k, k, indexing="ij")
    kinetic = 0.0
    for kz in np.array_split(k, m // 10):
        eps = -2.0 * (np.cos(kx)[..., None] + np.cos(ky)[..., None] + np.cos(kz))
        kinetic += float(np.sum(np.where(eps < 0.0, -eps, 0.0)))
    nu_vx2 = kinetic / m ** 3 / 3.0
    k = (np.arange(n) + 0.5) * np.pi / n
    kx, ky = np.meshgrid(k, k, indexing="ij")
    c = np.cos(kx) + np.cos(ky)
    ok = np.abs(c) < 1.0
    vz = 2.0 * np.sqrt(1.0 - c[ok] ** 2)
    speed = np.sqrt(4.0 * np.sin(kx[ok]) ** 2 + 4.0 * np.sin(ky[ok]) ** 2 + vz ** 2)
    area = 8.0 * np.sum(speed / vz) * (np.pi / n) ** 2   # 8 octants, 2 roots / 2
    return nu, nu_vx2 / nu, math.sqrt(area / (4.0 * math.pi))


def wave_conductivity(disorder, sizes, realizations, seed):
    """Slope sigma (e^2/h per spin per site) and intercept of <g_s>(L) =
    sigma L + a, weighted least squares; with their errors and chi^2 / dof."""
    mean, err = [], []
    for size in sizes:
        g = transport.conductance(3, size, size, disorder, energy=0.0,
                                  realizations=realizations, seed=seed + 1000 * size,
                                  progress=False)
        g_s = 1.0 / (1.0 / g - 1.0 / transport.open_channels(3, size, 0.0))
        mean.append(g_s.mean())
        err.append(g_s.std(ddof=1) / math.sqrt(g_s.size))
    x, y, e = np.asarray(sizes, float), np.asarray(mean), np.asarray(err)
    design = np.vstack([x, np.ones_like(x)]).T / e[:, None]
    coef, *_ = np.linalg.lstsq(design, y / e, rcond=None)
    cov = np.linalg.inv(design.T @ design)
    chi2 = float(np.sum(((design @ coef) - y / e) ** 2)) / max(1, x.size - 2)
    return dict(W=disorder, sigma=coef[0], sigma_err=math.sqrt(cov[0, 0]), a=coef[1],
                a_err=math.sqrt(cov[1, 1]), chi2=chi2, g_mean=y.tolist(), g_err=e.tolist())


def loop_sum(radii, walkers, tau_phi, seed):
    """The walkers' 3D loop sum S (G0 per l) at L_phi = inf for each detector
    radius eps: delta_sigma(tau_phi) minus the exact 1 / L_phi part
    (:func:`pathsim.theory.loop_sum_3d_difference`)."""
    shift = theory.loop_sum_3d_difference(tau_phi, np.inf)
    out = []
    for k, eps in enumerate(radii):
        run = pathsim.simulate(walkers, dim=3, b=[0.0], tau_phi=[tau_phi], tau_phi_max=tau_phi,
                               truncation=5.0, detector_radius=eps, seed=seed + k,
                               progress=False)
        value, err = run.delta_sigma(0.0, tau_phi)
        out.append((float(np.ravel(value)[0]) - shift, float(np.ravel(err)[0])))
    return np.array(out)


def fit_log(radii, s, s_err):
    """S(eps) = s0 + c ln eps, weighted; (s0, c, covariance)."""
    x = np.log(radii)
    design = np.vstack([np.ones_like(x), x]).T / s_err[:, None]
    coef, *_ = np.linalg.lstsq(design, s / s_err, rcond=None)
    return coef[0], coef[1], np.linalg.inv(design.T @ design)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run (seconds)")
    parser.add_argument("--seed", type=int, default=31)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--replot", type=Path, default=None,
                        help="remake the figure from a JSON this script wrote")
    args = parser.parse_args(argv)
    out = args.out or ROOT / ("figures/quick" if args.quick else "figures")
    out.mkdir(parents=True, exist_ok=True)
    if args.replot is not None:
        with open(args.replot) as handle:
            summary = json.load(handle)
        return finish(summary, out)
    start = time.perf_counter()
    if args.quick:
        disorders, sizes, reals = (2.0, 3.0, 4.0, 8.0, 16.5), (6, 8, 10), 12
        radii, walkers = (0.1, 0.5), 4_000
    else:
        disorders = (2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 10.0, 12.0, 14.0, 16.5)
        sizes, reals = (8, 10, 12, 14, 16, 18), 80
        radii, walkers = (0.1, 0.2, 0.35, 0.5), 100_000
    nu, vx2, k_f = lattice_constants(800 if args.quick else 1600)
    a_born = 12.0 * vx2
    wave = [wave_conductivity(w, sizes, reals, args.seed + 17 * k)
            for k, w in enumerate(disorders)]
    t_wave = time.perf_counter() - start
    sig = np.array([r["sigma"] for r in wave])
    sig_err = np.array([r["sigma_err"] for r in wave])
    w_arr = np.array(disorders)
    # the wave's own Drude constant A = lim sigma W^2: sigma W^2 of the two
    # weakest diffusive disorders (L >> l), extrapolated to W = 0 linearly in
    # W^4 (the order of the weak-localization correction, (k_F l)^-2); the
    # golden rule's A_born beside it
    i, j = disorders.index(3.0), disorders.index(4.0)
    y0, y1 = sig[i] * 9.0, sig[j] * 16.0
    lever = 81.0 / (256.0 - 81.0)
    a_wave = y0 + (y0 - y1) * lever
    a_wave_err = math.hypot((1 + lever) * sig_err[i] * 9.0, lever * sig_err[j] * 16.0)
    walk = loop_sum(radii, walkers, 30.0, args.seed + 500)
    s0, c, cov = fit_log(np.array(radii), walk[:, 0], walk[:, 1])
    summary = dict(
        lattice=dict(nu=nu, vx2=vx2, k_f=k_f, A_born=a_born),
        A_wave=a_wave, A_wave_err=a_wave_err, sizes=list(sizes), realizations=reals,
        wave=wave,
        walkers=dict(radii=list(radii), S=walk[:, 0].tolist(), S_err=walk[:, 1].tolist(),
                     walkers=walkers, tau_phi=30.0, s0=s0, s0_err=math.sqrt(cov[0, 0]), c=c,
                     c_err=math.sqrt(cov[1, 1]), c_derived=LOG_COEFF),
        seconds=dict(wave=t_wave, total=time.perf_counter() - start))
    finish(summary, out)


def walker_ratio(summary, x, factor=1.0):
    """1 + delta_sigma / sigma_0 of the loop sum cut at eps = factor / (k_F l)."""
    w = summary["walkers"]
    return 1.0 + 1.5 * (w["s0"] + w["c"] * np.log(factor / x)) / x ** 2


def parting(summary):
    """k_F l where the loop sum first misses the exact sigma / sigma_D by 10 %
    of it, going from weak to strong disorder over the diffusive samples
    (l <= L_min / 2), interpolated in ln k_F l; None if it never does."""
    rows = [r for r in summary["wave"] if r["l"] <= summary["sizes"][0] / 2.0]
    kfl = np.array([r["kfl"] for r in rows])
    ratio = np.array([r["ratio"] for r in rows])
    miss = np.abs(walker_ratio(summary, kfl) - ratio) / np.abs(ratio)
    for k in range(len(kfl)):
        if miss[k] > 0.1:
            if k == 0:
                return float(kfl[0])
            t = (0.1 - miss[k - 1]) / (miss[k] - miss[k - 1])
            return float(math.exp(math.log(kfl[k - 1]) + t * math.log(kfl[k] / kfl[k - 1])))
    return None


def drude(summary):
    """sigma_D = A_wave / W^2 of each row, and from it k_F l = 3 pi sigma_D / k_F,
    l = 3 pi sigma_D / k_F^2 and sigma / sigma_D (errors: sigma's; the common
    scale error of A_wave is kept apart, in ``A_wave_err``)."""
    a, k_f = summary["A_wave"], summary["lattice"]["k_f"]
    for r in summary["wave"]:
        sd = a / r["W"] ** 2
        r.update(sigma_D=sd, kfl=3.0 * math.pi * sd / k_f, l=3.0 * math.pi * sd / k_f ** 2,
                 ratio=r["sigma"] / sd, ratio_err=r["sigma_err"] / sd)
    summary["kfl_at_Wc"] = 3.0 * math.pi * a / W_C ** 2 / k_f


def finish(summary, out):
    """Add the Drude values and the parting point, write the JSON and the
    figure, print the table."""
    drude(summary)
    summary["kfl_part_10pct"] = part = parting(summary)
    atomic_write(out / "ioffe_regel.json", lambda h: json.dump(summary, h, indent=1), text=True)
    w = summary["walkers"]
    sizes = summary["sizes"]
    with _style.style():
        fig, ax = _style.figure(figsize=(7.5, 5.2))
        fine = np.geomspace(0.7, 40.0, 400)
        lo, hi = walker_ratio(summary, fine, 0.5), walker_ratio(summary, fine, 2.0)
        ax.fill_between(fine, np.minimum(lo, hi), np.maximum(lo, hi), color=_style.COLORS[0],
                        alpha=0.2, lw=0)
        ax.plot(fine, walker_ratio(summary, fine), color=_style.COLORS[0],
                label="walkers' loop sum: $1 + \\frac{3}{2} S/(k_F l)^2$, "
                      f"$S = {w['s0']:.2f} + {w['c']:.2f}\\,\\ln\\epsilon$, "
                      "$\\epsilon = 1/k_F l$\n(band: $\\epsilon$ from $1/(2 k_F l)$ to "
                      "$2/(k_F l)$)")
        ax.plot(fine, 1.0 - 3.0 / (math.pi * fine ** 2), color=_style.THEORY, ls="--",
                label="sharp cut-off at $q = 1/l$: $1 - 3/(\\pi (k_F l)^2)$")
        for ballistic in (False, True):
            rows = [r for r in summary["wave"] if (r["l"] > sizes[0] / 2.0) == ballistic]
            if not rows:
                continue
            label = ("Anderson model, exact: $\\sigma(L\\to\\infty)/\\sigma_D$ (cubes "
                     f"$L$ = {sizes[0]}..{sizes[-1]}, {summary['realizations']} samples each)"
                     if not ballistic else f"same, $l > L_{{min}}/2$ (quasi-ballistic)")
            _style.errorbar(ax, [r["kfl"] for r in rows], [r["ratio"] for r in rows],
                            [r["ratio_err"] for r in rows], color=_style.COLORS[1], label=label,
                            markerfacecolor="white" if ballistic else _style.COLORS[1])
            for r in rows:
                ax.annotate(f"W={r['W']:g}", (r["kfl"], r["ratio"]), textcoords="offset points",
                            xytext=(4, 5), fontsize=7.5, color=_style.COLORS[1])
        ax.axvline(summary["kfl_at_Wc"], color="0.5", lw=0.8, ls=":")
        ax.text(summary["kfl_at_Wc"] * 1.05, 0.9, f"$W_c = {W_C}$", fontsize=8, color="0.4")
        if part is not None:
            ax.axvline(part, color=_style.COLORS[0], lw=0.8, ls=":")
            ax.text(part * 1.05, 0.05, f"10 % apart\n$k_F l$ = {part:.1f}", fontsize=8,
                    color=_style.COLORS[0])
        ax.axhline(0.0, color="0.6", lw=0.8)
        ax.axhline(1.0, color="0.8", lw=0.8)
        ax.set_xscale("log")
        ax.set_xlim(0.25, 40.0)
        ax.set_ylim(-0.6, 1.15)
        ax.set_xlabel("$k_F l$ from the wave's Drude conductivity $\\sigma_D = A/W^2 = "
                      "k_F^2 l/3\\pi$ ($e^2/h$ per spin), "
                      f"$A = {summary['A_wave']:.1f} \\pm {summary['A_wave_err']:.1f}$")
        ax.set_ylabel("$\\sigma / \\sigma_D = 1 + \\delta\\sigma / \\sigma_0$")
        ax.set_title("3D: weak-localization correction against the exact conductivity, E = 0")
        ax.legend(loc="lower right", fontsize=7.5)
        _style.save(fig, out, "ioffe_regel", formats=("png",))
    print(json.dumps({k: v for k, v in summary.items() if k != "wave"}, indent=1))
    for r in summary["wave"]:
        print(f"W {r['W']:5.2f}  sigma {r['sigma']:.4f} +- {r['sigma_err']:.4f}  "
              f"a {r['a']:+.3f} +- {r['a_err']:.3f}  chi2 {r['chi2']:.2f}  l {r['l']:.2f}  "
              f"k_F l {r['kfl']:.2f}  sigma/sigma_D {r['ratio']:.3f} +- {r['ratio_err']:.3f}")

if __name__ == "__main__":
    main()
