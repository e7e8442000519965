"""Batch means: standard errors from independent blocks of walkers.

A run is split into blocks of walkers with independent random streams; every
tally is kept per block.  Any observable that is a ratio of two linear
functionals of the tallies, R = sum_k S_k / sum_k T_k (a plain mean has
T_k = walkers in block k), gets the delta-method batch-means error

    var(R) = K / (K - 1) * sum_k (S_k - R T_k)^2 / (sum_k T_k)^2,

which reduces to the familiar s^2 / K for equal blocks.
"""
import numpy as np


def ratio(num, den):
    """Ratio estimate and its standard error over the leading block axis.

    Parameters
    ----------
    num : ndarray, shape (K, ...)
        Per-block sums of the numerator.
    den : ndarray, shape (K,) or (K, ...)
        Per-block sums of the denominator (for a mean per walker: the
        number of walkers in each block).

    Returns
    -------
    value, stderr : ndarray
        Shape ``num.shape[1:]``.  The error is NaN with fewer than two blocks;
        the value is NaN where the denominator vanishes.
    """
    num = np.asarray(num, dtype=float)
    den = np.asarray(den, dtype=float)
    if den.ndim < num.ndim:
        den = den.reshape(den.shape + (1,) * (num.ndim - den.ndim))
    k = num.shape[0]
    total_den = den.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        value = num.sum(axis=0) / total_den
        resid = num - value * den
        if k < 2:
            err = np.full(np.shape(value), np.nan)
        else:
            err = np.sqrt(k / (k - 1) * (resid ** 2).sum(axis=0)) / np.abs(total_den)
    return value, err


def mean(sums, walkers):
    """Mean per walker and its standard error from per-block sums."""
    return ratio(sums, walkers)
