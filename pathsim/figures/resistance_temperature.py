"""Resistance against temperature: the weak-localization rise on cooling.

Electron-electron dephasing gives tau_phi = tau_phi0 (T / T0)^(-p) (p = 1 in
2D), so in 2D delta_sigma = p G0 ln(T) + const: the resistance
R / R_D = 1 / (1 + delta_sigma / sigma_D) rises logarithmically on cooling
(:ref:`theory-temperature`), with the Drude conductivity sigma_D / G0 = pi k_F l
(sigma_D = (e^2 / h) k_F l, spin included).  A perpendicular field caps the
loops that interfere at areas ~ 1 / b and so removes the rise once
B > B_phi(T).
"""
import numpy as np
from scipy import constants

from .. import theory
from . import _style, _workloads

NAME = "resistance_temperature"
KF_L = 20.0             # k_F l: sigma_D / G0 = pi k_F l
P = 1.0                 # tau_phi ~ T^-p
TAU_PHI0 = 100.0        # tau_phi at T0 = 1 K, units tau
TAU_PHI_MIN = 3.0       # tau_phi at the highest temperature
FIELDS = (0.0, 0.01, 0.1)   # b = B / B_tr
L_EXAMPLE = 100e-9      # m: a mean free path to quote B in tesla


def b_tr(l):
    """B_tr = hbar / (2 e l^2) in tesla for a mean free path ``l`` in metres."""
    return constants.hbar / (2.0 * constants.e * l ** 2)


def temperatures(tau_phi_max, points=25):
    """Temperatures (K) where tau_phi runs from tau_phi_max down to TAU_PHI_MIN."""
    t_low = (TAU_PHI0 / tau_phi_max) ** (1.0 / P)
    t_high = (TAU_PHI0 / TAU_PHI_MIN) ** (1.0 / P)
    return np.geomspace(t_low, t_high, points)


def make(out_dir, quick=False, seed=None, progress=None):
    """Write ``resistance_temperature.png`` and ``.pdf`` into ``out_dir``."""
    run = _workloads.run(NAME, quick, seed, progress)
    temps = temperatures(run.params["tau_phi_max"])
    tau_phi = TAU_PHI0 * temps ** (-P)
    sigma_d = np.pi * KF_L
    ds, err = run.delta_sigma(np.array(FIELDS), tau_phi)      # (n_T, n_b)
    resistance = 1.0 / (1.0 + ds / sigma_d)
    r_err = resistance ** 2 * err / sigma_d
    exact = 1.0 / (1.0 + theory.exact_2d(np.array(FIELDS), tau_phi) / sigma_d)
    tesla = b_tr(L_EXAMPLE)

    with _style.style():
        fig, (ax, res) = _style.figure(
            2, 1, sharex=True, gridspec_kw=dict(height_ratios=(2.6, 1.0)))
        res.axhline(0.0, color="0.3", ls="--", lw=1.0)
        for k, (b, color) in enumerate(zip(FIELDS, _style.COLORS)):
            if b == 0:
                label = "$B = 0$"
            else:
                label = (f"$b = B/B_{{tr}}$ = {b:g} ({1e3 * b * tesla:.2g} mT "
                         f"if $l$ = {L_EXAMPLE * 1e9:.0f} nm)")
            _style.band(ax, temps, resistance[:, k], r_err[:, k], color=color,
                        label=label, marker="o", ms=3)
            ax.plot(temps, exact[:, k], color=color, ls="--", lw=1.2, zorder=4)
            _style.band(res, temps, 1e3 * (resistance[:, k] - exact[:, k]),
                        1e3 * r_err[:, k], color=color, marker="o", ms=2.5)
        ax.plot([], [], color="0.3", ls="--", lw=1.2, label="exact 2D theory")
        ax.set_xscale("log")
        _style.log_ticks(ax)
        ax.set_ylabel("resistance $R / R_D$\n($R_D$: Drude)")
        ax.set_title(
            "Weak localization raises $R$ on cooling; a perpendicular field removes "
            "the rise\n"
            f"$\\tau_\\phi = {TAU_PHI0:g}\\,\\tau\\,(T/1\\,\\mathrm{{K}})^{{-{P:g}}}$, "
            f"$k_F l$ = {KF_L:g}, $\\sigma_D = \\pi k_F l\\,G_0$ = {sigma_d:.1f} $G_0$\n"
            + _style.run_note(run) + ", 1$\\sigma$ bands (correlated: same walkers)")
        ax.legend(loc="upper right")
        with np.errstate(divide="ignore"):
            top = ax.secondary_xaxis("top", functions=(
                lambda t: TAU_PHI0 * np.maximum(np.asarray(t, float), 1e-300) ** (-P),
                lambda s: (np.maximum(np.asarray(s, float), 1e-300) / TAU_PHI0) ** (-1.0 / P)))
        top.set_xlabel("$\\tau_\\phi$ / $\\tau$", fontsize=10)
        _style.log_ticks(top)
        res.set_xlabel("temperature $T$ / K")
        res.set_ylabel("$10^3 (R - R_{exact})$\n$/ R_D$")
        return _style.save(fig, out_dir, NAME)
