"""Teaching picture: one loop and its time-reversed twin, with the spin
precessing along each (Rashba coupling, :ref:`theory-spin-orbit`).

The loop and its twin visit the same scatterers in opposite orders with
opposite momenta; a spin-orbit field odd in the momentum turns the twin's
spin the other way, so the twin's rotation is the inverse of the loop's and
the pair interferes with the weight s = (1/2) Tr(U_loop^dagger U_twin) =
cos(phi), phi the loop's rotation angle: random for long loops, with mean
-1/2 (antilocalization).  Arrows: the in-plane spin; colour: its z part.
"""
import numpy as np

from .._kernels.spin import flight, qdot, qmul
from ..model.spin import spin_setting, spin_table
from . import _style

NAME = "spin_loop"
THETA = 1.2            # Rashba angle per l
POINTS = np.array([[0.0, 0.0], [1.6, 0.3], [2.2, 1.7], [0.9, 2.6], [-0.6, 1.4]])


def _rotate(q, v):
    """The vector v turned by the rotation of quaternion q."""
    w, x, y, z = q
    u = np.array([x, y, z])
    return v + 2.0 * w * np.cross(u, v) + 2.0 * np.cross(u, np.cross(u, v))


def _spins(row, points, start, samples=7):
    """Positions and spin vectors along the closed polygon ``points``
    (flights only: no spin-orbit scattering), and the final rotation."""
    q = (1.0, 0.0, 0.0, 0.0)
    where, spins = [], []
    closed = np.vstack([points, points[:1]])
    for a, b in zip(closed[:-1], closed[1:]):
        step = b - a
        length = float(np.hypot(*step))
        c = step / length
        for f in np.linspace(0.0, 1.0, samples, endpoint=False):
            part = qmul(flight(row, c[0], c[1], f * length), q)
            where.append(a + f * step)
            spins.append(_rotate(part, start))
        q = qmul(flight(row, c[0], c[1], length), q)
    return np.array(where), np.array(spins), q


def make(out_dir, quick=False, seed=None, progress=None):
    """Write ``spin_loop.png`` and ``.pdf`` into ``out_dir`` (no simulation;
    ``quick``, ``seed`` and ``progress`` are accepted for the common call)."""
    row = spin_table([spin_setting(rashba=THETA)])[0]
    start = np.array([0.0, 0.0, 1.0])
    loop_at, loop_spin, q_loop = _spins(row, POINTS, start)
    twin_points = np.vstack([POINTS[:1], POINTS[:0:-1]])
    twin_at, twin_spin, q_twin = _spins(row, twin_points, start)
    s = qdot(q_loop, q_twin)
    phi = 2.0 * np.arccos(np.clip(abs(q_loop[0]), -1.0, 1.0))
    with _style.style():
        fig, axes = _style.figure(1, 2, figsize=(10.0, 4.8))
        for ax, at, spin, pts, title in (
                (axes[0], loop_at, loop_spin, POINTS, "loop"),
                (axes[1], twin_at, twin_spin, twin_points, "time-reversed twin")):
            closed = np.vstack([pts, pts[:1]])
            ax.plot(closed[:, 0], closed[:, 1], color="0.6", lw=1.2, zorder=1)
            ax.scatter(pts[1:, 0], pts[1:, 1], s=40, color="0.3", zorder=2,
                       label="scatterers")
            ax.scatter([0.0], [0.0], s=60, marker="*", color="k", zorder=3,
                       label="start and end")
            for i in range(len(pts)):
                a, b = closed[i], closed[i + 1]
                mid = 0.5 * (a + b)
                ax.annotate("", xy=mid + 0.08 * (b - a), xytext=mid,
                            arrowprops=dict(arrowstyle="->", color="0.4", lw=1.2))
            art = ax.quiver(at[:, 0], at[:, 1], spin[:, 0], spin[:, 1], spin[:, 2],
                            cmap="coolwarm", clim=(-1, 1), scale=9, width=0.006,
                            zorder=4)
            ax.set_aspect("equal")
            ax.set_xlim(-1.3, 3.0)
            ax.set_ylim(-0.8, 3.2)
            ax.set_xlabel("x / l")
            ax.set_title(f"{title}: spin starts along z")
        axes[0].set_ylabel("y / l")
        axes[0].legend(loc="lower right", fontsize=8)
        fig.colorbar(art, ax=axes, label="spin z component", shrink=0.8)
        fig.suptitle(f"Rashba precession ({THETA:g} rad per l): the twin turns back; "
                     f"loop angle phi = {phi:.2f}, pair weight s = cos(phi) = {s:+.3f}",
                     fontsize=10)
        return _style.save(fig, out_dir, NAME)
