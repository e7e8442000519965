"""The bridge's residual: the lattice's contact resistance and mean free path
measured from strips of several lengths, and the wave / walkers ratio redone
with them (issue 20 item 3; docs: checks-bridge).

The walkers turn their loop sum into a two-terminal conductance change with
their own classical conductance (:mod:`pathsim.results.open_sample`):

    delta_G = (1 / L_eff^2) Int_0^L dx delta_sigma_1D(x) = (L / L_eff)^2 (W / L) delta_sigma,

L_eff = L + 2 z_e l.  For a wire of sample resistance R_s = L / (sigma W) in
series with a contact resistance R_c, a local change delta_sigma gives
delta_R = -R_s delta_sigma / sigma and delta_G = -delta_R / R_tot^2 =
(R_s / R_tot)^2 (W / L) delta_sigma: the same form with
R_s / R_tot = 1 - R_c g_cl.  The walkers' factor assumes R_c = 2 z_e l /
(sigma W) = 4 z_e / (pi N) (with sigma W = N (pi / 2) l); the Sharvin
resistance of N ideal channels is 1 / N.  This script measures the lattice's
R_c and sigma W from the classical conductance at three lengths,

    1 / g_cl(L) = R_c + L / (sigma W),

g_cl = <g(b_hi)> - (the walkers' correction left at b_hi), b_hi where the
cyclotron radius is R_C_HI l (classical magnetoresistance g (l / R_c)^2
below 0.3 %), and redoes each strip's low-field ratio wave / walkers with
(a) l_sigma = sigma W / (N pi / 2) for the walkers' geometry and fields,
(b) the lattice's own factor (1 - R_c g_cl)^2 instead of the walkers'
(L / L_eff)^2.  It also prints the zero-field ratio wave / walkers (the
wave's drop to b_hi plus the walkers' remainder) against the next order of
the orthogonal-to-unitary crossover, 1 - 2 / (15 <g>).

    python scripts/bridge_contacts.py --quick      (seconds)
    nice -n 10 python scripts/bridge_contacts.py   (about 25 minutes on one idle core)
    python scripts/bridge_contacts.py --report docs/checks/bridge_contacts.npz
"""
import argparse
import math
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

import pathsim  # noqa: E402
from pathsim.results.open_sample import conductance_ratio  # noqa: E402
from pathsim.wave import conductance, open_channels  # noqa: E402
from pathsim.wave.semiclassics import (born_mean_free_path, field_from_flux,  # noqa: E402
                                       flux_from_field)

ROOT = Path(__file__).resolve().parent.parent
ENERGY = -1.5            # as scripts/open_vs_wave.py
R_C_HI = 20.0            # cyclotron radius (in l) of the "classical" field b_hi
# name, rows N, disorder W, slices L (three lengths), realizations
FULL = dict(series=(("narrow-a", 40, 1.2, (80, 160, 320), 2000),
                    ("narrow-b", 80, 0.853, (158, 316, 632), 400)),
            walkers=400_000, fractions=(0.05, 0.15, 0.3))
QUICK = dict(series=(("quick", 12, 2.0, (12, 24, 48), 16),),
             walkers=10_000, fractions=(0.1, 0.3))


def walk(rows, slices, ell, walkers, seed):
    """The walkers' open strip in units of ``ell`` (specular walls)."""
    return pathsim.simulate(walkers, dim=2, geometry="wire", width=(rows + 1) / ell,
                            length=slices / ell, walls="specular", tau_phi_max=np.inf,
                            seed=seed, progress=False)


def walkers_at(run, fields):
    """Everything the analysis takes from the walkers at ``fields``."""
    w_mc, w_err = run.conductance_correction(fields, zero_field=True)
    w_left, _ = run.conductance_correction(fields)
    w_zero, w_zero_err = run.conductance_correction(0.0)
    return dict(walker=w_mc, walker_err=w_err, walker_left=w_left, walker_zero=w_zero,
                walker_zero_err=w_zero_err, transmission=run.transmission()[0],
                transmission_err=run.transmission()[1],
                l_ratio=conductance_ratio(run)[0], l_ratio_err=conductance_ratio(run)[1])


