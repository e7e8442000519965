"""The explorer's numbers: pathsim runs made when the page is built, and the
arrays the page shows, taken from their tallies.

One run's loop tallies give every tau_phi and every field afterwards, so
the page answers a slider by picking a precomputed grid point: each value
on the page is the Python API's value at that setting
(:meth:`pathsim.results.SimulationResult.magnetoconductance`,
:meth:`~pathsim.results.SimulationResult.delta_sigma`), with its standard
error, beside :mod:`pathsim.theory`.

Units: l = v = tau = 1; fields b = B / B_tr; conductivity corrections in
G0 = e^2 / (pi h) (2D; G0 / l in 3D, G0 l for a 2D strip's delta_sigma W;
a film's delta_sigma w is a sheet value in G0).
"""
import time

import numpy as np

from .. import theory
from ..theory.spin import hln_so
from .._version import __version__
from ..figures import paths
from ..run import simulate

# Runs of the page: walkers and tau_phi_max (tau).  "quick" builds in
# seconds, the default in a few minutes on 2 cores.
WORKLOADS = {
    True: dict(plain=(10_000, 30.0), spin=(3_000, 30.0), geometry=(2_000, 30.0)),
    False: dict(plain=(200_000, 300.0), spin=(30_000, 300.0), geometry=(30_000, 300.0)),
}
# tau_phi grid points (log-spaced from 1 tau to tau_phi_max), fields (0 and
# log-spaced b = B / B_tr from B_MIN to B_MAX).
N_TAU = {True: 7, False: 13}
N_B = 33
B_MIN, B_MAX = 1e-4, 1.0
# Elliott-Yafet spin relaxation times of the spin panel (tau; None: no spin-orbit).
TAU_SO = (None, 1000.0, 300.0, 100.0, 30.0, 10.0, 3.0)
# The geometries of the selector: label -> simulate() keywords and unit.
FILM_THICKNESS = 4.0
WIRE_WIDTH = 8.0
GEOMETRIES = {
    "2D plane": (None, "G0"),
    "3D bulk": (dict(dim=3), "G0 / l"),
    f"film, {FILM_THICKNESS:g} l thick (3D, specular walls)":
        (dict(dim=3, geometry="film", thickness=FILM_THICKNESS, walls="specular"),
         "G0 (sheet: w \u03b4\u03c3)"),
    f"wire, {WIRE_WIDTH:g} l wide (2D strip, diffuse walls)":
        (dict(dim=2, geometry="wire", width=WIRE_WIDTH, walls="diffuse"),
         "G0 l (W \u03b4\u03c3)"),
}
# Where the geometry panel draws a diffusive theory (film, wire): fields
# b <= DIFFUSIVE_B_MAX (l_m >= 4.5 l) and tau_phi >= DIFFUSIVE_TAU_MIN
# (L_phi >= 3.9 l in 2D).  Below, diffusion theory counts loops of a few l
# that the walk does not make: in the plane HLN is 1.3x the exact theory at
# tau_phi = 30, 1.9x at 10 (see docs/guide/explorer.md for the measured
# film and wire).
DIFFUSIVE_B_MAX = 0.1
DIFFUSIVE_TAU_MIN = 30.0
# Seeds of the walks of the loop panel (pathsim.figures.paths.loop_walk).
LOOP_SEEDS = (paths.DEFAULT_SEED, 1, 2, 5, 7, 11, 13, 17, 19, 23, 29, 31)


def grids(quick):
    """The tau_phi grid (tau) and the field grid b = B / B_tr of a page."""
    tau_max = WORKLOADS[quick]["plain"][1]
    tau = np.geomspace(1.0, tau_max, N_TAU[quick])
    b = np.concatenate(([0.0], np.geomspace(B_MIN, B_MAX, N_B - 1)))
    return tau, b


def make_runs(quick=False, seed=0, threads=None, progress=None):
    """The runs of a page, by name: ``"plain"`` (the 2D walk), ``"spin"``
    (the 2D walk with one spin setting per :data:`TAU_SO` on its tally
    axis) and one per geometry of :data:`GEOMETRIES` after the plane.

    Every run has ``seed``; the same arguments give the same runs bit for
    bit, whatever ``threads``.
    """
    work = WORKLOADS[quick]
    tau, b = grids(quick)
    common = dict(seed=seed, threads=threads, progress=progress, tau_phi=tau, b=b)
    runs = {"plain": simulate(work["plain"][0], tau_phi_max=work["plain"][1], **common)}
    settings = [{} if t is None else dict(tau_so=t) for t in TAU_SO]
    runs["spin"] = simulate(work["spin"][0], tau_phi_max=work["spin"][1], spin=settings,
                            **common)
    for label, (kwargs, _) in list(GEOMETRIES.items())[1:]:
        runs[label] = simulate(work["geometry"][0], tau_phi_max=work["geometry"][1],
                               **common, **kwargs)
    return runs


def _pair(value, err):
    return {"value": np.asarray(value).tolist(), "err": np.asarray(err).tolist()}


def _loops():
    """The walks of the loop panel: loop polygon, its twin drawn beside it
    (units l) and the signed area (l^2)."""
    out = []
    for s in LOOP_SEEDS:
        walk = paths.loop_walk(s)
        loop = walk.loop
        span = np.ptp(loop, axis=0).max()
        twin = paths._offset(loop, 0.025 * span * np.sign(walk.area or 1.0))
        out.append(dict(seed=int(s), area=walk.area, length=walk.length, n=int(walk.n),
                        loop_x=loop[:, 0].tolist(), loop_y=loop[:, 1].tolist(),
                        twin_x=twin[:, 0].tolist(), twin_y=twin[:, 1].tolist()))
    return out


