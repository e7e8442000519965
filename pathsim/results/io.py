"""Saving and loading results: one compressed ``.npz`` per run, and what
files of earlier versions lack.

A result file holds the raw per-block accumulators (:data:`ARRAYS`) and,
under ``meta``, a JSON record: pathsim version, every run parameter (seed
included), walker and scattering-event counts, wall time and the date.
Files are written atomically (:func:`pathsim._files.atomic_write`).  A file
that is missing raises ``FileNotFoundError``; one that cannot be read as a
result (truncated, corrupt, not an ``.npz``, not written by pathsim, missing
records) raises ``ValueError`` naming the file and what is wrong.
"""
import json
import os
import zipfile
import zlib
from datetime import datetime, timezone

import numpy as np

from pathsim._version import __version__
from pathsim._files import atomic_write
from pathsim._validate import check_new_file, check_path
from pathsim.model.medium import describe as describe_medium

ARRAYS = ("walkers", "events", "hist_a", "hist_b", "over_a", "over_b",
          "tmom", "msd", "exits")
# Arrays that files of earlier versions lack (SimulationResult fills them).
OPTIONAL = ("exits",)

# What a run of an earlier version, which had none of these, was.
DEFAULTS = dict(geometry="bulk", widths=[None, None, None], walls="specular",
                mean_cosine=0.0, directions=[[0.0, 0.0, 1.0]],
                scattering="henyey-greenstein", medium="poisson", length=None)

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


def write_result(path, params, arrays, walkers, events, wall_time):
    """Write one result file atomically; returns the path."""
    path = os.fspath(check_new_file("path", check_path("path", path)))
    meta = dict(pathsim_version=__version__, params=params, walkers=walkers,
                events=events, wall_time=wall_time,
                saved=datetime.now(timezone.utc).isoformat(timespec="seconds"))
    atomic_write(path, lambda handle: np.savez_compressed(
        handle, meta=json.dumps(meta), **arrays))
    return path


def read_result(path):
    """Read a file written by :func:`write_result`.

    Returns
    -------
    params : dict
    arrays : dict of ndarray
        The :data:`ARRAYS`.
    wall_time : float

    Raises
    ------
    FileNotFoundError
        If there is no file at ``path``.
    ValueError
        If the file is not a readable pathsim result; the message names the
        file and says what is wrong.
    """
    path = os.fspath(check_path("path", path))
    if os.path.isdir(path):
        raise ValueError(f"cannot load {path}: it is a folder, not a result file")
    with open(path, "rb") as handle:          # FileNotFoundError stays as it is
        magic = handle.read(4)
    if magic not in _ZIP_MAGIC:
        raise ValueError(f"cannot load {path}: not a pathsim result file "
                         "(not an .npz archive)")
    try:
        with np.load(path, allow_pickle=False) as data:
            missing = [name for name in ("meta",) + ARRAYS
                       if name not in data.files and name not in OPTIONAL]
            if "meta" in missing:
                raise ValueError(f"cannot load {path}: not a pathsim result file "
                                 "(no 'meta' record)")
            if missing:
                raise ValueError(f"cannot load {path}: damaged pathsim result, "
                                 f"missing {', '.join(missing)}")
            meta = json.loads(str(data["meta"]))
            arrays = {name: data[name] for name in ARRAYS if name in data.files}
    except (zipfile.BadZipFile, zlib.error, EOFError, json.JSONDecodeError) as exc:
        raise ValueError(f"cannot load {path}: damaged or truncated file "
                         f"({type(exc).__name__}: {exc})") from None
    except ValueError as exc:
        if str(exc).startswith(f"cannot load {path}"):
            raise
        raise ValueError(f"cannot load {path}: damaged file ({exc})") from None
    if not (isinstance(meta, dict) and isinstance(meta.get("params"), dict)
            and "wall_time" in meta):
        raise ValueError(f"cannot load {path}: not a pathsim result file "
                         "(its 'meta' record has no run parameters)")
    for key in ("dim", "grid", "tau_phi", "tau_phi_max", "seeds", "msd_times"):
        if key not in meta["params"]:
            raise ValueError(f"cannot load {path}: damaged pathsim result "
                             f"(parameter {key!r} missing)")
    return meta["params"], arrays, meta["wall_time"]


def upgrade_params(params):
    """The parameters of a run, completed with what earlier versions did not
    record: the medium (:data:`DEFAULTS`) and its one-line description
    (:func:`pathsim.model.medium.describe`)."""
    params = dict(DEFAULTS, **params)
    params.setdefault("description", describe_medium(params))
    return params


def upgrade_arrays(arrays):
    """The tallies ``hist_a, hist_b, over_a, over_b, tmom, msd`` in the one
    memory layout every result uses, with the field-direction axis added to
    tallies saved before it existed.

    The layout is the one the walk kernels fill: ``hist_a = hist[..., 0]``,
    ``hist_b = hist[..., 1]`` and ``over_a, over_b, tmom = rows[..., 0..2]``.
    numpy's sums add in an order that depends on the strides, so a result
    read from a file, merged, or fresh from a run must share one layout for
    its observables to agree bit for bit.
    """
    arrays = dict(arrays)
    if np.ndim(arrays["hist_a"]) == 3:
        for name in ("hist_a", "hist_b", "over_a", "over_b", "tmom"):
            arrays[name] = arrays[name][:, None]
    hist = np.stack((arrays["hist_a"], arrays["hist_b"]), axis=-1)
    rows = np.stack((arrays["over_a"], arrays["over_b"], arrays["tmom"]), axis=-1)
    return dict(hist_a=hist[..., 0], hist_b=hist[..., 1], over_a=rows[..., 0],
                over_b=rows[..., 1], tmom=rows[..., 2],
                msd=np.ascontiguousarray(arrays["msd"]))


# Parameters that must agree for two runs to be merged.
# the spin setting first: a spinless and a spin run also differ in their
# estimator and grid, and the spin is what the user has to change
MERGE_KEYS = ("spin", "dim", "length", "tau_phi_max", "truncation", "t_cut", "detector_radius",
              "estimator", "grid", "msd_times", "geometry", "widths", "walls",
              "mean_cosine", "directions", "scattering", "medium", "start_x")


def _spin_text(result):
    setting = result.params.get("spin")
    return "spinless" if setting is None else repr(setting)


def merged(one, other):
    """The parameter record and arrays of two runs merged side by side
    (:meth:`SimulationResult.merge`): same parameters, no shared seed."""
    for key in MERGE_KEYS:
        if one.params.get(key) != other.params.get(key):
            if key == "spin":
                raise ValueError("cannot merge results with different spin settings "
                                 f"({_spin_text(one)} vs {_spin_text(other)})")
            raise ValueError(f"cannot merge results with different {key} "
                             f"({one.params.get(key)!r} vs {other.params.get(key)!r})")
    seeds = list(one.params["seeds"]) + list(other.params["seeds"])
    if len(set(seeds)) != len(seeds):
        raise ValueError(f"cannot merge results that share a seed ({seeds}): "
                         "their walkers are the same, not independent")
    params = dict(one.params, seeds=seeds, seed=seeds[0],
                  walkers=one.n_walkers + other.n_walkers,
                  blocks=one.n_blocks + other.n_blocks)
    arrays = {name: np.concatenate((getattr(one, name), getattr(other, name)))
              for name in ARRAYS}
    return params, arrays
