"""pathsim: Monte Carlo path interference for weak localization.

Classical random walkers trace paths through an impurity-averaged medium; the
closed loops they make, paired with their time-reversed twins, give the
coherent-backscattering enhancement, the weak-localization correction to the
conductivity and its suppression by a magnetic field.

Units: mean free path l = 1, Fermi speed v = 1, elastic time tau = 1; fields
b = B / B_tr with B_tr = hbar / (2 e l^2); conductivities in
e^2 / (pi h) ("e2pih").  See ``simulate`` and ``SimulationResult``.
"""
from . import _startup  # noqa: E402
_startup.quiet_interrupt()   # the command line: Ctrl-C while importing exits quietly
from ._version import __version__  # noqa: E402

from . import theory  # noqa: E402
from .run import simulate, simulate_spin  # noqa: E402
from .results import SimulationResult, load  # noqa: E402
from . import units  # noqa: E402
from .analysis import fit_hln, fit_wal  # noqa: E402
from .studies import load_study  # noqa: E402
from .explorer import explore  # noqa: E402  (imports Bokeh only when called)

__all__ = ["simulate", "simulate_spin", "load", "SimulationResult", "theory", "units",
           "fit_hln", "fit_wal", "load_study", "explore", "__version__"]
