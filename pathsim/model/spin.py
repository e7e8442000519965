"""Spin settings: spin-orbit coupling, magnetic impurities and Zeeman field.

A setting is a dict with the keys of :data:`SPIN_KEYS` (engine units: l =
v = tau = 1); :func:`spin_setting` checks one and fills the defaults,
:func:`spin_table` turns settings into the rows the spin kernels read
(:mod:`pathsim._kernels.spin`).

``rashba``, ``dresselhaus``, ``dresselhaus3``
    D'yakonov-Perel precession angles per mean free path (Sawada & Koga,
    PRE 95, 023309 (2017): theta_alpha, theta_beta1, theta_beta3; the
    mapping to alpha, beta_1, beta_3 is in :mod:`pathsim._kernels.spin`).
    For theta << 1 and isotropic scattering the spin relaxes at
    1 / tau_z = theta^2 (out of plane) and 1 / tau_x = 1 / tau_y =
    theta^2 / 2 (in plane) per tau (Rashba or linear Dresselhaus alone).
``tau_so``
    Elliott-Yafet spin relaxation time (tau): each component of a spin
    decays as exp(-t / tau_so).  Model: at each scattering c -> c' the
    spin turns by eta (c x c')_z about an axis g fixed by the impurity
    (isotropic), which gives 1 / tau_so = (2/3) (1 - J_0(eta)) exactly
    (Poisson scattering, rate 1 / tau, isotropic; for another law eta is
    solved with that law's average of cos(eta sin dphi)); tau_so >= 1.07 (eta up to the first
    minimum of J_0, where each scattering nearly randomizes the spin).  In
    HLN's notation tau_so(HLN) = (4/3) tau_so.
``tau_sf``
    Spin relaxation time (tau) by magnetic impurities: at each scattering
    the spin turns by gamma about the impurity's frozen classical spin m
    (isotropic), 1 / tau_sf = (2/3) (1 - cos gamma); tau_sf >= 0.75.  The
    triplet Cooperon then decays at 1 / (2 tau_sf), the singlet at
    3 / (2 tau_sf) (HLN's tau_s = (4/3) tau_sf).  With ``tau_so`` too, both
    rotations act at every scattering (first the exchange rotation, then
    the Elliott-Yafet one, at one impurity); a single spin then decays at
    1 - (1 - 1 / tau_so)(1 - 1 / tau_sf) per tau, and the Cooperon channels
    at the rates of :func:`pathsim.theory.spin_magnetic.channel_rates`,
    which add only to first order (:ref:`theory-spin-magnetic`).
``zeeman``
    Zeeman precession vector (x, y, z): angle per tau, g mu_B B / hbar
    times tau (z normal to the plane).
"""
import math

import numpy as np
from scipy.optimize import brentq
from scipy.special import j0

from .._validate import check_real

#: the keys of a spin setting, in the order of the parameter table
SPIN_KEYS = ("rashba", "dresselhaus", "dresselhaus3", "tau_so", "tau_sf", "zeeman")

#: smallest tau_so (tau) of the Elliott-Yafet model, rounded up from
#: 1.5 / (1 - J_0(j_1,1)) = 1.0693: eta at the first minimum of J_0, where the
#: triplet keeps 1 - 1 / 1.0693 = 0.065 per scattering (a random rotation: 0)
TAU_SO_MIN = 1.07
#: smallest tau_sf (tau) of the magnetic model: gamma = pi
TAU_SF_MIN = 0.75
_J0_MIN = 3.831705970207512   # first zero of J_1: J_0 decreases on [0, _J0_MIN]


def spin_setting(rashba=0.0, dresselhaus=0.0, dresselhaus3=0.0, tau_so=None, tau_sf=None,
                 zeeman=None):
    """One checked spin setting (a dict of :data:`SPIN_KEYS`).

    Angles must be finite and >= 0, times >= their model's minimum or None
    (none), ``zeeman`` three finite numbers or None; anything else raises
    ValueError naming the parameter.
    """
    out = dict(rashba=check_real("rashba", rashba, lower=0.0),
               dresselhaus=check_real("dresselhaus", dresselhaus, lower=0.0),
               dresselhaus3=check_real("dresselhaus3", dresselhaus3, lower=0.0))
    for name, value, low in (("tau_so", tau_so, TAU_SO_MIN), ("tau_sf", tau_sf, TAU_SF_MIN)):
        if value is not None:
            value = check_real(name, value, lower=low, allow_inf=True)
            if math.isinf(value):
                value = None
        out[name] = value
    out["zeeman"] = None if zeeman is None else zeeman_vector(zeeman)
    return out