def pick_fields(run, fractions):
    """Fields b where the walkers' correction has fallen by ``fractions``."""
    grid = np.geomspace(1e-3, 30.0, 160)
    zero, _ = run.conductance_correction(0.0)
    mc, _ = run.conductance_correction(grid, zero_field=True)
    drop = np.maximum.accumulate(mc / -zero)
    return np.exp(np.interp(fractions, drop, np.log(grid)))


def strip(rows, disorder, slices, realizations, plan, seed):
    """Wave and walkers on one strip: every raw number the analysis needs."""
    born = born_mean_free_path(disorder, ENERGY)
    ell, k_f = born["l"], born["k_f"]
    t0 = time.perf_counter()
    run = walk(rows, slices, ell, plan["walkers"], seed)
    fields = pick_fields(run, np.asarray(plan["fractions"]))
    b_hi = 2.0 * k_f * ell / R_C_HI
    fields = np.append(fields, b_hi)
    walkers = walkers_at(run, fields)
    t_walk = time.perf_counter() - t0
    t0 = time.perf_counter()
    fluxes = flux_from_field(fields, ell)
    g0 = conductance(2, rows, slices, disorder, energy=ENERGY, flux=0.0,
                     realizations=realizations, seed=seed)
    g = np.array([conductance(2, rows, slices, disorder, energy=ENERGY, flux=f,
                              realizations=realizations, seed=seed) for f in fluxes])
    t_wave = time.perf_counter() - t0
    diff = g - g0[None]
    return dict(rows=rows, disorder=disorder, slices=slices, realizations=realizations,
                l_born=ell, k_f=k_f, n_channels=open_channels(2, rows, ENERGY),
                fields=fields, fluxes=fluxes, g0=g0.mean(),
                g0_err=g0.std(ddof=1) / math.sqrt(realizations),
                g_hi=g[-1].mean(), g_hi_err=g[-1].std(ddof=1) / math.sqrt(realizations),
                wave=diff.mean(axis=1),
                wave_err=diff.std(axis=1, ddof=1) / math.sqrt(realizations),
                t_walk=t_walk, t_wave=t_wave, **walkers)


def rewalk(s, plan, seed):
    """The walkers of a saved strip redone at its fields (the wave kept)."""
    t0 = time.perf_counter()
    run = walk(int(s["rows"]), int(s["slices"]), float(s["l_born"]), plan["walkers"], seed)
    return dict(s, **walkers_at(run, s["fields"]), t_walk=time.perf_counter() - t0)


def line_fit(x, y, e):
    """Weighted y = a + s x: (a, a_err, s, s_err, chi2)."""
    a = np.column_stack([np.ones_like(x), x]) / e[:, None]
    coef, *_ = np.linalg.lstsq(a, y / e, rcond=None)
    cov = np.linalg.inv(a.T @ a)
    chi2 = float(np.sum(((a @ coef) - y / e) ** 2))
    return coef[0], math.sqrt(cov[0, 0]), coef[1], math.sqrt(cov[1, 1]), chi2


def contacts(strips):
    """Fit 1 / g_cl(L) = R_c + L / (sigma W) over one series' strips, and
    the walkers' 1 / (N T) against L in the same units for comparison."""
    n_ch = strips[0]["n_channels"]
    length = np.array([s["slices"] for s in strips], dtype=float)
    g_cl = np.array([s["g_hi"] - s["walker_left"][-1] for s in strips])
    g_cl_err = np.array([s["g_hi_err"] for s in strips])
    inv, inv_err = 1.0 / g_cl, g_cl_err / g_cl ** 2
    r_c, r_c_err, slope, slope_err, chi2 = line_fit(length, inv, inv_err)
    sigma_w = 1.0 / slope
    l_sigma = sigma_w / (n_ch * math.pi / 2.0)
    # the walkers' own classical resistance 1 / (N T) in the same units (Born l)
    t = np.array([s["transmission"] for s in strips])
    t_err = np.array([s["transmission_err"] for s in strips])
    w_rc, w_rc_err, w_slope, _, w_chi2 = line_fit(length, 1.0 / (n_ch * t),
                                                   t_err / (n_ch * t ** 2))
    return dict(length=length, g_cl=g_cl, g_cl_err=g_cl_err, r_c=r_c, r_c_err=r_c_err,
                slope=slope, slope_err=slope_err, chi2=chi2, sigma_w=sigma_w,
                l_sigma=l_sigma, l_sigma_err=l_sigma * slope_err / slope,
                z_lattice=r_c * n_ch * math.pi / 4.0,
                z_lattice_err=r_c_err * n_ch * math.pi / 4.0,
                walker_r_c=w_rc, walker_r_c_err=w_rc_err, walker_chi2=w_chi2,
                l_walker_slope=1.0 / (w_slope * n_ch * math.pi / 2.0), n_channels=n_ch)


