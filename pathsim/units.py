"""Physical units: to and from the engine's l = v = tau = 1 units.

The engine measures lengths in the mean free path l, times in the elastic
time tau = l / v_F, fields in B_tr = hbar / (2 e l^2) and conductivity
corrections in G0 = e^2 / (pi h) (:ref:`theory-units`).  Here l is given in
nm, v_F in m/s, times in ps, fields in tesla and temperatures in kelvin.
Every constant comes from :mod:`scipy.constants`.

A dephasing law tau_phi(T) = tau_phi0 (T / T0)^(-p), optionally saturated
(1/tau_phi = 1/tau_law + 1/tau_sat), turns a temperature into a tau_phi
(:class:`Dephasing`); :func:`temperature_curve` gives delta_sigma(T), R(T)
and L_phi(T) from one run.
"""
import numpy as np
from scipy import constants

from .results import stats
from ._validate import check_array, check_choice, check_real

HBAR = constants.hbar
E = constants.e
G0 = E ** 2 / (np.pi * constants.h)  # siemens: e^2 / (pi h) = e^2 / (2 pi^2 hbar)
NM, PS = constants.nano, constants.pico


def _l_m(l_nm):
    return check_real("l_nm", l_nm, lower=0.0, lower_open=True) * NM


def _v(v_F):
    return check_real("v_F (m/s)", v_F, lower=0.0, lower_open=True)


def b_tr(l_nm):
    """Transport field B_tr = hbar / (2 e l^2) in tesla (l in nm).

    l = 100 nm gives 32.9 mT.
    """
    return HBAR / (2.0 * E * _l_m(l_nm) ** 2)


def field_to_engine(B_T, l_nm):
    """Field in tesla -> b = B / B_tr."""
    return check_array("B_T", B_T, 0.0) / b_tr(l_nm)


def field_from_engine(b, l_nm):
    """b = B / B_tr -> field in tesla."""
    return check_array("b", b, 0.0) * b_tr(l_nm)


def tau_s(l_nm, v_F):
    """Elastic time tau = l / v_F in seconds."""
    return _l_m(l_nm) / _v(v_F)


def time_to_engine(t_ps, l_nm, v_F):
    """Time in ps -> units of tau = l / v_F (inf stays inf)."""
    return check_array("t_ps", t_ps, 0.0, strict=True, allow_inf=True) * PS / tau_s(l_nm, v_F)


def time_from_engine(t, l_nm, v_F):
    """Time in units of tau -> ps."""
    return check_array("t", t, 0.0, allow_inf=True) * tau_s(l_nm, v_F) / PS


def length_to_engine(x_nm, l_nm):
    """Length in nm -> units of l."""
    return check_array("x_nm", x_nm, 0.0) / (_l_m(l_nm) / NM)


def length_from_engine(x, l_nm):
    """Length in units of l -> nm."""
    return check_array("x", x, 0.0, allow_inf=True) * _l_m(l_nm) / NM


def diffusion_constant(l_nm, v_F, dim=2, mean_cosine=0.0):
    """D = v_F l / (d (1 - g)) in m^2/s (isotropic scattering: g = 0)."""
    check_choice("dim", dim, (1, 2, 3))
    g = check_real("mean_cosine", mean_cosine, lower=-1.0, upper=1.0,
                   lower_open=True, upper_open=True)
    return _v(v_F) * _l_m(l_nm) / (dim * (1.0 - g))


def l_phi_nm(tau_phi_ps, l_nm, v_F, dim=2, mean_cosine=0.0):
    """Coherence length L_phi = sqrt(D tau_phi) in nm."""
    tau = check_array("tau_phi_ps", tau_phi_ps, 0.0, strict=True, allow_inf=True) * PS
    return np.sqrt(diffusion_constant(l_nm, v_F, dim, mean_cosine) * tau) / NM


def b_phi_tesla(tau_phi_ps, l_nm, v_F, dim=2, mean_cosine=0.0):
    """Dephasing field B_phi = hbar / (4 e D tau_phi) in tesla."""
    tau = check_array("tau_phi_ps", tau_phi_ps, 0.0, strict=True, allow_inf=True) * PS
    return HBAR / (4.0 * E * diffusion_constant(l_nm, v_F, dim, mean_cosine) * tau)


def l_phi_from_b_phi(B_phi_T):
    """L_phi = sqrt(hbar / (4 e B_phi)) in nm, for B_phi in tesla."""
    return np.sqrt(HBAR / (4.0 * E * check_array("B_phi_T", B_phi_T, 0.0, strict=True))) / NM


def conductance_to_siemens(delta_sigma_G0):
    """A 2D (sheet) conductivity in G0 -> siemens."""
    return np.asarray(delta_sigma_G0, dtype=float) * G0


