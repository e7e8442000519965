"""A whole study read back from its store, as arrays over the grid."""
import os

import numpy as np

from .. import units as _units
from .._validate import check_path
from .store import point_id, read_index
from .store import Store
from .study import Study, StudyError


class StudyResult:
    """Every point of a study, with observables as arrays over the grid.

    Attributes
    ----------
    study : Study
    shape : tuple
        Grid shape: one axis per grid parameter (product), or one axis of
        points (zip).
    axes : dict
        Grid parameter -> its values (for zip: the values point by point).
    points : ndarray of dict, shape ``shape``
        Each point's parameters.
    results : ndarray of SimulationResult, shape ``shape``
        (:class:`~pathsim.wave.WaveResult` in a study of the wave stage)
    """

    def __init__(self, study, results):
        self.study = study
        self.shape = study.shape
        self.axes = {k: _axis_array(v) for k, v in study.axes.items()}
        points = study.points()
        self.points = np.empty(len(points), dtype=object)
        self.points[:] = points
        self.points = self.points.reshape(self.shape)
        self.results = np.empty(len(results), dtype=object)
        self.results[:] = results
        self.results = self.results.reshape(self.shape)

    @property
    def walkers(self):
        """Walkers of each point, shape ``shape``."""
        return np.vectorize(lambda r: r.n_walkers, otypes=[np.int64])(self.results)

    @property
    def realizations(self):
        """Realizations of each point of a wave study, shape ``shape``."""
        return np.vectorize(lambda r: r.samples["run"].size, otypes=[np.int64])(self.results)

    def estimate(self, name):
        """A wave study's estimate at every point (``"g_mean"``,
        ``"ln_g_mean"``, ``"r_mean"``; see
        :meth:`pathsim.wave.WaveResult.estimate`): ``(value, stderr)``
        arrays of shape ``shape``."""
        return self.map("estimate", name)

    def spin(self, k):
        """The study seen through spin setting ``k`` of points that ran
        several (``spin = [...]`` in the study file): every point's result
        for that setting (:meth:`SimulationResult.spin_results`)."""
        if not all(isinstance(getattr(r, "params", {}).get("spin"), list)
                   for r in self.results.flat):
            raise ValueError("spin(k) needs points run with several spin settings "
                             "(spin = [...] in the study file)")
        n = min(len(r.params["spin"]) for r in self.results.flat)
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 0 <= k < n:
            raise ValueError(f"spin setting k must be an index 0 .. {n - 1} (got {k!r})")
        return StudyResult(self.study, [r.spin_results()[k] for r in self.results.flat])

    def map(self, method, *args, **kwargs):
        """Call a :class:`~pathsim.results.SimulationResult` (or
        :class:`~pathsim.wave.WaveResult`) method returning
        ``(value, stderr)`` at every point; returns ``(value, stderr)``
        arrays of shape ``shape + value.shape``.  Points with several spin
        settings need one chosen first (:meth:`spin`)."""
        if any(isinstance(getattr(r, "params", {}).get("spin"), list)
               for r in self.results.flat):
            raise ValueError("the points hold several spin settings: choose one with "
                             "study.spin(k) first")
        pairs = [getattr(r, method)(*args, **kwargs) for r in self.results.flat]
        try:
            value = np.array([np.asarray(v, dtype=float) for v, _ in pairs])
            err = np.array([np.asarray(e, dtype=float) for _, e in pairs])
        except ValueError:
            raise ValueError(f"{method} gives arrays of different shapes at different "
                             "points: pass tau_phi and b explicitly") from None
        return (value.reshape(self.shape + value.shape[1:]),
                err.reshape(self.shape + err.shape[1:]))

    def delta_sigma(self, b=0.0, tau_phi=None, term="total", direction=0):
        """delta_sigma in G0 at every point (see
        :meth:`SimulationResult.delta_sigma`); ``tau_phi=None`` takes each
        point's own grid.  Returns ``(value, stderr)``, shape
        ``shape + (n_tau, n_b)`` with scalar axes dropped."""
        return self.map("delta_sigma", b, tau_phi, term=term, direction=direction)

    def magnetoconductance(self, b, tau_phi=None, term="total", direction=0):
        """delta_sigma(b) - delta_sigma(0) in G0 at every point."""
        return self.map("magnetoconductance", b, tau_phi, term=term, direction=direction)

    def temperature_curve(self, R_sheet_ohm=None, B_T=0.0):
        """delta_sigma, R and L_phi against temperature, in physical units,
        for a study with a ``temperature`` (K) on its grid and a ``[units]``
        table.

        Each point is evaluated at its own tau_phi(T).  ``R_sheet_ohm``
        defaults to the ``[units]`` value.  Returns the dict of
        :func:`pathsim.units.temperature_curve`, arrays of shape ``shape``.
        """
        u = self.study.units
        if u is None or "temperature" not in self.axes:
            raise ValueError("temperature_curve needs a study with [units] and a "
                             "temperature axis")
        if R_sheet_ohm is None:
            R_sheet_ohm = u.get("R_sheet_ohm")
        law = self.study.dephasing()
        rows = [_units.temperature_curve(r, p["temperature"], law, u["l_nm"], u["v_F"],
                                         R_sheet_ohm, B_T)
                for r, p in zip(self.results.flat, self.points.flat)]
        return {k: np.array([row[k][0] for row in rows]).reshape(self.shape)
                for k in rows[0] if not k.startswith("ln_T_slope")}

    def __repr__(self):
        axes = ", ".join(f"{k}: {len(v)}" for k, v in self.axes.items())
        return f"<StudyResult {self.study.combine} grid ({axes}), {self.results.size} points>"


def _axis_array(values):
    """A grid axis as an array: numbers as usual, lists (field directions,
    spin settings) as a 1-D object array of one entry per point."""
    if values and isinstance(values[0], list):
        out = np.empty(len(values), dtype=object)
        out[:] = values
        return out
    return np.asarray(values)


def load_study(folder):
    """Read a study store written by ``pathsim sweep``.

    Every point of the study's grid must be present and match its checksum;
    otherwise the error names the point (run the sweep again).

    Parameters
    ----------
    folder : str or os.PathLike
        The store folder (by default the study file's name with ``.store``).

    Returns
    -------
    StudyResult
        Arrays over the grid of the last sweep, each observable with its error.
    """
    folder = os.fspath(check_path("folder", folder))
    if not os.path.isdir(folder):
        raise StudyError(f"study store not found: {folder}")
    index = read_index(folder)
    if index is None:
        raise StudyError(f"{folder} holds no study index")
    study = Study.from_dict(index["study"])
    store = Store(folder, study, index)
    results = [store.load(point_id(study.point_seed(p))) for p in study.points()]
    return StudyResult(study, results)
