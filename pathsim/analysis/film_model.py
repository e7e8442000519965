"""The film model shared by the synthetic experiment and disentangle: the
weak-localization part by method (HLN, exact 2D theory, simulated table,
HLN with spin-orbit and Zeeman) and the Altshuler-Aronov part, in e2pih.

    sigma = sigma_D + delta_sigma_WL + delta_sigma_ee
    tau_phi = tau_phi1 (T / 1 K)^(-p)
    delta_sigma_WL = -ln(tau_phi / tau) + HLN(B_perp)            (baseline)
    delta_sigma_ee = (1 - 3F/4) ln(k_B T tau / hbar) - (F/2) g2(g mu_B ``|B|`` / k_B T)

Engine units inside (:ref:`theory-units`): tau_phi in tau, b = B / B_tr
with B_tr = hbar / (2 e l^2) and l^2 = 2 D tau (2D), so b = 4 e D tau B /
hbar; a relaxation time tau_x has the field B_x = hbar / (4 e D tau_x).
Spin-orbit (Elliott-Yafet, :func:`pathsim.theory.spin.film_so`): tau_so =
hbar / (4 e D B_so), the Zeeman angle per tau is g mu_B ``|B|`` tau / hbar, and
the field-free part becomes (3/2) ln(tau / tau_phi + tau / tau_so) +
(1/2) ln(tau_phi / tau): antilocalization, zero-field slope -p/2 per ln T
for tau_so << tau_phi (Hikami, Larkin & Nagaoka 1980; Maekawa & Fukuyama
1981).
"""
import numpy as np

from .._validate import check_choice, check_real
from ..theory import exact_2d
from ..theory._common import hln_of_ratio
from ..theory.interactions import g2
from ..theory.spin import film_so
from ._shared import E, HBAR, KB, MU_B, tau_phi_power_law
WL_METHODS = ("hln", "exact", "simulation")
NAMES = ("sigma_D", "p", "ln_tau_phi1", "F")

__all__ = ["wl_part", "exact_pairs", "zeeman_h", "Setup", "model", "parts", "start",
           "WL_METHODS", "NAMES", "HBAR", "E", "KB", "MU_B"]


def zeeman_h(B_T, T_K, g=2.0):
    """h = g mu_B ``|B|`` / (k_B T) (dimensionless)."""
    return g * MU_B * np.abs(np.asarray(B_T, dtype=float)) / (KB * np.asarray(T_K, dtype=float))


def exact_pairs(b, tau_phi):
    """:func:`pathsim.theory.exact_2d` element by element (``b`` and
    ``tau_phi`` broadcast together), evaluated once per distinct value."""
    b, tau_phi = np.broadcast_arrays(np.asarray(b, dtype=float), np.asarray(tau_phi, dtype=float))
    tu, ti = np.unique(tau_phi.ravel(), return_inverse=True)
    bu, bi = np.unique(b.ravel(), return_inverse=True)
    table = np.asarray(exact_2d(bu, tu)).reshape(tu.size, bu.size)
    return table[ti, bi].reshape(b.shape)


def wl_part(tau_phi, b, zeeman=0.0, tau_so=None, method="hln", table=None, drop=None,
            strict=True):
    """delta_sigma_WL in e2pih (engine units: tau_phi and tau_so in tau, b in
    B_tr, zeeman in rad per tau).  ``method``: ``"hln"`` (with spin-orbit
    and Zeeman when ``tau_so`` is given), ``"exact"`` or ``"simulation"``
    (``table``, a :class:`pathsim.analysis.WLTable`; ``drop`` leaves one of
    its blocks out; ``strict=False`` lets a fit's trial points leave it)."""
    check_choice("method", method, WL_METHODS)
    if tau_so is not None:
        if method != "hln":
            raise ValueError(f"spin-orbit needs the HLN weak-localization part, not {method!r}")
        return film_so(b, tau_phi, tau_so, zeeman)
    if method == "hln":
        return -np.log(tau_phi) + hln_of_ratio(np.asarray(b) * tau_phi)
    if method == "exact":
        return exact_pairs(b, tau_phi)
    if table is None:
        raise ValueError("weak localization 'simulation' needs a table (WLTable)")
    return table(tau_phi, b, drop, strict)


# Bounds of the fixed inputs, far beyond any film (the fit's numbers break down
# long before 1e300): |g| <= 1000, thickness <= 1 mm, B_so <= 1e6 T.
G_MAX = 1e3
THICKNESS_MAX_NM = 1e6
B_SO_MAX_T = 1e6


