"""A table of pathsim's simulated weak-localization correction, for models
that need it at many (tau_phi, B) points: the synthetic experiment and
:func:`pathsim.analysis.disentangle` (``wl="simulation"``).

Built once from a 2D :class:`~pathsim.results.SimulationResult`: the
zero-field correction delta_sigma(0, tau_phi) on a grid of tau_phi and the
magnetoconductance delta_sigma(b, tau_phi) - delta_sigma(0, tau_phi) on a
(tau_phi, b) grid, kept as per-block sums of the run's independent blocks of
walkers, so that every value has its Monte Carlo error and the table can be
re-evaluated with one block left out (the delete-one jackknife, Efron 1982,
which carries the table's correlated errors into a fit).

Interpolation, in log variables: what is interpolated is the simulation
minus the diffusive theory (HLN, Hikami, Larkin & Nagaoka 1980), which is
small and smooth; the theory is added back exactly.  The zero-field part
``delta_sigma(0) + ln(tau_phi)`` by a cubic spline in ln tau_phi; the
magnetoconductance residual by a bicubic spline in (ln tau_phi, ln b).
Below the smallest tabulated field the residual is continued as b^2 (both
the magnetoconductance and its non-diffusive correction start as b^2).
Units: tau_phi in tau, b = B / B_tr, conductivities in e2pih = e^2 / (pi h).
"""
import numpy as np

from .._validate import check_array, check_int
from ..theory._common import hln_of_ratio
from ._shared import jackknife_err, zero_subtracted_block_sums
from .blocks import BlockGrid

__all__ = ["WLTable"]


def _hln_mc(tau_phi, b):
    return hln_of_ratio(b * tau_phi)


