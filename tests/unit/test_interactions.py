"""Altshuler-Aronov theory: g2(h) against its two limits (coefficients from
the integral), the ln T coefficient 1 - 3F/4 -> 1 - F/4 at large h, the
channels, the 3D and quasi-1D constants from their frequency integral, the
Hall shift, and the zero-bias anomaly against closed forms in its limits.
All deterministic (quadrature): tolerances are numerical, not statistical."""
import numpy as np
import pytest

from pathsim.theory import interactions as aa
from pathsim.theory import tunnelling as tun


def test_g2_small_h_limit_from_the_integral():
    # the h^2 coefficient: the quadrature of its own integral, and its closed
    # form 3 zeta(3) / (4 pi^2) (Lee & Ramakrishnan quote 0.084)
    assert aa.g2_small_coefficient() == pytest.approx(aa.G2_SMALL, rel=1e-9)
    for h in (1e-3, 3e-3, 1e-2):
        assert aa.g2_quad(h) / h ** 2 == pytest.approx(aa.G2_SMALL, rel=2e-5 + h ** 2)
    assert aa.g2(1e-4) / 1e-8 == pytest.approx(aa.G2_SMALL, rel=1e-7)


def test_g2_large_h_limit():
    # ln(h / 1.298): Lee & Ramakrishnan's ln(h / 1.3); the corrections fall as h^-2
    assert aa.G2_LARGE == pytest.approx(1.3, abs=0.005)
    for h in (1e3, 1e4, 1e5):
        assert aa.g2_quad(h) == pytest.approx(np.log(h / aa.G2_LARGE), abs=5.0 / h ** 2 + 1e-7)
    gap = [abs(aa.g2_quad(h) - np.log(h / aa.G2_LARGE)) for h in (10.0, 30.0, 100.0)]
    assert gap[0] > gap[1] > gap[2]


def test_g2_fast_form_matches_quadrature():
    h = np.geomspace(2e-3, 2e3, 37)
    exact = np.array([aa.g2_quad(x) for x in h])
    assert np.all(exact > 0)
    np.testing.assert_allclose(aa.g2(h), exact, rtol=1e-5)
    assert aa.g2(-2.0) == aa.g2(2.0) and aa.g2(0.0) == 0.0


@pytest.mark.parametrize("F", [0.0, 0.4, 1.0])
def test_ln_t_coefficient_with_zeeman(F):
    # d delta_sigma / d ln T: 1 - 3F/4 at B = 0; at fixed large B (h ~ 1/T >> 1)
    # two triplet channels are cut off and it becomes 1 - F/4
    t = np.array([1e-3, 1.01e-3])
    slope0 = np.diff(aa.ee_2d(t, F)) / np.diff(np.log(t))
    h = 1e4 * 1e-3 / t                                   # h = 1e4 at t = 1e-3
    slope_big = np.diff(aa.ee_2d(t, F, h)) / np.diff(np.log(t))
    assert slope0[0] == pytest.approx(1 - 0.75 * F, abs=1e-9)
    assert slope_big[0] == pytest.approx(1 - 0.25 * F, abs=1e-6)


def test_channels_and_dimensions():
    t, F = np.array([1e-3, 1e-2]), 0.6
    np.testing.assert_allclose(aa.ee_2d(t, F, 2.0, "singlet") + aa.ee_2d(t, F, 2.0, "triplet"),
                               aa.ee_2d(t, F, 2.0))
    np.testing.assert_allclose(aa.ee_2d(t, F, channel="singlet"), np.log(t))
    # Lee & Ramakrishnan's brackets (4/d - 3F/2): 3D 4/3 - 3F/2, quasi-1D 4 - 3F/2
    np.testing.assert_allclose(aa.ee_3d(t, F) / aa.ee_3d(t, 0.0), 1 - 9 * F / 8)
    np.testing.assert_allclose(aa.ee_1d(t, F) / aa.ee_1d(t, 0.0), 1 - 3 * F / 8)
    assert aa.ee_3d(4 * t[0], 0.0, D=1 / 3) == pytest.approx(2 * aa.ee_3d(t[0], 0.0, D=1 / 3))
    assert aa.ee_1d(4 * t[0], 0.0) == pytest.approx(0.5 * aa.ee_1d(t[0], 0.0))
    with pytest.raises(ValueError, match="t must be"):
        aa.ee_2d(0.0, F)


