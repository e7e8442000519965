"""Fit weak antilocalization: B_phi and B_so from a magnetoconductance curve.

Two diffusive models (2D, conductance in e^2 / (pi h), fields in the data's
unit; B_x = hbar / (4 e D tau_x) for a relaxation time tau_x; the B_so
definitions side by side: :mod:`pathsim.analysis.conventions`):

``"hln-so"``
    -2 alpha [(3/2) F(B / (B_phi + B_so)) - (1/2) F(B / B_phi)], F(x) =
    psi(1/2 + 1/x) + ln x: Hikami, Larkin & Nagaoka (1980) with isotropic
    spin-orbit scattering, B_so in pathsim's definition (HLN's own H_so is
    (3/4) B_so; :mod:`pathsim.theory.spin`).
``"ilp"``
    Iordanskii, Lyanda-Geller & Pikus (1994) for one linear D'yakonov-Perel
    term (Rashba or linear Dresselhaus alone), B_so = hbar / (4 e D tau_so)
    with 1 / tau_so the in-plane spin relaxation rate (Knap et al., PRB
    53, 3912 (1996)); :func:`pathsim.theory.spin.ilp`, times -2 alpha.
``"simulation"``
    pathsim's own ballistic simulation: a precomputed grid over B_so and
    B_phi, interpolated, its Monte Carlo error carried into the parameters
    by a jackknife over its blocks (:mod:`pathsim.analysis.wal_grid`).  It
    also depends on B / B_tr, so data in tesla need ``B_tr`` (T).
``"ballistic"``
    The ballistic theory of one linear term beyond the diffusion
    approximation (:func:`pathsim.theory.exact_spin.ballistic_magnetoconductance`,
    the model pathsim's spin walkers implement; :ref:`theory-ballistic-wal`),
    B_so in ILP's definition, which it approaches when B, B_phi and B_so are
    all << B_tr.  It depends on B / B_tr, so data in tesla need ``B_tr``.

``alpha`` is the prefactor of the singlet term as in HLN: -1/2 for one
channel (the default, fixed), -1 for two; with ``alpha="free"`` it is fitted
(the number of channels is -2 alpha).  The fit engine is
:mod:`pathsim.analysis.curvefit`.

The ILP sum over Landau levels needs about 50 (B_phi + B_so) / B levels; to
bound its memory and time on any data, fields below (B_phi + B_so) / 2000
take the asymptotic B^2 tail from that field (relative error ~1e-7).
"""
import os

import numpy as np

from .._validate import check_choice, check_real
from ..theory._common import hln_of_ratio as _f
from .curvefit import Model, joint_fit
from .fitresult import GroupFit, MeasurementFit, Param, build
from .hln import (as_measurement, check_fields, jackknife_fit, model_arguments, parse_alpha,
                  parse_background, parse_share)

MODELS = ("hln-so", "ilp", "simulation", "ballistic")
#: ILP: fields below (B_phi + B_so) / Y_CAP follow the B^2 tail (bounds the level count)
Y_CAP = 2000.0


def _hln_so(field, B_phi, B_so):
    return 1.5 * _f(field / (B_phi + B_so)) - 0.5 * _f(field / B_phi)


def _ilp(field, B_phi, B_so):
    """ILP at ``field`` (> 0 unit of B_phi) in the diffusive limit: the
    engine evaluated at a small B_phi / B_tr where it depends on B / B_phi
    and B_so / B_phi alone; the Landau-level count bounded (module docstring)."""
    from ..theory.spin import ilp
    field = np.abs(np.asarray(field, dtype=float))
    cut = (B_phi + B_so) / Y_CAP
    at = np.maximum(field, cut)
    ratio = B_so / B_phi
    g = min(1e-4, 5e-4 / max(ratio, 1.0), 1e-2 / max(at.max() / B_phi, 1.0))
    theta = np.sqrt(2.0 * ratio * g)
    with np.errstate(all="ignore"):
        value = ilp(at / B_phi * g, 1.0 / g, theta)
    return np.where(field < cut, value * (field / cut) ** 2, value)


def wal_model(field, B_phi, B_so, model="hln-so", alpha=-0.5):
    """The diffusive weak-antilocalization magnetoconductance of ``model``.

    Parameters
    ----------
    field : array_like
        Fields B, any sign (``|B|`` is used), in the unit of ``B_phi`` and
        ``B_so`` (tesla, or B_tr).
    B_phi : float
        Dephasing field hbar / (4 e D tau_phi), > 0.
    B_so : float
        Spin-orbit field, > 0: pathsim's definition for "hln-so", ILP's for
        "ilp" (:mod:`pathsim.analysis.conventions`).
    model : {"hln-so", "ilp"}
        HLN with spin-orbit scattering, or ILP for one linear
        D'yakonov-Perel term (module docstring).
    alpha : float
        Prefactor of the singlet term: -1/2 per channel.

    Returns
    -------
    ndarray
        delta_sigma(B) - delta_sigma(0) in e2pih = e^2/(pi h), 0 at B = 0,
        the shape of ``field``.
    """
    check_choice("model", model, MODELS[:2])
    if B_so is None:
        raise ValueError("B_so must be a real number > 0 (got None)")
    field, B_phi, alpha, _, B_so = model_arguments(field, B_phi, alpha, B_so=B_so)
    shape = _hln_so if model == "hln-so" else _ilp
    return -2.0 * alpha * shape(field, B_phi, B_so)


