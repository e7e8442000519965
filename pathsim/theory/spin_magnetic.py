"""Elliott-Yafet spin-orbit scattering together with magnetic impurities:
the Cooperon channels of the walk's model, exactly (2D).

The walk's model (:mod:`pathsim.model.spin`, :mod:`pathsim._kernels.spin`):
at every scattering c -> c' the spin turns first by gamma about the
impurity's frozen classical spin m (magnetic, even in the momentum: the
twin, scattered -c' -> -c at the same impurity, turns the same way), then
by phi = eta (c x c')_z about the impurity's frozen axis g (Elliott-Yafet,
odd: the twin turns by -phi); m and g are isotropic and independent, and
every scattering meets a new impurity.  Averaged over m and g, one
scattering with the angle phi acts on the loop's and twin's pair of spins
as ``lambda_t(phi) P_t + lambda_s(phi) P_s`` (triplet and singlet
projectors, :ref:`theory-spin-magnetic`), with c^2 = cos^2(gamma / 2) =
1 - 3 / (4 tau_sf), s^2 = 3 / (4 tau_sf)::

    lambda_s(phi) = c^2 - s^2 (1 + 2 cos phi) / 3
    lambda_t(phi) = [c^2 (1 + 2 cos phi) + s^2 (4 cos phi - 1) / 3] / 3

and a loop of n scatterings has the mean spin factor
(3/2) prod lambda_t - (1/2) prod lambda_s.  Averaged over the scattering
angle (<cos phi> = 1 - 3 / (2 tau_so)) the channels relax per tau at

    Gamma_t = 1 / tau_so + 1 / (2 tau_sf) - 1 / (4 tau_so tau_sf)
    Gamma_s = (3 / (2 tau_sf)) (1 - 1 / (2 tau_so))

which is Hikami, Larkin & Nagaoka's sum of rates (``combine="born"``:
1 / tau_so + 1 / (2 tau_sf) and 3 / (2 tau_sf)) only to first order in the
rotation per scattering: the exchange and the spin-orbit rotation at one
impurity do not commute.  Either kind alone, or with D'yakonov-Perel
precession (the flights), the channels' rates add exactly.

Engine units: l = v = tau = 1; conductivity corrections in G0 = e^2 / (pi h).
"""
import numpy as np
from numpy.polynomial.legendre import leggauss
from scipy.special import jv

from pathsim._validate import check_array, check_choice, check_real
from pathsim.theory._common import as_result as _result
from pathsim.theory.spin_rates import COMBINE, _rates_in, channel_rates  # noqa: F401

__all__ = ["COMBINE", "channel_rates", "channel_harmonics", "loop_sum_spin_2d", "ilp_magnetic"]

_HARMONICS = 20       # angular harmonics kept (|m| <= 20; J_m(eta <= 3.84) < 1e-13 beyond)
_Q_MAX = 1e4          # upper end of the q integral (1 / l); its tail is added in closed form


def channel_harmonics(tau_so=None, tau_sf=None, combine="walk", m_max=_HARMONICS):
    """Angular harmonics lambda_m (m = -m_max .. m_max) of the per-scattering
    channel factors lambda_t(dphi), lambda_s(dphi) over the scattering angle
    dphi of the isotropic 2D walk, shape (2, 2 m_max + 1) (triplet, singlet).

    ``lambda(dphi) = alpha + beta cos(eta sin dphi)`` with eta the
    Elliott-Yafet strength of ``tau_so`` (:func:`pathsim.model.spin.ey_strength`),
    so ``lambda_0 = alpha + beta J_0(eta)`` and ``lambda_m = beta J_|m|(eta)`` for
    even m != 0 (odd ones vanish).  ``combine="born"`` takes the
    Elliott-Yafet factors with the magnetic rates subtracted.
    """
    from pathsim.model.spin import ey_strength

    check_choice("combine", combine, COMBINE)
    r_so, r_sf = _rates_in(tau_so, tau_sf)
    eta = ey_strength(None if r_so == 0 else 1.0 / r_so)
    s2 = 0.75 * r_sf
    c2 = 1.0 - s2
    if combine == "walk":
        alpha = np.array([(c2 - s2 / 3.0) / 3.0, c2 - s2 / 3.0])
        beta = np.array([(2.0 * c2 + 4.0 * s2 / 3.0) / 3.0, -2.0 * s2 / 3.0])
    else:
        alpha = np.array([1.0 / 3.0 - 0.5 * r_sf, 1.0 - 1.5 * r_sf])
        beta = np.array([2.0 / 3.0, 0.0])
    m = np.arange(-m_max, m_max + 1)
    bessel = np.where(m % 2 == 0, jv(np.abs(m), eta), 0.0)
    out = beta[:, None] * bessel[None, :]
    out[:, m_max] += alpha
    return out


