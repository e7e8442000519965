"""Shared look and plumbing of the figures: style, axes, error bands, saving.

Figures are built on :class:`matplotlib.figure.Figure` with an Agg canvas and
never through ``pyplot``, so making them changes no global matplotlib state
(backend, open figures) of the caller; the style is applied with
:func:`matplotlib.rc_context` around the construction only.
"""
import contextlib
from pathlib import Path

import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .._files import atomic_path

FIGSIZE = (6.5, 4.5)     # inches: one column of a page, readable at 100 %
DPI = 150                # PNG resolution (about 975 x 675 pixels)

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
THEORY = "0.25"          # grey for theory curves drawn once per panel

RC = {
    "font.size": 10,
    "axes.titlesize": 10.5,
    "axes.labelsize": 11,
    "xtick.labelsize": 9.5,
    "ytick.labelsize": 9.5,
    "legend.fontsize": 9,
    "legend.frameon": False,
    "lines.linewidth": 1.5,
    "lines.markersize": 4.5,
    "errorbar.capsize": 2.0,
    "axes.prop_cycle": matplotlib.cycler(color=COLORS),
    "pdf.fonttype": 42,       # embed TrueType: text stays text in the PDF
    "savefig.dpi": DPI,
}

# Fixed metadata, so the same run gives the same bytes (no creation dates).
_METADATA = {"png": {"Software": None}, "pdf": {"CreationDate": None, "Producer": None}}


@contextlib.contextmanager
def style():
    """Apply the figure style (fonts >= 9 pt, colours) inside the block."""
    with matplotlib.rc_context(RC):
        yield


def figure(nrows=1, ncols=1, figsize=FIGSIZE, **subplot_kw):
    """A constrained-layout figure on an Agg canvas and its axes.

    Call inside :func:`style`.  Extra keywords go to ``Figure.subplots``
    (``gridspec_kw``, ``sharex``...).
    """
    fig = Figure(figsize=figsize, layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(nrows, ncols, squeeze=True, **subplot_kw)
    return fig, axes


def errorbar(ax, x, y, err, color=None, label=None, marker="o", **kw):
    """Simulation points with 1-sigma error bars; NaN points are skipped."""
    x, y, err = (np.asarray(a, dtype=float) for a in (x, y, err))
    ok = np.isfinite(y) & np.isfinite(err)
    kw.setdefault("linestyle", "none")
    kw.setdefault("markerfacecolor", "white" if marker not in ("none", "") else None)
    kw.setdefault("markeredgewidth", 1.2)
    kw.setdefault("elinewidth", 1.2)
    return ax.errorbar(x[ok], y[ok], yerr=err[ok], color=color, label=label,
                       marker=marker, zorder=3, **kw)


def band(ax, x, y, err, color=None, label=None, alpha=0.25, **kw):
    """A line with a shaded 1-sigma band; NaN points are skipped."""
    x, y, err = (np.asarray(a, dtype=float) for a in (x, y, err))
    ok = np.isfinite(y) & np.isfinite(err)
    line, = ax.plot(x[ok], y[ok], color=color, label=label, zorder=3, **kw)
    ax.fill_between(x[ok], (y - err)[ok], (y + err)[ok], color=line.get_color(),
                    alpha=alpha, linewidth=0, zorder=2)
    return line


def run_note(run):
    """'N walkers, seed s' for titles: what reproduces the figure."""
    return f"{run.n_walkers:,} walkers, seed {run.params['seed']}"


def save(fig, out_dir, name, formats=("png", "pdf")):
    """Write ``<name>.png`` (at :data:`DPI`) and ``<name>.pdf`` into ``out_dir``
    atomically; returns the paths."""
    out_dir = Path(out_dir)
    paths = []
    for fmt in formats:
        target = out_dir / f"{name}.{fmt}"
        atomic_path(target, lambda tmp, fmt=fmt: fig.savefig(
            tmp, format=fmt, dpi=DPI, metadata=_METADATA.get(fmt)))
        paths.append(target)
    return paths


class _PlainLogFormatter(matplotlib.ticker.LogFormatterSciNotation):
    """Log-axis labels as plain numbers (0.1, 30, 1000) instead of 10^n.

    Which ticks get a label is decided as by matplotlib's default (minor
    ticks are labelled only on axes spanning about a decade or less).
    """

    def __call__(self, x, pos=None):
        return f"{x:g}" if super().__call__(x, pos) else ""


def log_ticks(ax, axis="x"):
    """Plain-number labels on a log axis (major and, where shown, minor)."""
    target = getattr(ax, f"{axis}axis")
    target.set_major_formatter(_PlainLogFormatter())
    target.set_minor_formatter(_PlainLogFormatter(labelOnlyBase=False,
                                                  minor_thresholds=(2, 0.5)))
