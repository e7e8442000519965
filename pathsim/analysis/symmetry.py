"""Symmetry in the field: read-backs merged, the centre of symmetry found,
R(B) and R(-B) put on one grid.

The quantity measured (R, sigma) is even in the field about its centre B0
(Onsager; a field offset B0 comes from a magnet's remanence or a Hall
probe's zero).  :func:`find_center` finds B0 by least squares: each point
on one side against the other side interpolated at the mirror field,
linearised in B0 and iterated; its standard error comes from the scatter of
those differences.  Read-backs (rows at the same field) are averaged first.
"""
import numpy as np


def _tolerance(f):
    span = np.ptp(f) if f.size > 1 else abs(f[0]) if f.size else 1.0
    return 1e-9 * max(span, 1e-300)


def merge_readbacks(f, v, e=None):
    """Sort by field and average rows whose fields agree to 1e-9 of the
    span (errors combined as the error of the mean)."""
    order = np.argsort(f, kind="stable")
    f, v = f[order], v[order]
    e = None if e is None else e[order]
    if f.size == 0:
        return f, v, e
    new = np.concatenate(([True], np.diff(f) > _tolerance(f)))
    ids = np.cumsum(new) - 1
    n = np.bincount(ids)
    fm = np.bincount(ids, f) / n
    if e is None:
        return fm, np.bincount(ids, v) / n, None
    w = 1.0 / e ** 2
    return fm, np.bincount(ids, v * w) / np.bincount(ids, w), 1.0 / np.sqrt(np.bincount(ids, w))


def _mirror_residuals(f, v, b0):
    """Points with B > b0 minus the negative side interpolated at the mirror
    field 2 b0 - B (inside the overlap)."""
    pos = f > b0
    neg = ~pos
    fn, vn = f[neg], v[neg]
    mirror = 2.0 * b0 - f[pos]
    inside = (mirror >= fn.min()) & (mirror <= fn.max()) if fn.size > 1 else np.zeros(0, bool)
    if fn.size < 2 or inside.sum() < 3:
        return None
    return v[pos][inside] - np.interp(mirror[inside], fn, vn)


def find_center(f, v):
    """The centre of symmetry B0 of v(f) and its standard error (f's unit).

    ValueError if one side has fewer than 3 points overlapping the other."""
    f, v, _ = merge_readbacks(np.asarray(f, float), np.asarray(v, float))
    if not (np.sum(f > 0) >= 3 and np.sum(f < 0) >= 3):
        raise ValueError("--recenter needs at least 3 fields of each sign")
    reach = 0.25 * min(f.max(), -f.min())
    grid = np.linspace(-reach, reach, 201)
    costs = []
    for b0 in grid:
        r = _mirror_residuals(f, v, b0)
        costs.append(np.inf if r is None else float(r @ r) / r.size)
    b0 = float(grid[int(np.argmin(costs))])
    step = grid[1] - grid[0]
    err = np.inf
    for _ in range(20):                       # Gauss-Newton on the mirror residuals
        r = _mirror_residuals(f, v, b0)
        h = 0.05 * step
        up, down = _mirror_residuals(f, v, b0 + h), _mirror_residuals(f, v, b0 - h)
        if r is None or up is None or down is None or up.size != r.size or down.size != r.size:
            break
        jac = (up - down) / (2 * h)
        jj = float(jac @ jac)
        if jj == 0:
            break
        delta = -float(jac @ r) / jj
        delta = float(np.clip(delta, -step, step))
        b0 += delta
        err = float(np.sqrt((r @ r) / max(1, r.size - 1) / jj))
        if abs(delta) < 1e-6 * max(err, 1e-300):
            break
    if not np.isfinite(err):
        raise ValueError("--recenter: the data do not determine the centre of symmetry")
    return b0, err


def symmetrize(f, v, e, mode):
    """(|B|, value, error, notes) after ``mode``: ``average`` (the side with
    more points is the grid, the other interpolated to it, the two
    averaged, within the fields both sides reach), ``positive`` or
    ``negative`` (one side), ``none`` (every point at |B|)."""
    f, v, e = merge_readbacks(f, v, e)
    notes = []
    zero = np.abs(f) <= _tolerance(f) * 1e3
    if mode == "none":
        out = merge_readbacks(np.abs(f), v, e)
        return (*out, ["both field signs fitted as |B| (not symmetrized)"]
                if np.any(f < 0) and np.any(f > 0) else [])
    if mode in ("positive", "negative"):
        keep = zero | ((f > 0) if mode == "positive" else (f < 0))
        notes.append(f"{mode} fields only")
        return (*merge_readbacks(np.abs(f[keep]), v[keep], None if e is None else e[keep]),
                notes)
    pos, neg = (f > 0) | zero, (f < 0) | zero
    grid_side, other = (pos, neg) if pos.sum() >= neg.sum() else (neg, pos)
    g, gv = np.abs(f[grid_side]), v[grid_side]
    o, ov = np.abs(f[other]), v[other]
    order = np.argsort(o)
    o, ov = o[order], ov[order]
    inside = g <= o.max()
    g, gv = g[inside], gv[inside]
    value = 0.5 * (gv + np.interp(g, o, ov))
    err = None
    if e is not None:
        ge = e[grid_side][inside]
        oe = e[other][order]
        err = 0.5 * np.hypot(ge, np.interp(g, o, oe))
    notes.append(f"R(B) and R(-B) averaged on {g.size} fields")
    out = merge_readbacks(g, value, err)
    return (*out, notes)