def _flight_matrix(q, a, m_max):
    """Harmonics of one flight's factor 1 / (a - i q cos theta) (the Fourier
    transform of an Exp(1) flight in direction theta, dephased):
    A[m, m'] = (i r)^|m - m'| / sqrt(a^2 + q^2), r = q / (sqrt(a^2 + q^2) + a)."""
    q = np.asarray(q, dtype=float)[..., None, None]
    s = np.hypot(a, q)
    k = np.abs(np.subtract.outer(np.arange(-m_max, m_max + 1), np.arange(-m_max, m_max + 1)))
    return (1j * q / (s + a)) ** k / s


def _log_grid(tau_phi):
    """Gauss-Legendre nodes x = ln q and weights, panels of 1/2 in ln q from
    q = 1e-6 sqrt(1 / tau_phi) (the rest contributes ~ q^2) to q = Q_MAX."""
    lo = np.log(1e-6) + 0.5 * np.log(1.0 / tau_phi)
    edges = np.linspace(lo, np.log(_Q_MAX), int(np.ceil((np.log(_Q_MAX) - lo) / 0.5)) + 1)
    t, w = leggauss(16)
    half, mid = np.diff(edges)[:, None] / 2.0, (edges[1:] + edges[:-1])[:, None] / 2.0
    return (half * t + mid).ravel(), (half * w).ravel()


def _channel_sum(tau_phi, lam, m_max):
    """(sigma_a, sigma_b) of one channel at zero field.

    sigma = -Int_0^inf q dq M(q), M the loop sum over n >= 3 flights at wave
    number q: [A (L A)^2 (1 - L A)^-1] at (0, 0) (backscattering) and the
    real part at (1, 1) (the factor e_1 . e_n, non-backscattering); the
    integral runs over ln q, and beyond Q_MAX, where q M ~ C / q^2, the tail
    is Q_MAX^2 M(Q_MAX).
    """
    a = 1.0 + 1.0 / tau_phi
    x, w = _log_grid(tau_phi)
    q = np.exp(np.append(x, np.log(_Q_MAX)))
    A = _flight_matrix(q, a, m_max)
    LA = lam[None, :, None] * A
    inner = np.linalg.solve(np.eye(2 * m_max + 1)[None] - LA, LA @ LA)
    M = A @ inner
    out = []
    for k in (m_max, m_max + 1):
        m = M[:, k, k].real
        out.append(-(np.sum(w * q[:-1] ** 2 * m[:-1]) + _Q_MAX ** 2 * m[-1]))
    return out


