"""Fit the Hikami-Larkin-Nagaoka magnetoconductance to measured data.

    delta_sigma(B) - delta_sigma(0) = alpha [psi(1/2 + B_phi/B) - ln(B_phi/B)] (+ background)

in e^2 / (pi h) (Hikami, Larkin & Nagaoka, Prog. Theor. Phys. 63, 707
(1980); 2D; alpha = 1 for weak localization, -1/2 for antilocalization with
strong spin-orbit scattering).  In tesla, L_phi = sqrt(hbar / (4 e B_phi)).
HLN is diffusive: it needs tau_phi >> tau and B << B_tr (:ref:`theory-hln`,
:ref:`theory-hln-validity`).  The fit itself is
:mod:`pathsim.analysis.curvefit`; the data come from
:mod:`pathsim.analysis.measurement`.
"""
import numpy as np

from .._validate import check_array, check_choice, check_grid, check_instance, check_real
from ..results import stats
from ..theory._common import hln_of_ratio as _hln_of_ratio
from .curvefit import Model, joint_fit
from .fitresult import build
from .prepare import LIMIT

BACKGROUNDS = ("none", "quadratic", "linear")
SHAREABLE = ("B_phi", "B_so", "alpha", "c")


def hln_model(field, B_phi, alpha=1.0, c=0.0):
    """The HLN magnetoconductance with a quadratic background.

    alpha [psi(1/2 + B_phi/B) - ln(B_phi/B)] + c B^2, 0 at B = 0.

    Parameters
    ----------
    field : array_like
        Fields B, any sign (``|B|`` is used), in the unit of ``B_phi`` (tesla,
        or B_tr).
    B_phi : float
        Dephasing field hbar / (4 e D tau_phi), same unit as ``field``, > 0.
    alpha : float
        Prefactor: 1 for weak localization, -1/2 for antilocalization with
        strong spin-orbit scattering.
    c : float
        Background coefficient, e2pih per (field unit)^2.

    Returns
    -------
    ndarray
        delta_sigma(B) - delta_sigma(0) in e2pih = e^2/(pi h), the shape of
        ``field``.
    """
    field, B_phi, alpha, c = model_arguments(field, B_phi, alpha, c)
    return alpha * _hln_of_ratio(field / B_phi) + c * field ** 2


def model_arguments(field, B_phi, alpha, c=0.0, B_so=None):
    """The checked arguments of :func:`hln_model` and
    :func:`~pathsim.analysis.wal_model`: ``|field|`` as an array, B_phi
    (and B_so, if given) > 0, alpha and c finite."""
    field = np.abs(check_array("field", field))
    if np.any(field > LIMIT):
        raise ValueError(f"field must be within |field| <= {LIMIT:g} (got {field.max():g})")
    B_phi = check_real("B_phi", B_phi, lower=0.0, lower_open=True)
    values = [field, B_phi, check_real("alpha", alpha), check_real("c", c)]
    if B_so is not None:
        values.append(check_real("B_so", B_so, lower=0.0, lower_open=True))
    return values


def _hln_shape(field, B_phi):
    return _hln_of_ratio(np.abs(field) / B_phi)


def parse_alpha(alpha, default):
    """None or "free" -> None (fitted); a number -> float; else ValueError."""
    if alpha is None:
        return default
    if isinstance(alpha, str):
        if alpha.strip().lower() == "free":
            return None
        try:
            return float(alpha)
        except ValueError:
            raise ValueError(f"alpha must be 'free' or a number (got {alpha!r})") from None
    if isinstance(alpha, bool) or not np.isscalar(alpha) or np.iscomplexobj(alpha):
        raise ValueError(f"alpha must be 'free' or a real number (got {alpha!r})")
    value = float(alpha)
    if not np.isfinite(value) or abs(value) > LIMIT:
        raise ValueError(f"alpha must be finite, |alpha| <= {LIMIT:g} (got {alpha!r})")
    return value


