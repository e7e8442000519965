"""Helpers shared by the theory modules (private).

Engine units throughout: mean free path ``l = 1``, Fermi speed ``v = 1``,
elastic time ``tau = 1``; fields ``b = B / B_tr``; conductivities in
``G0 = e^2 / (pi h)``.
"""
import numpy as np
from scipy import special

TERMS = ("total", "backscattering", "nonbackscattering")

#: Diffusion constant of the isotropic 3D Poisson walk, ``1/3`` (``l^2 / tau``).
D_3D = 1.0 / 3.0


def as_result(arr):
    """A float for 0-d results, the array otherwise."""
    arr = np.asarray(arr, dtype=float)
    return float(arr) if arr.ndim == 0 else arr


def outer_pair(b, tau_phi):
    """Broadcast b against tau_phi, as an outer product (tau_phi first) if both are arrays."""
    if b.ndim and tau_phi.ndim:
        tau_phi = tau_phi.reshape(tau_phi.shape + (1,) * b.ndim)
    return np.broadcast_arrays(b, tau_phi)


def hln_of_ratio(x):
    """``psi(1/2 + 1/x) + ln(x)`` for ``x = B / B_phi >= 0``."""
    small = x < 0.1
    # Asymptotic series of psi(1/2 + y) - ln(y) (Bernoulli numbers B_2k(1/2));
    # at x < 0.1 its truncation error is below 1e-10 relative, while the
    # direct form loses digits to cancellation as x -> 0.
    s = x * x
    series = s * (1 / 24 - s * (7 / 960 - s * (31 / 8064 - s * (127 / 30720 - s * 511 / 67584))))
    xl = np.where(small, 1.0, x)
    return np.where(small, series, special.digamma(0.5 + 1.0 / xl) + np.log(xl))


def terms_dict(sigma_a, sigma_b):
    """The three terms of a loop sum by name (see :data:`TERMS`)."""
    return {"total": sigma_a + sigma_b, "backscattering": sigma_a,
            "nonbackscattering": sigma_b}