def corrected(s, fit, plan, seed):
    """The strip's ratios redone: walkers at l_sigma (geometry and field of
    each flux), converted with the lattice's (1 - R_c g_cl)^2."""
    ell = fit["l_sigma"]
    run = walk(s["rows"], s["slices"], ell, plan["walkers"], seed)
    fields = field_from_flux(s["fluxes"], ell)
    mc, mc_err = run.conductance_correction(fields, zero_field=True)
    left, _ = run.conductance_correction(fields)
    zero, _ = run.conductance_correction(0.0)
    walker_factor = conductance_ratio(run)[0] ** 2
    g_cl = s["g_hi"] - left[-1]
    lattice = 1.0 - fit["r_c"] * g_cl
    factor = lattice ** 2 / walker_factor
    # error of the factor from R_c (the dominant one) and g_cl
    factor_err = 2.0 * lattice * math.hypot(fit["r_c_err"] * g_cl,
                                            fit["r_c"] * s["g_hi_err"]) / walker_factor
    mc_c, mc_c_err = mc * factor, np.hypot(mc_err * factor, mc * factor_err)
    return dict(l=ell, fields=fields, walker=mc_c, walker_err=mc_c_err, factor=factor,
                factor_err=factor_err, walker_left=left * factor, walker_zero=zero * factor,
                lattice_factor=lattice ** 2, walker_factor=walker_factor)


def ratio(wave, wave_err, walker, walker_err):
    r = wave / walker
    return r, np.hypot(wave_err / walker, wave * walker_err / walker ** 2)


def valid(s):
    """Compared fields: classical magnetoresistance g (l / R_c)^2 below the
    wave's standard error (as scripts/open_vs_wave.py; b_hi never)."""
    r_c = 2.0 * s["k_f"] * s["l_born"] / s["fields"]
    ok = (r_c >= 4.0) & (s["g0"] / r_c ** 2 <= s["wave_err"])
    ok[-1] = False
    return ok


