"""Weak (anti)localization with spin, 2D, diffusive; single-spin dynamics.

Engine units: l = v = tau = 1, D = 1/2, fields b = B / B_tr with
B_tr = hbar / (2 e l^2), conductivities in G0 = e^2 / (pi h).  A relaxation
time tau_x gives the characteristic field B_x = hbar / (4 e D tau_x), so
B_x / B_tr = 1 / tau_x (B_phi / B_tr = 1 / tau_phi).

Conventions (derived in :mod:`pathsim.model.spin`): ``tau_so`` is the
Elliott-Yafet spin relaxation time of each spin component, so the three
triplet Cooperons decay at 1 / tau_so and the singlet not at all;
``tau_sf`` is the spin relaxation time by magnetic impurities, with the
triplet decaying at 1 / (2 tau_sf) and the singlet at 3 / (2 tau_sf);
both together do not simply add (:mod:`pathsim.theory.spin_magnetic`).
In Hikami, Larkin & Nagaoka's notation (Prog. Theor. Phys. 63, 707
(1980)): tau_so(HLN) = (4/3) tau_so and tau_s(HLN) = (4/3) tau_sf (their
H_2 = H_phi + (4/3) H_so + (2/3) H_s, H_3 = H_phi + 2 H_s).  The
D'yakonov-Perel angles ``rashba`` etc. are the precession angles per l of
:mod:`pathsim._kernels.spin`; for one linear term theta the in-plane spin
relaxes at theta^2 / 2, so B_so / B_tr = theta^2 / 2 in the ILP theory
(Knap et al., PRB 53, 3912 (1996): H_so = hbar / (4 e D) 2 Omega^2 tau
with their Omega = theta / (2 tau)).
"""
import numpy as np
from scipy import integrate

from pathsim._validate import check_array, check_int, check_real
from pathsim.theory._common import as_result as _result
from pathsim.theory._common import hln_of_ratio as _f
from pathsim.theory._common import outer_pair as _pair
from pathsim.theory.spin_rates import channel_rates

__all__ = ["hln_so", "ilp", "dp_decay", "dp_rates", "zeeman_so", "hln_zeeman", "film_so"]


def _rate(name, tau):
    if tau is None:
        return 0.0
    return 1.0 / check_real(name, tau, lower=0.0, lower_open=True, allow_inf=True)


def hln_so(b, tau_phi, tau_so=None, tau_sf=None, *, combine="walk"):
    """HLN magnetoconductance with spin-orbit and magnetic scattering, in G0.

    ``(3/2) F(B / (B_phi + B_t)) - (1/2) F(B / (B_phi + B_s))`` with
    F(x) = psi(1/2 + 1/x) + ln x and the channel rates B_t, B_s of
    :func:`pathsim.theory.spin_magnetic.channel_rates`: with one kind of
    spin relaxation B_t = B_so and B_s = 0, or B_t = B_sf / 2 and
    B_s = (3/2) B_sf (module docstring for the conventions; Hikami, Larkin
    & Nagaoka 1980).  With both, ``combine`` says how they combine: the
    walk's model, both rotations at every scattering, has
    B_t = B_so + B_sf / 2 - B_so B_sf / 4 and B_s = (3/2) B_sf (1 - B_so / 2)
    (units B_tr); HLN's sum of rates drops the products
    (:ref:`theory-spin-magnetic`).  Without spin terms it is
    :func:`pathsim.theory.hln`; for tau_so << tau_phi it tends to -1/2 of it.

    Parameters
    ----------
    b : float or array_like
        B / B_tr >= 0.
    tau_phi : float or array_like
        Phase-coherence time (tau), > 0.
    tau_so, tau_sf : float, optional
        Spin relaxation times (tau) by spin-orbit scattering and by
        magnetic impurities; None: none.
    combine : {"walk", "born"}
        ``"walk"``: the channel rates of pathsim's walk (exact per
        scattering); ``"born"``: HLN's sum of rates (first order in the
        rotation per scattering, or separate magnetic and spin-orbit
        impurities).  Matters only when both times are given.
    """
    b = check_array("b", b, 0.0)
    tau_phi = check_array("tau_phi", tau_phi, 0.0, strict=True)
    b, tau_phi = _pair(b, tau_phi)
    r_t, r_s = channel_rates(tau_so, tau_sf, combine)
    g = 1.0 / tau_phi
    with np.errstate(divide="ignore", invalid="ignore"):
        triplet = _f(b / (g + r_t))
        singlet = _f(b / (g + r_s))
    return _result(1.5 * triplet - 0.5 * singlet)


