"""Displacement matrix elements in Landau levels (the ballistic spin-orbit
theory, :mod:`pathsim.theory.exact_spin_rd`).

``T[k, n](x) = sqrt(n! / (n + k)!) x^k exp(-x^2/2) L_n^k(x^2)``, the element
``<n + k| D |n>`` of the displacement by ``x`` in Landau levels, bounded by
1, by the upward three-term recurrence in ``n`` (stable where ``L_n^k``
dominates), rescaled and with the logarithm carried so that neither the
polynomial nor the Gaussian over- or underflows before they meet.
"""
import math

import numpy as np

from pathsim._kernels.jit import jit


@jit
def shift_tables(x, log_x, half_lgamma, k0, out):
    """Fill ``out[j, n, i] = T[k0 + j, n](x[i])``, ``n = 0 .. out.shape[1] - 1``.

    ``log_x = ln x`` and ``half_lgamma[j] = ln Gamma(k0 + j + 1) / 2``, from
    the caller (numpy's ``log`` and scipy's ``gammaln``); the recurrence's
    coefficients are computed once per level."""
    n_orders, n_rows, n_x = out.shape
    lower = np.empty(n_rows)
    norm = np.empty(n_rows)
    for j in range(n_orders):
        k = k0 + j
        for n in range(n_rows):
            lower[n] = math.sqrt(n * (n + k))
            norm[n] = 1.0 / math.sqrt((n + 1.0) * (n + 1 + k))
        for i in range(n_x):
            y = x[i] * x[i]
            logscale = k * log_x[i] - y / 2.0 - half_lgamma[j]
            factor = math.exp(logscale)
            prev, cur = 0.0, 1.0
            for n in range(n_rows):
                out[j, n, i] = cur * factor
                prev, cur = cur, (((2 * n + 1) + k - y) * cur - lower[n] * prev) * norm[n]
                if abs(cur) > 1e100:
                    scale = abs(cur)
                    prev, cur = prev / scale, cur / scale
                    logscale += math.log(scale)
                    factor = math.exp(logscale)
