"""Altshuler-Aronov interaction corrections to the conductivity: the 2D
ln T law, 3D sqrt(T) and quasi-1D T^(-1/2), singlet and triplet channels
separately, the Zeeman function g2(h) and the Hall coefficient.

Conventions (PHYSICS.md sections 1 and 10).  Conductivities in
``G0 = e^2 / (pi h) = e^2 / (2 pi^2 hbar)`` per ``length^(d-2)``, like the
weak-localization corrections of pathsim; Lee & Ramakrishnan (Rev. Mod.
Phys. 57, 287 (1985), section IV) write ``e^2 / (4 pi^2 hbar) = G0 / 2``.
Temperatures enter as ``t = k_B T tau / hbar`` (dimensionless; tau the
elastic time), fields as ``h = g mu_B B / (k_B T)``, and ``F`` is the
Fermi-liquid constant F-tilde_sigma of the triplet channel (0 <= F <~ 1).

Channels.  Lee & Ramakrishnan write the correction in ``d`` dimensions as
``(e^2 / 4 pi^2 hbar) (4/d - 3 F/2) X_d(T)``: the singlet (exchange,
Coulomb) part ``4/d`` and the triplet part ``-3 F/2``, made of three
channels ``S_z = -1, 0, +1`` of ``-F/2`` each.  Here :func:`singlet` is the
singlet part and the triplet part is ``-(3 d / 8) F`` times it (``-3F/4``
in 2D), one third per channel.  A Zeeman splitting much larger than
``k_B T`` cuts off the channels ``S_z = +-1`` (Lee & Ramakrishnan eq. 4.24).

Prefactors.  2D: ``(1 - 3F/4) ln(k_B T tau / hbar)`` in G0 exactly
(PHYSICS.md section 10).  3D: Lee & Ramakrishnan's
``(e^2/4 pi^2 hbar)(1.3/sqrt 2)(4/3 - 3F/2) sqrt(k_B T / hbar D)``, whose
1.3 / sqrt 2 is the frequency integral ``sqrt(pi) |zeta(1/2)| / (2 sqrt 2)
= 0.9151`` (:func:`frequency_integral` reproduces it).  The same integral
with the angular factor 1/d of the current vertex, normalised to the 2D
law, gives a 3D singlet 3/2 times Lee & Ramakrishnan's; their d-dependence
is taken here (a factor 2/d on the integral), and carried to quasi-1D,
where no published prefactor was at hand: ``C_1D`` is the least certain
number of this module.
"""
import functools

import numpy as np
from scipy import integrate, interpolate

from pathsim._validate import check_array, check_choice, check_real
from pathsim.theory._common import as_result as _result

__all__ = ["singlet", "triplet_fraction", "ee_2d", "ee_3d", "ee_1d", "zeeman_2d",
           "hall_shift", "g2", "g2_quad", "g2_small_coefficient", "frequency_integral",
           "G2_SMALL", "G2_LARGE", "C_3D", "C_1D"]

#: g2(h) = G2_SMALL h^2 + O(h^4) for h << 1.  Minus the integral of
#: [f''(x) - 1/6] / x^2 with f(x) = x / (e^x - 1), which is 3 zeta(3) /
#: (4 pi^2) (tests check it against :func:`g2_small_coefficient`); Lee &
#: Ramakrishnan quote 0.084.
G2_SMALL = 3.0 * 1.2020569031595942 / (4.0 * np.pi ** 2)
#: g2(h) = ln(h / G2_LARGE) + O(h^-2) for h >> 1: the limit of
#: h / exp(g2(h)) from :func:`g2_quad` (Lee & Ramakrishnan quote 1.3).
G2_LARGE = 1.2977882

_ZETA_HALF = -1.4603545088095868     # Riemann zeta(1/2)
_ZETA_3_2 = 2.6123753486854883       # Riemann zeta(3/2)
#: 3D singlet: C_3D sqrt(k_B T / (hbar D)) in G0 per length,
#: (1/2)(4/3)(1.3/sqrt 2) with 1.3 / sqrt 2 = sqrt(pi) |zeta(1/2)| / (2 sqrt 2)
#: (Lee & Ramakrishnan eq. 4.19).
C_3D = (2.0 / 3.0) * np.sqrt(np.pi) * abs(_ZETA_HALF) / (2.0 * np.sqrt(2.0))
#: Quasi-1D singlet: -C_1D sqrt(hbar D / (k_B T)) in G0 times length,
#: 3 sqrt(pi / 2) zeta(3/2) = 9.822: the frequency integral with the wave
#: vector along the wire, times the 2/d of the module docstring (uncertain).
C_1D = 3.0 * np.sqrt(np.pi / 2.0) * _ZETA_3_2


