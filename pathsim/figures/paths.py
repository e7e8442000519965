"""A closed loop of one walker and its time-reversed twin (illustration).

The walk is drawn with plain NumPy (exponential flights of mean l, isotropic
directions, units l = 1).  The scattering event r_n (n >= 2) nearest to the
origin closes the loop r_0 = 0 -> r_1 -> ... -> r_n -> 0: the straight flight
back is the return that the next-event estimator scores
(:ref:`theory-estimator`).  The loop and its twin, which visits the same
scatterers in the reverse order, enclose the same signed area A with
opposite circulation; in a field b = B / B_tr their Aharonov-Bohm phases
are +-b A / 2, so the pair interferes with the relative phase b A (A in
l^2; :ref:`theory-aharonov-bohm`).
"""
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from matplotlib.patches import FancyArrowPatch, Polygon

from .._files import atomic_path
from . import _style

NAME = "paths"
DEFAULT_SEED = 3921     # a ten-flight loop that is easy to follow
DEFAULT_B = 0.25        # field of the annotation, units B_tr (|bA| < pi here)
FLIGHTS = 45            # flights in the whole walk


@dataclass(frozen=True)
class LoopWalk:
    """One walk and the loop it closes.

    Attributes
    ----------
    points : ndarray, shape (FLIGHTS + 1, 2)
        Scattering events r_0 = 0, r_1, ... (units l).
    n : int
        Index of the event that closes the loop (n >= 2).
    area : float
        Signed area of the polygon r_0 ... r_n (shoelace formula, units l^2;
        > 0 counter-clockwise).
    """

    points: np.ndarray
    n: int
    area: float

    @property
    def loop(self):
        """The closed polygon r_0, ..., r_n, r_0, shape (n + 2, 2)."""
        return np.vstack((self.points[: self.n + 1], self.points[:1]))

    @property
    def length(self):
        """Length of the loop including the return flight (units l)."""
        return float(np.linalg.norm(np.diff(self.loop, axis=0), axis=1).sum())


def signed_area(polygon):
    """Shoelace area of a polygon given by its vertices (closing edge implied)."""
    x, y = np.asarray(polygon, dtype=float).T
    return 0.5 * float(np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y))


def loop_walk(seed=None, flights=FLIGHTS):
    """Walk ``flights`` exponential flights from the origin and close a loop.

    Parameters
    ----------
    seed : int, optional
        Seed of :func:`numpy.random.default_rng` (default :data:`DEFAULT_SEED`).
    flights : int
        Number of flights (>= 2).
    """
    if isinstance(flights, bool) or not isinstance(flights, (int, np.integer)) or flights < 2:
        raise ValueError(f"flights must be an integer >= 2 (got {flights!r})")
    rng = np.random.default_rng(DEFAULT_SEED if seed is None else seed)
    length = rng.exponential(1.0, flights)
    angle = rng.uniform(0.0, 2.0 * np.pi, flights)
    steps = length[:, None] * np.column_stack((np.cos(angle), np.sin(angle)))
    points = np.vstack(([0.0, 0.0], np.cumsum(steps, axis=0)))
    n = 2 + int(np.argmin(np.hypot(*points[2:].T)))
    return LoopWalk(points=points, n=n, area=signed_area(points[: n + 1]))


def phases(area, b):
    """Flux and phases of a loop of signed area ``area`` (l^2) at field ``b``.

    Returns ``(flux, delta_phi)``: Phi / Phi0 = b A / (4 pi) with
    Phi0 = h / e (since B_tr l^2 = hbar / (2e)), and the twins' relative phase
    2 pi Phi / Phi0 - (-2 pi Phi / Phi0) = b A, in rad.
    """
    return b * area / (4.0 * np.pi), b * area