def report(name, strips, fit, fixes):
    n_ch = fit["n_channels"]
    s0 = strips[0]
    print(f"\n{name}: N = {s0['rows']} rows ({n_ch} channels), W = {s0['disorder']}, "
          f"l_Born = {s0['l_born']:.2f}, E = {ENERGY}")
    for s, g, e in zip(strips, fit["g_cl"], fit["g_cl_err"]):
        print(f"  L = {s['slices']:4d} (L/l_Born = {s['slices'] / s['l_born']:5.2f}): "
              f"<g(0)> = {s['g0']:.3f} +- {s['g0_err']:.3f}, g_cl = {g:.3f} +- {e:.3f} "
              f"(at b_hi = {s['fields'][-1]:.2f}, walkers' remainder "
              f"{s['walker_left'][-1]:.4f}), walkers N T = {n_ch * s['transmission']:.3f}"
              f" +- {n_ch * s['transmission_err']:.3f}, {s['realizations']} realizations, "
              f"wave {s['t_wave']:.0f} s")
    print(f"  lattice: 1/g_cl = R_c + L/(sigma W): N R_c = {n_ch * fit['r_c']:.3f} +- "
          f"{n_ch * fit['r_c_err']:.3f} (Sharvin 1; walkers' 4 z_e / pi = "
          f"{n_ch * fit['walker_r_c']:.3f} +- {n_ch * fit['walker_r_c_err']:.3f}), chi2 = "
          f"{fit['chi2']:.2f} (1 dof)")
    print(f"  lattice: sigma W = {fit['sigma_w']:.1f}, l_sigma = sigma W / (N pi/2) = "
          f"{fit['l_sigma']:.2f} +- {fit['l_sigma_err']:.2f} (Born {s0['l_born']:.2f}, "
          f"walkers' slope gives {fit['l_walker_slope']:.2f}); z_e of the lattice = "
          f"N R_c pi / 4 = {fit['z_lattice']:.3f} +- {fit['z_lattice_err']:.3f} l_sigma "
          f"(walkers' chi2 {fit['walker_chi2']:.2f})")
    for s, fix in zip(strips, fixes):
        ok = valid(s)
        raw, raw_err = ratio(s["wave"], s["wave_err"], s["walker"], s["walker_err"])
        new, new_err = ratio(s["wave"], s["wave_err"], fix["walker"], fix["walker_err"])
        z = (s["wave"] - fix["walker"]) / np.hypot(s["wave_err"], fix["walker_err"])
        print(f"  L = {s['slices']}: <g> = {s['g0']:.2f}; conversion factor: walkers' "
              f"(L/L_eff)^2 = {fix['walker_factor']:.4f}, lattice's (1 - R_c g_cl)^2 = "
              f"{fix['lattice_factor']:.4f}, ratio {fix['factor']:.4f} +- "
              f"{fix['factor_err']:.4f}")
        print(f"    {'b_Born':>7} {'wave':>16} {'walkers':>16} {'raw ratio':>14} "
              f"{'corrected walkers':>18} {'new ratio':>14} {'z':>6}")
        r_c = 2.0 * s["k_f"] * s["l_born"] / s["fields"]
        for k in range(len(ok) - 1):
            print(f"    {s['fields'][k]:7.3f} {s['wave'][k]:8.4f} +- {s['wave_err'][k]:.4f} "
                  f"{s['walker'][k]:8.4f} +- {s['walker_err'][k]:.4f} {raw[k]:6.3f} +- "
                  f"{raw_err[k]:.3f} {fix['walker'][k]:9.4f} +- {fix['walker_err'][k]:.4f} "
                  f"{new[k]:6.3f} +- {new_err[k]:.3f} {z[k]:6.2f}"
                  + ("" if ok[k] else f"  (not compared: g (l/R_c)^2 = "
                     f"{s['g0'] / r_c[k] ** 2:.4f})"))
        wave_zero = fix["walker_left"][-1] - s["wave"][-1]
        tot, tot_err = ratio(wave_zero, s["wave_err"][-1], fix["walker_zero"],
                             abs(fix["walker_zero"]) * fix["factor_err"] / fix["factor"])
        print(f"    zero-field correction: wave {wave_zero:.4f} +- {s['wave_err'][-1]:.4f}, "
              f"walkers (corrected) {fix['walker_zero']:.4f}: ratio {tot:.3f} +- "
              f"{tot_err:.3f}; next order of the crossover 1 - 2/(15 <g>) = "
              f"{1 - 2 / (15 * s['g0']):.3f}", flush=True)


def landau_check(flux=0.01, size=48):
    """The Peierls phase against a known closed-orbit phase: the levels of a
    clean size x size box at ``flux`` per plaquette against the Landau levels
    near the band bottom, E_n = -4 + 4 pi phi (n + 1/2) (m* = hbar^2 / 2 t a^2,
    hbar omega_c = 2 e B a^2 t / hbar = 4 pi phi t); the lattice's next order
    (the -k^4 / 12 of -2 cos k) shifts E_0 by -(pi phi)^2 / 2.  The phase
    2 pi phi per plaquette is e B a^2 / hbar, so the twins' relative phase
    2 e B A / hbar is 4 pi phi A / a^2 and b = 4 pi phi l^2."""
    from pathsim.wave.lattice import dense_hamiltonian
    levels = np.linalg.eigvalsh(dense_hamiltonian(np.zeros((size, size)), flux=flux))
    hw = 4.0 * math.pi * flux
    e0 = -4.0 + hw / 2.0 - (math.pi * flux) ** 2 / 2.0
    second = levels[(levels > -4.0 + hw) & (levels < -4.0 + 2.0 * hw)]
    print(f"Peierls check: {size} x {size} clean box, phi = {flux}: lowest level "
          f"{levels[0]:.7f} against E_0 - (pi phi)^2 / 2 = {e0:.7f} (E_0 = "
          f"{-4 + hw / 2:.7f}); the next group's median {np.median(second):.5f} against "
          f"E_1 = {-4 + 1.5 * hw:.5f} ({second.size} levels; phi x area = "
          f"{flux * size * size:.0f})")