def _diffusive(law, b, tau):
    """``law(b, tau)`` (shape (n_tau, n_b)) where the diffusive theories
    apply (:data:`DIFFUSIVE_B_MAX`, :data:`DIFFUSIVE_TAU_MIN`), None
    elsewhere: a nested list for the page."""
    rows, cols = tau >= DIFFUSIVE_TAU_MIN, (b > 0.0) & (b <= DIFFUSIVE_B_MAX)
    out = np.full((len(tau), len(b)), None, dtype=object)
    out[rows, 0] = 0.0
    if rows.any():
        out[np.ix_(rows, cols)] = law(b[cols], tau[rows])
    return out.tolist()


def _geometry_theory(kwargs, b, tau, exact_mc):
    """The theory curve of one geometry (None where it is not drawn), its
    legend label and the sentence the page shows about it."""
    shown = (f"drawn for B \u2264 {DIFFUSIVE_B_MAX:g} B_tr and tau_phi \u2265 "
             f"{DIFFUSIVE_TAU_MIN:g} tau")
    if kwargs is None:
        return (exact_mc, "exact 2D theory",
                "exact 2D theory (pathsim.theory.exact_2d): the walk's own model, valid at "
                "every B and tau_phi.")
    if kwargs.get("geometry") == "film":
        law = _diffusive(lambda bb, tt: theory.film_diffusive(
            bb, tt, FILM_THICKNESS, D=theory.D_3D, direction="perpendicular"), b, tau)
        return (law, f"diffusive film theory ({shown})",
                "diffusive film theory (pathsim.theory.film_diffusive, perpendicular field: "
                "valid for l \u226a w, l \u226a L_phi, l_m), " + shown + ".")
    if kwargs.get("geometry") == "wire":
        law = _diffusive(lambda bb, tt: theory.strip_diffusive(bb, tt, WIRE_WIDTH), b, tau)
        return (law, f"diffusive strip theory ({shown})",
                "diffusive strip theory (pathsim.theory.strip_diffusive, any W / L_phi: "
                "valid for l \u226a W, l \u226a L_phi, l_m), " + shown + ".")
    return None, "no theory", "no theory curve: pathsim.theory has no 3D field law."


def page_data(runs, quick):
    """The arrays the page shows, from the runs' tallies (JSON-ready).

    Keys: ``tau_phi``, ``b`` (grids); ``mc`` (plane: delta_sigma(B) -
    delta_sigma(0), shape (n_tau, n_b)), ``ds`` (plane: delta_sigma(B),
    same shape), ``hln`` and ``exact`` (theory of both); ``spin``: per
    setting ``mc`` and ``hln_so``; ``geometry``: per label ``mc`` (times
    the cross-section, see :data:`GEOMETRIES`), ``unit``, ``theory`` (None
    where there is no closed form here; a diffusive theory holds None at
    the points where it is not drawn, see :data:`DIFFUSIVE_B_MAX`),
    ``theory_label`` (its legend), ``theory_note`` (which theory, where it
    holds and where it is drawn) and ``diffusive``; ``loops``; ``made``:
    how the page was made.  Each ``value``/``err`` pair is the API's value and its
    standard error.
    """
    tau, b = grids(quick)
    plain = runs["plain"]
    data = dict(tau_phi=tau.tolist(), b=b.tolist())
    data["mc"] = _pair(*plain.magnetoconductance(b, tau))
    data["ds"] = _pair(*plain.delta_sigma(b, tau))
    data["hln"] = theory.hln(b, tau).tolist()
    exact = theory.exact_2d(b, tau)
    data["exact_mc"] = (exact - exact[:, :1]).tolist()
    data["exact_ds"] = exact.tolist()

    spin = []
    for t_so, part in zip(TAU_SO, runs["spin"].spin_results()):
        spin.append(dict(tau_so=t_so, mc=_pair(*part.magnetoconductance(b, tau)),
                         ds=_pair(*part.delta_sigma(0.0, tau)),
                         hln_so=hln_so(b, tau, tau_so=t_so).tolist()))
    data["spin"] = spin

    geometry = {}
    for label, (kwargs, unit) in GEOMETRIES.items():
        run = plain if kwargs is None else runs[label]
        value, err = run.magnetoconductance(b, tau)
        per = run.cross_section
        law, legend, note = _geometry_theory(kwargs, b, tau, data["exact_mc"])
        geometry[label] = dict(mc=_pair(value * per, err * per), unit=unit, theory=law,
                               theory_label=legend, theory_note=note,
                               diffusive=kwargs is not None and law is not None,
                               description=run.params["description"])
    data["geometry"] = geometry
    data["loops"] = _loops()
    data["made"] = dict(
        version=__version__, quick=bool(quick),
        date=time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        runs={name: dict(walkers=int(r.n_walkers), seeds=list(r.params.get(
            "seeds", [r.params["seed"]])), tau_phi_max=r.params["tau_phi_max"],
            description=r.params["description"], wall_time_s=round(r.wall_time, 2))
            for name, r in runs.items()})
    return data
