"""Results in forms other programs read: a JSON summary and CSV curves.

Every number is written with its standard error.  Units: times in tau,
areas in l^2, fields b = B / B_tr, conductivities in G0 = e^2 / (pi h).
"""
import csv
import os

import numpy as np

from pathsim._version import __version__
from pathsim._files import atomic_write
from pathsim._validate import check_folder, check_path
from pathsim.model.medium import is_plain_2d
from pathsim.results import open_sample
from pathsim.results.spin import split_spin, spin_settings_of


def _pair(value, err):
    return {"value": np.asarray(value).tolist(), "stderr": np.asarray(err).tolist()}


def summary_dict(result):
    """The headline results as plain Python data (see the README for keys); a
    run with several spin settings gives ``spin`` (the settings) and
    ``by_spin``, one such dict per setting."""
    settings = spin_settings_of(result)
    if settings is not None:
        return {"pathsim_version": __version__, "spin": settings,
                "by_spin": [summary_dict(part) for part in split_spin(result)]}
    p = result.params
    tau = np.asarray(p["tau_phi"])
    b = np.asarray(p["b"])
    out = {
        "pathsim_version": __version__,
        "parameters": p,
        "walkers": result.n_walkers,
        "events": result.n_events,
        "wall_time_s": result.wall_time,
        "seeds": list(p["seeds"]),
        "description": p["description"],
        "tau_phi": tau.tolist(),
        "b": b.tolist(),
        "b_phi": (1.0 / (2.0 * result.diffusion * tau)).tolist(),
        "directions": result.directions.tolist(),
        "cross_section": result.cross_section,
    }
    for key, term in (("delta_sigma", "total"),
                      ("delta_sigma_backscattering", "backscattering"),
                      ("delta_sigma_nonbackscattering", "nonbackscattering")):
        out[key] = _pair(*result.delta_sigma(b, tau, term=term))
    out["magnetoconductance"] = _pair(*result.magnetoconductance(b, tau))
    out["magnetoconductance_by_direction"] = [
        _pair(*result.magnetoconductance(b, tau, direction=k))
        for k in range(len(result.directions))]
    out["ln_slope"] = _pair(*result.ln_slope(tau)) if tau.size >= 2 else None
    # with spin factors the weights are signed: the ratio needs the spinless
    # weights of the same walkers (pathsim.results.spin.spin_return_ratio)
    out["return_ratio_b0"] = (None if p.get("spin") else
                              _pair(*result.coherent_enhancement(0.0, tau)))
    out["diffusion_constant"] = _pair(*result.diffusion_constant(min(10.0, 0.1 * p["t_cut"])))
    if p.get("length") is not None:
        # open sample: e^2/h per spin, tau_phi = inf first (untruncated runs)
        taus = np.concatenate(([np.inf] if p["tau_phi_max"] == np.inf else [], tau))
        if p.get("start_x") is None:
            part = dict(conductance_correction=_pair(*result.conductance_correction(b, taus)))
        else:
            part = dict(start_x=p["start_x"],
                        local_correction=_pair(*open_sample.local_correction(result, b, taus)))
        out["open_sample"] = dict(
            tau_phi=[str(t) if np.isinf(t) else float(t) for t in taus],
            transmission=_pair(*result.transmission()), **part)
    return out


def _write_csv(path, header, columns):
    def write(handle):
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in zip(*columns):
            writer.writerow([repr(float(x)) for x in row])

    atomic_write(path, write, text=True)


def write_csv(result, folder):
    """Write every curve of ``result`` as CSV files into ``folder``.

    Files: ``delta_sigma.csv`` (tau_phi, b, both terms and the total),
    ``return_density.csv``, ``return_ratio.csv`` (one column pair per field
    of the run's grid, up to 8 fields), ``msd.csv``; for a run with several
    spin settings, those files in ``spin<k>/`` for each setting k.  Returns
    the paths.
    """
    check_folder("folder", check_path("folder", folder))
    os.makedirs(folder, exist_ok=True)
    if spin_settings_of(result) is not None:
        return [path for k, part in enumerate(split_spin(result))
                for path in write_csv(part, os.path.join(folder, f"spin{k}"))]
    p = result.params
    tau = np.asarray(p["tau_phi"])
    b = np.asarray(p["b"])
    paths = []

    tt, bb = np.meshgrid(tau, b, indexing="ij")
    columns = [tt.ravel(), bb.ravel(), (2.0 * result.diffusion * tt * bb).ravel()]
    header = ["tau_phi_over_tau", "b_over_Btr", "B_over_Bphi"]
    for term in ("total", "backscattering", "nonbackscattering"):
        v, e = result.delta_sigma(b, tau, term=term)
        columns += [np.ravel(v), np.ravel(e)]
        header += [f"delta_sigma_{term}_G0", f"stderr_{term}_G0"]
    for k, n in enumerate(result.directions):
        mc, mc_err = result.magnetoconductance(b, tau, direction=k)
        columns += [np.ravel(mc), np.ravel(mc_err)]
        suffix = "" if k == 0 else "_field_" + "_".join(f"{c:.4g}" for c in n)
        header += [f"magnetoconductance{suffix}_G0", f"stderr_magnetoconductance{suffix}_G0"]
    paths.append(os.path.join(folder, "delta_sigma.csv"))
    _write_csv(paths[-1], header, columns)

    t, w, w_err = result.return_density(single_scattering=is_plain_2d(p),
                                        bins_per_decade=16)
    paths.append(os.path.join(folder, "return_density.csv"))
    _write_csv(paths[-1], ["t_over_tau", f"W_per_l{p['dim']}_tau", "stderr"], [t, w, w_err])

    fields = b[np.linspace(0, b.size - 1, min(8, b.size)).astype(int)]
    t, ratio, r_err = result.return_ratio(fields, bins_per_decade=16)
    header, columns = ["t_over_tau"], [t]
    for i, field in enumerate(fields):
        header += [f"ratio_b={field:.6g}", f"stderr_b={field:.6g}"]
        columns += [ratio[i], r_err[i]]
    paths.append(os.path.join(folder, "return_ratio.csv"))
    _write_csv(paths[-1], header, columns)

    t, r2, r2_err = result.mean_square_displacement()
    paths.append(os.path.join(folder, "msd.csv"))
    _write_csv(paths[-1], ["t_over_tau", "r2_over_l2", "stderr"], [t, r2, r2_err])
    return paths
