"""The zero-bias anomaly: the interaction correction to the density of
states in 2D and 3D, and the tunnelling conductance that measures it.

Energies enter as ``eps = |E| tau / hbar`` (E from the Fermi level, tau the
elastic time), temperatures as ``t = k_B T tau / hbar``, conductivities in
``G0 = e^2 / (pi h)`` per ``l^(d-2)`` (``s = sigma / G0``; the sheet value in
2D).  With the Drude conductivity ``sigma = e^2 nu D`` (``nu`` the density of
states of both spins) one has ``1 / (8 pi^2 hbar nu D) = 1 / (4 s)`` in 2D,
which turns the published forms into these.  Weak localization does not
change the density of states; this correction is the interaction's own
signature (PHYSICS.md section 10).
"""
import numpy as np
from scipy import integrate

from pathsim._validate import check_array, check_real
from pathsim.theory._common import as_result as _result

__all__ = ["dos_2d", "dos_3d", "tunnelling_conductance", "ETA_HALF", "LOG_MEAN"]

#: Dirichlet eta(1/2) = (1 - sqrt 2) zeta(1/2): the thermal average
#: <|x|^(1/2)> over -f'(x) is sqrt(pi) eta(1/2).
ETA_HALF = (1.0 - np.sqrt(2.0)) * -1.4603545088095868
#: <ln|x|> over -f'(x) (x = E / k_B T): ln(pi / 2) - Euler's gamma.
LOG_MEAN = np.log(np.pi / 2.0) - np.euler_gamma


def dos_2d(eps, s, screening=10.0):
    """2D relative correction ``delta_nu(E) / nu`` with the Coulomb interaction.

    ``-(1 / 4 s) ln(1 / eps) ln(K / eps)``, ``K = (D kappa^2 tau)^2``
    (kappa the 2D screening wave vector): ``-(1 / 8 pi^2 hbar nu D)`` times the
    two logarithms, i.e. ``-(1 / 4 pi g)`` with ``g = 2 pi hbar nu D``
    (Altshuler, Aronov & Lee, Phys. Rev. Lett. 44, 1288 (1980); Lee &
    Ramakrishnan, Rev. Mod. Phys. 57, 287 (1985), section III), with ``nu``
    the density of states of both spins: the exchange self-energy
    ``delta_nu / nu = -(1/pi) Im int_|E| dw sum_q V(q, w) / (D q^2 - i w)^2``
    with the dynamically screened Coulomb interaction gives exactly this
    (the inner logarithm from ``w / D kappa < q < sqrt(w / D)``).  The
    ln-squared anomaly; valid for ``eps < 1`` and ``|delta_nu| << nu``.

    Parameters
    ----------
    eps : float or array_like
        |E| tau / hbar, 0 < eps <= 1.
    s : float
        Sheet conductance sigma_D / G0 (> 0).
    screening : float
        D kappa^2 tau (>= 1), the ratio of the screening to the elastic energy.
    """
    eps = check_array("eps", eps, 0.0, strict=True)
    s = check_real("s", s, lower=0.0, lower_open=True)
    k = check_real("screening", screening, lower=1.0) ** 2
    return _result(_dos_2d(eps, s, k))


def _dos_2d(eps, s, k):
    return -np.log(1.0 / eps) * np.log(k / eps) / (4.0 * s)


def _dos_3d(eps, s, F, D):
    return (4.0 / 3.0 - 1.5 * F) * np.sqrt(eps / D) / (2.0 * np.sqrt(2.0) * s)


def dos_3d(eps, s, F=0.0, D=1.0 / 3.0):
    """3D correction ``delta_nu(E) - delta_nu(0)`` relative to ``nu``.

    ``(4/3 - 3F/2) sqrt(eps / D) / (2 sqrt 2 s)`` with ``s = sigma / G0`` in
    1/l and D in l^2/tau: the square-root cusp of Altshuler & Aronov, Solid
    State Commun. 30, 115 (1979) and Lee & Ramakrishnan section III,
    ``delta_nu = (4/3 - 3F/2) sqrt|E| / (4 sqrt 2 pi^2 (hbar D)^(3/2))``.
    (The exchange self-energy of :func:`dos_2d`, evaluated in 3D, gives 2
    where this has 4/3: the same factor 3/2 as for the conductivity, see
    :mod:`pathsim.theory.interactions`; the published form is used.)
    """
    eps = check_array("eps", eps, 0.0)
    s = check_real("s", s, lower=0.0, lower_open=True)
    F = check_real("F", F, lower=0.0)
    D = check_real("D", D, lower=0.0, lower_open=True)
    return _result(_dos_3d(eps, s, F, D))


def _thermal_weight(x):
    """-df/dE in units of k_B T: 1 / (4 cosh^2(x / 2))."""
    return 0.25 / np.cosh(0.5 * x) ** 2


def tunnelling_conductance(eps_v, t, dos, **dos_args):
    """Tunnelling conductance ``G(V, T) / G_N - 1`` of a junction to a normal
    electrode with a flat density of states.

    ``int dE delta_nu(E) / nu (-df/dE)(E - eV)``: the density-of-states
    correction seen through the Fermi window (Altshuler & Aronov 1985,
    section 5).  At ``t = 0`` it is ``dos(eps_v)``.

    Parameters
    ----------
    eps_v : float or array_like
        e V tau / hbar (any sign).
    t : float
        k_B T tau / hbar (>= 0).
    dos : callable
        :func:`dos_2d` or :func:`dos_3d`.
    **dos_args
        Their other arguments (``s``, ``screening`` or ``F``, ``D``).

    Returns
    -------
    float or ndarray
        G / G_N - 1.
    """
    eps_v = check_array("eps_v", eps_v)
    t = check_real("t", t, lower=0.0)
    flat = np.ravel(eps_v)
    if t == 0.0:
        return _result(np.reshape(dos(np.abs(flat), **dos_args), eps_v.shape))
    dos(1.0, **dos_args)                     # validates the arguments once
    if dos is dos_2d:
        args = dict(s=float(dos_args["s"]), k=float(dos_args.get("screening", 10.0)) ** 2)
        raw = _dos_2d
    elif dos is dos_3d:
        args = dict(s=float(dos_args["s"]), F=float(dos_args.get("F", 0.0)),
                    D=float(dos_args.get("D", 1.0 / 3.0)))
        raw = _dos_3d
    else:
        raw, args = dos, dos_args

    def one(ev):
        def f(x):
            e = abs(ev + t * x)
            return raw(e, **args) * _thermal_weight(x) if e > 0 else 0.0
        kink = -ev / t
        edges = sorted({-60.0, 60.0, min(max(kink, -60.0), 60.0)})
        return sum(integrate.quad(f, a, b, limit=100, epsabs=1e-12, epsrel=1e-8)[0]
                   for a, b in zip(edges[:-1], edges[1:]))

    return _result(np.reshape([one(ev) for ev in flat], eps_v.shape))