def _offset(polygon, distance):
    """The closed polyline moved sideways (to its left) by about ``distance``.

    Each vertex moves along the bisector of its two edges' normals by
    ``distance``, so the copy runs beside the loop and stays close to it at
    sharp turns instead of shooting out in a mitre spike.
    """
    pts = polygon[:-1]
    d = np.diff(np.vstack((pts, pts[:1])), axis=0)
    normal = np.column_stack((-d[:, 1], d[:, 0])) / np.linalg.norm(d, axis=1).clip(1e-12)[:, None]
    bisector = normal + np.roll(normal, 1, axis=0)
    norm = np.linalg.norm(bisector, axis=1)
    bisector = np.where(norm[:, None] > 1e-9, bisector / norm.clip(1e-12)[:, None], normal)
    moved = pts + distance * bisector
    return np.vstack((moved, moved[:1]))


def _arrows(ax, polygon, color, forward=True, at=0.5, min_edge=0.0):
    """Arrowheads at a fraction ``at`` of every edge longer than ``min_edge``,
    pointing in the direction of travel."""
    for p, q in zip(polygon[:-1], polygon[1:]):
        if np.linalg.norm(q - p) < min_edge:
            continue
        if not forward:
            p, q = q, p
        mid = p + at * (q - p)
        tip = mid + 0.04 * (q - p) / max(np.linalg.norm(q - p), 1e-12)
        ax.add_patch(FancyArrowPatch(mid, tip, arrowstyle="-|>", mutation_scale=14,
                                     color=color, linewidth=0, zorder=5))


def describe(walk, b):
    """The annotation text: flights, length, area, flux and phase difference."""
    flux, dphi = phases(walk.area, b)
    return (f"loop: {walk.n} scatterings, {walk.n + 1} flights,\n"
            f"length $L$ = {walk.length:.1f} $l$ (the same for the twin)\n"
            f"signed area $A$ = {walk.area:+.2f} $l^2$ (shoelace;\n"
            f"  {'counter-clockwise' if walk.area > 0 else 'clockwise'} loop, twin opposite)\n"
            f"at $b = B/B_{{tr}}$ = {b:g}:\n"
            f"  flux $\\Phi = BA$ = {flux:+.3f} $h/e$\n"
            f"  phases $\\pm bA/2$ (loop, twin)\n"
            f"  difference $bA$ = {dphi:+.2f} rad")


