"""The wave picture: the Anderson model solved as a wave equation.

Where the loop sum of the walkers is the first correction in 1 / (k_F l),
this stage computes what lies beyond it from the tight-binding Schroedinger
equation H = sum eps_i |i><i| - sum exp(i theta_ij) |i><j| (t = 1, box
disorder W): localization lengths of quasi-1D bars by transfer matrices,
Landauer conductances and reflection matrices by recursive Green's
functions, and level statistics of closed boxes; from these, one-parameter
scaling, the Anderson transition in 3D and the coherent backscattering
factor two in channel space (:ref:`theory-wave`).  Energies are in units
of t, lengths in lattice spacings, conductances in e^2/h for one spin.
"""
from .levels import level_spacing_ratio, thouless_conductance
from .results import WaveResult, load
from .transfer import localization_length
from .backscattering import backscattering_ratio, channel_backscattering, single_scattering
from .transport import conductance, open_channels, reflection, scattering

__all__ = ["localization_length", "conductance", "reflection", "scattering",
           "open_channels", "backscattering_ratio", "channel_backscattering",
           "single_scattering",
           "level_spacing_ratio", "thouless_conductance", "WaveResult", "load"]
