"""The radial grid of the two-term Landau sums (private;
:ref:`theory-ballistic-wal-rd`): nodes ``x = r / a_B`` in magnetic lengths
with their weights at one field, and the displacement tables
``T[k, n](x)`` on them, computed by :mod:`pathsim._kernels.laguerre` and
kept between fields (a curve's fields, a fit's steps) for each grid.

Engine units: l = v = tau = 1, ``b = B / B_tr``, ``a_B = sqrt(2 / b)``.
"""
import collections
import functools
import typing

import numpy as np
from scipy.special import gammaln

from pathsim._kernels.laguerre import shift_tables
from pathsim.theory.exact_2d import _nodes as _plain_nodes
from pathsim.theory.exact_spin_q import GL_ORDER, gauss_legendre

_MAX_PHASE = 8.0     # largest spin phase across a 16-node panel (as exact_spin)
_NEGLIGIBLE = 40.0   # exp(-40): flights longer than 40 / (1 + g) carry nothing
K_CHUNK = 8          # displacement orders tabulated (and cached) at a time
_TABLE_BYTES = 160e6  # displacement tables kept for the next field (bytes)


def _shift_tables(x, n_max, k):
    """``T[k, n](x) = sqrt(n! / (n + k)!) x^k exp(-x^2/2) L_n^k(x^2)`` for the
    consecutive orders ``k`` (array), shape (k.size, n_max + 1, x.size)
    (:func:`pathsim._kernels.laguerre.shift_tables`)."""
    out = np.empty((k.size, n_max + 1, x.size))
    with np.errstate(divide="ignore"):           # ln 0 at x = 0: T = 0 there for k > 0
        log_x = np.log(x)
    shift_tables(x, log_x, 0.5 * gammaln(k + 1.0), int(k[0]), out)
    return out


_nodes = functools.lru_cache(maxsize=32)(_plain_nodes)    # read, never written

#: displacement tables kept between fields, by (grid key, chunk): the nodes
#: from 0 to the furthest that a field has needed
_TABLES = collections.OrderedDict()


def _grid_tables(key, chunk, stop):
    """:func:`_shift_tables` of the orders ``chunk * K_CHUNK ..`` on the
    first ``stop`` nodes of the grid ``_nodes(*key)``, cached (the fields
    of a curve and the steps of a fit share them) up to ``_TABLE_BYTES``
    in all, the least recently used dropped first."""
    held = _TABLES.get((key, chunk))
    if held is None or held.shape[2] < stop:
        x, _, _ = _nodes(*key)
        held = _shift_tables(x[:stop], key[0],
                             np.arange(chunk * K_CHUNK, (chunk + 1) * K_CHUNK))
        held.flags.writeable = False
        _TABLES[(key, chunk)] = held
    _TABLES.move_to_end((key, chunk))
    while sum(t.nbytes for t in _TABLES.values()) > _TABLE_BYTES and len(_TABLES) > 1:
        _TABLES.popitem(last=False)
    return held[:, :, :stop]


@functools.lru_cache(maxsize=64)
def _head_tables(n_max, x0, chunk):
    """:func:`_shift_tables` on the Gauss-Legendre panel ``[0, x0]`` (cached)."""
    t, _ = gauss_legendre(GL_ORDER)
    out = _shift_tables(0.5 * x0 * (t + 1.0), n_max,
                        np.arange(chunk * K_CHUNK, (chunk + 1) * K_CHUNK))
    out.flags.writeable = False
    return out


class _Grid(typing.NamedTuple):
    """Radial nodes ``x = r / a_B`` of one field, their weights ``damp``
    (``a_B w exp(-a_B (1+g) x)``), ``a_b``, and where their tables come
    from: the grid ``key = (n_max, w_max, x_stop)`` of :func:`_nodes`, its
    nodes ``span`` (a slice) and the head panel's end ``x0`` (0: none)."""
    x: np.ndarray
    damp: np.ndarray
    a_b: float
    key: tuple
    span: slice
    x0: float

    def transform(self, kk, rows, cols):
        """``sum_x T[kk, n](x) cols[x]`` for ``n < rows``: the displacement
        tables (cached, :func:`_grid_tables`) times the columns ``cols``."""
        chunk, order = divmod(kk, K_CHUNK)
        head = GL_ORDER if self.x0 > 0.0 else 0
        body = _grid_tables(self.key, chunk, self.span.stop)
        out = body[order, :rows, self.span.start:] @ cols[head:]
        if head:
            out += _head_tables(self.key[0], self.x0, chunk)[order, :rows] @ cols[:head]
        return out


def radial_grid(b, g, omega_max, n_max):
    """The radial grid of one field (:class:`_Grid`; the rule of
    :mod:`.exact_spin`: finer panels where the spin phase turns fast)."""
    a_b = np.sqrt(2.0 / b)
    kappa = a_b * (1.0 + g)
    key = (n_max, None, None)
    x, w, width = _nodes(n_max)
    alive = kappa * (x - width) < _NEGLIGIBLE
    if omega_max * a_b * np.max(width[alive], initial=0.0) > _MAX_PHASE:
        w_max = min(_MAX_PHASE / (omega_max * a_b), 2.0 * np.pi / np.sqrt(n_max + 1.0))
        w_max = 2.0 ** np.floor(np.log2(w_max))
        x_stop = 2.0 ** np.ceil(np.log2(_NEGLIGIBLE / kappa))
        key = (n_max, w_max, x_stop)
        x, w, width = _nodes(*key)
        alive = kappa * (x - width) < _NEGLIGIBLE
    stop = int(np.flatnonzero(alive)[-1]) + 1 if alive.any() else 0
    w = np.where(alive, w, 0.0)     # the rare dead node before the last live one adds 0
    start, x0 = 0, 0.0
    # the geometric panels near 0 resolve exp(-kappa x) for a large kappa;
    # below 1e-3 / kappa every factor is a low polynomial: one panel will do
    head = 1e-9 * 2.0 ** np.ceil(np.log2(1e-3 / max(kappa, 1.0) / 1e-9))
    if stop and head < x[stop - 1]:
        start, x0 = int(np.searchsorted(x, head, side="right")), head
    t, wt = gauss_legendre(GL_ORDER)
    xs = np.concatenate((0.5 * x0 * (t + 1.0), x[start:stop])) if x0 else x[:stop]
    ws = np.concatenate((0.5 * x0 * wt, w[start:stop])) if x0 else w[:stop]
    return _Grid(xs, a_b * ws * np.exp(-kappa * xs), a_b, key, slice(start, stop), x0)
