"""Text about a result: the summary table, the one-line description of the
medium, and the repr.

The description is the run's own record (``params["description"]``, written
by the driver that made the run, or completed on loading for files that
lack it: :func:`pathsim.results.io.upgrade_params`), so this module needs to
know nothing about any kind of medium.
"""
import numpy as np

from pathsim.results import open_sample

from pathsim.model.medium import is_plain_2d
from pathsim.model.spin import describe as describe_spin
from pathsim.results.distributions import diffusion_constant, free_axes
from pathsim.results.observables import (delta_sigma, diffusion,
                                         ln_slope, loop_block_sums,
                                         magnetoconductance, per_walker, slope)
from pathsim.results.spin import split_spin, spin_settings_of
from pathsim.theory import exact_2d

# At most this many fields of params["b"] get a magnetoconductance line each
# (every --b value a user gives; the default grid of 64 fields goes to CSV).
MAX_SUMMARY_FIELDS = 16
# ... at up to this many of the run's tau_phi values.
MAX_SUMMARY_TAUS = 3
# A diffusive law of the unconfined axes needs L_phi well above the
# confinement; below this many widths the summary says so instead.
CONFINEMENT_MARGIN = 3.0


def describe(params):
    """One line naming the medium: dimension, geometry, walls, g."""
    return params["description"]


def seeds_text(params):
    """``seed 3``, or ``seeds 3, 7`` for a merged result."""
    seeds = list(params.get("seeds", [params["seed"]]))
    return (f"seed {seeds[0]}" if len(seeds) == 1
            else "seeds " + ", ".join(str(s) for s in seeds))


def repr_text(result):
    return (f"<SimulationResult {describe(result.params)}, {result.n_walkers} walkers, "
            f"{result.n_blocks} blocks, {seeds_text(result.params)}>")


def _unit(params):
    confined = sum(1 for w in params["widths"] if w is not None)
    return {0: "G0", 1: "G0 l", -1: "G0 / l"}[2 - params["dim"] + confined]


def _header(result):
    p = result.params
    return [
        f"pathsim {p['version']}: {describe(p)}, {result.n_walkers:,} walkers, "
        f"{result.n_events:,} scattering events, {result.wall_time:.1f} s "
        f"({result.steps_per_second:.3g} steps/s)",
        f"{seeds_text(p)}, tau_phi_max {p['tau_phi_max']:g} tau, "
        + (f"walks cut at t = {p['t_cut']:g} tau" if p.get("length") is None else
           f"walks end at a lead (time grid to {p['t_cut']:g} tau)"),
        "",
    ]


def summary(result):
    """A short table of the headline numbers, with standard errors (one per
    spin setting of a run with several)."""
    p = result.params
    settings = spin_settings_of(result)
    if settings is not None:
        return "\n\n".join(f"== spin setting {k}: {describe_spin(s)} ==\n" + summary(part)
                           for k, (s, part) in enumerate(zip(settings, split_spin(result))))
    tau = np.asarray(p["tau_phi"])
    if p.get("length") is not None:
        return "\n".join(_header(result) + _open_lines(result, tau))
    if p.get("spin"):
        lines = _header(result) + _spin_lines(result, tau)
    elif is_plain_2d(p):
        lines = _header(result) + _plain_2d_lines(result, tau)
    else:
        lines = _header(result) + _general_lines(result, tau)
    lines += _field_lines(result, tau)
    d, de = diffusion_constant(result, min(10.0, 0.1 * p["t_cut"]))
    if is_plain_2d(p):
        lines.append(f"D = {d:.4f} +- {de:.4f} l v (theory 1/{p['dim']})")
    else:
        lines.append(f"D along the free axes = {d:.4f} +- {de:.4f} l v "
                     f"(bulk {diffusion(p):.4f})")
    return "\n".join(lines)