def sheet_resistance(delta_sigma_G0, R_sheet_ohm, err_G0=None):
    """R = 1 / (1 / R_sheet + delta_sigma G0): the sheet resistance in ohm
    with the weak-localization correction, R_sheet the Drude (classical)
    value.  With ``err_G0`` returns ``(R, R_err)``, propagated to first order
    (dR = R^2 G0 d(delta_sigma))."""
    R0 = check_real("R_sheet_ohm", R_sheet_ohm, lower=0.0, lower_open=True)
    R = 1.0 / (1.0 / R0 + conductance_to_siemens(delta_sigma_G0))
    if err_G0 is None:
        return R
    return R, R ** 2 * G0 * np.asarray(err_G0, dtype=float)


class Dephasing:
    """tau_phi(T) = tau_phi0 (T / T0)^(-p), optionally saturating.

    Parameters
    ----------
    tau_phi0_ps : float
        tau_phi at T0, in ps (> 0).
    T0_K : float
        Reference temperature in K (> 0).
    p : float
        Exponent (> 0); p = 1 for electron-electron dephasing in 2D, so that
        delta_sigma = p G0 ln T + const (:ref:`theory-temperature`).
    tau_sat_ps : float, optional
        Saturation time in ps (> 0): 1/tau_phi = 1/tau_law + 1/tau_sat.
    """

    def __init__(self, tau_phi0_ps, T0_K=1.0, p=1.0, tau_sat_ps=None):
        self.tau_phi0_ps = check_real("tau_phi0_ps", tau_phi0_ps, lower=0.0, lower_open=True)
        self.T0_K = check_real("T0_K", T0_K, lower=0.0, lower_open=True)
        self.p = check_real("p", p, lower=0.0, lower_open=True)
        self.tau_sat_ps = None if tau_sat_ps is None else check_real(
            "tau_sat_ps", tau_sat_ps, lower=0.0, lower_open=True)

    def tau_phi_ps(self, T_K):
        """tau_phi in ps at temperatures ``T_K`` (K, > 0)."""
        T = check_array("T_K", T_K, 0.0, strict=True)
        rate = (T / self.T0_K) ** self.p / self.tau_phi0_ps
        if self.tau_sat_ps is not None:
            rate = rate + 1.0 / self.tau_sat_ps
        return 1.0 / rate

    def __repr__(self):
        sat = "" if self.tau_sat_ps is None else f", tau_sat_ps={self.tau_sat_ps:g}"
        return (f"Dephasing(tau_phi0_ps={self.tau_phi0_ps:g}, T0_K={self.T0_K:g}, "
                f"p={self.p:g}{sat})")


def temperature_curve(result, T_K, dephasing, l_nm, v_F, R_sheet_ohm=None, B_T=0.0):
    """delta_sigma(T), R(T) and L_phi(T) in physical units from one run.

    One run with ``tau_phi_max`` at least the largest tau_phi(T) gives every
    temperature: the loop tallies are reweighted by exp(-t / tau_phi(T)).

    Parameters
    ----------
    result : SimulationResult
        A run (2D for sheet values and R).
    T_K : array_like
        Temperatures in K.
    dephasing : Dephasing
        The law tau_phi(T).
    l_nm, v_F : float
        Mean free path (nm) and Fermi speed (m/s).
    R_sheet_ohm : float, optional
        Drude sheet resistance (ohm); gives R(T).
    B_T : float
        Perpendicular field in tesla (default 0).

    Returns
    -------
    dict
        ``T_K``, ``tau_phi_ps``, ``tau_phi`` (units tau), ``L_phi_nm``,
        ``delta_sigma_G0`` and ``delta_sigma_G0_err``, ``delta_sigma_S`` and
        ``delta_sigma_S_err`` (sheet values in 2D; per l^(d-2) otherwise),
        ``ln_T_slope_G0`` and ``ln_T_slope_G0_err`` (least-squares slope of
        delta_sigma against ln T over the given temperatures, with its
        batch-means error: p in the diffusive 2D limit), and with
        ``R_sheet_ohm`` (2D only) ``R_ohm`` and ``R_ohm_err``.
    """
    T = check_array("T_K", T_K, 0.0, strict=True).ravel()
    tau_ps = dephasing.tau_phi_ps(T)
    tau = time_to_engine(tau_ps, l_nm, v_F)
    if np.any(tau > result.params["tau_phi_max"]):
        raise ValueError(f"tau_phi(T) reaches {tau.max():.4g} tau, beyond the run's "
                         f"tau_phi_max {result.params['tau_phi_max']:g}: run with a "
                         "larger tau_phi_max or higher temperatures")
    b = float(field_to_engine(check_real("B_T", B_T, lower=0.0), l_nm))
    value, err = result.delta_sigma(b, tau)
    value, err = np.ravel(value), np.ravel(err)
    out = dict(T_K=T, tau_phi_ps=tau_ps, tau_phi=tau,
               L_phi_nm=l_phi_nm(tau_ps, l_nm, v_F, result.params["dim"],
                                 result.params["mean_cosine"]),
               delta_sigma_G0=value, delta_sigma_G0_err=err,
               delta_sigma_S=conductance_to_siemens(value),
               delta_sigma_S_err=conductance_to_siemens(err))
    if T.size >= 2:
        x = np.log(T)
        coef = (x - x.mean()) / ((x - x.mean()) ** 2).sum()
        sums = result.loop_block_sums(np.array([b]), tau, "total")[:, :, 0]
        slope, slope_err = stats.mean(sums @ coef, result.walkers)
        out.update(ln_T_slope_G0=float(slope), ln_T_slope_G0_err=float(slope_err))
    if R_sheet_ohm is not None:
        if result.params["dim"] != 2:
            raise ValueError("R(T) from a sheet resistance needs a 2D run")
        out["R_ohm"], out["R_ohm_err"] = sheet_resistance(value, R_sheet_ohm, err)
    return out


