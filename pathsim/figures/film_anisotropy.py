"""A thin film in a perpendicular, a parallel and a tilted field.

A perpendicular field threads the full area of the loops in the plane of the
film (HLN, Hikami, Larkin & Nagaoka 1980); a parallel field only the thin
sections they sweep across the thickness w, so it dephases at the rate
1/tau_B = e^2 B^2 w^2 D / (3 hbar^2) (Al'tshuler & Aronov 1981) and needs a
field larger by about 4 sqrt(3) L_phi / w for the same effect.  This
anisotropy is the experimentalist's test of weak localization: the
electron-electron interaction correction responds to the field through the
isotropic Zeeman energy only.  A tilted field acts through both components:
HLN at B cos(theta) with the dephasing rate of B sin(theta) added
(:ref:`theory-film-parallel`).  For perpendicular and parallel fields the figure
also shows the diffusive theory of a film of finite w / L_phi
(:func:`pathsim.theory.film_diffusive`, cut at the run's t_cut like the
walks), which the thin-film laws approach as w / L_phi -> 0.  One run gives
all three curves: each loop's vector area is projected on each field
direction.
"""
import numpy as np

from .. import theory
from . import _style, _workloads

NAME = "film_anisotropy"
RATIOS = np.geomspace(0.03, 300.0, 25)    # B / B_phi at the simulated points


def tilted_theory(ratio, tau_phi, thickness, D, theta):
    """Thin-film law for a field at angle theta from the normal (ratio = B / B_phi)."""
    b = ratio / (2.0 * D * tau_phi)
    rate = 1.0 / tau_phi + 1.0 / theory.tau_b_film(b * np.sin(theta), thickness, D)
    tau_eff = 1.0 / rate
    perp = np.array([theory.hln_d(bb * np.cos(theta), te, D) if bb > 0 else 0.0
                     for bb, te in zip(np.atleast_1d(b), np.atleast_1d(tau_eff))])
    return perp + np.log(tau_phi / tau_eff)


def make(out_dir, quick=False, seed=None, progress=None):
    """Write ``film_anisotropy.png`` and ``.pdf`` into ``out_dir``."""
    run = _workloads.run(NAME, quick, seed, progress)
    p = run.params
    w = p["widths"][2]
    tau = p["tau_phi_max"]
    D = run.diffusion
    b_phi = 1.0 / (2.0 * D * tau)
    fine = np.geomspace(RATIOS[0], RATIOS[-1], 300)
    coarse = np.geomspace(RATIOS[0], RATIOS[-1], 12 if quick else 40)  # film theory: ~0.1 s a point
    labels = []
    for n in run.directions:
        theta = np.degrees(np.arccos(np.clip(abs(n[2]), 0.0, 1.0)))
        labels.append((theta, {0: "perpendicular", 90: "parallel"}.get(
            int(round(theta)), f"tilted {theta:.0f}$^\\circ$")))
    with _style.style():
        fig, ax = _style.figure(figsize=(8.0, 5.6))
        for k, ((theta, label), color) in enumerate(zip(labels, _style.COLORS)):
            mc, err = run.magnetoconductance(RATIOS * b_phi, tau, direction=k)
            sheet = run.cross_section
            _style.errorbar(ax, RATIOS, mc * sheet, err * sheet, color=color,
                            label=f"{label} field ($\\theta$ = {theta:.0f}$^\\circ$)")
            if label in ("perpendicular", "parallel"):
                exact = theory.film_diffusive(coarse * b_phi, tau, w, D, label,
                                                 t_cut=p["t_cut"])
                ax.plot(coarse, exact, color=color, lw=1.6, zorder=2)
            # the thin-film law needs the loops to cross the film many times
            # within tau_B: drawn where tau_B(B sin theta) > 3 w^2 / D
            b_par = fine * b_phi * np.sin(np.radians(theta))
            valid = theory.tau_b_film(b_par, w, D) > 3.0 * w ** 2 / D
            ax.plot(fine[valid], tilted_theory(fine[valid], tau, w, D, np.radians(theta)),
                    color=color, lw=1.2, ls=":", zorder=2)
        ax.plot([], [], color="0.4", lw=1.6,
                label=f"diffusive film theory, w / $L_\\phi$ = {w / np.sqrt(D * tau):.2f}")
        ax.plot([], [], color="0.4", ls=":", lw=1.2,
                label="thin-film theory: HLN at $B\\cos\\theta$, dephasing\n"
                      "$1/\\tau_B = e^2 (B\\sin\\theta)^2 w^2 D / 3\\hbar^2$ added\n"
                      "(drawn where $\\tau_B > 3 w^2/D$)")
        ax.set_xscale("log")
        _style.log_ticks(ax)
        ax.set_xlabel("$B / B_\\phi$,   $B_\\phi = \\hbar / (4 e D \\tau_\\phi)$"
                      f"  (here $B_\\phi$ = {b_phi:.3g} $B_{{tr}}$)")
        ax.set_ylabel("$[\\delta\\sigma(B) - \\delta\\sigma(0)]\\,w$ / $G_0$")
        L_phi = np.sqrt(D * tau)
        ax.set_title(f"Film of thickness w = {w:g} l, $L_\\phi$ = {L_phi:.1f} l "
                     f"($\\tau_\\phi$ = {tau:g} $\\tau$), {p['walls']} walls: the field "
                     f"direction matters\n" + _style.run_note(run) + ", 1$\\sigma$ errors")
        ax.legend(loc="upper left", fontsize=9)
        return _style.save(fig, out_dir, NAME)
