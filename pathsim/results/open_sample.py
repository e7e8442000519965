"""Open samples between absorbing leads: the classical conductance and the
weak-localization correction to the conductance (:ref:`theory-open`),
plain functions of a run's raw per-block tallies
(:class:`~pathsim.results.SimulationResult` calls them).

Units and the mapping to e^2/h
------------------------------
The loop sum gives delta_sigma in G0 = e^2 / (pi h) per l^(d-2), the unit
of the spin-degenerate 2D law delta_sigma = -G0 ln(tau_phi / tau)
(:ref:`theory-units`).  For one spin direction the unit is G0 / 2 =
e^2 / (2 pi h), i.e. a correction of x G0 is x / (2 pi) e^2/h per spin.

Classical conductance
---------------------
Walkers injected at x = 0 with the flux of a reservoir (uniform across the
section, Lambert's law about +x) are transmitted with probability T, the
transmission per channel of the Landauer conductance G_cl = (e^2/h) N T
(:mod:`pathsim._kernels.leads`).  The Drude conductance of a length L,
sigma_1D / L (sigma_1D = sigma A, sigma = e^2 nu D per spin), is per
channel c_d l_tr / L with c_d = S_d / (d V_(d-1)): 2 (1D), pi/2 (2D),
4/3 (3D), l_tr = d D / v.  So T = c_d l_tr / L_eff defines the sample's
effective length: L_eff = L + 2 z_e, z_e the extrapolation length of the
leads (diffusion theory: 1 / T = 1 + L / (c_d l_tr), Drude plus the Sharvin
contact resistance of the N channels; exact transport (Milne) z_e: l in
1D, 0.7104 l in 3D).

The walkers started inside give the same ratio independently: by time
reversal the occupation of (r, n) in the current-carrying state is the
probability that the walker at (r, -n) leaves through the left lead, so
G_cl / G_Drude = L / L_eff = < v_x(0) (x_exit - x_0) > / D exactly, with
e_1 the first flight's direction (:func:`kubo_ratio`; its variance grows as
L^2, the transmission's as L).

Conductance correction
----------------------
A local correction delta_sigma_1D(x) to a wire whose resistance is
L_eff / sigma_1D changes the conductance by
delta_G = G_cl^2 / sigma_1D^2 Int_0^L dx delta_sigma_1D(x)
= (1 / L_eff^2) Int_0^L dx delta_sigma_1D(x).  For L >> l this is
:ref:`theory-open-wire` (1 / L^2): the universal -1/3 e^2/h per spin; the
exact L_eff of the same walkers keeps the contact resistance (of order l / L)
out of the comparison.  Walkers start uniformly along the sample and across
its section, so Int_0^L dx delta_sigma_1D(x) = L A <delta_sigma>, A the
cross-section (:attr:`~pathsim.results.SimulationResult.cross_section`; 1
for a strictly 1D rod or an unconfined 2D plane, then per l of width):

    delta_G [e^2/h per spin] = (L / L_eff)^2 A <delta_sigma> / (2 pi L).

The loop sum is the correction along x, the current's direction: each
loop carries the current vertices of sigma_xx (:ref:`theory-exact-tensor`).
Limits of this form: it treats the loop sum as a local conductivity in a
uniform field, so loops that start within about l of a lead count like
bulk ones (an O(l / L) approximation; at L = 10 l in 1D the finite-L law
of :func:`pathsim.theory.open_wire_correction` is off by 0.01).  Against
the wave equation on strips of L = 3 to 14 l the low-field
magnetoconductance of the lattice is (0.95 +- 0.04) - (0.64 +- 0.09) / <g>
of the walkers' (:ref:`checks-bridge`): one loop lacks the next order in
1 / g.  ``sigma_1D`` and the loop sum's 4 pi D use the
bulk D: with diffuse walls in a wire narrow enough for boundary scattering
to lower D, both are the bulk values (the transmission itself is exact).
"""
import math

import numpy as np

from pathsim._validate import check_array, check_bool
from pathsim.results import observables as obs
from pathsim.results import stats
from pathsim.theory.open_wire import DRUDE_PER_CHANNEL



def check_open(result):
    """The length of an open sample; ValueError for any other run."""
    length = result.params.get("length")
    if length is None:
        raise ValueError("this run is not an open sample: simulate with length=... "
                         "(absorbing leads at x = 0 and x = length)")
    return float(length)


def check_uniform(result, what):
    """ValueError for a run whose walkers all started at one x (``start_x``)."""
    x0 = result.params.get("start_x")
    if x0 is not None:
        raise ValueError(f"{what} needs walkers started uniformly along the sample; this "
                         f"run started them all at start_x = {x0:g} (use "
                         "local_correction)")


