"""A frozen impurity field, one returning path and its time-reversed twin.

The seed article's picture taken literally (:ref:`theory-frozen`): hard disks
at fixed random positions (:mod:`pathsim.model.impurities`), an electron that
leaves the start disk, bounces specularly from disk to disk and hits the
start disk again (:func:`pathsim.run.frozen.find_loops`).  The twin runs the same
disks in the reverse order: same length, hence the same dynamical phase
k_F L, and the opposite enclosed area (shaded), hence the opposite
Aharonov-Bohm phase.
"""
import numpy as np
from matplotlib.collections import PatchCollection
from matplotlib.patches import Circle, Polygon

from ..run import find_loops
from ..model import impurity_field
from . import _style
from .paths import _arrows, _offset, signed_area

NAME = "impurity_loop"
RADIUS = 0.1            # disk radius, l: n a^2 = 0.05, dense enough to see the disks
WALKERS = 400
T_MAX = 12.0
DEFAULT_SEED = 17


def pick_loop(loops, min_bounces=4, max_bounces=9):
    """Index of the roundest loop (largest |A| / L^2) among those that bounce
    off ``min_bounces`` to ``max_bounces`` different disks, each once, between
    leaving and reaching the start disk; None if there is none."""
    best, score = None, -1.0
    for i in range(len(loops)):
        ids, _ = loops.sequence(i)
        inner = [tuple(row) for row in ids[1:-1]]
        if not min_bounces <= len(inner) <= max_bounces or len(set(inner)) < len(inner) \
                or (0, 0, 0, 0) in inner:
            continue
        value = abs(loops.column("area_z")[i]) / loops.column("time")[i] ** 2
        if value > score:
            best, score = i, value
    return best


def make(out_dir, quick=False, seed=None, progress=None):
    """Write ``impurity_loop.png`` and ``impurity_loop.pdf`` into ``out_dir``.

    ``quick`` and ``progress`` are accepted for the common interface (the
    picture costs a fraction of a second either way).
    """
    seed = DEFAULT_SEED if seed is None else seed
    field = impurity_field(2, RADIUS)
    loops = find_loops(field, WALKERS, t_max=T_MAX, seed=seed)
    i = pick_loop(loops)
    if i is None:
        raise RuntimeError(f"no loop of 4 to 9 distinct disks in seed {seed}; try another seed")
    ids, _ = loops.sequence(i)
    path = loops.path(i)[:, :2]
    polygon = np.vstack((path, path[:1]))          # closed by the chord to P0
    area = signed_area(path)
    length = float(loops.column("time")[i])
    lo = path.min(axis=0) - 0.4
    hi = path.max(axis=0) + 0.4
    imps = loops.impurities([lo[0], lo[1], 0.0], [hi[0], hi[1], 0.0])
    on_loop = {tuple(int(v) for v in row) for row in ids}
    visited = np.array([tuple(int(v) for v in row[3:]) in on_loop for row in imps])

    with _style.style():
        aspect = (hi[1] - lo[1]) / (hi[0] - lo[0])
        fig, ax = _style.figure(figsize=(6.8, min(9.0, 1.9 + 5.6 * aspect)))
        loop_color, twin_color = _style.COLORS[0], _style.COLORS[1]
        ax.add_collection(PatchCollection(
            [Circle(p, RADIUS) for p in imps[~visited, :2]], facecolor="0.82",
            edgecolor="0.55", linewidth=0.6, zorder=1))
        ax.add_collection(PatchCollection(
            [Circle(p, RADIUS) for p in imps[visited, :2]], facecolor="0.45",
            edgecolor="black", linewidth=0.8, zorder=2))
        ax.add_patch(Circle((0.0, 0.0), RADIUS, facecolor="#F0E442", edgecolor="black",
                            linewidth=1.0, zorder=3, label="start disk (loops begin "
                            "and end here)"))
        ax.add_patch(Polygon(path, closed=True, facecolor=loop_color, alpha=0.18,
                             edgecolor="none", zorder=0,
                             label=f"enclosed area $A$ = {area:+.2f} $l^2$"))
        span = np.ptp(path, axis=0).max()
        ax.plot(*polygon.T, color=loop_color, lw=1.6, zorder=4,
                label=f"returning path, length $L$ = {length:.2f} $l$")
        twin = _offset(polygon, 0.02 * span * np.sign(area or 1.0))
        ax.plot(*twin.T, color=twin_color, lw=1.6, ls=(0, (4, 1.5)), zorder=4,
                label="time-reversed twin: same disks in reverse\norder, same $L$, "
                      "area $-A$")
        _arrows(ax, polygon, loop_color, forward=True, at=0.4, min_edge=0.15 * span)
        _arrows(ax, twin, twin_color, forward=False, at=0.6, min_edge=0.15 * span)
        ax.plot([], [], "o", color="0.45", mec="black", label="disks the loop visits")
        ax.set_xlim(lo[0], hi[0])
        ax.set_ylim(lo[1], hi[1])
        ax.set_aspect("equal", adjustable="box")
        ax.set_xlabel("$x$ / $l$ (mean free paths)")
        ax.set_ylabel("$y$ / $l$")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.09), ncol=2, fontsize=8.5)
        ax.set_title(f"A frozen field of hard disks (radius {RADIUS:g} $l$, "
                     f"$na^2$ = {field.dilution:g}): a path that returns\nto its start "
                     f"disk after {len(ids) - 2} other bounces, and its twin "
                     f"(seed {seed}, walker {int(loops.column('walker')[i])})")
        return _style.save(fig, out_dir, NAME)