def frequency_integral(dim):
    """The singlet correction from its integral, for checking the constants.

    ``-(16 pi / d) int_0^inf dw d/dw[w coth(w / 2T)] Im sum_q D^2 q^2 /
    (D q^2 - i w)^3`` in G0 (hbar = k_B = 1), normalised so that 2D gives
    ``ln(T tau)`` exactly (the angular average of the current vertex gives
    the 1/d).  Returns the coefficient of ``sqrt(T / D)`` (3D) or of
    ``sqrt(D / T)`` (1D), times the factor ``2/d`` (1 in 2D) that maps this
    integral onto Lee & Ramakrishnan's published 3D prefactor (without it
    the 3D singlet is 3/2 of theirs; which normalisation is right was not
    settled here, see the module docstring).
    """
    check_choice("dim", dim, (1, 3))
    d = float(dim)

    def dcoth(w):    # d/dw [w coth(w/2)] at T = 1
        x = w / 2.0
        return 1.0 / np.tanh(x) - x / np.sinh(x) ** 2 if x < 300 else 1.0

    def q_part(y):   # Im y^(d/2) / (y - i)^3
        return (y ** (d / 2.0) / (y - 1j) ** 3).imag

    iq = sum(integrate.quad(q_part, a, b, limit=200)[0] for a, b in ((0, 1), (1, np.inf)))
    power = d / 2.0 - 2.0                       # the q-integral goes as w^(d/2 - 2)
    if dim == 3:   # T-dependent part: subtract the T = 0 slope 1
        def wf(w):
            return (dcoth(w) - 1.0) * w ** power
    else:
        def wf(w):
            return dcoth(w) * w ** power
    iw = sum(integrate.quad(wf, a, b, limit=200)[0] for a, b in ((0, 1), (1, np.inf)))
    sphere = {1: 2.0, 3: 4.0 * np.pi}[dim]
    value = -(16.0 * np.pi / d) * sphere / (2.0 * (2.0 * np.pi) ** d) \
        * iq * iw
    return (2.0 / d) * value


def _t(t):
    return check_array("t", t, 0.0, strict=True)


def _F(F):
    return check_array("F", F, 0.0)


def singlet(t, dim=2, D=1.0):
    """Singlet (exchange) part of the interaction correction.

    2D: ``ln(k_B T tau / hbar)``; 3D: ``C_3D sqrt(t / D)`` (per length
    ``l``); quasi-1D: ``-C_1D sqrt(D / t)`` (times length ``l``), with
    ``t = k_B T tau / hbar`` and ``D`` in ``l^2 / tau``.  In 3D and 1D this is
    the temperature-dependent part only (the constant depends on short
    distances).

    Parameters
    ----------
    t : float or array_like
        k_B T tau / hbar (> 0).
    dim : {1, 2, 3}
    D : float
        Diffusion constant in l^2 / tau (3D and 1D only).

    Returns
    -------
    float or ndarray
        In G0 per l^(d-2).
    """
    t = _t(t)
    check_choice("dim", dim, (1, 2, 3))
    D = check_real("D", D, lower=0.0, lower_open=True)
    if dim == 2:
        return _result(np.log(t))
    if dim == 3:
        return _result(C_3D * np.sqrt(t / D))
    return _result(-C_1D * np.sqrt(D / t))


def triplet_fraction(F, dim=2):
    """Triplet / singlet ratio ``-(3 d / 8) F`` (all three channels)."""
    return -(3.0 * dim / 8.0) * _F(F)


