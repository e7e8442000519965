"""Spin relaxation in 3D, films and narrow wires (D'yakonov-Perel).

* :func:`dp_rates_3d`: the exact asymptotic relaxation rates of a single
  spin in the 3D walk (isotropic scattering, Poisson flights) with a linear
  spin-orbit field acting on the in-plane momentum, Omega = theta (c_y,
  -c_x, 0) (Rashba, or linear Dresselhaus), the convention of
  :mod:`pathsim._kernels.walk_spin_nd`.  A film with specular walls has the
  same rates (a reflection on z does not change (c_x, c_y)).
* :func:`wire_dp_rate`: the slow D'yakonov-Perel rate of a narrow diffusive
  2D wire, (1 / 12) (W / L_so)^2 / tau_so (Kettemann, PRL 98, 176808
  (2007); Kiselev & Kim, PRB 61, 13115 (2000)), and
  :func:`wire_dp_rate_diffusive`, the lowest rate of the spin diffusion
  equation across the wire for any W / L_so (the transverse modes that
  the leading-order formula drops; cf. Wenk & Kettemann, PRB 81, 125309
  (2010)).

Units: l = v = tau = 1; theta in radians per l.
"""
import numpy as np
from scipy import integrate, optimize
from scipy.linalg import eig_banded

from .._validate import check_real


def _renewal(p, theta, axis):
    """F(p) of the renewal equation of <R_aa>: the mean over a flight's
    polar angle (mu = cos, uniform) of the Laplace transform of
    e^{-t} times the azimuthal mean of R_aa(t); poles at F(p) = 1."""
    a = 1.0 + p

    def lorentz(mu):
        w2 = theta * theta * (1.0 - mu * mu)
        return a / (a * a + w2)

    mean = 0.5 * integrate.quad(lorentz, -1.0, 1.0, epsabs=1e-14, epsrel=1e-13)[0]
    # out of plane: cos(w t); in plane: (1 + cos(w t)) / 2 (axis in the plane)
    return mean if axis == 2 else 0.5 * (1.0 / a + mean)


def dp_rates_3d(theta):
    """Asymptotic rates (in plane, out of plane) of <R_aa(t)> in the 3D walk.

    A flight along c (isotropic) turns the spin about the in-plane axis
    (c_y, -c_x) / sin(vartheta) by theta sin(vartheta) t; the flights are
    independent, so the azimuthal mean of each turn is diagonal and
    <R_aa(t)> obeys a renewal equation whose slowest pole is the rate.
    For theta << 1 the rates are theta^2 / 3 (in plane) and 2 theta^2 / 3
    (out of plane) per tau: tau <Omega^2 - Omega_a^2> with <c_x^2> = 1/3.

    Parameters
    ----------
    theta : float
        Precession angle per l (0 <= theta <= 0.5).

    Returns
    -------
    (float, float)
        Rates in 1 / tau.
    """
    theta = check_real("theta", theta, lower=0.0, upper=0.5)
    if theta == 0.0:
        return 0.0, 0.0
    out = []
    for axis in (0, 2):
        # the slowest decay: the root p in (-1, 0) of F(p) = 1 nearest 0
        # (F < 1 at p = 0; F > 1 at p = -min(0.75, 3 theta^2), before F falls)
        lower = -min(0.75, 3.0 * theta * theta)
        p = optimize.brentq(lambda q: _renewal(q, theta, axis) - 1.0, lower, 0.0,
                            xtol=1e-16)
        out.append(-p)
    return out[0], out[1]