def spin_settings(settings, name="spin"):
    """A non-empty list of checked settings (:func:`spin_setting` of each
    dict; ``{}`` is the spinless setting).  Raises ValueError naming
    ``name[j]`` and the key for a setting that is not a dict, has an
    unknown key or a bad value."""
    if isinstance(settings, dict) or isinstance(settings, str) \
            or not hasattr(settings, "__len__") or not len(settings):
        raise ValueError(f"{name} must be a non-empty list of spin settings (dicts with "
                         f"keys among {', '.join(SPIN_KEYS)}) (got {settings!r})")
    checked = []
    for j, s in enumerate(settings):
        if not isinstance(s, dict):
            raise ValueError(f"{name}[{j}] must be a dict of spin terms (got {s!r})")
        unknown = sorted(set(s) - set(SPIN_KEYS))
        if unknown:
            raise ValueError(f"{name}[{j}] has unknown keys {unknown} (known: "
                             f"{', '.join(SPIN_KEYS)})")
        try:
            checked.append(spin_setting(**s))
        except ValueError as exc:
            raise ValueError(f"{name}[{j}]: {exc}") from None
    return checked


def zeeman_vector(value):
    """The Zeeman vector as a list of three finite floats."""
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"zeeman must be three numbers (x, y, z) (got {value!r})") from None
    if arr.shape != (3,):
        raise ValueError(f"zeeman must be three numbers (x, y, z) (got {value!r})")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"zeeman must be finite (got {arr.tolist()})")
    return [float(v) for v in arr]


def is_spinless(setting):
    """True if the setting has no spin term at all."""
    return (setting["rashba"] == 0 and setting["dresselhaus"] == 0
            and setting["dresselhaus3"] == 0 and setting["tau_so"] is None
            and setting["tau_sf"] is None
            and (setting["zeeman"] is None or not any(setting["zeeman"])))


def _mean_cos(eta, g, law, dim=2):
    """<cos(eta |c x c'|)> over the scattering law: J_0(eta) for isotropic
    2D scattering; in 3D the average over the polar scattering angle."""
    if g == 0.0 and law == 0 and dim == 2:
        return j0(eta)
    from scipy import integrate

    from .._kernels.scatter import phase_function
    if dim == 3:
        return integrate.quad(lambda mu: 2.0 * np.pi * phase_function(3, g, law, mu)
                              * np.cos(eta * np.sqrt(max(0.0, 1.0 - mu * mu))),
                              -1.0, 1.0, limit=200)[0]
    return integrate.quad(lambda x: 2.0 * phase_function(2, g, law, np.cos(x))
                          * np.cos(eta * np.sin(x)), 0.0, np.pi, limit=200)[0]


def ey_strength(tau_so, g=0.0, law=0, dim=2):
    """eta of the Elliott-Yafet model with spin relaxation time tau_so:
    (2/3) (1 - <cos(eta sin dphi)>) = 1 / tau_so (0 for None), the average
    over the scattering angle dphi of the 2D law (mean cosine ``g``, law
    code ``law`` of :mod:`pathsim._kernels.scatter`): J_0(eta) for
    isotropic scattering.  In 3D (``dim`` 3, the general walk's rotation
    vector eta c x c') the average is that of cos(eta |c x c'|) over the 3D
    law, the same relation (2/3) (1 - <cos>) = 1 / tau_so (the rotation
    axis is isotropic).  Above the largest rate the law allows (eta at the
    first minimum of the average) it raises ValueError."""
    if tau_so is None:
        return 0.0
    target = 1.5 / tau_so
    eta_max = _J0_MIN
    if not (g == 0.0 and law == 0 and dim == 2):
        from scipy.optimize import minimize_scalar
        eta_max = minimize_scalar(lambda e: _mean_cos(e, g, law, dim), bounds=(0.5, 12.0),
                                  method="bounded").x
    lowest = 1.0 - _mean_cos(eta_max, g, law, dim)
    if target > lowest + 1e-12:
        raise ValueError(f"tau_so must be >= {1.5 / lowest:.4g} "
                         f"for this scattering law (got {tau_so})")
    if target >= lowest:
        return eta_max
    return brentq(lambda eta: 1.0 - _mean_cos(eta, g, law, dim) - target, 0.0, eta_max,
                  xtol=1e-15)


def exchange_angle(tau_sf):
    """gamma of the magnetic-impurity model: (2/3) (1 - cos gamma) = 1 / tau_sf."""
    if tau_sf is None:
        return 0.0
    return math.acos(max(-1.0, 1.0 - 1.5 / tau_sf))


def spin_table(settings, g=0.0, law=0, dim=2):
    """The kernels' spin table, shape (n_set, 8) (:mod:`pathsim._kernels.spin`),
    for the scattering law (``g``, ``law``) and dimension the walk uses."""
    table = np.zeros((len(settings), 8))
    for j, s in enumerate(settings):
        table[j, :5] = (s["rashba"], s["dresselhaus"], s["dresselhaus3"],
                        ey_strength(s["tau_so"], g, law, dim), exchange_angle(s["tau_sf"]))
        if s["zeeman"] is not None:
            table[j, 5:] = s["zeeman"]
    return table


def describe(setting):
    """A short label of a setting, e.g. ``"rashba 0.1, tau_so 20"``."""
    parts = [f"{k} {setting[k]:g}" for k in SPIN_KEYS[:5] if setting[k]]
    if setting["zeeman"] is not None and any(setting["zeeman"]):
        parts.append("zeeman (" + ", ".join(f"{v:g}" for v in setting["zeeman"]) + ")")
    return ", ".join(parts) or "no spin terms"
