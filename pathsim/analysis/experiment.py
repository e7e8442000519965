"""A synthetic experiment on a thin film: sheet resistance R(T, B_perp, B_par),
Hall coefficient R_H(T) and tunnelling conductance dI/dV(V, T) from the
material parameters, with weak localization and the Altshuler-Aronov
interaction correction (:ref:`theory-diffusive`, :ref:`theory-confinement`,
:ref:`theory-interactions`).

    sigma = sigma_D + delta_sigma_WL + delta_sigma_ee          (e2pih = e^2 / (pi h))
    delta_sigma_WL = -ln(tau_phi / tau) + HLN(B_perp)          (or exact / simulated)
    delta_sigma_ee = (1 - 3F/4) ln(k_B T tau / hbar) - (F/2) g2(g mu_B ``|B|`` / k_B T)
    tau_phi = tau_phi1 (T / 1 K)^(-p);  R = 1 / (e2pih sigma)

Units: D in m^2/s, times in ps, fields in tesla, temperatures in kelvin,
resistances in ohm, conductivities in e2pih.  A strictly 2D film has no orbital
effect of a parallel field; with a thickness ``w`` the parallel field adds
the dephasing rate ``1 / tau_B = e^2 B^2 w^2 D / (3 hbar^2)`` (Al'tshuler &
Aronov 1981, :ref:`theory-film-parallel`) to the weak-localization part.  With
spin-orbit scattering (``tau_so_ps``) the weak-localization part is HLN
with spin-orbit and the Zeeman field of the total B mixes its singlet and
triplet (:func:`pathsim.theory.spin.film_so`, Maekawa & Fukuyama 1981):
antilocalization, zero-field slope -p/2 per ln T for tau_so << tau_phi.
"""
import numpy as np

from .. import units
from .._validate import check_array, check_choice, check_real
from ..results import stats
from ..theory.interactions import g2
from ..theory.tunnelling import dos_2d, tunnelling_conductance
from ._shared import E, HBAR, KB, MU_B, tau_phi_power_law
from .film_model import WL_METHODS, exact_pairs, wl_part, zeeman_h

__all__ = ["Film", "WL_METHODS", "zeeman_h", "exact_pairs"]