def _ballistic(B_tr, both=False):
    """The ballistic theory's magnetoconductance as a shape at fixed B_tr
    (``both``: of B_phi, B_so_R and B_so_D)."""
    from ..theory.exact_spin import ballistic_magnetoconductance

    if both:
        return lambda field, B_phi, B_so_R, B_so_D: ballistic_magnetoconductance(
            field, B_phi, B_so_R, B_tr, B_so_D=B_so_D)
    return lambda field, B_phi, B_so: ballistic_magnetoconductance(field, B_phi, B_so, B_tr)


def _shape(kind, B_tr=None, both=False):
    base = {"hln-so": _hln_so, "ilp": _ilp}.get(kind) or _ballistic(B_tr, both)
    return lambda field, *fields: -2.0 * base(np.abs(field), *fields)


def _b_tr_of(data, B_tr, model):
    """B_tr in the data's field unit: 1 for fields in B_tr, else given (T)."""
    if data.field_unit == "b":
        if B_tr not in (None, 1.0):
            raise ValueError(f"B_tr must be 1 (or omitted) for fields in B_tr (got {B_tr})")
        return 1.0
    if B_tr is None:
        raise ValueError(f"model {model!r} with fields in tesla needs B_tr (--b-tr), "
                         "hbar / (2 e l^2) of the sample in T")
    return check_real("B_tr", B_tr, lower=0.0, lower_open=True)


def fit_wal(field, dsigma=None, sigma_err=None, *, model="hln-so", field_unit="T",
            sigma_unit="e2pih", alpha=-0.5, background="none", share=None, grid=None,
            B_tr=None, b_tr=None, dresselhaus=False):
    """Fit B_phi and B_so to a weak-antilocalization magnetoconductance.

    Parameters
    ----------
    field, dsigma, sigma_err, field_unit, sigma_unit
        As :func:`pathsim.analysis.fit_hln` (arrays, or a Measurement alone).
    model : {"hln-so", "ilp", "simulation", "ballistic"}
        The diffusive theories, pathsim's simulation grid or the ballistic
        theory (module docstring).
    alpha : float, "free" or None
        Prefactor of the singlet term (-1/2 per channel, default); "free"
        or None fits it.
    background : {"none", "quadratic", "linear"}, bool or None
        As :func:`~pathsim.analysis.fit_hln` (None: "none").
    share : str or list, optional
        Parameters common to all groups, e.g. "B_so,alpha".
    grid : WALGrid or str, optional
        The simulation grid (or its ``.npz`` path) of ``model="simulation"``
        (:func:`pathsim.analysis.build_wal_grid`).
    B_tr, b_tr : float, optional
        hbar / (2 e l^2) in tesla (either name; ``b_tr`` as in
        :func:`~pathsim.analysis.fit_hln` and ``--b-tr``): needed by
        ``model="simulation"`` and ``"ballistic"`` with fields in tesla; for
        the diffusive models fields above it warn.
    dresselhaus : bool
        ``model="ballistic"`` only: fit Rashba and linear Dresselhaus
        together, ``(B_phi, B_so_R, B_so_D)``, each spin-orbit field in
        ILP's definition for its own term (angle ``sqrt(2 B_so / B_tr)``);
        :mod:`pathsim.analysis.wal_rd`.

    Returns
    -------
    MeasurementFit
        B_so in pathsim's definition for "hln-so", ILP's for "ilp" and
        "ballistic" (``b_so_definition``).
    """
    check_choice("model", model, MODELS)
    if not isinstance(dresselhaus, (bool, np.bool_)):
        raise ValueError(f"dresselhaus must be True or False (got {dresselhaus!r})")
    if dresselhaus and model != "ballistic":
        raise ValueError(f"dresselhaus=True belongs to model 'ballistic' (got model {model!r})")
    if B_tr is not None and b_tr is not None:
        raise ValueError("give B_tr or b_tr, not both")
    B_tr = B_tr if B_tr is not None else b_tr
    if B_tr is not None:
        B_tr = check_real("B_tr" if b_tr is None else "b_tr", B_tr, lower=0.0, lower_open=True)
    alpha = parse_alpha(alpha, None) if alpha is not None else None
    background = parse_background(background)
    data = as_measurement(field, dsigma, sigma_err, field_unit, sigma_unit)
    if model == "simulation":
        return _fit_simulation(data, grid, B_tr, alpha, background, share)
    if grid is not None:
        raise ValueError(f"grid belongs to model 'simulation' (got model {model!r})")
    if model == "ballistic":
        B_tr = _b_tr_of(data, B_tr, model)
        warnings = check_fields(data)          # the theory holds at any B / B_tr
    else:
        warnings = check_fields(data, B_tr if data.field_unit == "T" else None)
    offset = any(c.fit_offset for c in data.curves)
    center = any(c.signed is not None for c in data.curves)
    if dresselhaus:
        from .wal_rd import fit_two_terms
        return fit_two_terms(data, _shape(model, B_tr, both=True), _shape("hln-so"), B_tr,
                             alpha, background, offset, center, share, warnings)
    m = Model(model, _shape(model, B_tr), ("B_phi", "B_so"), alpha, background, offset,
              start_shape=_shape("hln-so"), center=center)
    shared = parse_share(share, m.names, len(data.curves))
    res = joint_fit(m, data.curves, shared)
    res["warnings"] = warnings + res["warnings"]
    return build(model, m, data.curves, res, data.field_unit, data.notes, data.group_name,
                 "pathsim" if model == "hln-so" else "ilp")