def wire_dp_rate(theta, width, diffusion=0.5):
    """Slow spin relaxation rate of a narrow diffusive 2D wire (l << W << L_so).

    A wire along x with Rashba precession Omega = theta (c_y, -c_x):
    motion along x turns the spin about y only, so S_y is conserved to
    first order, and the bounded motion across the wire relaxes it at

        1 / tau_s = (1 / 12) (W / L_so)^2 / tau_so,

    with 1 / tau_so = D theta^2 the bulk in-plane D'yakonov-Perel rate and
    L_so = sqrt(D tau_so) = 1 / theta (Kettemann, PRL 98, 176808 (2007);
    Kiselev & Kim, PRB 61, 13115 (2000)).  Derivation: in the frame turning
    with theta x about y the remaining field is theta c_y times a unit
    vector normal to y; integrating by parts in y, its non-vanishing part is
    theta^2 (y - <y>) c_x, a DP field of mean square theta^4 W^2 / 12
    (y uniform across the wire) driven by the x-motion, which relaxes S_y at
    theta^4 W^2 D / 12.

    Parameters
    ----------
    theta : float
        Precession angle per l (>= 0).
    width : float
        Wire width W (l).
    diffusion : float
        D along the wire (l^2 / tau; 1/2 for isotropic 2D scattering).

    Returns
    -------
    float
        The rate of S_y (1 / tau).
    """
    theta = check_real("theta", theta, lower=0.0)
    width = check_real("width", width, lower=0.0, lower_open=True)
    diffusion = check_real("diffusion", diffusion, lower=0.0, lower_open=True)
    return diffusion * theta ** 2 * (theta * width) ** 2 / 12.0


def dp_rate_2d_in_plane(theta, diffusion=0.5):
    """Bulk in-plane D'yakonov-Perel rate D theta^2 of the 2D walk (the
    wire rate's wide limit; theta^2 / 2 for isotropic scattering)."""
    theta = check_real("theta", theta, lower=0.0)
    return float(diffusion * theta * theta)



def wire_dp_rate_diffusive(theta, width, diffusion=0.5, points=400):
    """Lowest relaxation rate of a spin density uniform along a diffusive
    2D wire with Rashba coupling and spin-conserving (reflecting) walls.

    Spin diffusion with the SU(2) gauge field of the Rashba term,
    dS/dt = D (d_x - theta y_hat x)^2 S + D (d_y + theta x_hat x)^2 S,
    with the spin current across the walls zero.  For S uniform along x,
    S = R_x(-theta (y - W/2)) S' turns the walls into Neumann conditions
    for S', and the (S'_y, S'_z) block obeys
    Gamma S' = D [-S''_yy + theta^2 (S' - (S'.n) n)], n(y) = (0,
    cos theta (y - W/2), sin theta (y - W/2)) (S'_x decays at D theta^2).
    Its lowest eigenvalue (cell-centred finite differences, ``points``
    cells; converged to 1e-5 relative at 400 for W / L_so = 0.3 .. 6, while
    many more cells lose digits to round-off against the 1 / h^2 terms) is D theta^4 W^2 / 12 (:func:`wire_dp_rate`) for theta W << 1,
    with relative corrections of order (theta W)^2.  Diffusive only
    (l << W, theta l << 1).  Units 1 / tau.
    """
    theta = check_real("theta", theta, lower=0.0)
    width = check_real("width", width, lower=0.0, lower_open=True)
    n = int(points)
    h = width / n
    y = (np.arange(n) + 0.5) * h - 0.5 * width
    c = np.cos(theta * y)
    s = np.sin(theta * y)
    t2 = theta * theta
    # interleaved (S'_y, S'_z) per cell: a symmetric band matrix, lower form
    lap_diag = np.full(n, 2.0 / (h * h))
    lap_diag[[0, -1]] = 1.0 / (h * h)   # Neumann walls
    band = np.zeros((3, 2 * n))
    band[0, 0::2] = lap_diag + t2 * s * s
    band[0, 1::2] = lap_diag + t2 * c * c
    band[1, 0::2] = -t2 * c * s          # S'_y(i) - S'_z(i)
    band[2, :2 * n - 2] = -1.0 / (h * h)  # cell i - cell i + 1, same component
    low = eig_banded(band, lower=True, eigvals_only=True, select="i", select_range=(0, 0))
    return float(diffusion * low[0])