def local_correction(result, b=0.0, tau_phi=None, term="total", direction=0):
    """The local correction delta_sigma(x0) at the start x0 = ``start_x`` of
    an open sample's walkers (all of them started there, uniformly across
    the section), ``(value, stderr)`` of shape (n_tau, n_b), scalar axes
    dropped, in G0 per l^(d-2) (per l^(d-2) times the section for a wire:
    the units of :meth:`~pathsim.results.SimulationResult.delta_sigma`), with
    the leads' absorption in the loops: -4 pi D Int dt P(x0, t | x0)
    exp(-t / tau_phi) <cos b A> and the exact loop weights of
    :ref:`theory-exact-loops`.  For a run with uniform starts it is the mean over the
    sample."""
    check_open(result)
    b, b_scalar = obs.check_fields(b)
    tau_phi, tau_scalar = check_taus(result, tau_phi)
    loops = obs.loop_block_sums(result, b, tau_phi, term, direction)   # (K, n_tau, n_b)
    n = result.walkers.astype(float)
    value = loops.sum(axis=0) / n.sum()
    resid = (loops - value[None] * n[:, None, None]) / n.sum()
    k = n.size
    err = np.sqrt(k / (k - 1.0) * (resid ** 2).sum(axis=0))
    return obs.outer(value, tau_scalar, b_scalar), obs.outer(err, tau_scalar, b_scalar)


def _cross_section(result):
    widths = [w for w in result.params["widths"][1:] if w is not None]
    return float(np.prod(widths)) if widths else 1.0


def _drude_transmission(result):
    """Transmission per channel of the Drude conductance, c_d l_tr / L."""
    d = result.params["dim"]
    return DRUDE_PER_CHANNEL[d] * d * obs.diffusion(result.params) / check_open(result)


def transmission(result):
    """Transmission per channel T = c_d l_tr / L_eff of walkers injected at
    x = 0 (:mod:`pathsim._kernels.leads`), ``(value, stderr)`` (floats):
    G_cl = (e^2/h) N T per spin for N open channels."""
    check_open(result)
    value, err = stats.ratio(result.exits[:, 4], result.exits[:, 3])
    return float(value), float(err)


def conductance_ratio(result):
    """G_cl / G_Drude = L / L_eff from the transmission, ``(value, stderr)``."""
    value, err = transmission(result)
    scale = 1.0 / _drude_transmission(result)
    return value * scale, err * scale


def kubo_ratio(result):
    """G_cl / G_Drude = L / L_eff = <v_x(0) (x_exit - x_0)> / D from the
    walkers started inside, ``(value, stderr)``: the same quantity as
    :func:`conductance_ratio` from other walkers (a check; its variance
    grows as L^2, the transmission's as L)."""
    check_open(result)
    check_uniform(result, "kubo_ratio")
    if result.params["tau_phi_max"] != np.inf:
        raise ValueError("kubo_ratio needs walks that end at a lead: simulate with "
                         "tau_phi_max=inf")
    value, err = obs.per_walker(result, result.exits[:, 0] / obs.diffusion(result.params))
    return float(value), float(err)


def check_taus(result, tau_phi):
    """0 < tau_phi <= tau_phi_max as a 1-D array (inf when the run's
    tau_phi_max is inf, the default), and whether it was a scalar."""
    top = float(result.params["tau_phi_max"])
    if tau_phi is None:
        tau_phi = top
    arr = np.atleast_1d(check_array("tau_phi", tau_phi, 0.0, strict=True, allow_inf=True))
    if arr.ndim != 1 or np.any(arr > top):
        raise ValueError(f"tau_phi must be > 0 and <= tau_phi_max = {top:g} of the run "
                         f"(got {tau_phi!r}; inf needs a run with tau_phi_max=inf)")
    return arr, np.ndim(tau_phi) == 0


def conductance_correction(result, b=0.0, tau_phi=None, term="total", direction=0,
                           zero_field=False):
    """delta_G in e^2/h per spin, ``(value, stderr)`` of shape (n_tau, n_b),
    scalar axes dropped; with ``zero_field`` the magnetoconductance
    delta_G(b) - delta_G(0) with the errors of the difference; see
    :meth:`pathsim.results.SimulationResult.conductance_correction`."""
    length = check_open(result)
    check_uniform(result, "conductance_correction")
    b, b_scalar = obs.check_fields(b)
    tau_phi, tau_scalar = check_taus(result, tau_phi)
    if check_bool("zero_field", zero_field):
        b = np.concatenate((b, [0.0]))
    loops = obs.loop_block_sums(result, b, tau_phi, term, direction)   # (K, n_tau, n_b)
    n = result.walkers.astype(float)
    injected = result.exits[:, 3]
    through = result.exits[:, 4] / _drude_transmission(result)   # L / L_eff sums
    c = _cross_section(result) / (2.0 * math.pi * length)
    s = loops.sum(axis=0) / n.sum()
    r = through.sum() / injected.sum()
    value = c * r * r * s
    # delta-method batch means, linear in both per-walker means
    resid = (c * r * r * (loops - s[None] * n[:, None, None]) / n.sum()
             + (2.0 * c * r * s)[None] * ((through - r * injected) / injected.sum())[:, None, None])
    if zero_field:
        value = value[:, :-1] - value[:, -1:]
        resid = resid[:, :, :-1] - resid[:, :, -1:]
    k = n.size
    err = np.sqrt(k / (k - 1.0) * (resid ** 2).sum(axis=0))
    return obs.outer(value, tau_scalar, b_scalar), obs.outer(err, tau_scalar, b_scalar)
