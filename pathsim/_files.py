"""Atomic file writes with the user's usual permissions.

Every file pathsim writes (results, CSV, figures, study stores) goes through
:func:`atomic_write`: the content is written to a temporary file in the
target folder and renamed into place, so an interrupted run never leaves a
partial file under the final name.  ``tempfile.mkstemp`` creates files with
mode 0600; the file is given ``0666 & ~umask`` before the rename, as ``open``
would have.
"""
import contextlib
import os
import tempfile


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write(path, write, *, text=False):
    """Call ``write(handle)`` on a temporary file next to ``path`` (opened
    ``"w"`` with ``newline=""`` if ``text``, else ``"wb"``), then rename it to
    ``path`` with the permissions ``0666 & ~umask``.  Returns ``path``."""
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    name = os.path.basename(path)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".part")
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        mode = dict(mode="w", newline="") if text else dict(mode="wb")
        with os.fdopen(fd, **mode) as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return path


def atomic_path(path, write):
    """As :func:`atomic_write` for writers that need a file name: ``write``
    gets a hidden temporary name next to ``path`` with the same extension
    (matplotlib and animation writers pick the format from it).  Missing
    parent folders are created."""
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    stem, ext = os.path.splitext(os.path.basename(path))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{stem}.", suffix=f".part{ext}")
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return path
