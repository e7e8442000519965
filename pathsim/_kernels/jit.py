"""The one place for numba settings.

``cache=True`` keeps compiled kernels on disk so that a second run does not
recompile.  ``fastmath`` is deliberately off: it may reorder the tally sums and
drop NaN checks, which would change results bit for bit between builds.
"""
import numba

JIT = dict(cache=True, nogil=True, fastmath=False)
PARALLEL_JIT = dict(JIT, parallel=True)

jit = numba.njit(**JIT)
parallel_jit = numba.njit(**PARALLEL_JIT)
# small helpers of the hot loops, inlined at the numba IR level
inline_jit = numba.njit(inline="always", **JIT)


def set_threads(threads):
    """Set the numba thread count; ``None`` keeps the current setting."""
    if threads is not None:
        numba.set_num_threads(int(threads))
    return numba.get_num_threads()


def max_threads():
    """Number of threads numba was configured with at start-up."""
    return numba.config.NUMBA_NUM_THREADS