class Setup:
    """The fixed inputs of a film fit: D (m^2/s), tau (ps), g, thickness
    (nm or None), the weak-localization method and table, and spin-orbit:
    ``b_so`` None (none), a field in tesla (fixed) or ``"fit"`` (a fifth
    parameter ln(B_so / 1 T))."""

    def __init__(self, D, tau_ps, g=2.0, thickness_nm=None, wl="hln", table=None, b_so=None):
        self.D = check_real("D (m^2/s)", D, lower=0.0, lower_open=True)
        self.tau_ps = check_real("tau_ps", tau_ps, lower=0.0, lower_open=True)
        self.g = check_real("g", g, lower=0.0, upper=G_MAX)
        self.thickness_nm = None if thickness_nm is None else check_real(
            "thickness_nm", thickness_nm, lower=0.0, lower_open=True, upper=THICKNESS_MAX_NM)
        check_choice("wl", wl, WL_METHODS)
        self.wl = wl
        self.table = table
        if wl == "simulation" and table is None:
            raise ValueError("wl 'simulation' needs a weak-localization table")
        self.fit_so = isinstance(b_so, str)
        if self.fit_so and b_so != "fit":
            raise ValueError(f"b_so must be a field in tesla, 'fit' or None (got {b_so!r})")
        self.b_so = None if b_so is None or self.fit_so else check_real(
            "b_so", b_so, lower=0.0, lower_open=True, upper=B_SO_MAX_T)
        if (self.fit_so or self.b_so is not None) and wl != "hln":
            raise ValueError(f"spin-orbit needs wl 'hln', not {wl!r}")
        self.names = NAMES + (("ln_B_so",) if self.fit_so else ())

    @property
    def tau_s(self):
        return self.tau_ps * 1e-12

    def tau_so(self, theta):
        """tau_so in tau from B_so (fixed or fitted), or None."""
        b_so = np.exp(theta[4]) if self.fit_so else self.b_so
        if b_so is None:
            return None
        return HBAR / (4.0 * E * self.D * b_so) / self.tau_s


def parts(theta, T, B_perp, B_par, setup, drop=None, strict=True):
    """(weak-localization, interaction) parts of the model in e2pih."""
    sigma_D, p, ln_tau1, F = theta[:4]
    T, B_perp, B_par = np.broadcast_arrays(*(np.asarray(a, dtype=float)
                                             for a in (T, B_perp, B_par)))
    B_perp = np.abs(B_perp)
    B_tot = np.hypot(B_perp, B_par)
    tau_phi = tau_phi_power_law(T, np.exp(ln_tau1) * 1e-12, p)
    if setup.thickness_nm is not None:   # dephasing by B_par (docs: theory-film-parallel)
        w = setup.thickness_nm * 1e-9
        rate = E ** 2 * np.square(B_par) * (w * w) * setup.D / (3 * HBAR ** 2)
        tau_phi = 1.0 / (1.0 / tau_phi + rate)
    tau_s = setup.tau_s
    b = B_perp * 4.0 * E * setup.D * tau_s / HBAR
    zeeman = setup.g * MU_B * B_tot * tau_s / HBAR
    wl = wl_part(tau_phi / tau_s, b, zeeman, setup.tau_so(theta), setup.wl, setup.table,
                 drop, strict)
    ee = (1.0 - 0.75 * F) * np.log(KB * T * tau_s / HBAR) - 0.5 * F * g2(zeeman_h(B_tot, T,
                                                                                   setup.g))
    return wl, ee


def model(theta, T, B_perp, B_par, setup, drop=None, strict=True):
    """Sheet conductance in e2pih for parameters (sigma_D, p, ln(tau_phi1 / ps),
    F[, ln(B_so / T)])."""
    wl, ee = parts(theta, T, B_perp, B_par, setup, drop, strict)
    return theta[0] + wl + ee


def start(data, setup):
    """A starting point: a grid over (ln tau_phi1, p[, ln B_so]) with sigma_D
    and F solved linearly, weak localization from HLN (with spin-orbit if
    the setup has it)."""
    T, Bp, Bq, s = data["T_K"], data["B_perp_T"], data["B_par_T"], data["sigma"]
    grid = Setup(setup.D, setup.tau_ps, setup.g, setup.thickness_nm, "hln", None,
                 "fit" if setup.fit_so else setup.b_so)
    if setup.fit_so:     # HLN with spin-orbit is slower: a coarser grid, B_so from 1 mT to 10 T
        so_grid, taus, ps = np.log(np.geomspace(1e-3, 10.0, 7)), np.geomspace(0.01, 1e5, 15), \
            (0.5, 1.0, 1.5, 2.5)
    else:
        so_grid, taus, ps = [0.0], np.geomspace(0.01, 1e5, 36), (0.5, 0.75, 1.0, 1.25, 1.5, 2.0,
                                                                   3.0)
    best = (np.inf, None)
    for ln_tau in np.log(taus):
        for p in ps:
            for ln_so in so_grid:
                theta = [0.0, p, ln_tau, 0.0, ln_so][:len(setup.names)]
                base = model(theta, T, Bp, Bq, grid)
                dF = model(np.where(np.arange(len(theta)) == 3, 1.0, theta), T, Bp, Bq,
                           grid) - base
                A = np.stack([np.ones_like(T), dF], 1)
                coef, *_ = np.linalg.lstsq(A, s - base, rcond=None)
                r = s - base - A @ coef
                cost = float(r @ r)
                if cost < best[0]:
                    best = (cost, np.array([coef[0], p, ln_tau, coef[1], ln_so]
                                           [:len(setup.names)]))
    return best[1]