class Film:
    """A disordered metal film and its measured quantities.

    Parameters
    ----------
    D : float
        Diffusion constant in m^2/s (> 0).
    tau_ps : float
        Elastic time tau in ps (> 0); the mean free path is sqrt(2 D tau).
    sigma_D : float
        Drude sheet conductance in e2pih (> 0); R_D = 1 / (e2pih sigma_D).
    tau_phi1_ps : float
        tau_phi at 1 K in ps (> 0).
    p : float
        tau_phi = tau_phi1 (T / 1 K)^(-p) (> 0).
    F : float
        F-tilde_sigma, the triplet Fermi-liquid constant, 0 <= F < 4/3
        (the interaction slope 1 - 3F/4 must stay positive).
    g : float
        Electron g-factor (default 2).
    thickness_nm : float, optional
        Film thickness w for the orbital effect of a parallel field.
    screening : float
        D kappa^2 tau for the zero-bias anomaly (:func:`pathsim.theory.tunnelling.dos_2d`).
    tau_so_ps : float, optional
        Elliott-Yafet spin-orbit time in ps (B_so = hbar / (4 e D tau_so));
        weak localization then from HLN with spin-orbit and Zeeman.
    """

    def __init__(self, D, tau_ps, sigma_D, tau_phi1_ps, p=1.0, F=0.5, g=2.0,
                 thickness_nm=None, screening=10.0, tau_so_ps=None):
        self.D = check_real("D (m^2/s)", D, lower=0.0, lower_open=True)
        self.tau_ps = check_real("tau_ps", tau_ps, lower=0.0, lower_open=True)
        self.sigma_D = check_real("sigma_D (e2pih)", sigma_D, lower=0.0, lower_open=True)
        self.tau_phi1_ps = check_real("tau_phi1_ps", tau_phi1_ps, lower=0.0, lower_open=True)
        self.p = check_real("p", p, lower=0.0, lower_open=True)
        self.F = check_real("F", F, lower=0.0, upper=4.0 / 3.0, upper_open=True)
        self.g = check_real("g", g, lower=0.0)
        self.thickness_nm = None if thickness_nm is None else check_real(
            "thickness_nm", thickness_nm, lower=0.0, lower_open=True)
        self.screening = check_real("screening", screening, lower=1.0)
        self.tau_so_ps = None if tau_so_ps is None else check_real(
            "tau_so_ps", tau_so_ps, lower=0.0, lower_open=True)

    @classmethod
    def b_so_field(cls, D, tau_so_ps):
        """B_so = hbar / (4 e D tau_so) in tesla (D in m^2/s, tau_so in ps)."""
        return HBAR / (4.0 * E * D * tau_so_ps * units.PS)

    @property
    def b_so(self):
        """Spin-orbit field B_so in tesla (None without spin-orbit)."""
        return None if self.tau_so_ps is None else self.b_so_field(self.D, self.tau_so_ps)

    @classmethod
    def from_mean_free_path(cls, l_nm, v_F, **kwargs):
        """A film from the mean free path (nm) and Fermi speed (m/s):
        D = v_F l / 2, tau = l / v_F."""
        return cls(units.diffusion_constant(l_nm, v_F, 2), units.tau_s(l_nm, v_F) / units.PS,
                   **kwargs)

    # -- derived quantities -------------------------------------------
    @property
    def tau_s(self):
        return self.tau_ps * units.PS

    @property
    def l_nm(self):
        """Mean free path sqrt(2 D tau) in nm (2D)."""
        return np.sqrt(2.0 * self.D * self.tau_s) / units.NM

    @property
    def v_F(self):
        return self.l_nm * units.NM / self.tau_s

    @property
    def R_D(self):
        """Drude sheet resistance in ohm."""
        return 1.0 / (units.G0 * self.sigma_D)

    @property
    def density_m2(self):
        """Electron density n = k_F^2 / (2 pi) with k_F l = sigma_D / pi (2D, both spins)."""
        k_F = self.sigma_D / np.pi / (self.l_nm * units.NM)
        return k_F ** 2 / (2.0 * np.pi)

    def tau_phi_ps(self, T_K):
        """tau_phi(T) in ps."""
        T = check_array("T_K", T_K, 0.0, strict=True)
        return tau_phi_power_law(T, self.tau_phi1_ps, self.p)

    def b_phi(self, T_K):
        """Dephasing field B_phi = hbar / (4 e D tau_phi) in tesla."""
        return HBAR / (4.0 * E * self.D * self.tau_phi_ps(T_K) * units.PS)

    def tau_phi_in_field(self, T_K, B_par):
        """tau_phi with the orbital dephasing of a parallel field (thickness given), ps."""
        tau = self.tau_phi_ps(T_K)
        if self.thickness_nm is None:
            return tau + 0.0 * np.asarray(B_par, dtype=float)
        w = self.thickness_nm * units.NM
        rate_B = E ** 2 * np.asarray(B_par, dtype=float) ** 2 * w ** 2 * self.D / (3.0 * HBAR ** 2)
        return 1.0 / (1.0 / tau + rate_B * units.PS)

    # -- the corrections ----------------------------------------------
    def ee(self, T_K, B_T=0.0):
        """delta_sigma_ee in e2pih at total field ``|B|`` (tesla)."""
        T = check_array("T_K", T_K, 0.0, strict=True)
        t = KB * T * self.tau_s / HBAR
        return (1.0 - 0.75 * self.F) * np.log(t) - 0.5 * self.F * g2(zeeman_h(B_T, T, self.g))

    def wl(self, T_K, B_perp=0.0, B_par=0.0, method="hln", result=None):
        """delta_sigma_WL in e2pih and its standard error (0 unless simulated).

        ``method``: ``"hln"`` (diffusive: -ln(tau_phi/tau) + HLN),
        ``"exact"`` (:func:`pathsim.theory.exact_2d`, beyond diffusion) or
        ``"simulation"`` (``result``, a 2D :class:`SimulationResult` whose
        ``tau_phi_max`` covers tau_phi(T) / tau).  Arguments broadcast.
        """
        check_choice("method", method, WL_METHODS)
        T, Bp, Bq = np.broadcast_arrays(check_array("T_K", T_K, 0.0, strict=True),
                                        check_array("B_perp", np.abs(B_perp), 0.0),
                                        np.asarray(B_par, dtype=float))
        tau = self.tau_phi_in_field(T, Bq) / self.tau_ps          # units tau
        b = Bp / units.b_tr(self.l_nm)
        if method != "simulation":
            tau_so = None if self.tau_so_ps is None else self.tau_so_ps / self.tau_ps
            zeeman = self.g * MU_B * np.hypot(Bp, Bq) * self.tau_s / HBAR
            return wl_part(tau, b, zeeman, tau_so, method), np.zeros(T.shape)
        if self.tau_so_ps is not None:
            raise ValueError("the simulated weak-localization part has no spin-orbit here: "
                             "use method 'hln' with tau_so_ps")
        tu, ti = np.unique(tau.ravel(), return_inverse=True)
        bu, bi = np.unique(b.ravel(), return_inverse=True)
        if result is None or result.params["dim"] != 2:
            raise ValueError("method 'simulation' needs a 2D SimulationResult (result=...)")
        if tu.max() > result.params["tau_phi_max"]:
            raise ValueError(f"tau_phi(T) reaches {tu.max():.4g} tau, beyond the run's "
                             f"tau_phi_max {result.params['tau_phi_max']:g}")
        value, err = result.delta_sigma(bu, tu)
        value, err = (np.asarray(a).reshape(tu.size, bu.size) for a in (value, err))
        return value[ti, bi].reshape(T.shape), err[ti, bi].reshape(T.shape)

    def sigma(self, T_K, B_perp=0.0, B_par=0.0, method="hln", result=None):
        """Sheet conductance in e2pih and its standard error."""
        wl, err = self.wl(T_K, B_perp, B_par, method, result)
        Bt = np.hypot(B_perp, B_par)
        return self.sigma_D + wl + self.ee(T_K, Bt), err

    def resistance(self, T_K, B_perp=0.0, B_par=0.0, method="hln", result=None):
        """Sheet resistance R(T, B_perp, B_par) in ohm and its standard error."""
        s, err = self.sigma(T_K, B_perp, B_par, method, result)
        R = 1.0 / (units.G0 * s)
        return R, R * err / s

    def hall(self, T_K):
        """Hall coefficient R_H(T) in ohm/T (low field):
        R_H = (1 / n e) (1 - 2 delta_sigma_ee / sigma_D); weak localization
        leaves it unchanged (Altshuler, Khmelnitskii, Larkin & Lee 1980)."""
        return (1.0 - 2.0 * self.ee(T_K) / self.sigma_D) / (self.density_m2 * E)

    def didv(self, V, T_K):
        """Tunnelling conductance G(V, T) / G_N (zero-bias anomaly, 2D Coulomb)."""
        V = check_array("V", V)
        t = KB * check_real("T_K", T_K, lower=0.0) * self.tau_s / HBAR
        eps_v = E * V * self.tau_s / HBAR
        return 1.0 + tunnelling_conductance(eps_v, t, dos_2d, s=self.sigma_D,
                                            screening=self.screening)

    def zero_field_slope(self, T_K, method="hln", result=None):
        """Least-squares slope d sigma / d ln T at B = 0 (e2pih) over ``T_K``
        and its standard error.  Diffusive expectation: p + 1 - 3F/4.  For
        a simulated weak-localization part the error comes from the run's
        blocks, correlations between temperatures included."""
        T = check_array("T_K", T_K, 0.0, strict=True).ravel()
        x = np.log(T)
        coef = (x - x.mean()) / ((x - x.mean()) ** 2).sum()
        ee = float(self.ee(T) @ coef)
        if method != "simulation":
            return float(self.wl(T, method=method)[0] @ coef) + ee, 0.0
        tau = self.tau_phi_ps(T) / self.tau_ps
        self.wl(T, method=method, result=result)      # checks the run
        sums = result.loop_block_sums(np.array([0.0]), tau, "total")[:, :, 0]
        slope, err = stats.mean(sums @ coef, result.walkers)
        return float(slope) + ee, float(err)

    def dataset(self, T_K, B_perp=(), B_par=(), noise=0.0, seed=0, method="hln",
                result=None):
        """A measurement table: every temperature at zero field, at each
        perpendicular field and at each parallel field.

        Returns a dict of columns ``T_K``, ``B_perp_T``, ``B_par_T``,
        ``R_sheet_ohm`` and ``R_H_ohm_per_T``, with Gaussian noise of
        relative size ``noise`` on R and R_H (``numpy.random.default_rng(seed)``).
        ``noise`` must be below 0.2: a relative noise that can make a
        resistance <= 0 (5 standard deviations) is refused.
        """
        T = check_array("T_K", T_K, 0.0, strict=True).ravel()
        noise = check_real("noise", noise, lower=0.0, upper=0.2, upper_open=True)
        fields = [(0.0, 0.0)] + [(b, 0.0) for b in np.ravel(B_perp) if b != 0] + \
                 [(0.0, b) for b in np.ravel(B_par) if b != 0]
        rows = np.array([(t, bp, bq) for bp, bq in fields for t in T])
        R, _ = self.resistance(rows[:, 0], rows[:, 1], rows[:, 2], method, result)
        RH = self.hall(rows[:, 0])
        rng = np.random.default_rng(seed)
        R = R * (1.0 + noise * rng.standard_normal(R.size))
        RH = RH * (1.0 + noise * rng.standard_normal(R.size))
        if np.any(R <= 0):          # a > 5 sigma draw at noise near 0.2: refuse, never write it
            raise ValueError(f"noise {noise:g} made a resistance <= 0 (seed {seed}): use a "
                             "smaller noise")
        return dict(T_K=rows[:, 0], B_perp_T=rows[:, 1], B_par_T=rows[:, 2],
                    R_sheet_ohm=R, R_H_ohm_per_T=RH)

    def __repr__(self):
        so = "" if self.tau_so_ps is None else f", tau_so={self.tau_so_ps:g} ps"
        return (f"Film(D={self.D:g} m^2/s, tau={self.tau_ps:g} ps, sigma_D={self.sigma_D:g} e2pih, "
                f"tau_phi1={self.tau_phi1_ps:g} ps, p={self.p:g}, F={self.F:g}, g={self.g:g}{so})")