class WLTable:
    """Simulated weak localization on a (tau_phi, b) grid with block sums.

    Parameters
    ----------
    tau_phi : array_like
        Increasing grid of tau_phi (tau), at least 4 values.
    b : array_like
        Increasing grid of fields B / B_tr (> 0), at least 4 values.
    zero_sums : ndarray, shape (K, n_tau)
        Per-block sums of delta_sigma(0, tau_phi) times walkers.
    mc_sums : ndarray, shape (K, n_tau, n_b)
        Per-block sums of the magnetoconductance times walkers.
    walkers : ndarray, shape (K,)
        Walkers per block.
    """

    def __init__(self, tau_phi, b, zero_sums, mc_sums, walkers):
        tau_phi = check_array("tau_phi", tau_phi, 0.0, strict=True).ravel()
        b = check_array("b", b, 0.0, strict=True).ravel()
        for name, grid in (("tau_phi", tau_phi), ("b", b)):
            if grid.size < 4 or np.any(np.diff(grid) <= 0):
                raise ValueError(f"{name} grid must be increasing with at least 4 values")
        self.blocks = BlockGrid(dict(tau_phi=tau_phi, b=b),
                                dict(zero=(("tau_phi",), zero_sums),
                                     mc=(("tau_phi", "b"), mc_sums)), walkers, "wl-table")
        self.tau_phi, self.b = tau_phi, b
        self.walkers = self.blocks.walkers
        self._splines = {}

    @property
    def zero_sums(self):
        return self.blocks.sums("zero")

    @property
    def mc_sums(self):
        return self.blocks.sums("mc")

    @classmethod
    def from_result(cls, result, tau_phi, b):
        """Tabulate a 2D run (``tau_phi`` up to its ``tau_phi_max``)."""
        if result.params["dim"] != 2:
            raise ValueError("the weak-localization table needs a 2D run")
        tau_phi = check_array("tau_phi", tau_phi, 0.0, strict=True).ravel()
        b = check_array("b", b, 0.0, strict=True).ravel()
        mc, zero = zero_subtracted_block_sums(result, b, tau_phi)
        return cls(tau_phi, b, zero, mc, result.walkers)

    @classmethod
    def simulate(cls, walkers, tau_phi, b, seed=0, blocks=16, truncation=6.0):
        """Run :func:`pathsim.simulate` (2D, no spin) and tabulate it."""
        from ..run import simulate

        check_int("walkers", walkers, 2)
        tau_phi = check_array("tau_phi", tau_phi, 0.0, strict=True).ravel()
        result = simulate(walkers, seed=seed, tau_phi_max=float(tau_phi.max()),
                          tau_phi=[float(tau_phi.max())], b=[0.0], truncation=truncation,
                          blocks=blocks, progress=False)
        return cls.from_result(result, tau_phi, b)

    @classmethod
    def for_data(cls, tau_phi_range, b_max, walkers, seed=0, blocks=16, n_tau=14, n_b=14):
        """A table covering tau_phi in ``tau_phi_range`` (tau; widened by 2
        on each side) and fields up to ``b_max`` (B_tr; times 1.5) on log
        grids, from one run of ``walkers`` walkers."""
        lo, hi = (float(x) for x in tau_phi_range)
        if not 0 < lo <= hi:
            raise ValueError(f"tau_phi range must be positive and increasing (got {lo:g}, {hi:g})")
        b_max = float(b_max)
        if not b_max > 0:
            raise ValueError(f"b_max must be > 0 (got {b_max:g})")
        taus = np.geomspace(max(lo / 2.0, 2.0), 2.0 * hi, n_tau)
        fields = np.geomspace(1.5 * b_max / 300.0, 1.5 * b_max, n_b)
        return cls.simulate(walkers, taus, fields, seed=seed, blocks=blocks)

    @property
    def n_blocks(self):
        return self.walkers.size

    def _means(self, drop):
        return self.blocks.mean("zero", drop), self.blocks.mean("mc", drop)

    def _spline(self, drop):
        if drop not in self._splines:
            from scipy import interpolate
            zero, mc = self._means(drop)
            u, v = np.log(self.tau_phi), np.log(self.b)
            zs = interpolate.CubicSpline(u, zero + u)
            resid = mc - _hln_mc(self.tau_phi[:, None], self.b[None, :])
            ms = interpolate.RectBivariateSpline(u, v, resid, kx=3, ky=3)
            self._splines[drop] = (zs, ms)
        return self._splines[drop]

    def check(self, tau_phi, b):
        """ValueError if some (tau_phi, b) lies outside the table."""
        tau_phi, b = np.asarray(tau_phi, dtype=float), np.asarray(b, dtype=float)
        lo, hi = self.tau_phi[0], self.tau_phi[-1]
        if np.any(tau_phi < lo * (1 - 1e-12)) or np.any(tau_phi > hi * (1 + 1e-12)):
            raise ValueError(f"tau_phi from {tau_phi.min():.4g} to {tau_phi.max():.4g} tau is "
                             f"outside the table's {lo:.4g} .. {hi:.4g}")
        if np.any(b > self.b[-1] * (1 + 1e-12)) or np.any(b < 0):
            raise ValueError(f"B/B_tr up to {b.max():.4g} is outside the table's 0 .. "
                             f"{self.b[-1]:.4g}")

    def __call__(self, tau_phi, b, drop=None, strict=True):
        """delta_sigma(b, tau_phi) in e2pih, zero-field part included
        (interpolated; ``drop``: leave that block out).  ``strict=False``
        (a fit's trial points) continues the residual beyond the table as
        constant instead of refusing: the theory part stays exact."""
        tau_phi, b = np.broadcast_arrays(np.asarray(tau_phi, dtype=float),
                                         np.abs(np.asarray(b, dtype=float)))
        if strict:
            self.check(tau_phi, b)
        zs, ms = self._spline(drop)
        u = np.log(np.clip(tau_phi, self.tau_phi[0], self.tau_phi[-1]))
        bb = np.clip(b, self.b[0], self.b[-1])
        resid = ms.ev(u, np.log(bb)) * np.where(b < self.b[0], (b / self.b[0]) ** 2, 1.0)
        return zs(u) - np.log(tau_phi) + _hln_mc(tau_phi, b) + resid

    def stderr(self, tau_phi, b):
        """Delete-one jackknife standard error of :meth:`__call__`."""
        return jackknife_err(np.array([self(tau_phi, b, k) for k in range(self.n_blocks)]))

    def save(self, path):
        """Write the table (npz), atomically and with the user's usual
        permissions (:class:`~pathsim.analysis.blocks.BlockGrid`)."""
        return self.blocks.save(path)

    @classmethod
    def load(cls, path):
        """Read a table written by :meth:`save`; ValueError naming the file
        if it is not one (missing, empty, corrupt, mis-shaped)."""
        grid = BlockGrid.read(path, "wl-table", "weak-localization table")
        try:
            return cls(grid.axes["tau_phi"], grid.axes["b"], grid.sums("zero"), grid.sums("mc"),
                       grid.walkers)
        except (KeyError, ValueError) as exc:
            raise ValueError(f"cannot read {path} as a weak-localization table: {exc}") from None

    def __repr__(self):
        return (f"WLTable(tau_phi {self.tau_phi[0]:g}..{self.tau_phi[-1]:g} tau "
                f"({self.tau_phi.size}), b {self.b[0]:g}..{self.b[-1]:g} ({self.b.size}), "
                f"{int(self.walkers.sum())} walkers in {self.n_blocks} blocks)")