def draw(ax, seed=None, b=DEFAULT_B, walk=None, info_ax=None):
    """Draw the walk, its loop, the twin and the annotations on ``ax``.

    Parameters
    ----------
    ax : matplotlib Axes
    seed : int, optional
        Seed of the walk (default :data:`DEFAULT_SEED`).
    b : float
        Field B / B_tr used in the annotation.
    walk : LoopWalk, optional
        A walk from :func:`loop_walk` (overrides ``seed``).
    info_ax : matplotlib Axes, optional
        Where to put the legend and the numbers (an empty axes beside
        ``ax``; it is switched off).  Default: inside ``ax``.

    Returns
    -------
    LoopWalk
    """
    walk = loop_walk(seed) if walk is None else walk
    loop, pts = walk.loop, walk.points
    loop_color, twin_color = _style.COLORS[0], _style.COLORS[1]
    span = np.ptp(loop, axis=0).max()

    ax.plot(*pts[walk.n:].T, color="0.7", lw=0.9, zorder=1, marker="o", ms=2.5,
            label="rest of the walk")
    ax.add_patch(Polygon(loop[:-1], closed=True, facecolor=loop_color, alpha=0.15,
                         edgecolor="none", zorder=0, label="enclosed area $A$"))
    ax.plot(*loop[-2:].T, color="#F0E442", lw=7, solid_capstyle="round", zorder=2,
            label=f"return flight $r_{{{walk.n}}} \\to r_0$\n(scored by the next-event estimator)")
    ax.plot(*loop.T, color=loop_color, lw=1.8, zorder=4,
            label=f"loop $r_0 \\to r_1 \\to \\dots \\to r_{{{walk.n}}} \\to r_0$")
    twin = _offset(loop, 0.025 * span * np.sign(walk.area or 1.0))
    ax.plot(*twin.T, color=twin_color, lw=1.8, ls=(0, (4, 1.5)), zorder=4,
            label="time-reversed twin: same scatterers\n"
                  f"in reverse order $r_0 \\to r_{{{walk.n}}} \\to \\dots \\to r_1 \\to r_0$")
    _arrows(ax, loop, loop_color, forward=True, at=0.4, min_edge=0.12 * span)
    _arrows(ax, twin, twin_color, forward=False, at=0.6, min_edge=0.12 * span)
    ax.plot(*loop[1:-1].T, "o", color="black", ms=3.5, zorder=6)
    ax.plot(0.0, 0.0, marker="*", color="black", ms=13, zorder=7, linestyle="none",
            label="start and end $r_0 = 0$")
    centre = loop[:-1].mean(axis=0)
    for k in (1, walk.n):
        away = loop[k] - centre
        away = away / max(np.linalg.norm(away), 1e-12)
        ax.annotate(f"$r_{{{k}}}$", loop[k], xytext=10 * away, textcoords="offset points",
                    ha="center", va="center", fontsize=10, zorder=8)

    pad = 0.12 * span
    ax.set_xlim(loop[:, 0].min() - pad, loop[:, 0].max() + pad)
    ax.set_ylim(loop[:, 1].min() - pad, loop[:, 1].max() + pad)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xlabel("$x$ / $l$ (mean free paths)")
    ax.set_ylabel("$y$ / $l$")

    text = describe(walk, b)
    if info_ax is None:
        ax.legend(loc="lower right", fontsize=9, frameon=True, framealpha=0.9)
        ax.text(0.02, 0.98, text, transform=ax.transAxes, va="top", ha="left", fontsize=9,
                zorder=9, bbox=dict(boxstyle="round", fc="white", ec="0.7", alpha=0.9))
    else:
        info_ax.set_axis_off()
        handles, labels = ax.get_legend_handles_labels()
        info_ax.legend(handles, labels, loc="upper left", fontsize=9, frameon=False,
                       borderaxespad=0.0)
        info_ax.text(0.0, 0.0, text, transform=info_ax.transAxes, va="bottom",
                     ha="left", fontsize=9.5, linespacing=1.35)
    return walk


def make(out_dir, quick=False, seed=None, progress=None, b=DEFAULT_B):
    """Write ``paths.png`` and ``paths.pdf`` into ``out_dir``.

    Parameters
    ----------
    out_dir : str or Path
        Output folder (created if missing).
    quick, progress
        Accepted for the common interface of the figures; the illustration
        costs nothing either way.
    seed : int, optional
        Seed of the walk (default :data:`DEFAULT_SEED`).
    b : float
        Field B / B_tr of the flux and phase annotation.

    Returns
    -------
    list of Path
    """
    with _style.style():
        fig, (ax, info) = _style.figure(1, 2, gridspec_kw=dict(width_ratios=(1.45, 1.0)))
        draw(ax, seed=seed, b=b, info_ax=info)
        fig.suptitle("A closed loop and its time-reversed twin: same scatterers, same length,\n"
                     f"opposite circulation (one walk of {FLIGHTS} exponential flights, "
                     f"seed {DEFAULT_SEED if seed is None else seed})", fontsize=10.5)
        return _style.save(fig, out_dir, NAME)