def parse_background(background):
    """True/False (legacy) or one of :data:`BACKGROUNDS`."""
    if background is True:
        return "quadratic"
    if background is False or background is None:
        return "none"
    if background not in BACKGROUNDS:
        raise ValueError(f"background must be one of {', '.join(BACKGROUNDS)} "
                         f"(got {background!r})")
    return background


def parse_share(share, names, n_groups):
    """The names of ``share`` (a list or "A,B"), each a free parameter."""
    if share is None:
        return ()
    if isinstance(share, str):
        items = [s.strip() for s in share.split(",")]
    elif isinstance(share, (list, tuple)):
        items = list(share)
    else:
        raise ValueError(f"share must be parameter names, \"A,B\" or a list (got {share!r:.60})")
    for s in items:
        if s not in names:
            raise ValueError(f"share: {s!r} is not a fitted parameter (fitted: "
                             f"{', '.join(names)})")
    if items and n_groups < 2:
        raise ValueError("share needs a group column with at least 2 groups")
    return tuple(items)


def as_measurement(field, dsigma, sigma_err, field_unit, sigma_unit):
    """A :class:`~pathsim.analysis.measurement.Measurement` from the array
    arguments of :func:`fit_hln` and :func:`fit_wal` (or the measurement
    itself, when ``field`` is one)."""
    from .conventions import FIELD_UNITS
    from .measurement import Measurement, check_unit, measurement
    if isinstance(field, Measurement):
        if dsigma is not None or sigma_err is not None:
            raise ValueError("give a Measurement alone, or arrays (field, dsigma[, err])")
        return field
    if dsigma is None:
        raise ValueError("dsigma is missing (arrays field, dsigma[, sigma_err], or a "
                         "Measurement)")
    check_choice("field_unit", field_unit, FIELD_UNITS)
    return measurement(field, dsigma, sigma_err, field_unit=field_unit,
                       unit=check_unit("sigma_unit", sigma_unit),
                       names=("field", "dsigma", "sigma_err"))


def check_fields(data, b_tr=None):
    """Every curve needs a field > 0; fields above B_tr (tesla, if known)
    are outside the diffusive regime: a warning."""
    warnings = []
    for curve in data.curves:
        if not np.any(curve.field > 0):
            raise ValueError("field must have values > 0")
        if np.ptp(curve.value) == 0:
            raise ValueError("no signal: the conductance is the same at every field"
                             + ("" if curve.group is None else f" (group {curve.group:g})"))
        if b_tr is not None and curve.field.max() > b_tr:
            warnings.append(f"fields up to {curve.field.max():.3g} exceed B_tr = {b_tr:.3g}: "
                            "the diffusive formulas need B << B_tr (use --max-field)")
    return warnings


def fit_hln(field, dsigma=None, sigma_err=None, *, field_unit="T", sigma_unit="e2pih",
            alpha=None, background="none", share=None, b_tr=None):
    """Fit HLN to a magnetoconductance curve, or to every group of a measurement.

    Parameters
    ----------
    field : array_like or Measurement
        Fields in ``field_unit`` (any sign: |B| is used; both signs are
        averaged), or a :class:`~pathsim.analysis.measurement.Measurement`
        (:func:`~pathsim.analysis.read_measurement`), then alone.
    dsigma : array_like
        delta_sigma(B) - delta_sigma(0) in ``sigma_unit``.
    sigma_err : array_like, optional
        Standard errors of ``dsigma`` (independent points).  Without them
        the errors come from the scatter about the fit.
    field_unit : {"T", "mT", "Oe", "G", "b", ...}
        See :data:`pathsim.analysis.conventions.FIELD_UNITS`; ``b`` = B / B_tr.
    sigma_unit : {"e2pih", "S", "e2h", ...}
        e^2/(pi h) (default; "G0" is its deprecated name), siemens, e^2/h.
    alpha : None, "free" or float
        Fitted (None, "free") or fixed (1 for weak localization, -0.5 for
        antilocalization, ...).
    background : {"none", "quadratic", "linear"}, bool or None
        c B^2 or c ``|B|`` added (True: quadratic; False, None: "none").
    share : str or list, optional
        Parameters common to all groups (joint fit), e.g. "alpha".
    b_tr : float, optional
        B_tr (field unit) of the sample: fields above it give a warning.

    Returns
    -------
    MeasurementFit
        Per group (``.groups``; with one group ``fit.B_phi`` etc. directly)
        B_phi, alpha, c, sigma0 as :class:`~pathsim.analysis.fitresult.Param`.
    """
    alpha = parse_alpha(alpha, None)
    background = parse_background(background)
    if b_tr is not None:
        b_tr = check_real("b_tr", b_tr, lower=0.0, lower_open=True)
    data = as_measurement(field, dsigma, sigma_err, field_unit, sigma_unit)
    warnings = check_fields(data, b_tr)
    offset = any(c.fit_offset for c in data.curves)
    center = any(c.signed is not None for c in data.curves)
    model = Model("hln", _hln_shape, ("B_phi",), alpha, background, offset, center=center)
    shared = parse_share(share, model.names, len(data.curves))
    res = joint_fit(model, data.curves, shared)
    res["warnings"] = warnings + res["warnings"]
    return build("hln", model, data.curves, res, data.field_unit, data.notes,
                 data.group_name, None)