def ee_2d(t, F, h=0.0, channel="total"):
    """2D Altshuler-Aronov correction in G0, with the Zeeman term.

    ``delta_sigma / G0 = (1 - 3 F/4) ln(k_B T tau / hbar) - (F/2) g2(h)``
    (Altshuler & Aronov 1985; Lee & Ramakrishnan, Rev. Mod. Phys. 57, 287
    (1985), eqs. 4.17 and 4.24).  ``channel`` picks the singlet part
    ``ln t``, the triplet part ``-(3F/4) ln t - (F/2) g2(h)`` or the total.

    Parameters
    ----------
    t : float or array_like
        k_B T tau / hbar (> 0).
    F : float or array_like
        F-tilde_sigma (>= 0).
    h : float or array_like
        g mu_B B / (k_B T) (>= 0), any field direction.
    channel : {"total", "singlet", "triplet"}
    """
    check_choice("channel", channel, ("total", "singlet", "triplet"))
    log_t = np.log(_t(t))
    F = _F(F)
    triplet = -0.75 * F * log_t - 0.5 * F * g2(h)
    return _pick(log_t, triplet, channel)


def ee_3d(t, F, D=1.0 / 3.0, channel="total"):
    """3D correction ``(1 - 9F/8) C_3D sqrt(t / D)`` in G0 / l: Lee &
    Ramakrishnan eq. 4.19, ``(e^2/4 pi^2 hbar)(1.3/sqrt 2)(4/3 - 3F/2)
    sqrt(k_B T / hbar D)``; T-dependent part only.  ``D`` in l^2 / tau."""
    return _channel(singlet(t, 3, D), F, 3, channel)


def ee_1d(t, F, D=1.0, channel="total"):
    """Quasi-1D correction ``-(1 - 3F/8) C_1D sqrt(D / t)`` in G0 l (a wire
    of cross-section A: multiply by 1/A for sigma, by A/L for a conductance).
    Width << L_T = sqrt(hbar D / k_B T).  T-dependent part only."""
    return _channel(singlet(t, 1, D), F, 1, channel)


def _channel(part, F, dim, channel):
    check_choice("channel", channel, ("total", "singlet", "triplet"))
    part = np.asarray(part)
    return _pick(part, triplet_fraction(F, dim) * part, channel)


def _pick(one, three, channel):
    """The singlet, triplet or total correction (broadcast to a common shape)."""
    one, three = np.broadcast_arrays(one, three)
    return _result({"singlet": one, "triplet": three, "total": one + three}[channel])


def zeeman_2d(h, F):
    """delta_sigma_ee(B, T) - delta_sigma_ee(0, T) = -(F/2) g2(h), in G0."""
    return _result(-0.5 * _F(F) * g2(h))


def hall_shift(delta_sigma_ee, sigma_D):
    """Relative Hall shift ``delta R_H / R_H = -2 delta_sigma_ee / sigma_D``
    (2D; Altshuler, Khmelnitskii, Larkin & Lee, Phys. Rev. B 22, 5142
    (1980)).  Weak localization leaves R_H unchanged.  Both in G0."""
    sigma_D = check_array("sigma_D", sigma_D, 0.0, strict=True)
    return _result(-2.0 * np.asarray(delta_sigma_ee, dtype=float) / sigma_D)


# ----------------------------------------------------------------------
# g2(h)
def _fpp(x):
    """d^2/dx^2 [x / (e^x - 1)], series near 0 (the direct form cancels)."""
    x = np.asarray(x, dtype=float)
    small = x < 0.05
    xs = np.where(small, 1.0, x)
    n = 1.0 / np.expm1(xs)
    direct = -2.0 * n * (1.0 + n) + xs * n * (1.0 + n) * (1.0 + 2.0 * n)
    s = x * x
    series = 1.0 / 6.0 - s / 60.0 + s * s / 1008.0 - s ** 3 / 43200.0
    return np.where(small, series, direct)


def _log_kernel(x, h):
    return np.log(np.abs(1.0 - (h / x) ** 2))


def _kernel_antiderivative(u):
    """G(u) = int_0^u ln|1 - 1/v^2| dv = u ln|1 - 1/u^2| + ln|(u+1)/(u-1)|;
    G(0) = G(inf) = 0."""
    return u * np.log(abs(1.0 - 1.0 / u ** 2)) + np.log(abs((u + 1.0) / (u - 1.0)))


_X_END = 120.0   # f''(x) - 1/6 is -1/6 to 1e-48 beyond x = 120


