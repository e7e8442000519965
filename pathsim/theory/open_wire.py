"""Open wires between absorbing leads (PHYSICS.md section 12): the classical
transmission and the weak-localization correction to the conductance in
the diffusion picture, with the leads' extrapolation length.

Lengths in l, conductances in e^2/h per spin.  A walk between absorbing
ends at x = 0 and x = L diffuses as if the ends were at -z_e and L + z_e
(the Milne extrapolation length: exactly l in 1D, 0.7104 l in 3D for
isotropic scattering, Case & Zweifel, *Linear Transport Theory* (1967)), so
the sample behaves as a diffusive wire of length L_eff = L + 2 z_e.
"""
import numpy as np

from .._validate import check_array
from ._common import as_result

#: Milne extrapolation lengths (l) of isotropic scattering: exact in 1D (the
#: two-stream rod) and 3D (Case & Zweifel); the 2D value is measured, not
#: listed.
MILNE = {1: 1.0, 3: 0.7104}
#: Drude conductance per channel times L / l_tr, c_d = S_d / (d V_(d-1))
DRUDE_PER_CHANNEL = {1: 2.0, 2: np.pi / 2.0, 3: 4.0 / 3.0}


def open_transmission(dim, length, extrapolation):
    """Diffusive transmission per channel, T = c_d / (L + 2 z_e) (units of
    l_tr = 1): G = (e^2/h) N T, the Drude resistance L / (c_d N) plus the
    contact resistance 2 z_e / (c_d N) of the two leads (Sharvin's 1 / N
    for z_e = c_d / 2, the diffusion-theory value)."""
    if dim not in DRUDE_PER_CHANNEL:
        raise ValueError(f"dim must be 1, 2 or 3 (got {dim!r})")
    length = check_array("length", length, 0.0, strict=True)
    z = check_array("extrapolation", extrapolation, 0.0)
    return as_result(DRUDE_PER_CHANNEL[dim] / (length + 2.0 * z))


def open_return_integral(x, length, extrapolation=0.0, D=1.0):
    """Int dt P(x, t | x) of diffusion between absorbing ends extrapolated to
    -z_e and L + z_e: (x + z_e) (L + z_e - x) / (L_eff D) (units tau / l,
    per unit length).  ``x`` must lie in the sample, 0 <= x <= L."""
    length = check_array("length", length, 0.0, strict=True)
    x = check_array("x", x, 0.0)
    if np.any(x > length):
        raise ValueError(f"x must lie in the sample, 0 <= x <= length = {length} "
                         f"(got {x})")
    z = check_array("extrapolation", extrapolation, 0.0)
    D = check_array("D", D, 0.0, strict=True)
    return as_result((x + z) * (length + z - x) / ((length + 2.0 * z) * D))


def open_wire_correction(length, extrapolation=0.0, constant=0.0):
    """Weak-localization correction of a wire between two leads, e^2/h per spin,
    tau_phi = inf, zero field.

    With delta_G = (1 / L_eff^2) Int_0^L dx delta_sigma_1D(x) (G0 units
    per spin, e^2 / (2 pi h); :mod:`pathsim.results.open_sample`) and the
    local correction delta_sigma_1D(x) / G0 = -4 pi D
    :func:`open_return_integral` + C, where C is the short-loop constant of
    the infinite wire (delta_sigma_1D / G0 = -2 pi L_phi + C;
    :func:`pathsim.theory.loop_sum_1d` gives C = 4 pi in 1D):

        delta_G = -1/3 + 2 a^2 - (4/3) a^3 + C L / (2 pi L_eff^2),
        a = z_e / L_eff,  L_eff = L + 2 z_e.

    L -> inf gives the universal -1/3 (PHYSICS.md section 12), approached
    as C / (2 pi L).
    """
    length = check_array("length", length, 0.0, strict=True)
    z = check_array("extrapolation", extrapolation, 0.0)
    constant = check_array("constant", constant)
    l_eff = length + 2.0 * z
    a = z / l_eff
    return as_result(-1.0 / 3.0 + 2.0 * a * a - 4.0 / 3.0 * a ** 3
                     + constant * length / (2.0 * np.pi * l_eff ** 2))
