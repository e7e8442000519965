"""Input checks at the public boundary (values, and the files and folders
to be written).

Every check names the parameter, shows the value it got and states the
accepted range, and runs before any work starts (modelled on
``openmc.checkvalue``).
"""
import math
import numbers
import os
import sys
import tempfile

import numpy as np

SEED_LIMIT = 2 ** 64
# Largest magnitude of a finite value :func:`check_array` accepts: far beyond
# any physical value in pathsim's units, and small enough that squares and
# products of two stay finite.
MAGNITUDE_LIMIT = 1e100
# Walkers of one run: indices and counts stay exact in float64 (JSON, params)
# and far from the int64 limit of the kernels' walker indices.
WALKERS_LIMIT = 2 ** 53


def check_int(name, value, minimum=None, maximum=None):
    """An integer (not bool) within [minimum, maximum]; returns it as int."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be an integer (got {value!r})")
    value = int(value)
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be >= {minimum} (got {value})")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be <= {maximum} (got {value})")
    return value


def check_real(name, value, lower=None, upper=None, lower_open=False,
               upper_open=False, allow_inf=False):
    """A real number within the stated range; returns it as float."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a real number (got {value!r})")
    value = float(value)
    if math.isnan(value) or (math.isinf(value) and not allow_inf):
        kind = "finite" if not allow_inf else "finite or inf"
        raise ValueError(f"{name} must be {kind} (got {value})")
    if lower is not None and (value < lower or (lower_open and value == lower)):
        op = ">" if lower_open else ">="
        raise ValueError(f"{name} must be {op} {lower} (got {value})")
    if upper is not None and (value > upper or (upper_open and value == upper)):
        op = "<" if upper_open else "<="
        raise ValueError(f"{name} must be {op} {upper} (got {value})")
    return value


def _numbers(name, values, what):
    """``values`` as a float array; strings (``"0.1"``, which numpy would
    convert), booleans and other objects are refused (ValueError naming
    ``name``)."""
    try:
        raw = np.asarray(values)
        if raw.dtype.kind == "O" and all(isinstance(x, numbers.Real) and not isinstance(
                x, bool) for x in raw.flat):   # e.g. Python integers beyond int64
            raw = raw.astype(float)
        if raw.dtype.kind not in "iuf":
            raise TypeError
        return raw.astype(float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be {what} (got {values!r:.80})") from None


def check_numbers(name, values, what="numbers"):
    """``values`` (any shape) as a float array; strings, booleans, complex
    numbers and other objects raise ValueError naming ``name`` ("``name``
    must be ``what``")."""
    return _numbers(name, values, what)


def check_grid(name, values, lower=None, upper=None, lower_open=False):
    """A non-empty 1-D array of finite reals within range (scalars allowed).

    Returns ``(array_1d, was_scalar)``.
    """
    arr = _numbers(name, values, "a number or a 1-D array of numbers")
    scalar = arr.ndim == 0
    arr = np.atleast_1d(arr)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D array "
                         f"(got shape {np.shape(values)})")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must contain only finite values (got {arr})")
    if lower is not None:
        bad = arr <= lower if lower_open else arr < lower
        if np.any(bad):
            op = ">" if lower_open else ">="
            raise ValueError(f"{name} must be {op} {lower} "
                             f"(got {arr[bad][0]})")
    if upper is not None and np.any(arr > upper):
        raise ValueError(f"{name} must be <= {upper} (got {arr[arr > upper][0]})")
    return arr, scalar


def check_array(name, value, low=None, *, strict=False, allow_inf=False, high=None):
    """Return ``value`` as a float array, or raise ValueError naming ``name``.

    The array counterpart of :func:`check_real`: any shape, and ``+inf``
    where a parameter may be infinite (used by :mod:`pathsim.theory`).

    NaN always fails; infinities fail unless ``allow_inf`` (then only +inf is
    accepted, and only when ``low`` is given); so do an empty array and
    finite values beyond :data:`MAGNITUDE_LIMIT` in magnitude.
    """
    arr = _numbers(name, value, "a number or an array of numbers")
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty (got shape {arr.shape})")
    finite = np.isfinite(arr)
    huge = finite & (np.abs(arr) > MAGNITUDE_LIMIT)
    if np.any(huge):
        raise ValueError(f"{name} must be within +-{MAGNITUDE_LIMIT:g} "
                         f"(got {float(arr[huge].flat[0])!r})")
    ok = finite | (allow_inf & (arr == np.inf))
    if low is not None:
        ok &= (arr > low) if strict else (arr >= low)
    if high is not None:
        ok &= arr < high
    if not np.all(ok):
        if high is not None:
            rule = f"in [{low:g}, {high:g})"
        elif low is not None:
            rule = f"{'>' if strict else '>='} {low:g}"
            rule = f"{rule} or inf" if allow_inf else f"finite and {rule}"
        else:
            rule = "finite"
        raise ValueError(f"{name} must be {rule} (got {float(arr[~ok].flat[0])!r})")
    return arr


def check_bool(name, value):
    """True or False (numpy's bools too); returns it as bool."""
    if not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name} must be True or False (got {value!r:.60})")
    return bool(value)


