"""Memory and time of a wave run, estimated before it starts.

A 3D transfer-matrix bar of width 200 carries frames of N = 40 000 columns
(tens of GB); a 3D box of 100^3 sites is a dense 10^6 x 10^6 matrix (8 TB).
:func:`estimate` gives the peak memory and a wall time of a run of
:mod:`pathsim.wave.runs` from its parameters alone; :func:`check_memory`
refuses (ValueError naming the size parameter) a run that cannot fit in the
machine's memory (:func:`machine_memory`), before any allocation.

The times are upper estimates from the rates measured on the 2-core
development machine (one thread; numba kernels and LAPACK), rounded up:

- transfer matrices: 1e-6 + 3e-8 N^2 + 1e-10 N^3 s per slice, for a bar of
  2 xi / rel_error^2 slices (measured 0.8 to 2 xi / rel_error^2), xi taken
  at its weak-disorder upper value N x 105 / W^2 (1D: xi = 105 / W^2);
- recursive Green's functions: 1.5e-9 L N^3 s per realization;
- dense eigenvalues: 1.2e-10 N^3 s per box (4x with a flux: complex).
"""
import math
import os

BATCH = 64  # realizations per conductance kernel call (progress bar granularity)
BATCHES = 32            # batch means for the error of a bar's exponent
MIN_BLOCKS = 2 * BATCHES
BLOCK_SLICES = 64       # slices of a bar's block; rounded to a multiple of the QR interval

# the bar's own cap (transfer.lyapunov_blocks's max_slices default)
MAX_SLICES = 10 ** 9


def machine_memory():
    """Bytes of memory this process may use: the physical memory, or a
    smaller container (cgroup) limit; None if unknown."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        total = None
    for path in ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"):
        try:
            with open(path) as handle:
                text = handle.read().strip()
        except OSError:
            continue
        if text.isdigit() and (total is None or int(text) < total):
            total = int(text)
    return total


def _sites(dim, width):
    return width ** (dim - 1)


def xi_slices(dim, width, disorder, rel_error):
    """Slices a bar needs to reach ``rel_error`` (an upper estimate), and
    whether it exceeds the bar's cap :data:`MAX_SLICES`."""
    xi = max(1.0, _sites(dim, width) * 105.0 / max(disorder, 1e-300) ** 2)
    slices = max(MIN_BLOCKS * BLOCK_SLICES, 2.0 * xi / rel_error ** 2)
    return min(slices, MAX_SLICES), slices > MAX_SLICES


def estimate(kind, p, realizations=1):
    """Peak bytes and seconds of a wave run.

    Parameters
    ----------
    kind : {"xi", "conductance", "levels"}
    p : dict
        The run's parameters, complete and checked
        (:func:`pathsim.wave.runs.check`).
    realizations : int
        Samples of a conductance or level run.

    Returns
    -------
    (bytes, seconds) : (float, float)
    """
    complex_ = p.get("flux", 0.0) != 0.0
    if kind == "xi":
        n = float(_sites(p["dim"], p["width"]))
        item = 16.0 if complex_ else 8.0
        slices, _ = xi_slices(p["dim"], p["width"], p["disorder"], p["rel_error"])
        blocks = slices / BLOCK_SLICES
        memory = 8.0 * n * n * item + 8.0 * n * blocks / 2.0
        seconds = slices * (1e-6 + 3e-8 * n * n + 1e-10 * n ** 3)
        return memory, seconds
    if kind == "conductance":
        n = float(_sites(p["dim"], p["width"]))
        batch = min(realizations, BATCH)
        memory = (2.0 * batch + 8.0) * n * n * 16.0 + 8.0 * p["length"] * n
        seconds = realizations * (1e-4 + 1.5e-9 * p["length"] * n ** 3)
        return memory, seconds
    n = float(p["size"]) ** p["dim"]
    item = 16.0 if complex_ else 8.0
    memory = 3.0 * n * n * item
    seconds = realizations * (1e-3 + (4.0 if complex_ else 1.0) * 1.2e-10 * n ** 3)
    return memory, seconds


def size_text(nbytes):
    """``3.2 GB``: bytes in decimal units."""
    for unit, size in (("PB", 1e15), ("TB", 1e12), ("GB", 1e9), ("MB", 1e6)):
        if nbytes >= size:
            return f"{nbytes / size:.3g} {unit}"
    return f"{nbytes / 1e3:.3g} kB"


# the parameter that sets each kind's size, named in the refusal
_SIZE = dict(xi="width", conductance="width", levels="size")


def check_memory(kind, p, realizations=1, available=None):
    """ValueError naming the size parameter if the run needs more memory
    than the machine has (``available`` bytes, default
    :func:`machine_memory`); returns the (bytes, seconds) estimate."""
    memory, seconds = estimate(kind, p, realizations)
    available = machine_memory() if available is None else available
    if available is not None and memory > available:
        name = _SIZE[kind]
        sizes = f"{name} = {p[name]}" + (f", length = {p['length']}" if kind == "conductance"
                                         else "")
        verb = "need" if kind == "conductance" else "needs"
        raise ValueError(f"{sizes} in {p['dim']}D {verb} about "
                         f"{size_text(memory)} of memory, more than this machine's "
                         f"{size_text(available)}")
    if not math.isfinite(seconds):
        raise ValueError(f"{_SIZE[kind]} = {p[_SIZE[kind]]}: the run would not end")
    return memory, seconds
