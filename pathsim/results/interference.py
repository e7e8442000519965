"""Interference factors applied to the loop tally.

A loop of return time T and signed area A contributes, relative to its
classical return probability, the dephasing factor exp(-T / tau_phi) and the
Aharonov-Bohm factor cos(b A) of the time-reversed pair: the twins pick up
phases +/- pi B A / Phi0 each, so their relative phase is 2 e B A / hbar = b A
with b = B / B_tr and A in units of l^2 (:ref:`theory-aharonov-bohm`).

The tally stores loops binned in (T, |A|) (:mod:`pathsim.results.grid`).  These
functions turn it into sums over loops for any grid of fields and tau_phi:

* dephasing is evaluated at each time row's weighted mean return time;
* cos(b A) is evaluated at the bin centres and divided by sinc(b dA / 2),
  the factor by which binning a smooth area distribution damps it; rows
  where b dA / 2 > 1 are dropped: there b T >~ 50, where Levy's factor
  x / sinh(x) (x = b D T) is below 1e-9, and the bins can no longer resolve
  the phase.  Loops in the area overflow column count only at b = 0.
"""
import numpy as np

# Largest b * dA / 2 for which a row is kept (sinc >= 0.84 there).
MAX_HALF_PHASE_STEP = 1.0


def phase_factors(grid, b, direction=0):
    """cos(b A) for every area bin of every time row.

    Parameters
    ----------
    grid : LoopGrid
    b : ndarray, shape (n_b,)
        Fields in units of B_tr.
    direction : int
        Index of the field direction (its area bins).

    Returns
    -------
    cos_bins : ndarray, shape (n_b, n_time, n_area)
    cos_overflow : ndarray, shape (n_b, n_time)
    """
    b = np.asarray(b, dtype=float)
    width = grid.area_width[direction]  # (n_time,)
    centers = (np.arange(grid.area_bins) + 0.5)[None, :] * width[:, None]
    half_step = 0.5 * b[:, None] * width[None, :]  # (n_b, n_time)
    # np.sinc(x) is sin(pi x) / (pi x)
    sinc = np.sinc(half_step / np.pi)
    keep = half_step <= MAX_HALF_PHASE_STEP
    scale = np.where(keep, 1.0 / np.where(keep, sinc, 1.0), 0.0)
    cos_bins = np.cos(b[:, None, None] * centers[None, :, :]) * scale[:, :, None]
    cos_overflow = np.broadcast_to((b == 0.0)[:, None], half_step.shape).astype(float)
    return cos_bins, cos_overflow


def dephasing_factors(t_eff, tau_phi):
    """exp(-T / tau_phi) at each row's mean return time, shape (n_tau, n_time)."""
    tau_phi = np.asarray(tau_phi, dtype=float)
    return np.exp(-np.asarray(t_eff)[None, :] / tau_phi[:, None])


def row_cos_sums(hist, overflow, grid, b, direction=0):
    """Per-block, per-row sums of weight * cos(b A), shape (K, n_b, n_time).

    Parameters
    ----------
    hist : ndarray, shape (K, n_time, n_area)
        Per-block loop tally (weights in units of a return density).
    overflow : ndarray, shape (K, n_time)
        Weights beyond the area range of each row.
    grid : LoopGrid
    b : ndarray, shape (n_b,)
    direction : int
        Field direction the tally was binned for.
    """
    cos_bins, cos_over = phase_factors(grid, b, direction)
    return (np.einsum("kta,bta->kbt", hist, cos_bins)
            + overflow[:, None, :] * cos_over[None])


def loop_sums(hist, overflow, t_eff, grid, b, tau_phi, direction=0):
    """Per-block sums over loops of weight * exp(-T/tau_phi) * cos(b A).

    ``t_eff`` (shape (n_time,)) is the evaluation time of each row; returns
    shape (K, n_tau, n_b).
    """
    rows = row_cos_sums(hist, overflow, grid, b, direction)
    return np.einsum("kbt,nt->knb", rows, dephasing_factors(t_eff, tau_phi))