def test_one_formula_for_every_dimension():
    # the singlet from delta_sigma = -(8 pi D / d) int dw [w coth]' Im int
    # d^dq (Dq^2 - iw)^-2 (module docstring): 2D gives ln T with coefficient
    # 1 (the normalisation), 3D and quasi-1D follow with no freedom
    assert aa.singlet_coefficient(2) == pytest.approx(1.0, rel=1e-12)
    assert aa.singlet_coefficient(3) == pytest.approx(aa.C_3D, rel=1e-8)
    assert aa.singlet_coefficient(1) == pytest.approx(aa.C_1D, rel=1e-8)
    # closed forms by Euler's beta integral and the Mellin transform of
    # u coth u - 1: sqrt(2 pi)|zeta(1/2)|/6 and 3 sqrt(pi/2) zeta(3/2)
    assert aa.C_3D == pytest.approx(np.sqrt(2 * np.pi) * 1.4603545088095868 / 6, rel=1e-12)
    # Lee & Ramakrishnan eq. 4.19: (e^2/4 pi^2 hbar)(1.3/sqrt 2)(4/3) sqrt(T/D),
    # i.e. (1/2)(4/3)(1.3/sqrt 2) in G0; their 1.3 is rounded (1.2942)
    assert aa.C_3D == pytest.approx(0.5 * (4 / 3) * 1.3 / np.sqrt(2), rel=0.005)
    assert aa.C_3D / (0.5 * (4 / 3) / np.sqrt(2)) == pytest.approx(1.2942, abs=1e-4)
    # wires: 0.782 (4 - 3F/2) (e^2/h) L_T, and G0 = (e^2/h) / pi
    assert aa.C_1D / np.pi / 4 == pytest.approx(0.782, abs=5e-4)
    # the triplet (static) kernel is d/4 of the singlet one: -(3d/8) F
    for d in (1, 2, 3):
        assert aa.triplet_kernel_ratio(d) == pytest.approx(d / 4, rel=1e-9)
        assert aa.triplet_fraction(1.0, d) == pytest.approx(-3 * 0.5 * d / 4)


def test_hall_shift():
    assert aa.hall_shift(-1.5, 100.0) == pytest.approx(0.03)
    np.testing.assert_allclose(aa.hall_shift(np.array([0.0, 1.0]), 50.0), [0.0, -0.04])


# ---------------------------------------------------------------- tunnelling
def test_dos_zero_temperature_limit_and_sommerfeld():
    # k_B T << eV: the convolution is dos(eV) + (pi^2 / 6) t^2 dos''(eV)
    for dos, args in ((tun.dos_2d, dict(s=50.0, screening=5.0)),
                      (tun.dos_3d, dict(s=20.0, F=0.3))):
        ev, t = 1e-2, 2e-4          # next Sommerfeld term ~ (t / ev)^4 < 1e-6
        g = tun.tunnelling_conductance(ev, t, dos, **args)
        step = 0.01 * ev
        d2 = (dos(ev + step, **args) - 2 * dos(ev, **args) + dos(ev - step, **args)) / step ** 2
        correction = np.pi ** 2 / 6 * t ** 2 * d2
        assert abs(correction) > 1e-5 * abs(dos(ev, **args))     # visible at this tolerance
        assert g == pytest.approx(dos(ev, **args) + correction, rel=1e-6)
        assert tun.tunnelling_conductance(ev, 0.0, dos, **args) == dos(ev, **args)


def test_dos_3d_zero_bias_closed_form():
    # <sqrt|E|> over the Fermi window: sqrt(pi) eta(1/2) sqrt(k_B T)
    s, F, D, t = 20.0, 0.3, 1 / 3, 1e-3
    g = tun.tunnelling_conductance(0.0, t, tun.dos_3d, s=s, F=F, D=D)
    expected = tun.dos_3d(t, s, F, D) * np.sqrt(np.pi) * tun.ETA_HALF
    assert g == pytest.approx(expected, rel=1e-7)


def test_dos_2d_zero_bias_closed_form():
    # at V = 0: -(1/4s) [L (L + ln K) - (2 L + ln K) <ln|x|> + <ln^2|x|>],
    # L = ln(1/t), <ln|x|> = ln(pi/2) - gamma; the difference of two
    # temperatures removes <ln^2|x|>
    s, screening = 40.0, 4.0
    lnK = 2 * np.log(screening)

    def closed(t):
        L = np.log(1 / t)
        return -(L * (L + lnK) - (2 * L + lnK) * tun.LOG_MEAN) / (4 * s)
    t1, t2 = 1e-4, 3e-3
    g1, g2 = (tun.tunnelling_conductance(0.0, t, tun.dos_2d, s=s, screening=screening)
              for t in (t1, t2))
    assert g1 - g2 == pytest.approx(closed(t1) - closed(t2), rel=1e-7)
    assert g1 < g2 < 0                     # the dip deepens on cooling


def test_dos_2d_prefactor_from_the_defining_integral():
    # the full dynamically screened Coulomb integral: its second derivative
    # in ln eps is the ln^2 coefficient, -1/(2s) with nu of both spins
    # (a density of states per spin would give -1/s); the closed form is the
    # leading-log form of the same integral (difference: single logs)
    s, screening = 40.0, 10.0
    for eps in (1e-6, 1e-8):
        h = 0.05
        d1 = [tun.dos_integral(eps * np.exp(x), s, 2, screening, 1) for x in (-h, h)]
        assert (d1[1] - d1[0]) / (2 * h) == pytest.approx(-1 / (2 * s), rel=1e-5)
    full = tun.dos_integral(1e-4, s, 2, screening)
    assert full == pytest.approx(tun.dos_2d(1e-4, s, screening), rel=0.01)


