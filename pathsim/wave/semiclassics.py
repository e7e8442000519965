"""What the walkers need to know about a lattice sample: the mean free path
of the 2D Anderson model in the Born approximation, and the field b of the
loop sum that a Peierls flux per plaquette corresponds to.

Born approximation (Fermi's golden rule) for on-site box disorder of width
W, variance W^2 / 12, on the square lattice with hopping t = 1 (hbar = 1,
lattice spacing 1): the scattering rate is the same for every state at
energy E,

    1 / tau = 2 pi nu(E) W^2 / 12,

nu(E) the density of states per site and spin, and white-noise disorder
scatters isotropically (tau_tr = tau).  The walkers' model has one speed;
the lattice's Fermi velocity varies around the Fermi line, and matching the
diffusion constant D = <v_x^2> tau = <v^2> tau / 2 with the walkers'
D = v l / 2 (and the same tau) gives l = sqrt(<v^2>) tau, the averages
over the Fermi line weighted by the density of states.

Fields: a flux phi (in h/e) per plaquette is B = phi h / (e a^2); with
B_tr = hbar / (2 e l^2), b = B / B_tr = 4 pi phi (l / a)^2 (the twins'
relative phase 2 e B A / hbar = 4 pi phi A / a^2 = b A / l^2).
"""
import math

import numpy as np
from scipy import integrate

from .._validate import check_real


def _fermi_line_sums(energy):
    """nu(E) and nu(E) <v^2> of the clean square lattice (per site)."""
    def integrand(kx, moment):
        c = -(energy + 2.0 * math.cos(kx)) / 2.0          # cos ky on the Fermi line
        if abs(c) >= 1.0:
            return 0.0
        s = math.sqrt(1.0 - c * c)                        # |sin ky|, |v_y| = 2 s
        v2 = 4.0 * math.sin(kx) ** 2 + 4.0 * s * s
        # two roots +-ky, each with density 1 / |d eps / d ky| = 1 / (2 s)
        return (2.0 / (2.0 * s)) * (v2 if moment else 1.0)

    # the edges of the kx range where a root exists are 1/sqrt singular
    edge = math.acos(max(-1.0, min(1.0, -(energy + 2.0) / 2.0))) if abs(energy) < 4 else 0.0
    edge2 = math.acos(max(-1.0, min(1.0, -(energy - 2.0) / 2.0))) if abs(energy) < 4 else 0.0
    points = sorted({0.0, edge, edge2, math.pi})
    sums = []
    for moment in (False, True):
        total = 0.0
        for lo, hi in zip(points[:-1], points[1:]):
            if hi > lo:
                total += integrate.quad(integrand, lo, hi, args=(moment,), limit=200)[0]
        sums.append(2.0 * total / (4.0 * math.pi ** 2))   # kx in (-pi, pi): twice (0, pi)
    return sums[0], sums[1]


def born_mean_free_path(disorder, energy):
    """Mean free path (lattice spacings) of the 2D Anderson model in the
    Born approximation, l = sqrt(<v^2>) tau with 1 / tau = 2 pi nu W^2 / 12.

    Parameters
    ----------
    disorder : float
        W > 0, box distribution [-W/2, W/2], units of t.
    energy : float
        Fermi energy E, |E| < 4 (and E != 0, where nu is log-singular).

    Returns
    -------
    dict with ``l``, ``tau`` (hbar / t), ``nu`` (per site and t), ``v_rms``
    (t a / hbar) and ``k_f``, the mean |k| on the Fermi line (1 / a).
    """
    disorder = check_real("disorder", disorder, lower=0.0, lower_open=True)
    energy = check_real("energy", energy, lower=-4.0, upper=4.0, lower_open=True,
                        upper_open=True)
    if energy == 0.0:
        raise ValueError("energy must not be 0 (the density of states is singular there)")
    nu, nu_v2 = _fermi_line_sums(energy)
    v_rms = math.sqrt(nu_v2 / nu)
    tau = 1.0 / (2.0 * math.pi * nu * disorder ** 2 / 12.0)
    kx = np.linspace(0.0, math.pi, 20001)
    c = -(energy + 2.0 * np.cos(kx)) / 2.0
    ok = np.abs(c) < 1.0
    k_f = float(np.mean(np.hypot(kx[ok], np.arccos(c[ok])))) if ok.any() else float("nan")
    return dict(l=v_rms * tau, tau=tau, nu=nu, v_rms=v_rms, k_f=k_f)


def field_from_flux(flux, mean_free_path):
    """b = B / B_tr of a flux ``flux`` (h/e) per plaquette: 4 pi phi l^2."""
    return 4.0 * math.pi * np.asarray(flux, dtype=float) * mean_free_path ** 2


def flux_from_field(b, mean_free_path):
    """Flux per plaquette (h/e) of the field b = B / B_tr: b / (4 pi l^2)."""
    return np.asarray(b, dtype=float) / (4.0 * math.pi * mean_free_path ** 2)