def fit_simulation(result, b, tau_phi, **options):
    """Fit HLN to a 2D run's magnetoconductance at one tau_phi.

    Every field comes from the same walkers, so the points are strongly
    correlated and the covariance of a weighted fit misstates the errors.
    The values come from the fit with each point's own error; the errors
    of B_phi, alpha and c are delete-one jackknife errors over the run's
    independent blocks of walkers (Efron 1982), which include the
    correlations.  ``b`` in B_tr (HLN needs b << 1), ``tau_phi`` in tau;
    the fitted B_phi (B_tr) compares with tau / tau_phi in 2D.

    Parameters
    ----------
    result : SimulationResult
        A 2D run (:func:`pathsim.simulate`) with ``tau_phi <= tau_phi_max``.
    b : array_like
        Fields in B_tr, > 0 (HLN needs b << 1; delta_sigma is taken relative
        to b = 0).
    tau_phi : float
        Phase-coherence time in tau.
    **options
        ``alpha`` and ``background`` as in :func:`fit_hln`.

    Returns
    -------
    MeasurementFit
        B_phi in B_tr (compare with tau / tau_phi), alpha and c, with
        jackknife errors.
    """
    return jackknife_fit(result, b, tau_phi,
                         lambda field, value, err: fit_hln(field, value, err, field_unit="b",
                                                           **options))


def jackknife_fit(result, b, tau_phi, fit_one):
    """Fit a run's magnetoconductance at fields ``b`` (B_tr) and one
    ``tau_phi``: ``fit_one(b, value, err)`` on the whole run gives the
    values, and on the run less one block of walkers, for each block, the
    delete-one jackknife errors of every free parameter."""
    from ._shared import jackknife_err, zero_subtracted_block_sums
    from ..results import SimulationResult
    check_instance("result", result, SimulationResult, " (pathsim.simulate or pathsim.load)")
    b, _ = check_grid("b", b, lower=0.0, lower_open=True, upper=LIMIT)
    tau_phi = check_real("tau_phi", tau_phi, lower=0.0, lower_open=True)
    diff = zero_subtracted_block_sums(result, b, [float(tau_phi)])[0][:, 0]
    walkers = result.walkers.astype(float)
    value, err = stats.mean(diff, walkers)
    fit = fit_one(b, value, err)
    names = [n for n, p in fit.groups[0].params.items() if not p.fixed]
    keep = ~np.eye(walkers.size, dtype=bool)
    reps = []
    for j in range(walkers.size):
        one = fit_one(b, diff[keep[j]].sum(axis=0) / walkers[keep[j]].sum(), err)
        reps.append([one.groups[0].params[n].value for n in names])
    for name, e in zip(names, jackknife_err(np.array(reps))):
        fit.set_error(name, e, "jackknife")
    return fit