def animate(path_gif, seed=None, b=DEFAULT_B, frames=48, fps=12, size=4.0, dpi=80):
    """Write a GIF of the walker tracing the loop while its twin runs it backwards.

    Both start at the origin at the same moment and return together (same
    length); at the end the enclosed area and the phase difference b A are
    shown.  Written atomically.

    Parameters
    ----------
    path_gif : str or Path
        Output file (``.gif``).
    seed : int, optional
        Seed of the walk (default :data:`DEFAULT_SEED`).
    b : float
        Field B / B_tr of the phase annotation.
    frames : int
        Frames of the tracing (>= 2); a few more hold the final picture.
    fps : int
        Frames per second.
    size, dpi : float
        Figure side in inches and resolution (the GIF is size * dpi pixels
        square).

    Returns
    -------
    Path
    """
    from matplotlib.animation import PillowWriter

    if isinstance(frames, bool) or not isinstance(frames, int) or frames < 2:
        raise ValueError(f"frames must be an integer >= 2 (got {frames!r})")
    walk = loop_walk(seed)
    loop = walk.loop
    edge = np.linalg.norm(np.diff(loop, axis=0), axis=1)
    arc = np.concatenate(([0.0], np.cumsum(edge)))

    def along(polyline, cum, s):
        """Vertices of ``polyline`` up to arc length ``s``, plus the point there."""
        k = int(np.searchsorted(cum, s, side="right"))
        k = min(max(k, 1), len(cum) - 1)
        frac = (s - cum[k - 1]) / max(cum[k] - cum[k - 1], 1e-12)
        head = polyline[k - 1] + frac * (polyline[k] - polyline[k - 1])
        return np.vstack((polyline[:k], head))

    span = np.ptp(loop, axis=0).max()
    # The twin runs beside the loop (as in the figure), in the reverse order.
    twin = _offset(loop, 0.025 * span * np.sign(walk.area or 1.0))[::-1]
    arc_twin = np.concatenate(([0.0], np.cumsum(edge[::-1])))
    hold = max(frames // 4, 2)
    dphi = phases(walk.area, b)[1]

    with _style.style():
        fig, ax = _style.figure(figsize=(size, size + 0.3))
        loop_color, twin_color = _style.COLORS[0], _style.COLORS[1]
        ax.plot(*loop[1:-1].T, "o", color="black", ms=3)
        ax.plot(0.0, 0.0, marker="*", color="black", ms=11, linestyle="none",
                label="start, end")
        area = Polygon(loop[:-1], closed=True, facecolor=loop_color, alpha=0.0,
                       edgecolor="none")
        ax.add_patch(area)
        trace, = ax.plot([], [], color=loop_color, lw=2.0, label="loop")
        trace_t, = ax.plot([], [], color=twin_color, lw=2.0, ls=(0, (4, 1.5)), label="twin")
        dot, = ax.plot([], [], "o", color=loop_color, ms=8)
        dot_t, = ax.plot([], [], "o", color=twin_color, ms=8)
        title = ax.set_title(" \n ", fontsize=9.5)
        pad = 0.08 * span
        ax.set_xlim(loop[:, 0].min() - pad, loop[:, 0].max() + pad)
        ax.set_ylim(loop[:, 1].min() - pad, loop[:, 1].max() + pad)
        ax.set_aspect("equal")
        ax.set_xlabel("$x$ / $l$", labelpad=1)
        ax.set_ylabel("$y$ / $l$", labelpad=1)
        fig.legend(loc="outside lower center", ncol=3, fontsize=9, handlelength=1.8)

        def update(i):
            s = arc[-1] * min(i / (frames - 1), 1.0)
            a, t = along(loop, arc, s), along(twin, arc_twin, s)
            trace.set_data(*a.T)
            trace_t.set_data(*t.T)
            dot.set_data([a[-1, 0]], [a[-1, 1]])
            dot_t.set_data([t[-1, 0]], [t[-1, 1]])
            if i >= frames - 1:
                area.set_alpha(0.2)
                title.set_text(f"both back at t = {arc[-1]:.1f} $\\tau$; "
                               f"A = {walk.area:+.2f} $l^2$\n"
                               f"phase difference $bA$ = {dphi:+.2f} rad at b = {b:g}")
            else:
                area.set_alpha(0.0)
                title.set_text(f"loop and twin leave the origin together\n"
                               f"t = {s:4.1f} $\\tau$")

        # Lay the figure out once: re-running constrained layout on every
        # frame would triple the cost of the GIF.
        fig.canvas.draw()
        fig.set_layout_engine("none")

        def write(tmp):
            writer = PillowWriter(fps=fps)
            with writer.saving(fig, tmp, dpi):
                for i in range(frames + hold):
                    update(i)
                    writer.grab_frame()

        return Path(atomic_path(path_gif, write))
