"""The loop tally: a histogram of return times and enclosed areas.

Every closed loop found by the next-event estimator is binned by its return
time T (logarithmic bins) and by the modulus of its signed area |A| (uniform
bins whose width grows with T, so that every row resolves the area
distribution of loops of that duration equally well).  Because the
interference factor cos(b A) is even in A and the dephasing factor
exp(-T/tau_phi) depends on T only, this one tally gives the weak-localization
correction for any field and any tau_phi chosen after the run
(:mod:`pathsim.results.interference`).

Resolution, and why it is enough
--------------------------------
* Time: ``bins_per_decade`` (default 64) logarithmic bins from ``t_min`` to the
  cut-off, plus one row [0, t_min).  Dephasing is evaluated at each row's
  weighted mean return time, so the error is of second order in the relative
  bin width (3.6 %): below 1e-4 of the exp(-T/tau_phi) factor.
* Area: ``area_bins`` (default 128) bins on [0, A_max(T)], with A_max the
  smaller of the isoperimetric bound T^2/(4 pi) (no loop of length T encloses
  more) and 10 D T, twenty standard widths of Levy's area law (the weight
  beyond it is below 1e-13 and is kept in an overflow column).  The leading
  binning error of cos(b A), a factor sinc(b dA / 2), is divided out when the
  tally is evaluated.
* Field directions (3D): one such histogram per direction n, of the
  projected area n . A.  Where walls confine the plane of an area component
  to a width w, that component grows only as w sqrt(D T) (its spread is
  about w sqrt(D T / 6)), and its rows are sized 10 w sqrt(2 D T) instead, so
  that a film in a parallel field or a wire is resolved as finely as the
  plane.

All lengths in units of the mean free path l, times in units of tau = l / v.
"""
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class LoopGrid:
    """Bin layout of the loop tally.

    Parameters
    ----------
    t_cut : float
        Largest return time tallied (units of tau).
    t_min : float
        Upper edge of the first time row [0, t_min) (units of tau).
    bins_per_decade : int
        Logarithmic time bins per decade above ``t_min``.
    area_bins : int
        Uniform bins of |A| in every time row.
    diffusion : float
        Diffusion constant used to size the area rows (units of l^2 / tau).
    directions : tuple of (x, y, z)
        Unit field directions, one histogram each (default: z only).
    widths : tuple of 3 floats or None
        Extent of each axis (None: unconfined), to size the rows.
    isoperimetric : bool
        Cap the rows at T^2 / (4 pi).  Frozen fields of hard impurities turn
        it off: their loops are closed by a chord (and, with isotropic
        re-emission, cross each impurity they visit), so the perimeter
        exceeds the length T that sets the time.
    area_floor : float
        Smallest row range (l^2), for the same loops at the shortest times.
    """

    t_cut: float
    t_min: float = 0.01
    bins_per_decade: int = 64
    area_bins: int = 128
    diffusion: float = 0.5
    directions: tuple = ((0.0, 0.0, 1.0),)
    widths: tuple = (None, None, None)
    isoperimetric: bool = True
    area_floor: float = 0.0

    def __post_init__(self):
        # lists from JSON become tuples, so that grids compare and hash
        object.__setattr__(self, "directions",
                           tuple(tuple(float(c) for c in n) for n in self.directions))
        object.__setattr__(self, "widths", tuple(
            None if w is None else float(w) for w in self.widths))

    @property
    def n_dir(self):
        return len(self.directions)

    @property
    def n_time(self):
        decades = np.log10(self.t_cut / self.t_min)
        return 1 + max(1, int(np.ceil(decades * self.bins_per_decade)))

    @property
    def time_edges(self):
        """Row edges, shape (n_time + 1,); the first row starts at 0."""
        upper = self.t_min * 10.0 ** (np.arange(self.n_time) / self.bins_per_decade)
        return np.concatenate(([0.0], upper))

    @property
    def time_centers(self):
        """Geometric row centres (arithmetic for the first row)."""
        e = self.time_edges
        c = np.sqrt(e[1:] * np.maximum(e[:-1], 0.0))
        c[0] = 0.5 * e[1]
        return c

    @property
    def area_max(self):
        """Largest |n . A| binned in each row, shape (n_dir, n_time) (units of l^2)."""
        t_hi = self.time_edges[1:]
        free = 10.0 * self.diffusion * t_hi
        inf = np.inf
        width = [inf if w is None else w for w in self.widths]
        # the area component along axis c lies in the plane of the other two
        plane = [min(width[1], width[2]), min(width[0], width[2]), min(width[0], width[1])]
        scale = [np.minimum(free, 10.0 * p * np.sqrt(2.0 * self.diffusion * t_hi))
                 if np.isfinite(p) else free for p in plane]
        out = np.empty((self.n_dir, t_hi.size))
        for k, n in enumerate(self.directions):
            out[k] = sum(abs(c) * sc for c, sc in zip(n, scale) if c != 0.0)
        if self.isoperimetric:
            out = np.minimum(t_hi ** 2 / (4.0 * np.pi), out)
        return np.maximum(out, self.area_floor)

    @property
    def area_width(self):
        """Width of the area bins of each row, shape (n_dir, n_time)."""
        return self.area_max / self.area_bins

    def area_centers(self, row, direction=0):
        """Centres of the |A| bins of one time row."""
        return (np.arange(self.area_bins) + 0.5) * self.area_width[direction, row]

    def row_of(self, t):
        """Index of the time row containing each t."""
        t = np.asarray(t, dtype=float)
        rows = np.searchsorted(self.time_edges, t, side="right") - 1
        return np.clip(rows, 0, self.n_time - 1)

    def kernel_args(self):
        """The scalars and arrays the jitted walk needs to bin a loop
        (the last, 1 / bin width, has shape (n_dir, n_time))."""
        return (self.t_min, np.log(self.t_min), self.bins_per_decade / np.log(10.0),
                1.0 / self.area_width)

    def to_dict(self):
        """The grid as plain values (stored with a result).

        Returns
        -------
        dict
            The constructor's arguments: time cut-off and first row (tau),
            bins per decade, area bins, diffusion constant (l^2 / tau), field
            directions, widths (l) and the area-row limits.
        """
        return dict(
            t_cut=self.t_cut,
            t_min=self.t_min,
            bins_per_decade=self.bins_per_decade,
            area_bins=self.area_bins,
            diffusion=self.diffusion,
            directions=[list(n) for n in self.directions],
            widths=list(self.widths),
            isoperimetric=self.isoperimetric,
            area_floor=self.area_floor,
        )