def _block_trace(n_top, y, beta, beta3):
    """Sum of Tr h_N^-1 over the triplet blocks N = -1 .. n_top - 1 of the
    Cooperon in Landau levels (units 4 e D B / hbar)."""
    N = np.arange(1, n_top, dtype=float)
    c = 2.0 * (beta + beta3)   # (S_x^2 + S_y^2) (beta + beta3) = (2 - m^2) (...)
    half = beta + beta3        # m = +-1
    a = N + 1.0 + 0.5 + y + half      # (n = N + 1, m = -1)
    d = N + 0.5 + y + c               # (n = N, m = 0)
    e = N - 1.0 + 0.5 + y + half      # (n = N - 1, m = +1)
    u2 = 2.0 * beta * (N + 1.0)       # |<B|h|A>|^2
    v2 = 2.0 * beta * N               # |<C|h|B>|^2
    det = a * d * e - a * v2 - e * u2
    minors = d * e - v2 + a * e + a * d - u2
    total = np.sum(minors / det)
    # N = -1: (0, -1) alone; N = 0: (1, -1) and (0, 0)
    total += 1.0 / (0.5 + y + half)
    a0 = 1.5 + y + half
    d0 = 0.5 + y + c
    u0 = 2.0 * beta
    total += (a0 + d0) / (a0 * d0 - u0)
    return total


def _zero_field_trace(q2_max, g2, theta2, c3):
    """Int_0^q2_max d(q^2) Tr M(q)^-1 of the zero-field triplet Cooperon
    M = q^2 + 2 theta q S_y + (theta^2 + c3)(S_x^2 + S_y^2) + g2 (units 1/l^2)."""
    cc = theta2 + c3

    def trace(u):
        q = np.sqrt(u)
        # basis of S_y eigenstates m_y = -1, 0, 1 (q along x): S_y is
        # diagonal and S_x^2 + S_y^2 = 2 - S_z^2, whose S_z^2 has 1/2 on the
        # m_y = +-1 diagonal, +-1/2 between them and 1 at m_y = 0
        base = u + g2
        lin = 2.0 * np.sqrt(theta2) * q
        p = base + lin + cc * 1.5
        m = base - lin + cc * 1.5
        o = cc * 0.5
        z = base + cc * 1.0
        return (p + m) / (p * m - o * o) + 1.0 / z

    upper = np.log(q2_max)
    lower = np.log(1e-12 * max(g2, 1e-300)) if g2 > 0 else upper - 60.0
    value, _ = integrate.quad(lambda s: trace(np.exp(s)) * np.exp(s), lower, upper,
                              limit=400, epsabs=1e-12, epsrel=1e-12)
    return value + trace(0.0) * np.exp(lower)