def _fit_simulation(data, grid, B_tr, alpha, background, share):
    """fit_wal with the simulation grid: one curve, alpha -1/2, no
    background or fitted offset (the grid is the whole model)."""
    from .wal_grid import WALGrid, fit_wal_grid

    if len(data.curves) != 1 or share:
        raise ValueError("model 'simulation' fits one curve (no group or share)")
    if (alpha != -0.5 or background != "none" or data.curves[0].fit_offset
            or data.curves[0].signed is not None):
        raise ValueError("model 'simulation' takes no alpha, background, fitted reference "
                         "or recentring")
    if grid is None:
        raise ValueError("model 'simulation' needs a grid (pathsim.analysis."
                         "build_wal_grid; --grid grid.npz)")
    if isinstance(grid, (str, os.PathLike)):
        grid = WALGrid.load(grid)
    B_tr = _b_tr_of(data, B_tr, "simulation")
    curve = data.curves[0]
    check_fields(data)
    if curve.ref is not None:
        raise ValueError("model 'simulation' needs delta_sigma data (values relative to "
                         "B = 0), not a zero-field reference point")
    values, data_err, grid_err, chi2 = fit_wal_grid(curve.field / B_tr, curve.value,
                                                    curve.err, grid)
    total = np.hypot(data_err, grid_err) * B_tr
    u = "T" if data.field_unit == "T" else "B_tr"
    params = {n: Param(n, values[k] * B_tr, total[k], u) for k, n in enumerate(("B_phi",
                                                                                "B_so"))}
    for k, p in enumerate(params.values()):
        if not np.isfinite(p.stderr) or p.stderr > p.value:
            p.reason = "relative error > 1"
    group = GroupFit(curve, params, chi2,
                     lambda f: _at(grid, np.abs(np.asarray(f, float)) / B_tr, values))
    dof = curve.field.size - 2
    scaled = "scatter" if curve.err is None else None
    fit = MeasurementFit("simulation", [group], data.field_unit, chi2, dof, scaled, [],
                         data.notes, b_so_definition=f"the grid's ({grid.kind})")
    for k, name in enumerate(("B_phi", "B_so")):
        group.__dict__[f"{name}_err_data"] = float(data_err[k] * B_tr)
        group.__dict__[f"{name}_err_grid"] = float(grid_err[k] * B_tr)
    return fit


def _at(grid, b, values):
    """The grid's model at fields b (B_tr) for (B_phi, B_so) = values (B_tr)."""
    return grid.model(b)(*values)


def fit_wal_simulation(result, b, tau_phi, model="hln-so"):
    """Fit a 2D spin run's magnetoconductance at one tau_phi (engine units).

    The values come from the fit with each point's own error; the errors of
    B_phi and B_so (units B_tr) are delete-one jackknife errors over the
    run's independent blocks of walkers, which include the correlations
    between the fields (as :func:`pathsim.analysis.fit_simulation`).

    Parameters
    ----------
    result : SimulationResult
        A 2D run with spin (:func:`pathsim.simulate` with ``spin=``).
    b : array_like
        Fields in B_tr, > 0 (delta_sigma is taken relative to b = 0).
    tau_phi : float
        Phase-coherence time in tau.
    model : {"hln-so", "ilp", "ballistic"}
        The model fitted (:func:`fit_wal`).

    Returns
    -------
    MeasurementFit
        B_phi and B_so in B_tr with jackknife errors.
    """
    return jackknife_fit(result, b, tau_phi,
                         lambda field, value, err: fit_wal(field, value, err, model=model,
                                                           field_unit="b"))