def g2_quad(h):
    """g2(h) from its integral, by adaptive quadrature (slow, accurate).

    ``g2(h) = int_0^inf dx f''(x) ln|1 - h^2 / x^2|``, ``f = x / (e^x - 1)``
    (Lee & Ramakrishnan, Rev. Mod. Phys. 57, 287 (1985), eq. 4.23; Altshuler
    & Aronov 1985).  Since ``int_0^inf ln|1 - h^2/x^2| dx = 0``, ``f''(x)``
    is replaced by ``f''(x) - f''(0)``: that removes the cancellation that
    otherwise costs all digits at small ``h`` and weakens the logarithmic
    singularity at ``x = h`` (an end point of two intervals, handled by
    QUADPACK's extrapolation).  Beyond ``x = 120`` the integrand is
    ``-(1/6) ln|1 - h^2/x^2|``, integrated in closed form.
    """
    h = float(check_real("h", h, lower=0.0))
    if h == 0.0:
        return 0.0
    opts = dict(limit=200, epsabs=1e-15, epsrel=1e-10)

    def f(x):
        return float((_fpp(x) - 1.0 / 6.0) * _log_kernel(x, h))

    tail = (h / 6.0) * _kernel_antiderivative(_X_END / h)
    if h >= _X_END:
        return integrate.quad(f, 0.0, _X_END, **opts)[0] + tail
    return (integrate.quad(f, 0.0, h, **opts)[0]
            + integrate.quad(f, h, _X_END, **opts)[0] + tail)


def g2_small_coefficient():
    """``lim g2(h) / h^2 = -int_0^inf [f''(x) - 1/6] / x^2 dx``, by quadrature.

    Equal to ``-int f'''(x) / x dx = 3 zeta(3) / (4 pi^2) = 0.09135``
    (Mellin transform of ``x / (e^x - 1)``); Lee & Ramakrishnan quote 0.084.
    """
    def f(x):
        if x < 1e-3:
            return -1.0 / 60.0 + x * x / 1008.0
        return float((_fpp(x) - 1.0 / 6.0) / x ** 2)
    return -(integrate.quad(f, 0.0, _X_END, limit=200, epsabs=1e-14)[0]
             - (1.0 / 6.0) / _X_END)


_H_MIN, _H_MAX = 1e-2, 1e3
_NODES = 101


@functools.lru_cache(maxsize=1)
def _g2_spline():
    """Cubic spline of ln g2 against ln h on [_H_MIN, _H_MAX] through
    quadrature values (both are smooth and nearly linear at the ends)."""
    u = np.linspace(np.log(_H_MIN), np.log(_H_MAX), _NODES)
    values = np.array([g2_quad(np.exp(v)) for v in u])
    return interpolate.CubicSpline(u, np.log(values))


def g2(h):
    """Zeeman function g2(h) of the interaction correction, fast.

    A spline of :func:`g2_quad` over ``1e-2 <= h <= 1e3`` (relative error
    below 1e-6, tested), ``G2_SMALL h^2 (1 + a h^2)`` below and
    ``ln(h / G2_LARGE)`` above (corrections ~ h^-2).  Limits: ``0.0913 h^2``
    for ``h << 1`` and ``ln(h / 1.298)`` for ``h >> 1`` (Lee & Ramakrishnan
    quote 0.084 and 1.3).

    Parameters
    ----------
    h : float or array_like
        g mu_B B / (k_B T); ``|h|`` is used (Zeeman does not care about the
        sign or direction of B).
    """
    h = np.abs(check_array("h", h))
    spline = _g2_spline()
    mid = np.exp(spline(np.log(np.clip(h, _H_MIN, _H_MAX))))
    low = G2_SMALL * h ** 2 * (1.0 + _quartic() * h ** 2)
    high = np.log(np.maximum(h, _H_MAX) / G2_LARGE)
    return _result(np.where(h < _H_MIN, low, np.where(h > _H_MAX, high, mid)))


@functools.lru_cache(maxsize=1)
def _quartic():
    """Relative h^4 correction at small h, matched at h = _H_MIN."""
    return (g2_quad(_H_MIN) / (G2_SMALL * _H_MIN ** 2) - 1.0) / _H_MIN ** 2