def ilp(b, tau_phi, rashba=0.0, *, dresselhaus=0.0, dresselhaus3=0.0, n_levels=None):
    """ILP magnetoconductance of a 2D gas with D'yakonov-Perel spin-orbit
    coupling (Rashba, linear and cubic Dresselhaus), in G0.

    The triplet Cooperon (Iordanskii, Lyanda-Geller & Pikus, JETP Lett.
    60, 206 (1994); Knap et al., PRB 53, 3912 (1996); Pikus & Pikus, PRB
    51, 16928 (1995)) in a perpendicular field,
    D (Pi + a)^2 + D theta_3^2 (S_x^2 + S_y^2) + 1 / tau_phi with the
    spin-orbit vector potential a of :mod:`pathsim.theory.spin_levels`, is
    inverted in Landau levels and the zero-field counterpart integrated
    over q with the same cut-off, so that the difference converges:

        delta_sigma(B) - delta_sigma(0) = (1/2) [T(0) - T(B)] - (1/2) F_singlet

    with T the summed trace of the inverse triplet operator and F_singlet
    the HLN function of B_phi.  With one linear term (Rashba or linear
    Dresselhaus alone: both give the same result) the operator couples
    |n, m> to |n -/+ 1, m +/- 1> only and splits into 3 x 3 blocks; with
    both it couples every level to its neighbours with every spin state
    (block tridiagonal, :mod:`pathsim.theory.spin_levels`).  Equal Rashba
    and linear Dresselhaus without the cubic term give the spinless HLN
    (the persistent spin helix).

    Mapping to the papers' parameters: the angles are pathsim's precession
    angles per l (Sawada & Koga's theta_alpha, theta_beta1, theta_beta3;
    Omega tau = theta for the spin precession frequency Omega of a
    flight, which is 2 Omega of Knap et al., whose spin splitting is
    2 hbar Omega).  The spin-orbit fields in units of
    B_tr = hbar / (2 e l^2) are B_so / B_tr = theta^2 / 2 for each term
    (Knap et al.'s H_so = (hbar / 4 e D) 2 Omega^2 tau; Pikus & Pikus's
    B_R, B_D, B_3), the in-plane spin relaxation rate of that term alone
    in 1 / tau.  Diffusive: theta << 1, tau_phi >> 1, b << 1.

    Parameters
    ----------
    b : float or array_like
        B / B_tr > 0 (0 gives 0).
    tau_phi : float
        Phase-coherence time (tau).
    rashba, dresselhaus, dresselhaus3 : float
        Angles per l, >= 0 (``dresselhaus3``: the third harmonic of the
        cubic term, a pure relaxation; its first harmonic belongs in
        ``dresselhaus``, :mod:`pathsim._kernels.spin`).
    n_levels : int, optional
        Landau levels summed (default 50 (1 + (B_phi + B_so) / B), at least
        4000: converged to 1e-7 G0).
    """
    from pathsim.theory import spin_levels

    b_arr = check_array("b", b, 0.0)
    tau_phi = check_real("tau_phi", tau_phi, lower=0.0, lower_open=True)
    theta_a = check_real("rashba", rashba, lower=0.0)
    theta_b = check_real("dresselhaus", dresselhaus, lower=0.0)
    theta3 = check_real("dresselhaus3", dresselhaus3, lower=0.0)
    if n_levels is not None:
        n_levels = check_int("n_levels", n_levels, 2)
    both = theta_a > 0 and theta_b > 0
    theta = theta_a if theta_b == 0 else theta_b
    b_so = 0.5 * (theta_a ** 2 + theta_b ** 2) if both else 0.5 * theta * theta
    b_3 = 0.5 * theta3 * theta3
    out = np.zeros(b_arr.shape)
    flat = out.reshape(-1)
    for i, bi in enumerate(b_arr.reshape(-1)):
        if bi == 0:
            continue
        y = 1.0 / (tau_phi * bi)
        # the mismatch of sum and integral falls as n_top^-2 (1e-7 G0 at
        # 2000 levels for 1e-4 <= b <= 1e-2, 0.05 <= theta <= 0.3)
        n_top = n_levels or max(4000,
                                int(np.ceil(50.0 * (1.0 + y + (b_so + b_3) / bi))))
        if both:
            triplet = spin_levels.magnetoconductance(bi, tau_phi, theta_a, theta_b, theta3,
                                                     n_top)
        else:
            t_b = _block_trace(n_top, y, b_so / bi, b_3 / bi)
            t_0 = _zero_field_trace(2.0 * bi * n_top, 2.0 / tau_phi, theta * theta,
                                    2.0 * b_3)
            triplet = 0.5 * (t_0 - t_b)
        flat[i] = triplet - 0.5 * _f(bi * tau_phi)
    return _result(out)


def dp_rates(theta):
    """Asymptotic spin relaxation rates (in-plane, out-of-plane), 1 / tau,
    of the 2D walk with one linear spin-orbit term of angle theta per l
    (isotropic scattering, exact for any theta < 1/2; D'yakonov & Perel:
    theta^2 / 2 and theta^2 for theta << 1).  Poles of the renewal
    equations of :func:`dp_decay`."""
    theta = check_real("theta", theta, lower=0.0, upper=0.5, upper_open=True)
    roots_x, _, _ = _dp_poles(theta, 0)
    roots_z, _, _ = _dp_poles(theta, 2)
    return float(1.0 - np.max(roots_x.real)), float(1.0 - np.max(roots_z.real))


def _dp_poles(theta, axis):
    """Poles u = 1 + p of the Laplace transform of <R_aa(t)>, and the
    numerator and derivative of the denominator there.

    One flight of length l ~ Exp(1) in a uniformly random direction turns
    the spin by theta l about an in-plane axis normal to the flight; the
    flights are independent, so <R_aa> obeys a renewal equation with the
    kernel K(u) = <e^{-(u-1) l} R_aa> (u = 1 + p):  K_z = u / (u^2 +
    theta^2), K_x = (1/2)(1/u + u / (u^2 + theta^2)), and the Laplace
    transform of <R_aa(t)> is K / (1 - K).
    """
    t2 = theta * theta
    if axis == 2:
        num = np.poly1d([1.0, 0.0])                 # u
        den = np.poly1d([1.0, -1.0, t2])            # u^2 - u + theta^2
    else:
        num = np.poly1d([2.0, 0.0, t2])             # 2u^2 + theta^2
        den = np.poly1d([2.0, -2.0, 2.0 * t2, -t2])  # 2u^3 - 2u^2 + 2 theta^2 u - theta^2
    roots = den.roots
    return roots, num(roots), den.deriv()(roots)


