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


@contextlib.contextmanager
def _replacing(path, prefix, suffix):
    """Yield a hidden temporary name next to ``path``; when the block ends
    without error, give the file ``0666 & ~umask`` and rename it to
    ``path``, else remove it."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=prefix, suffix=suffix)
    os.close(fd)
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def atomic_write(path, write, *, text=False):
    """Call ``write(handle)`` on a temporary file next to ``path`` (opened
    ``"w"`` with ``newline=""`` if ``text``, else ``"wb"``), then rename it to
    ``path`` with the permissions ``0666 & ~umask``.  Returns ``path``."""
    path = os.fspath(path)
    mode = dict(mode="w", newline="") if text else dict(mode="wb")
    with _replacing(path, f".{os.path.basename(path)}.", ".part") as tmp:
        with open(tmp, **mode) as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
    return path


def atomic_path(path, write):
    """As :func:`atomic_write` for writers that need a file name: ``write``
    gets a hidden temporary name next to ``path`` with the same extension
    (matplotlib and animation writers pick the format from it).  Missing
    parent folders are created."""
    path = os.fspath(path)
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    stem, ext = os.path.splitext(os.path.basename(path))
    with _replacing(path, f".{stem}.", f".part{ext}") as tmp:
        write(tmp)
    return path