def test_dos_3d_against_the_integral_and_koulakov():
    # d(delta_nu/nu)/d ln eps of the integral at eps << D kappa^2 tau against
    # the closed form at F = 0 (singlet 2)
    s = 20.0
    for eps in (1e-6, 1e-8):
        num = tun.dos_integral(eps, s, 3, 10.0, 1)
        assert num == pytest.approx(0.5 * tun.dos_3d(eps, s), rel=1e-8)
    # Koulakov, PRB 62 7096 (2000) eq. 1 (lambda = 1): A sqrt(eps tau) / (E_F tau)^2,
    # A = 3^(3/2)/(8 sqrt 2), nu = m^2 v_F / pi^2 (both spins), D = v_F^2 tau / 3
    m, v, tau, E = 0.7, 1.3, 2.0, 1e-3                # hbar = 1, any values
    nu, D, E_F = m * m * v / np.pi ** 2, v * v * tau / 3, m * v * v / 2
    s_l = 2 * np.pi ** 2 * nu * D * (v * tau)          # sigma / G0 per l (l = v tau)
    A = 3 ** 1.5 / (8 * np.sqrt(2))
    assert tun.dos_3d(E * tau, s_l, 0.0, 1 / 3) == pytest.approx(
        A * np.sqrt(E * tau) / (E_F * tau) ** 2, rel=1e-12)


# ------------------------------------------- conventions (docs: theory-conventions)
def test_altshuler_aronov_constants_in_closed_form():
    """Lee & Ramakrishnan's 3D "1.3" is sqrt(pi)|zeta(1/2)|/2 = 1.29422 and the
    quasi-1D "4.91" is (3/4) sqrt(2 pi) zeta(3/2) = 4.91124 (zeta from scipy,
    not the module's typed digits); C_3D and C_1D in G0 are (1/2)(4/3)
    AA_3D/sqrt 2 and (1/2) 4 AA_1D, G0 being 2 e^2/(4 pi^2 hbar)."""
    from scipy.special import zeta

    assert abs(aa.AA_3D - np.sqrt(np.pi) * abs(zeta(0.5)) / 2) < 1e-10
    assert abs(aa.AA_1D - 0.75 * np.sqrt(2 * np.pi) * zeta(1.5)) < 1e-10
    assert round(aa.AA_3D, 4) == 1.2942 and round(aa.AA_1D, 4) == 4.9112
    assert abs(aa.C_3D - 0.5 * (4 / 3) * aa.AA_3D / np.sqrt(2)) < 1e-10
    assert abs(aa.C_1D - 0.5 * 4 * aa.AA_1D) < 1e-10
    # and the quadrature of the one formula gives the same numbers
    assert abs(aa.singlet_coefficient(3) / (0.5 * (4 / 3) / np.sqrt(2)) - aa.AA_3D) < 1e-7
    assert abs(aa.singlet_coefficient(1) / 2 - aa.AA_1D) < 1e-6


def test_g2_small_h_is_the_limit_not_a_fit():
    """g2(h) / h^2 -> 3 zeta(3) / (4 pi^2) = 0.09135 (exact); the quoted 0.084
    is a least-squares c h^2 over a range of h: 0.089, 0.086, 0.083 for
    0 < h <= 1, 1.5, 2."""
    from scipy.special import zeta

    assert abs(aa.G2_SMALL - 3 * zeta(3.0) / (4 * np.pi ** 2)) < 1e-12
    assert round(aa.G2_SMALL, 4) == 0.0913
    assert aa.g2_quad(1e-3) / 1e-6 == pytest.approx(aa.G2_SMALL, rel=1e-5)
    fits = []
    for h_max in (1.0, 1.5, 2.0):
        h = np.linspace(0.01, h_max, 400)
        fits.append(np.sum(aa.g2(h) * h ** 2) / np.sum(h ** 4))
    np.testing.assert_allclose(fits, [0.0890, 0.0863, 0.0827], atol=5e-4)


def test_zero_bias_ln_ln_coefficient_in_si():
    """2D zero-bias anomaly: delta_nu / nu = -(e^2 / (8 pi^2 hbar sigma)) ln ln,
    for a sheet conductance sigma in siemens (scipy.constants), i.e. the
    second derivative in ln eps is -2 e^2 / (8 pi^2 hbar sigma); equal to
    the point-junction -1/(4 pi g), g = R_K / R_sq, times 2."""
    from scipy import constants

    from pathsim.units import G0
    sigma = 2.5e-4                                   # siemens (R_sq = 4 kOhm)
    s = sigma / G0
    h = 1e-2
    lo, mid, hi = (tun.dos_2d(np.exp(x), s) for x in (-5 - h, -5.0, -5 + h))
    second = (lo - 2 * mid + hi) / h ** 2
    coefficient = constants.e ** 2 / (8 * np.pi ** 2 * constants.hbar * sigma)
    assert second == pytest.approx(-2 * coefficient, rel=1e-6)
    g = (constants.h / constants.e ** 2) * sigma     # R_K / R_sq
    assert coefficient == pytest.approx(1 / (4 * np.pi * g), rel=1e-12)