def check_path(name, value):
    """A file or folder name (str or os.PathLike), not empty; returns it."""
    if not isinstance(value, (str, os.PathLike)) or not str(os.fspath(value)):
        raise ValueError(f"{name} must be a file or folder name (got {value!r:.60})")
    return value


def check_instance(name, value, cls, how=""):
    """An instance of ``cls`` (else TypeError); ``how`` tells where one comes from."""
    if not isinstance(value, cls):
        raise TypeError(f"{name} must be a {cls.__name__}{how}, got {type(value).__name__}")
    return value


def check_choice(name, value, choices):
    """One of a fixed set of options."""
    if not isinstance(value, str) and all(isinstance(c, str) for c in choices) or (
            value not in choices):
        raise ValueError(f"{name} must be one of {sorted(choices)} (got {value!r})")
    return value


def normalize_seed(seed):
    """The one place a user seed becomes the kernels' 64-bit key.

    ``None`` draws fresh entropy from the operating system; the drawn value is
    returned so that it can be recorded with the results.
    """
    if seed is None:
        return int(np.random.SeedSequence().entropy % SEED_LIMIT)
    return check_int("seed", seed, 0, SEED_LIMIT - 1)


def read_toml(path, what):
    """Parse the TOML file ``path``; a missing or unreadable file raises
    ValueError naming ``what`` (e.g. "config file") and the path."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ValueError(f"{what} not found: {path}") from None
    except UnicodeDecodeError as exc:
        raise ValueError(f"cannot read {what} {path}: not UTF-8 text (byte {exc.start}: "
                         f"{exc.reason})") from None
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"cannot read {what} {path}: {exc}") from None


def _probe_write(name, folder):
    """Refuse (ValueError) a folder this process cannot create files in.

    Tried, not inferred from the mode bits (root may write a 0500 folder; a
    read-only or virtual file system refuses everyone).  The probe is an
    unnamed temporary file (``O_TMPFILE`` where the system has it): nothing
    is left behind."""
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        raise ValueError(f"{name}: cannot write in {folder} "
                         f"({exc.strerror or exc})") from None


def check_new_file(name, path, suffix=None):
    """A file that can be written at ``path``: not an existing folder, in an
    existing folder that can be written, ending in ``suffix`` (if given).
    Writes nothing; returns ``path``."""
    if os.path.isdir(path):
        raise ValueError(f"{name}: {path} is a folder; give a file name"
                         + (f" ending in {suffix}" if suffix else ""))
    if os.path.exists(path) and not os.path.isfile(path):
        raise ValueError(f"{name}: {path} exists and is not a regular file")
    if suffix is not None and not str(path).endswith(suffix):
        raise ValueError(f"{name} must end in {suffix} (got {str(path)!r})")
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.exists(folder):
        raise ValueError(f"{name}: folder does not exist: {folder}")
    if not os.path.isdir(folder):
        raise ValueError(f"{name}: {folder} is not a folder")
    _probe_write(name, folder)
    return path


def check_folder(name, path):
    """A folder that files can be written in: an existing folder, or one that
    can be created (the nearest existing parent is a writable folder).
    Writes nothing; returns ``path``."""
    if os.path.exists(path) and not os.path.isdir(path):
        raise ValueError(f"{name}: {path} exists and is not a folder")
    existing = os.path.abspath(path)
    while not os.path.exists(existing):
        existing = os.path.dirname(existing)
    if not os.path.isdir(existing):
        raise ValueError(f"{name}: cannot create {path}: {existing} is not a folder")
    _probe_write(name, existing)
    return path


def check_input_file(name, path, content=None):
    """A file that can be read at ``path``: exists, a regular file (not a
    folder, not a device), readable, not empty; with ``content="npz"`` a zip
    archive (numpy's ``.npz``), with ``content="text"`` UTF-8 text (a
    byte-order mark allowed).  Reads at most the file; returns ``path``."""
    import codecs
    import zipfile

    if not os.path.exists(path):
        raise ValueError(f"{name}: file not found: {path}")
    if os.path.isdir(path):
        raise ValueError(f"{name}: {path} is a folder, not a file")
    if not os.path.isfile(path):
        raise ValueError(f"{name}: {path} is not a regular file")
    try:
        with open(path, "rb") as handle:
            head = handle.read(4)
            if not head:
                raise ValueError(f"{name}: {path} is empty")
            if content == "npz" and not zipfile.is_zipfile(handle):
                raise ValueError(f"{name}: {path} is not a .npz file (not a zip archive, "
                                 "or truncated)")
            if content == "text":
                handle.seek(0)
                decoder = codecs.getincrementaldecoder("utf-8-sig")()
                offset = 0
                for block in iter(lambda: handle.read(1 << 20), b""):
                    try:
                        decoder.decode(block)
                    except UnicodeDecodeError as exc:
                        raise ValueError(f"{name}: {path} is not UTF-8 text (byte "
                                         f"{offset + exc.start}: {exc.reason})") from None
                    offset += len(block)
                try:
                    decoder.decode(b"", final=True)
                except UnicodeDecodeError:
                    raise ValueError(f"{name}: {path} is not UTF-8 text "
                                     "(ends inside a character)") from None
    except OSError as exc:
        raise ValueError(f"{name}: cannot read {path}: {exc.strerror or exc}") from None
    return path
