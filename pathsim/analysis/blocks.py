"""One container for simulated tables: per-block sums on named axes.

A simulated table (the WAL grid of :mod:`pathsim.analysis.wal_grid`, the
weak-localization table of :mod:`pathsim.analysis.wl_table`) keeps, for
each of a run's independent blocks of walkers, the sum over its walkers of
one or more quantities on a grid of axes, and the walkers per block.  The
mean is the sum over blocks over all walkers; the leave-one-out means (one
block dropped) give the delete-one jackknife (Efron 1982), which carries
the table's correlated Monte Carlo error into anything computed from it.

The file format (``.npz``, written atomically): the axes and the sums as
arrays, the walkers, and a JSON ``meta`` entry with the table's ``kind``,
the axis order of each table and the run's parameters.  :meth:`load`
checks every shape and refuses, with one line naming the file, anything
else (an empty, truncated or foreign file, sums that do not match the
axes).
"""
import json
import os
import zipfile

import numpy as np

from .._files import atomic_write

FORMAT = "pathsim-block-grid-1"


class BlockGrid:
    """Per-block sums of named tables over named axes.

    Parameters
    ----------
    axes : dict of str -> array_like
        The grid's axes, each 1-D, finite and increasing.
    tables : dict of str -> (tuple of str, array_like)
        Each table's axes (names from ``axes``) and its per-block sums,
        shape (K, len(axis), ...).
    walkers : array_like, shape (K,)
        Walkers per block (> 0, at least 2 blocks).
    kind : str
        What the grid is (checked on :meth:`load`).
    meta : dict, optional
        JSON-serialisable description of the run.
    """

    def __init__(self, axes, tables, walkers, kind, meta=None):
        self.kind, self.meta = kind, dict(meta or {})
        self.axes = {}
        for name, values in axes.items():
            arr = np.asarray(values, dtype=float)
            if arr.ndim != 1 or arr.size < 1 or not np.all(np.isfinite(arr)):
                raise ValueError(f"axis {name} must be a non-empty 1-D array of finite numbers")
            if np.any(np.diff(arr) <= 0):
                raise ValueError(f"axis {name} must increase")
            self.axes[name] = arr
        self.walkers = np.asarray(walkers, dtype=float).ravel()
        k = self.walkers.size
        if k < 2 or not np.all(self.walkers > 0):
            raise ValueError("a block grid needs at least 2 blocks with walkers > 0 "
                             f"(got {self.walkers.tolist()})")
        self.tables = {}
        for name, (names, sums) in tables.items():
            names = tuple(names)
            unknown = [a for a in names if a not in self.axes]
            if unknown:
                raise ValueError(f"table {name} has an unknown axis {unknown[0]!r}")
            sums = np.asarray(sums, dtype=float)
            shape = (k,) + tuple(self.axes[a].size for a in names)
            if sums.shape != shape:
                raise ValueError(f"table {name} has shape {sums.shape}, the axes "
                                 f"{', '.join(names)} and {k} blocks need {shape}")
            self.tables[name] = (names, sums)

    @property
    def n_blocks(self):
        return self.walkers.size

    def sums(self, name):
        """Per-block sums of table ``name`` (K, ...)."""
        return self.tables[name][1]

    def mean(self, name, drop=None):
        """The table's mean over all walkers; ``drop``: one block left out."""
        sums = self.sums(name)
        if drop is None:
            return sums.sum(axis=0) / self.walkers.sum()
        return (sums.sum(axis=0) - sums[drop]) / (self.walkers.sum() - self.walkers[drop])

    def leave_one_out(self, name):
        """The K leave-one-out means of table ``name`` (K, ...)."""
        sums = self.sums(name)
        total, walkers = sums.sum(axis=0), self.walkers.sum()
        left = (walkers - self.walkers).reshape((-1,) + (1,) * (sums.ndim - 1))
        return (total[None] - sums) / left

    def stderr(self, name):
        """Delete-one jackknife standard error of :meth:`mean`."""
        from ._shared import jackknife_err
        return jackknife_err(self.leave_one_out(name))

    def jackknife(self, func):
        """Delete-one jackknife of ``func(drop)`` (a number or array computed
        from the grid with block ``drop`` left out): returns (value of
        ``func(None)``, standard errors, replicas)."""
        from ._shared import jackknife_err
        value = np.asarray(func(None), dtype=float)
        reps = np.array([func(j) for j in range(self.n_blocks)], dtype=float)
        return value, jackknife_err(reps), reps

    # -- files ---------------------------------------------------------
    def save(self, path):
        """Write the grid as a compressed ``.npz`` (atomically, with the
        user's permissions)."""
        meta = json.dumps(dict(format=FORMAT, kind=self.kind, meta=self.meta,
                               axes=list(self.axes),
                               tables={n: list(a) for n, (a, _) in self.tables.items()}))
        arrays = {f"axis_{n}": v for n, v in self.axes.items()}
        arrays.update({f"sums_{n}": s for n, (_, s) in self.tables.items()})
        atomic_write(os.fspath(path), lambda h: np.savez_compressed(
            h, meta=meta, walkers=self.walkers, **arrays))
        return path

    @staticmethod
    def read(path, kind, what):
        """A :class:`BlockGrid` of ``kind`` from ``path``; ValueError (one
        line naming the file and ``what`` it should be) otherwise."""
        path = os.fspath(path)
        if not os.path.exists(path):
            raise ValueError(f"{what} file not found: {path}")
        try:
            with np.load(path, allow_pickle=False) as data:
                meta = json.loads(str(data["meta"]))
                if not isinstance(meta, dict) or meta.get("format") != FORMAT:
                    raise ValueError("not a pathsim block grid")
                if meta["kind"] != kind:
                    raise ValueError(f"it holds a {meta['kind']!r} grid, not {kind!r}")
                axes = {n: data[f"axis_{n}"] for n in meta["axes"]}
                tables = {n: (tuple(a), data[f"sums_{n}"]) for n, a in meta["tables"].items()}
                walkers = data["walkers"]
            return BlockGrid(axes, tables, walkers, kind, meta.get("meta"))
        except (OSError, EOFError, KeyError, TypeError, ValueError, zipfile.BadZipFile) as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise ValueError(f"cannot read {path} as a {what}: {reason}") from None

    def __repr__(self):
        axes = " x ".join(f"{n} ({v.size})" for n, v in self.axes.items())
        return (f"<BlockGrid {self.kind}: {axes}, {int(self.walkers.sum())} walkers in "
                f"{self.n_blocks} blocks>")