def loop_sum_spin_2d(tau_phi, tau_so=None, tau_sf=None, combine="walk", term="total"):
    """Exact zero-field loop sum of the 2D walk (isotropic scattering, no
    walls) with Elliott-Yafet and magnetic scattering, in G0.

    delta_sigma = (3/2) sigma[lambda_t] - (1/2) sigma[lambda_s], where
    sigma[lambda] is the spinless exact loop sum
    (:func:`pathsim.theory.exact_2d` at b = 0, loops of n >= 3 flights
    weighted by 1 + e_1 . e_n) with each of the n - 1 scatterings weighted
    by the channel factor lambda(dphi) of its scattering angle
    (:func:`channel_harmonics`): in angular harmonics, with the flight
    matrix A(q) and the diagonal L = diag(lambda_m),
    sigma_a = -Int q dq [A (L A)^2 (1 - L A)^-1]_00 and sigma_b the same
    with the (1, 1) element (:ref:`theory-spin-magnetic`).  No diffusion
    approximation: valid for every tau_so, tau_sf and tau_phi.

    Parameters
    ----------
    tau_phi : float or array_like
        Phase-coherence time (tau), > 0.
    tau_so, tau_sf : float, optional
        Elliott-Yafet and magnetic spin relaxation times (tau,
        :mod:`pathsim.model.spin`); None: none.
    combine : {"walk", "born"}
        The walk's model or HLN's sum of rates (:func:`channel_rates`).
    term : {"total", "backscattering", "nonbackscattering"}

    Returns
    -------
    float or ndarray
        delta_sigma / G0 (shape of ``tau_phi``).
    """
    check_choice("term", term, ("total", "backscattering", "nonbackscattering"))
    tau_phi = check_array("tau_phi", tau_phi, 0.0, strict=True)
    lam = channel_harmonics(tau_so, tau_sf, combine)
    out = np.empty(tau_phi.shape)
    flat = out.reshape(-1)
    for i, tau in enumerate(tau_phi.reshape(-1)):
        total = 0.0
        for weight, row in ((1.5, lam[0]), (-0.5, lam[1])):
            sa, sb = _channel_sum(tau, row, _HARMONICS)
            part = {"total": sa + sb, "backscattering": sa, "nonbackscattering": sb}[term]
            total += weight * part
        flat[i] = total
    return _result(out)


def ilp_magnetic(b, tau_phi, rashba=0.0, tau_sf=None, *, dresselhaus=0.0, dresselhaus3=0.0):
    """ILP magnetoconductance with D'yakonov-Perel spin-orbit coupling and
    magnetic impurities, in G0 (2D, diffusive).

    The flights' precession acts on both spins of the Cooperon alike and
    commutes with the channel projectors, and the exchange rotations at the
    scatterings multiply the triplet by 1 - 1 / (2 tau_sf) and the singlet by
    1 - 3 / (2 tau_sf) each (module docstring): the rates add exactly, the
    triplet's ILP operator dephased at 1 / tau_phi + 1 / (2 tau_sf) and the
    singlet at 1 / tau_phi + 3 / (2 tau_sf) (:ref:`theory-spin-magnetic`).
    :func:`pathsim.theory.spin.ilp` is the case tau_sf = None.

    Parameters
    ----------
    b : float or array_like
        B / B_tr > 0.
    tau_phi : float
        Phase-coherence time (tau).
    rashba, dresselhaus, dresselhaus3 : float
        Precession angles per l (:func:`pathsim.theory.spin.ilp`).
    tau_sf : float, optional
        Magnetic spin relaxation time (tau); None: none.
    """
    from pathsim.theory._common import hln_of_ratio
    from pathsim.theory.spin import ilp

    tau_phi = check_real("tau_phi", tau_phi, lower=0.0, lower_open=True)
    b = check_array("b", b, 0.0)
    _, r_sf = _rates_in(None, tau_sf)
    tau_t = 1.0 / (1.0 / tau_phi + 0.5 * r_sf)
    tau_s = 1.0 / (1.0 / tau_phi + 1.5 * r_sf)
    # ilp = triplet(tau) - F(b tau) / 2: swap the singlet's dephasing
    triplet = ilp(b, tau_t, rashba, dresselhaus=dresselhaus, dresselhaus3=dresselhaus3) \
        + 0.5 * hln_of_ratio(b * tau_t)
    return _result(triplet - 0.5 * hln_of_ratio(b * tau_s))