def load(path):
    """The series of a saved run: (name, strips, fit, fixes) each."""
    with np.load(path) as data:
        items = {k: data[k][()] if data[k].ndim == 0 else data[k] for k in data.files}
    out = []
    for name in dict.fromkeys(k.split("_fit_")[0] for k in items if "_fit_" in k):
        fit = {k[len(name) + 5:]: v for k, v in items.items() if k.startswith(f"{name}_fit_")}
        strips, fixes = [], []
        for length in fit["length"].astype(int):
            head = f"{name}_L{length}_"
            fixes.append({k[len(head) + 4:]: v for k, v in items.items()
                          if k.startswith(head + "fix_")})
            strips.append({k[len(head):]: v for k, v in items.items()
                           if k.startswith(head) and not k.startswith(head + "fix_")})
        out.append((name, strips, fit, fixes))
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run")
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("--out", type=Path, default=None,
                        help="results file (.npz); default: none with --quick, "
                             "docs/checks/bridge_contacts.npz otherwise")
    parser.add_argument("--report", type=Path, metavar="NPZ", help="reprint a saved run")
    parser.add_argument("--rewalk", type=Path, metavar="NPZ",
                        help="redo the walkers of a saved run at its fields, keeping its "
                             "wave (written to --out, default the same file)")
    parser.add_argument("--single", nargs=4, type=float, metavar=("ROWS", "W", "L", "R"),
                        help="one strip only (R realizations): the raw ratios, Born l")
    args = parser.parse_args(argv)
    if args.single:
        rows, disorder, slices, realizations = args.single
        s = strip(int(rows), disorder, int(slices), int(realizations), FULL, args.seed)
        raw, raw_err = ratio(s["wave"], s["wave_err"], s["walker"], s["walker_err"])
        z = (s["wave"] - s["walker"]) / np.hypot(s["wave_err"], s["walker_err"])
        print(f"N = {int(rows)}, W = {disorder}, L = {int(slices)}: <g(0)> = {s['g0']:.3f} +- "
              f"{s['g0_err']:.3f}, {int(realizations)} realizations, wave {s['t_wave']:.0f} s")
        for k, ok in enumerate(valid(s)[:-1]):
            print(f"  b = {s['fields'][k]:.3f}: wave {s['wave'][k]:.4f} +- {s['wave_err'][k]:.4f}"
                  f", walkers {s['walker'][k]:.4f} +- {s['walker_err'][k]:.4f}, ratio "
                  f"{raw[k]:.3f} +- {raw_err[k]:.3f}, z = {z[k]:.2f}"
                  + ("" if ok else " (not compared)"))
        return 0
    if args.report:
        landau_check()
        for name, strips, fit, fixes in load(args.report):
            report(name, strips, fit, fixes)
        return 0
    plan = QUICK if args.quick else FULL
    landau_check(size=24 if args.quick else 48)
    out = args.out or (None if args.quick else ROOT / "docs/checks/bridge_contacts.npz")
    if args.rewalk:
        out = args.out or args.rewalk
        series = [(name, [rewalk(s, plan, args.seed) for s in strips])
                  for name, strips, _, _ in load(args.rewalk)]
    else:
        series = [(name, [strip(rows, disorder, n, realizations, plan, args.seed)
                          for n in lengths])
                  for name, rows, disorder, lengths, realizations in plan["series"]]
    print(f"E = {ENERGY}, {plan['walkers']:,} walkers per strip, seed {args.seed}")
    saved = {}
    for name, strips in series:
        fit = contacts(strips)
        fixes = [corrected(s, fit, plan, args.seed) for s in strips]
        report(name, strips, fit, fixes)
        for s, fix in zip(strips, fixes):
            for k, v in s.items():
                saved[f"{name}_L{s['slices']}_{k}"] = np.asarray(v)
            for k, v in fix.items():
                saved[f"{name}_L{s['slices']}_fix_{k}"] = np.asarray(v)
        for k, v in fit.items():
            saved[f"{name}_fit_{k}"] = np.asarray(v)
    if out is not None:
        from pathsim._files import atomic_write
        atomic_write(out, lambda handle: np.savez(handle, **saved))
        print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