def _plain_2d_lines(result, tau):
    """The unbounded isotropic 2D walk: absolute values against the exact theory."""
    ds, err = delta_sigma(result, 0.0, tau)
    lines = [f"{'tau_phi/tau':>12} {'B_phi/B_tr':>11} {'delta_sigma(B=0) / G0':>26}"
             f"{'exact 2D theory':>17}"]
    exact = exact_2d(0.0, tau)
    for t, v, e, x in zip(tau, np.atleast_1d(ds), np.atleast_1d(err), np.atleast_1d(exact)):
        lines.append(f"{t:12.4g} {1.0 / t:11.4g} {v:17.4f} +- {e:.4f} {x:16.4f}")
    if tau.size >= 2:
        s, se = ln_slope(result, tau)
        exact = np.polyfit(np.log(tau), exact_2d(0.0, tau), 1)[0]
        lines.append(f"slope d(delta_sigma)/d ln(tau_phi) = {s:.4f} +- {se:.4f} G0 "
                     f"(exact 2D theory {exact:.4f}; diffusive limit -1)")
    # 1 + cos(b A) is 2 at B = 0 for every loop of this walk whatever its
    # tallies: say so, and leave the measurement to the amplitudes
    # (factor_two_line)
    lines.append("coherent / classical return at B = 0: 2 by definition here "
                 "(each loop's twin in phase, 1 + cos 0)")
    return lines


def factor_two_line(amplitudes):
    """The factor two measured from summed amplitudes in frozen fields
    (:func:`pathsim.run.frozen.measured_factor_two`), as one summary line."""
    p = amplitudes.params
    ratio, err = amplitudes.ratio()
    return (f"factor two measured from summed amplitudes (frozen point scatterers, "
            f"{p['realizations']:,} fields x {p['walkers_per_realization']} walkers, "
            f"k_F l = {p['k_f'][0]:g}, seed {p['seed']}): {ratio[0, 0]:.3f} +- "
            f"{err[0, 0]:.3f} at B = 0, {ratio[0, -1]:.3f} +- {err[0, -1]:.3f} "
            f"at b = {p['b'][-1]:g} (twins scrambled; loops of zero area keep it above 1)")


def _spin_lines(result, tau):
    """A run with spin terms: the correction with its spin factors; the
    theories with spin are in :mod:`pathsim.theory.spin`."""
    ds, err = delta_sigma(result, 0.0, tau)
    lines = [f"{'tau_phi/tau':>12} {'B_phi/B_tr':>11} {'delta_sigma(B=0) / G0':>26}"]
    for t, v, e in zip(tau, np.atleast_1d(ds), np.atleast_1d(err)):
        lines.append(f"{t:12.4g} {1.0 / t:11.4g} {v:17.4f} +- {e:.4f}")
    lines.append("(with spin factors; compare pathsim.theory.spin: hln_so, ilp)")
    return lines


def _general_lines(result, tau):
    """Dimensions and geometries without a closed-form theory of the absolute
    value: differences, and the slope of the diffusive law where it applies."""
    p = result.params
    per = result.cross_section
    unit = _unit(p)
    lines = [f"{'tau_phi/tau':>12} {'L_phi/l':>9} "
             f"{'delta_sigma(B=0) - value at tau_phi_max':>42}"]
    blocks = loop_block_sums(result, np.zeros(1), tau, "total")[:, :, 0]
    value, err = per_walker(result, blocks - blocks[:, -1:])
    L_phi = np.sqrt(diffusion(p) * tau)
    for t, L, v, e in zip(tau, L_phi, value * per, err * per):
        lines.append(f"{t:12.4g} {L:9.3g} {v:29.4f} +- {e:.4f} {unit}")
    # the diffusive law of the effective dimension (unconfined axes)
    law = {1: ("L_phi", -2 * np.pi), 2: ("ln_tau_phi", -1.0),
           3: ("inverse_L_phi", 1.0)}[free_axes(p)]
    if tau.size >= 2:
        s, se = slope(result, law[0], tau)
        text = (f"slope of delta_sigma{' x cross-section' if per != 1 else ''} "
                f"against {law[0]}: {s * per:.4f} +- {se * per:.4f}")
        confinement = max((w for w in p["widths"] if w is not None), default=None)
        if confinement is not None and L_phi.min() < CONFINEMENT_MARGIN * confinement:
            lines.append(text)
            lines.append(
                f"  (no diffusive law printed: L_phi = {L_phi.min():.3g} .. "
                f"{L_phi.max():.3g} l is not much larger than the confinement "
                f"{confinement:g} l; the {free_axes(p)}D law needs L_phi >= "
                f"{CONFINEMENT_MARGIN:g} x {confinement:g} l)")
        else:
            lines.append(text + f" (diffusive law {law[1]:.4f})")
    return lines


