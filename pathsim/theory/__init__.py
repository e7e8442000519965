"""Analytic results the simulations are checked against, by physics: the
classical walk (:mod:`.classical`), diffusive laws (:mod:`.diffusive`), the
exact 2D theory (:mod:`.exact_2d`; with Rashba or Dresselhaus spin-orbit
coupling :mod:`.exact_spin`), exact loop sums in 1D and 3D
(:mod:`.loop_sums`), confined geometries (:mod:`.confined`, films of any
thickness in :mod:`.films`) and open wires between leads (:mod:`.open_wire`);
the Altshuler-Aronov interaction corrections and the Zeeman function g2
(:mod:`.interactions`) and the zero-bias anomaly of the tunnelling density of
states (:mod:`.tunnelling`), by module name.

Engine units throughout: mean free path ``l = 1``, Fermi speed ``v = 1``,
elastic time ``tau = 1``; fields ``b = B / B_tr`` with
``B_tr = hbar / (2 e l^2)``; conductivity corrections in ``G0 = e^2 / (pi h)``
per ``l^(d-2)``. Every function accepts scalars or arrays and returns a float
when all inputs are scalars; functions of ``(b, tau_phi)`` broadcast as an
outer product when both are arrays (``tau_phi`` on the first axes). Invalid
input raises ``ValueError`` naming the parameter and the accepted range.
"""
from ._common import D_3D, TERMS
from .classical import (diffusion_constant, levy_area_density, levy_cos,
                        loop_return_density_2d, mean_square_displacement,
                        return_density)
from .confined import (FLUX_CANCELLATION_STRONG, FLUX_CANCELLATION_WEAK,
                       film_parallel, strip_diffusive, tau_b_ballistic_wire, tau_b_film,
                       tau_b_wire, wire_magnetoconductance)
from .diffusive import b_phi, hln, hln_d, ln_law_2d, wl_1d, wl_3d
from .exact_2d import N_CUT, exact_2d
from .exact_spin import ballistic_wal
from .films import film_diffusive
from .loop_sums import flight_transforms, loop_sum_1d, loop_sum_3d_difference
from . import interactions, tunnelling
from .open_wire import (MILNE, open_return_integral, open_transmission,
                        open_wire_correction, strip_magnetoconductance)

__all__ = [
    "diffusion_constant", "return_density", "loop_return_density_2d",
    "mean_square_displacement", "levy_cos", "levy_area_density",
    "b_phi", "hln", "hln_d", "ln_law_2d", "wl_1d", "wl_3d", "exact_2d", "ballistic_wal",
    "flight_transforms", "loop_sum_1d", "loop_sum_3d_difference",
    "tau_b_film", "film_parallel", "film_diffusive", "tau_b_wire",
    "wire_magnetoconductance", "strip_diffusive", "tau_b_ballistic_wire",
    "FLUX_CANCELLATION_WEAK", "FLUX_CANCELLATION_STRONG", "N_CUT", "D_3D", "TERMS",
    "interactions", "tunnelling",
    "MILNE", "open_transmission", "open_return_integral", "open_wire_correction",
    "strip_magnetoconductance",
]
