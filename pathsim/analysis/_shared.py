"""Formulas the analysis modules share, each written once: the physical
constants (from :mod:`scipy.constants`, through :mod:`pathsim.units`),
tau_phi(T) = tau_phi1 T^-p, the delete-one jackknife and a run's
zero-field-subtracted block sums."""
import math

import numpy as np
from scipy import constants

from .. import units

HBAR, E, KB = units.HBAR, units.E, constants.k
MU_B = constants.physical_constants["Bohr magneton"][0]
#: e^2 / (pi h) in siemens: pathsim's conductance unit ("e2pih")
E2PIH = units.G0
#: e^2 / h in siemens
E2H = constants.e ** 2 / constants.h


def tau_phi_power_law(T_K, tau_phi1, p):
    """tau_phi(T) = tau_phi1 (T / 1 K)^(-p), in the unit of ``tau_phi1``
    (:ref:`theory-temperature`)."""
    return tau_phi1 * np.asarray(T_K, dtype=float) ** (-p)


def jackknife_cov(replicas):
    """Delete-one jackknife covariance (Efron 1982) of the replicas, shape
    (k, n) -> (n, n): k estimates, each with one block left out."""
    reps = np.asarray(replicas, dtype=float)
    k = reps.shape[0]
    dev = reps - reps.mean(axis=0)
    flat = dev.reshape(k, -1)
    return (k - 1) / k * flat.T @ flat


def jackknife_err(replicas):
    """Delete-one jackknife standard errors of each component of the
    replicas (k, ...) -> (...)."""
    reps = np.asarray(replicas, dtype=float)
    k = reps.shape[0]
    return np.sqrt((k - 1) / k * ((reps - reps.mean(axis=0)) ** 2).sum(axis=0))


def zero_subtracted_block_sums(result, b, tau_phi, term="total"):
    """Per-block sums of delta_sigma(b, tau_phi) - delta_sigma(0, tau_phi)
    (G0 times walkers) of a run, shape (K, n_tau, n_b), and the zero-field
    sums (K, n_tau)."""
    b = np.asarray(b, dtype=float).ravel()
    tau_phi = np.atleast_1d(np.asarray(tau_phi, dtype=float))
    sums = result.loop_block_sums(np.concatenate(([0.0], b)), tau_phi, term)
    return sums[..., 1:] - sums[..., :1], sums[..., 0]


def finite_or_none(value):
    """A float for JSON: None for NaN and infinities (strict JSON has none)."""
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def json_safe(obj):
    """``obj`` with every non-finite float replaced by None, numpy scalars
    and arrays by Python numbers and lists."""
    if isinstance(obj, dict):
        return {str(k): json_safe(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [json_safe(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return json_safe(obj.tolist())
    if isinstance(obj, (bool, np.bool_)):
        return bool(obj)
    if isinstance(obj, (int, np.integer)):
        return int(obj)
    if isinstance(obj, (float, np.floating)):
        return finite_or_none(obj)
    return obj