# ----------------------------------------------------------------------
# spin (issue 13): the angles and times of pathsim.model.spin
def fermi_wavevector(density_cm2):
    """k_F = sqrt(2 pi n) in 1/m of a spin-degenerate 2D gas (n in cm^-2)."""
    n = check_real("density_cm2", density_cm2, lower=0.0, lower_open=True) * 1e4
    return float(np.sqrt(2.0 * np.pi * n))


def fermi_velocity(density_cm2, m_eff):
    """v_F = hbar k_F / m* in m/s (m_eff in electron masses)."""
    m = check_real("m_eff", m_eff, lower=0.0, lower_open=True) * constants.m_e
    return HBAR * fermi_wavevector(density_cm2) / m


def mean_free_path_nm(mobility_cm2_Vs, density_cm2):
    """l = hbar k_F mu / e in nm (mobility in cm^2 / (V s))."""
    mu = check_real("mobility_cm2_Vs", mobility_cm2_Vs, lower=0.0, lower_open=True) * 1e-4
    return HBAR * fermi_wavevector(density_cm2) * mu / E / NM


def rashba_angle(alpha_meV_nm, m_eff, l_nm):
    """Rashba (or linear Dresselhaus) precession angle per mean free path,
    theta = 2 alpha m* l / hbar^2 (H = alpha (sigma_x k_y - sigma_y k_x); the
    ``rashba`` and ``dresselhaus`` of :func:`pathsim.simulate`).  alpha in
    meV nm, m_eff in electron masses, l in nm; InAs-like alpha = 10 meV nm,
    m* = 0.023, l = 100 nm gives theta = 0.60."""
    alpha = check_real("alpha_meV_nm", alpha_meV_nm, lower=0.0) * 1e-3 * E * NM
    m = check_real("m_eff", m_eff, lower=0.0, lower_open=True) * constants.m_e
    return 2.0 * alpha * m * _l_m(l_nm) / HBAR ** 2


def dresselhaus3_angle(beta3_eV_nm3, m_eff, l_nm, density_cm2):
    """Angle per mean free path of the third harmonic of the cubic
    Dresselhaus term beta_3 (sigma_x k_x k_y^2 - sigma_y k_y k_x^2):
    theta_3 = beta_3 k_F^2 m* l / (2 hbar^2) (``dresselhaus3``; its first
    harmonic, the same angle, adds to ``dresselhaus``).  beta_3 in eV nm^3."""
    beta3 = check_real("beta3_eV_nm3", beta3_eV_nm3, lower=0.0) * E * NM ** 3
    m = check_real("m_eff", m_eff, lower=0.0, lower_open=True) * constants.m_e
    k = fermi_wavevector(density_cm2)
    return beta3 * k * k * m * _l_m(l_nm) / (2.0 * HBAR ** 2)


def zeeman_angle(B_T, g_factor, l_nm, v_F):
    """Zeeman precession angle per tau, |g| mu_B B tau / hbar (the length of
    ``zeeman``; point the vector along the field)."""
    B = check_real("B_T", B_T)
    g = check_real("g_factor", g_factor)
    return abs(g) * constants.physical_constants["Bohr magneton"][0] * B \
        * tau_s(l_nm, v_F) / HBAR


def b_so_tesla(tau_so_ps, l_nm, v_F, dim=2, mean_cosine=0.0):
    """B_so = hbar / (4 e D tau_so) in tesla for a spin relaxation time in
    ps (the same conversion as B_phi; for DP take the in-plane time)."""
    return b_phi_tesla(tau_so_ps, l_nm, v_F, dim, mean_cosine)


def dp_times_ps(theta, l_nm, v_F):
    """D'yakonov-Perel spin relaxation times (in plane, out of plane) in ps
    for one linear term of angle theta per l (isotropic scattering,
    theta << 1): 2 tau / theta^2 and tau / theta^2."""
    theta = check_real("theta", theta, lower=0.0, lower_open=True)
    tau_ps = tau_s(l_nm, v_F) / PS
    return 2.0 * tau_ps / theta ** 2, tau_ps / theta ** 2
