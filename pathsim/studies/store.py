"""The result store of a study: one folder, one results file per point.

Layout::

    STORE/index.json          the study, and per point: parameters, seed,
                              chunks (walkers, seed), file and sha256
    STORE/log.jsonl           append-only log, one line per point written
    STORE/points/<id>.npz     SimulationResult.save of each point (WaveResult.save
                              in a study of the wave stage)

Every write is atomic (a temporary file renamed over the final name), so a
crash, ``kill -9`` included, leaves either the old or the new file.  The
index holds a sha256 of each results file: a corrupt, truncated or missing
file is detected and its point recomputed.  A results file written just
before a crash, whose index entry was not yet updated, is adopted when it
loads and holds exactly the expected chunks (same seeds, same walkers).

A store belongs to one study (:meth:`pathsim.studies.study.Study.fingerprint`):
opening it for another study raises before anything in it is touched.
"""
import glob
import hashlib
import json
import os
from datetime import datetime, timezone

from .._files import atomic_write
from ..results import SimulationResult
from ..wave.results import load as load_wave
from .study import StudyError

FORMAT = "pathsim-study/1"
INDEX, LOG, POINTS, LOCK = "index.json", "log.jsonl", "points", ".lock"


def sha256_file(path):
    """Hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def result_seeds(result):
    """The chunk seeds a point's result holds, in order."""
    seeds = getattr(result, "seeds", None)  # a WaveResult
    return list(result.params["seeds"]) if seeds is None else list(seeds)


def result_size(result):
    """The budget a point's result holds: walkers, or wave realizations."""
    if isinstance(result, SimulationResult):
        return result.n_walkers
    return int(result.samples["run"].size)


def point_id(seed):
    """File name stem of a point: its seed in hex (the seed is a hash of the
    study seed and the point's parameters)."""
    return f"{seed:016x}"


def read_index(folder):
    """The index of a store, or None when the folder holds no store; raises
    :class:`StudyError` for an unreadable index or a folder of other files."""
    path = os.path.join(folder, INDEX)
    if not os.path.exists(path):
        if os.path.isdir(folder) and os.listdir(folder):
            raise StudyError(f"{folder} is not empty and holds no pathsim study index; "
                             "choose another store folder")
        return None
    try:
        with open(path) as handle:
            index = json.load(handle)
    except (OSError, ValueError) as exc:
        raise StudyError(f"cannot read the study index {path}: {exc}") from None
    if not isinstance(index, dict) or index.get("format") != FORMAT:
        raise StudyError(f"{path} is not a {FORMAT} index")
    return index


