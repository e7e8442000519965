"""The explorer: one self-contained interactive HTML page for teaching.

:func:`explore` runs pathsim (:mod:`.data`: a 2D walk, the same with spin
settings on a tally axis, a 3D bulk, a film and a wire), takes every
observable the page shows from the runs' tallies on a grid of tau_phi and
fields, and writes a Bokeh page (:mod:`.page`) with every JavaScript
library inlined: it opens offline, from disk or a web server, with no
Python behind it.  Bokeh is an optional dependency (the ``explore`` extra),
imported only here when a page is written.
"""
import os

from .._files import atomic_write
from .._validate import check_new_file

__all__ = ["explore", "MAX_BYTES"]

# The page must stay below this size (bytes).
MAX_BYTES = 15 * 1024 * 1024


def explore(path, *, quick=False, seed=0, threads=None, progress=None):
    """Write the explorer page to ``path``.

    Parameters
    ----------
    path : str or path-like
        The HTML file to write (atomically; its folder must exist).
    quick : bool
        Small runs: a page in seconds (about 10,000 walkers in 2D, tau_phi
        up to 30 tau).  The default runs take a few minutes on 2 cores
        (200,000 walkers in 2D, tau_phi up to 300 tau; see
        :data:`pathsim.explorer.data.WORKLOADS`).
    seed : int
        Seed of every run (the page states it).
    threads : int, optional
        numba threads (default: all).
    progress : bool, optional
        Progress bars of the runs (default: on a terminal).

    Returns
    -------
    dict
        The page's data (:func:`pathsim.explorer.data.page_data`): the
        values the sliders select, each the Python API's value at that
        grid point.

    Raises
    ------
    ImportError
        Without Bokeh (``pip install "pathsim[explore]"``).
    ValueError
        If ``path`` does not end in ``.html`` or cannot be written (a
        folder, a missing or read-only folder), before any run.
    """
    path = check_new_file("path", os.fspath(path), ".html")
    try:
        from . import page
    except ImportError as exc:
        raise ImportError("pathsim explore needs Bokeh: pip install \"pathsim[explore]\" "
                          f"({exc})") from exc
    from . import data as page_data

    runs = page_data.make_runs(quick=quick, seed=seed, threads=threads, progress=progress)
    values = page_data.page_data(runs, quick)
    text = page.render(values)
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        raise RuntimeError(f"explorer page of {size} bytes exceeds {MAX_BYTES}")
    atomic_write(path, lambda handle: handle.write(text), text=True)
    return values
