"""Scattering draws and their densities (jitted, inlined into the walks).

A scattering law has three parts here, which must agree: a code (the
``law`` of :class:`~pathsim._kernels.state.MediumArgs`), a draw of the new
direction (:func:`scatter`) and the density of that draw
(:func:`phase_function`, the angular factor of the next-event weight).
The table that names the laws for users is :mod:`pathsim.model.scattering`;
a new law gets a code there and a branch in both functions here.

* Henyey-Greenstein with mean cosine g: wrapped Cauchy on the circle, the
  usual HG law on the sphere, forward with probability (1 + g) / 2 on the
  line; g = 0 is isotropic scattering (:func:`isotropic`).
* The specular hard disk (2D, mean cosine -1/3): reflection at a uniformly
  random impact parameter, density |sin(theta / 2)| / 4.

:func:`lambert` is the diffuse re-emission from a wall (Lambert's cosine
law), the density of which the general walk's next-event score uses.
"""
import math

from .jit import inline_jit
from .rng import direction_2d, uniform
from .tally import SPHERE, TWO_PI

# Scattering-law codes (``law``): the order of pathsim.model.scattering.LAWS.
HENYEY_GREENSTEIN = 0
HARD_DISK = 1


@inline_jit
def isotropic(state, dim):
    """Uniform direction on the line, circle or sphere."""
    if dim == 1:
        return (1.0 if uniform(state) < 0.5 else -1.0), 0.0, 0.0
    if dim == 2:
        cx, cy = direction_2d(state)
        return cx, cy, 0.0
    # Archimedes: z uniform on [-1, 1], azimuth uniform (no trigonometry)
    mu = 2.0 * uniform(state) - 1.0
    ax, ay = direction_2d(state)
    st = math.sqrt(max(0.0, 1.0 - mu * mu))
    return st * ax, st * ay, mu


@inline_jit
def scatter(state, dim, g, law, cx, cy, cz):
    """New direction after a scattering of incoming direction c: the HG law
    (``law`` 0) or specular reflection on a hard disk hit at a uniformly
    random impact parameter (``law`` 1, 2D)."""
    if law == HARD_DISK:
        # impact parameter u = sin(alpha) uniform: deflection pi - 2 alpha
        u = 2.0 * uniform(state) - 1.0
        ct = 2.0 * u * u - 1.0  # cos(pi - 2 alpha)
        st = 2.0 * u * math.sqrt(max(0.0, 1.0 - u * u))  # sin(pi - 2 alpha)
        return ct * cx - st * cy, st * cx + ct * cy, 0.0
    if g == 0.0:
        return isotropic(state, dim)
    if dim == 1:
        keep = uniform(state) < 0.5 * (1.0 + g)
        return (cx if keep else -cx), 0.0, 0.0
    if dim == 2:
        # wrapped Cauchy = circular Henyey-Greenstein
        theta = 2.0 * math.atan((1.0 - g) / (1.0 + g)
                                * math.tan(math.pi * (uniform(state) - 0.5)))
        ct = math.cos(theta)
        st = math.sin(theta)
        return ct * cx - st * cy, st * cx + ct * cy, 0.0
    frac = (1.0 - g * g) / (1.0 - g + 2.0 * g * uniform(state))
    mu = min(1.0, max(-1.0, (1.0 + g * g - frac * frac) / (2.0 * g)))
    phi = TWO_PI * uniform(state)
    st = math.sqrt(max(0.0, 1.0 - mu * mu))
    cp = math.cos(phi)
    sp = math.sin(phi)
    if abs(cz) > 0.99999:
        return st * cp, st * sp, math.copysign(mu, cz)
    tmp = math.sqrt(1.0 - cz * cz)
    return (st * (cx * cz * cp - cy * sp) / tmp + cx * mu,
            st * (cy * cz * cp + cx * sp) / tmp + cy * mu,
            -st * cp * tmp + cz * mu)


@inline_jit
def phase_function(dim, g, law, mu):
    """Density of the new direction at cosine mu to the old one (per unit
    solid angle, per radian in 2D, per direction in 1D)."""
    if law == HARD_DISK:
        # |sin(theta / 2)| / 4 on (-pi, pi]: mean cosine -1/3
        return 0.25 * math.sqrt(max(0.0, 0.5 * (1.0 - mu)))
    if g == 0.0:
        return 1.0 / SPHERE[dim]
    if dim == 1:
        return 0.5 * (1.0 + g) if mu > 0.0 else 0.5 * (1.0 - g)
    q = 1.0 + g * g - 2.0 * g * mu
    if dim == 2:
        return (1.0 - g * g) / (TWO_PI * q)
    return (1.0 - g * g) / (4.0 * math.pi * q * math.sqrt(q))


@inline_jit
def lambert(state, dim, axis, sign):
    """Diffuse re-emission from the wall normal to ``axis`` (1 = y, 2 = z);
    ``sign`` is the direction of the inward normal.  The density is
    (e . n) / pi in 3D, (e . n) / 2 in 2D."""
    if dim == 2:
        t = 2.0 * uniform(state) - 1.0
        return t, sign * math.sqrt(max(0.0, 1.0 - t * t)), 0.0
    cn = math.sqrt(uniform(state))
    sn = math.sqrt(max(0.0, 1.0 - cn * cn))
    phi = TWO_PI * uniform(state)
    a = sn * math.cos(phi)
    b = sn * math.sin(phi)
    if axis == 2:
        return a, b, sign * cn
    return a, sign * cn, b