def dp_decay(t, theta, axis):
    """Exact mean spin component <R_aa(t)> of the 2D walk with one linear
    spin-orbit term (angle theta per l, isotropic scattering), for a spin
    initially along ``axis`` (0 = x, 1 = y in the plane, 2 = z):
    sum over the poles of :func:`_dp_poles` of residue * exp((u - 1) t)."""
    t = check_array("t", t, 0.0)
    theta = check_real("theta", theta, lower=0.0, upper=0.5, upper_open=True)
    roots, num, dden = _dp_poles(theta, 2 if axis == 2 else 0)
    value = sum((n / d) * np.exp((r - 1.0) * t) for r, n, d in zip(roots, num, dden))
    return _result(np.real(value))


def zeeman_so(zeeman, tau_phi, tau_so=None):
    """Zero-field correction change by a Zeeman field with spin-orbit
    scattering, delta_sigma(zeeman) - delta_sigma(0), in G0 (2D, diffusive).

    The loop and its twin precess alike about the field, which mixes the
    singlet with the triplet component along it (Maekawa & Fukuyama,
    J. Phys. Soc. Jpn. 50, 2516 (1981)).  In the basis (S, T_0) of that
    component the spin factor of a loop of duration t evolves with
    [[0, i w], [i w, -G]] (w = |zeeman| per tau, G = 1 / tau_so, exact for
    Poisson scattering), T_+-1 decay at G, and
    <s>(t) = (1/2) [2 e^{-G t} + <T_0| e^{L t} |T_0> - <S| e^{L t} |S>];
    with the diffusive return density 1 / (4 pi D t) each exponential
    e^{l t} gives -ln(1 / tau_phi - l) up to a constant that cancels in the
    difference.  Without spin-orbit (G = 0) the change is exactly 0.

    Parameters
    ----------
    zeeman : float
        |Zeeman precession vector|, angle per tau (>= 0).
    tau_phi : float
        Phase-coherence time (tau).
    tau_so : float, optional
        Elliott-Yafet spin relaxation time (tau); None: none.
    """
    w = check_real("zeeman", zeeman, lower=0.0)
    g_phi = 1.0 / check_real("tau_phi", tau_phi, lower=0.0, lower_open=True)
    gamma = _rate("tau_so", tau_so)

    def log_sum(w):
        lam, vec = np.linalg.eig(np.array([[0.0, 1j * w], [1j * w, -gamma]]))
        inv = np.linalg.inv(vec)
        logs = -np.log(g_phi - lam + 0j)
        t0 = np.sum(vec[1] * inv[:, 1] * logs)     # <T_0| ... |T_0>
        s = np.sum(vec[0] * inv[:, 0] * logs)      # <S| ... |S>
        return 0.5 * (2.0 * -np.log(g_phi + gamma) + t0 - s).real

    # delta_sigma = -Int dt/t e^{-t/tau_phi} <s>(t) (4 pi D W(t) = 1/t)
    return float(-(log_sum(w) - log_sum(0.0)))


def _zeeman_modes(w, g_phi, gamma):
    """Decay rates r and weights c of <s>(t) e^{-t / tau_phi} = sum c e^{-r t}
    with Elliott-Yafet (rate gamma) and a Zeeman field w (module docstring
    of :func:`zeeman_so`)."""
    lam, vec = np.linalg.eig(np.array([[g_phi, -1j * w], [-1j * w, g_phi + gamma]]))
    inv = np.linalg.inv(vec)
    c_mix = 0.5 * (vec[1] * inv[:, 1] - vec[0] * inv[:, 0])   # (T_0 - S) / 2
    rates = np.concatenate(([g_phi + gamma], lam))
    weights = np.concatenate(([1.0 + 0j], c_mix))
    return rates + 0j, weights


