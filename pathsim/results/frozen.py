"""Results of walks through frozen impurity fields, besides the loop tally.

* :class:`AmplitudeResult`: the coherent and incoherent sums of loop
  amplitudes per realization (:func:`pathsim.run.frozen.twin_amplitudes`), and
  their ratio, the factor two of coherent backscattering;
* :class:`Loops`: individual loops of one realization with their impurity
  sequences (:func:`pathsim.run.frozen.find_loops`), and the field around them.

(The loop tally of :func:`pathsim.run.frozen.simulate_frozen` is a
:class:`~pathsim.results.SimulationResult`.)  Units: l = v = tau = 1; fields
b = B / B_tr; k_F in 1 / l.
"""
import numpy as np

from . import stats
from .._kernels.frozen_sums import LOOP_COLUMNS
from .._kernels.frozen_walk import field_seed
from .._kernels.raytrace import CELL_CAP, trace
from .._kernels.state import FieldScratch


class AmplitudeResult:
    """Coherent and incoherent sums of loop amplitudes, one per realization.

    Attributes
    ----------
    coherent : ndarray, shape (R, n_kf, n_b)
        |sum over loops of (a + a_twin)|^2 per realization.
    incoherent : ndarray, shape (R,)
        sum over loops of |a|^2 + |a_twin|^2 (independent of k_F and b).
    k_f, b : ndarray
        The Fermi wave numbers (1 / l) and fields (B / B_tr).
    params : dict
    """

    def __init__(self, params, coherent, incoherent, events, wall_time):
        self.params = params
        self.coherent = coherent
        self.incoherent = incoherent
        self.events = events
        self.wall_time = wall_time
        self.k_f = np.asarray(params["k_f"])
        self.b = np.asarray(params["b"])

    @property
    def n_realizations(self):
        return int(self.incoherent.shape[0])

    def ratio(self):
        """<coherent> / <incoherent> over realizations, shape (n_kf, n_b),
        with the delta-method standard error of a ratio of means: 2 at
        b = 0 when the cross terms of different loops average out, 1 in a
        field that scrambles the twins' phases."""
        return stats.ratio(self.coherent, self.incoherent)

    def running_ratio(self, k_f=0, b=0):
        """The ratio after the first 1, 2, ..., R realizations (indices into
        ``k_f`` and ``b``); NaN until a loop has been found."""
        num = np.cumsum(self.coherent[:, k_f, b])
        den = np.cumsum(self.incoherent)
        with np.errstate(invalid="ignore", divide="ignore"):
            return num / den

    def realization_ratios(self, k_f=0, b=0):
        """coherent / incoherent of each realization that has loops."""
        has = self.incoherent > 0
        return self.coherent[has, k_f, b] / self.incoherent[has]


class Loops:
    """Recorded loops of one field realization (:func:`find_loops`).

    Attributes
    ----------
    table : ndarray, shape (n, 12)
        One row per loop, columns ``LOOP_COLUMNS``: walker, return time
        (= length, l), area (x, y, z; l^2, closed by the chord to the start
        point), number of impurities in the sequence (both ends included),
        offset, e_1 . e_n, summed scattering phase, start point.
    ids : ndarray, shape (m, 4)
        Impurity ids (ix, iy, iz, k) of every loop's sequence, start
        impurity first and last.
    points : ndarray, shape (m, 6)
        Where the path arrives at and leaves each impurity of the sequence.
    missed : int
        Loops found but not recorded (buffers full).
    """

    COLUMNS = LOOP_COLUMNS

    def __init__(self, field, seed, realization, table, ids, points, missed, events):
        self.field = field
        self.seed = seed
        self.realization = realization
        self.table = table
        self.ids = ids
        self.points = points
        self.missed = missed
        self.events = events

    def __len__(self):
        return self.table.shape[0]

    def column(self, name):
        """One column of :attr:`table` by name.

        Parameters
        ----------
        name : str
            A name of ``Loops.COLUMNS`` (for example ``"time"``; units as in
            :attr:`table`).

        Returns
        -------
        ndarray, shape (n,)
            The column, one value per loop.
        """
        return self.table[:, LOOP_COLUMNS.index(name)]

    def sequence(self, i):
        """(ids, points) of loop i: shapes (m, 4) and (m, 6)."""
        lo = int(self.table[i, 6])
        m = int(self.table[i, 5])
        return self.ids[lo:lo + m], self.points[lo:lo + m]

    def path(self, i):
        """The polyline of loop i, shape (p, 3): start point, then each
        impurity's arrival and (if different) departure point."""
        _, pts = self.sequence(i)
        out = [pts[0, 3:]]
        for row in pts[1:]:
            out.append(row[:3])
            if np.any(row[3:] != row[:3]):
                out.append(row[3:])
        return np.array(out)

    @property
    def field_key(self):
        """The 64-bit key of this realization's impurity positions."""
        return int(field_seed(np.uint64(self.seed), self.realization))

    def impurities(self, lo, hi):
        """Impurities of the field near the box [lo, hi] (rows x, y, z, ix,
        iy, iz, k)."""
        return self.field.in_box(lo, hi, self.field_key)

    def first_hit(self, point, direction, exclude=(0, 0, 0, 0), s_max=1e6):
        """The first impurity met by the ray point + s direction (excluding
        ``exclude``): (s, centre, id), s = inf if none within s_max."""
        scratch = FieldScratch(np.empty(4, dtype=np.uint64), np.empty(4, dtype=np.uint64),
                               np.empty((0, 4), dtype=np.int64), np.empty((0, 6)),
                               np.empty((CELL_CAP, 3)), np.empty(5),
                               np.zeros(4, dtype=np.int64),
                               np.asarray(exclude, dtype=np.int64))
        e = np.asarray(direction, dtype=float)
        e = e / np.linalg.norm(e)
        p = np.asarray(point, dtype=float)
        trace(self.field.kernel_array(), np.uint64(self.field_key), tuple(p), tuple(e),
              float(s_max), scratch)
        best, hit = scratch.best, scratch.hit
        return best[0], best[1:4].copy(), tuple(int(h) for h in hit)