class Store:
    """A study's folder.  :meth:`open` only reads; :meth:`lock` prepares the
    folder for writing (creates it, takes a lock, removes temporary files
    left by a crash)."""

    def __init__(self, folder, study, index):
        self.folder = os.fspath(folder)
        self.study = study
        self.index = index or dict(format=FORMAT, fingerprint=study.fingerprint(),
                                   study=study.to_dict(), points={})
        self._lock = None

    @classmethod
    def open(cls, folder, study):
        """Open ``folder`` for ``study``; refuses (StudyError) a store of
        another study, touching nothing."""
        if os.path.exists(folder) and not os.path.isdir(folder):
            raise StudyError(f"store {folder} exists and is not a folder")
        index = read_index(os.fspath(folder))
        if index is not None and index.get("fingerprint") != study.fingerprint():
            old = index.get("study", {})
            diff = [k for k in ("seed", "fixed", "units")
                    if old.get(k) != study.to_dict()[k]]
            raise StudyError(f"store {folder} belongs to another study (different "
                             f"{' and '.join(diff) or 'fingerprint'}); "
                             "use another store folder")
        return cls(folder, study, index)

    # -------------------------------------------------------------- paths
    def path(self, pid):
        """Path of a point's results file in the store.

        Parameters
        ----------
        pid : str
            The point's id.

        Returns
        -------
        str
            ``<store>/points/<pid>.npz``.
        """
        return os.path.join(self.folder, POINTS, f"{pid}.npz")

    def record(self, pid):
        """The index record of a point (its checksum, seed and budget).

        Parameters
        ----------
        pid : str
            The point's id.

        Returns
        -------
        dict or None
            The record, or None when the point is not in the store.
        """
        return self.index["points"].get(pid)

    # -------------------------------------------------------------- reading
    def verify(self, pid):
        """True when the point's file exists and matches its checksum."""
        rec = self.record(pid)
        path = self.path(pid)
        return rec is not None and os.path.isfile(path) and sha256_file(path) == rec["sha256"]

    def load(self, pid):
        """The point's result (checksum verified)."""
        if not self.verify(pid):
            raise StudyError(f"point {pid} of store {self.folder} is missing or corrupt: "
                             "run pathsim sweep again to recompute it")
        return self._read(self.path(pid))

    def _read(self, path):
        return SimulationResult.load(path) if self.study.kind == "walk" else load_wave(path)

    def adoptable(self, pid, chunks):
        """A result file on disk holding exactly ``chunks`` ((walkers, seed)
        pairs), written before a crash stopped the index update, or None."""
        path = self.path(pid)
        if not os.path.isfile(path):
            return None
        try:
            result = self._read(path)
        except Exception:  # a damaged file of any kind is simply recomputed
            return None
        seeds = [seed for _, seed in chunks]
        if result_seeds(result) != seeds or result_size(result) != sum(w for w, _ in chunks):
            return None
        return result

    # -------------------------------------------------------------- writing
    def lock(self):
        """Create the folder, hold an exclusive lock while this process
        writes (released by the system if it dies), and remove temporary
        files a crash left behind."""
        os.makedirs(os.path.join(self.folder, POINTS), exist_ok=True)
        handle = open(os.path.join(self.folder, LOCK), "a")
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX: no lock
            fcntl = None
        if fcntl is not None:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                handle.close()
                raise StudyError(f"store {self.folder} is in use by another sweep") from None
        self._lock = handle
        # the temporary names of pathsim._files.atomic_write: .<name>.<random>.part
        for tmp in glob.glob(os.path.join(self.folder, POINTS, ".*.part")) + \
                glob.glob(os.path.join(self.folder, f".{INDEX}.*.part")):
            os.unlink(tmp)
        self.index["study"] = self.study.to_dict()
        self._write_index()

    def unlock(self):
        """Release the store's lock file (taken while a sweep writes); a no-op
        when not locked.
        """
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    def save(self, pid, params, seed, chunks, result, event):
        """Write a point's result, log it, then record it in the index."""
        path = result.save(self.path(pid))
        budget = "walkers" if self.study.kind == "walk" else "realizations"
        rec = {"params": params, "seed": seed, "chunks": [list(c) for c in chunks],
               budget: result_size(result), "file": os.path.relpath(path, self.folder),
               "sha256": sha256_file(path)}
        self.log(event, point=pid, chunks=len(chunks), **{budget: result_size(result)})
        self.index["points"][pid] = rec
        self._write_index()

    def log(self, event, **fields):
        """Append one JSON line to the store's log."""
        line = dict(time=datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
                    event=event, **fields)
        with open(os.path.join(self.folder, LOG), "a") as handle:
            handle.write(json.dumps(line) + "\n")

    def _write_index(self):
        atomic_write(os.path.join(self.folder, INDEX),
                     lambda handle: json.dump(self.index, handle, indent=1), text=True)


def read_log(folder):
    """The store's append-only log, oldest entry first.

    Parameters
    ----------
    folder : str or os.PathLike
        The study store.

    Returns
    -------
    list of dict
        One dict per point written (empty when there is no log yet).
    """
    path = os.path.join(os.fspath(folder), LOG)
    if not os.path.exists(path):
        return []
    with open(path) as handle:
        return [json.loads(line) for line in handle if line.strip()]