def hln_zeeman(b, tau_phi, tau_so, zeeman):
    """Magnetoconductance with spin-orbit scattering and a Zeeman field, in G0
    (Maekawa & Fukuyama, J. Phys. Soc. Jpn. 50, 2516 (1981), in the loop-sum
    form of :func:`zeeman_so`): each decay mode r of the loops' spin factor
    with weight c gives c [psi(1/2 + B_r / B) - ln(B_r / B)], B_r / B_tr = r
    (complex r for strong fields: the T_0 and S channels then oscillate).
    Without the field it is :func:`hln_so`.

    Parameters
    ----------
    b : float or array_like
        Orbital field B / B_tr (>= 0).
    tau_phi, tau_so : float
        Phase-coherence and Elliott-Yafet spin relaxation times (tau).
    zeeman : float
        |Zeeman precession vector|, angle per tau.
    """
    from scipy.special import psi

    b_arr = check_array("b", b, 0.0)
    g_phi = 1.0 / check_real("tau_phi", tau_phi, lower=0.0, lower_open=True)
    gamma = _rate("tau_so", tau_so)
    w = check_real("zeeman", zeeman, lower=0.0)
    rates, weights = _zeeman_modes(w, g_phi, gamma)
    out = np.zeros(b_arr.shape)
    flat = out.reshape(-1)
    for i, bi in enumerate(b_arr.reshape(-1)):
        if bi > 0:
            flat[i] = np.sum(weights * (psi(0.5 + rates / bi) - np.log(rates / bi))).real
    return _result(out)


def _hln_complex(x):
    """psi(1/2 + 1/x) + ln x for complex x = B / B_r (series for |x| < 0.1)."""
    from scipy.special import psi

    x = np.asarray(x, dtype=complex)
    small = np.abs(x) < 0.1
    s = x * x
    series = s * (1 / 24 - s * (7 / 960 - s * (31 / 8064 - s * (127 / 30720 - s * 511 / 67584))))
    xl = np.where(small, 1.0, x)
    return np.where(small, series, psi(0.5 + 1.0 / xl) + np.log(xl))


def film_so(b, tau_phi, tau_so, zeeman=0.0):
    """Weak-(anti)localization correction of a 2D film with Elliott-Yafet
    spin-orbit scattering and a Zeeman field, zero-field part included, in G0
    (elementwise over broadcast arrays; diffusive).

    The loop-sum form of :func:`zeeman_so` and :func:`hln_zeeman` (Maekawa &
    Fukuyama 1981), solved in closed form: the spin factor decays as
    ``sum_r c_r e^(-r t)`` with ``r = g + gamma`` (T_+-1, weight 1) and
    ``r = g + gamma/2 +- rho`` (T_0 mixed with S, weights ``+-gamma / (4 rho)``),
    ``g = 1 / tau_phi``, ``gamma = 1 / tau_so``, ``rho = sqrt(gamma^2/4 -
    w^2)`` (complex when ``w > gamma / 2``), and every mode gives
    ``c [ln r + psi(1/2 + r / b) - ln(r / b)]`` (rates in 1/tau = B_tr).  At
    ``w = 0`` this is ``(3/2) ln(g + gamma) - (1/2) ln g`` plus
    :func:`hln_so`; without spin-orbit, ``-ln(tau_phi) + HLN``, Zeeman-free.

    Parameters
    ----------
    b : array_like
        B_perp / B_tr (>= 0).
    tau_phi : array_like
        Phase-coherence time (tau, > 0).
    tau_so : float or array_like or None
        Elliott-Yafet spin relaxation time (tau, > 0); None or inf: none.
    zeeman : array_like
        Zeeman precession angle per tau, g mu_B ``|B|`` tau / hbar (>= 0).
    """
    b = check_array("b", b, 0.0)
    g = 1.0 / check_array("tau_phi", tau_phi, 0.0, strict=True)
    w = np.abs(check_array("zeeman", zeeman))
    gamma = (np.zeros(()) if tau_so is None
             else 1.0 / check_array("tau_so", tau_so, 0.0, strict=True))
    b, g, w, gamma = np.broadcast_arrays(b, g, w, gamma)
    gam = np.where(gamma > 0, gamma, 1.0)
    rho = np.sqrt(gam ** 2 / 4.0 - w ** 2 + 0j)
    rho = np.where(np.abs(rho) < 1e-7 * gam, 1e-7 * gam, rho)    # degenerate point
    rates = [g + gam + 0j, g + gam / 2.0 + rho, g + gam / 2.0 - rho]
    weights = [np.ones_like(rho), gam / (4.0 * rho), -gam / (4.0 * rho)]
    with np.errstate(divide="ignore", invalid="ignore"):
        total = sum(c * (np.log(r) + _hln_complex(b / r)) for c, r in zip(weights, rates)).real
        spinless = np.log(g) + _hln_complex(b / g).real
    return _result(np.where(gamma > 0, total, spinless))