def summary_fields(params):
    """The non-zero fields of ``params["b"]`` that get a magnetoconductance
    line (all of them when there are at most :data:`MAX_SUMMARY_FIELDS`)."""
    b = np.asarray(params["b"], dtype=float)
    b = b[b > 0]
    return b if b.size <= MAX_SUMMARY_FIELDS else b[:0]


def _summary_taus(tau):
    if tau.size <= MAX_SUMMARY_TAUS:
        return tau
    return tau[np.linspace(0, tau.size - 1, MAX_SUMMARY_TAUS).round().astype(int)]


def _field_lines(result, tau):
    """delta_sigma(B) - delta_sigma(0) at each requested field (``--b``)."""
    p = result.params
    b = summary_fields(p)
    if b.size == 0:
        return []
    taus = _summary_taus(tau)
    per = result.cross_section
    value, err = magnetoconductance(result, b, taus)
    plain = is_plain_2d(p) and not p.get("spin")
    lines = ["", f"{'tau_phi/tau':>12} {'b = B/B_tr':>11} {'B/B_phi':>9} "
                 f"{'delta_sigma(B) - delta_sigma(0)':>34}"
             + (f"{'exact 2D theory':>17}" if plain else "")]
    if plain:
        exact = exact_2d(b, taus) - exact_2d(0.0, taus)[:, None]
    for i, t in enumerate(taus):
        for j, field in enumerate(b):
            line = (f"{t:12.4g} {field:11.4g} {2.0 * diffusion(p) * field * t:9.3g} "
                    f"{value[i, j] * per:21.4f} +- {err[i, j] * per:.4f} {_unit(p)}")
            if plain:
                line += f" {exact[i, j]:12.4f}"
            lines.append(line)
    return lines


def _open_lines(result, tau):
    """An open sample: its classical transmission and the conductance
    correction in e^2/h per spin (:mod:`pathsim.results.open_sample`)."""
    t, te = open_sample.transmission(result)
    r, re_ = open_sample.conductance_ratio(result)
    if result.params.get("start_x") is not None:
        return _local_lines(result, tau, t, te, r, re_)
    untruncated = result.params["tau_phi_max"] == np.inf
    k, ke = open_sample.kubo_ratio(result) if untruncated else (np.nan, np.nan)
    taus = np.concatenate(([np.inf] if untruncated else [], _summary_taus(tau)[::-1]))
    b = np.concatenate(([0.0], summary_fields(result.params)))
    value, err = open_sample.conductance_correction(result, b, taus)
    lines = [f"transmission per channel T = {t:.4f} +- {te:.4f}: G = N T e^2/h per spin, "
             f"G / G_Drude = L / L_eff = {r:.4f} +- {re_:.4f}"
             + (f" (walkers started inside: {k:.4f} +- {ke:.4f})" if untruncated else ""),
             "", f"{'tau_phi/tau':>12} {'b = B/B_tr':>11} "
             f"{'delta_G (e^2/h per spin)':>28}"]
    for i, t_phi in enumerate(taus):
        for j, field in enumerate(b):
            lines.append(f"{t_phi:12.4g} {field:11.4g} {value[i, j]:17.4f} +- "
                         f"{err[i, j]:.4f}")
    return lines


def _local_lines(result, tau, t, te, r, re_):
    """An open sample whose walkers all started at x0: the transmission and
    the local correction delta_sigma(x0) (G0)."""
    untruncated = result.params["tau_phi_max"] == np.inf
    taus = np.concatenate(([np.inf] if untruncated else [], _summary_taus(tau)[::-1]))
    b = np.concatenate(([0.0], summary_fields(result.params)))
    value, err = open_sample.local_correction(result, b, taus)
    lines = [f"transmission per channel T = {t:.4f} +- {te:.4f}, G / G_Drude = "
             f"L / L_eff = {r:.4f} +- {re_:.4f}",
             f"walkers started at x = {result.params['start_x']:g} l: the local correction",
             "", f"{'tau_phi/tau':>12} {'b = B/B_tr':>11} {'delta_sigma(x) (G0)':>24}"]
    for i, t_phi in enumerate(taus):
        for j, field in enumerate(b):
            lines.append(f"{t_phi:12.4g} {field:11.4g} {value[i, j]:13.4f} +- "
                         f"{err[i, j]:.4f}")
    return lines
