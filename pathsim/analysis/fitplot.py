"""The figure of a fit-hln or fit-wal result: every group's data and fit,
the residuals, and (several groups) the parameters against the group."""
import numpy as np

from .._files import atomic_path

LABELS = {"B_phi": r"$B_\phi$", "B_so": r"$B_{so}$", "B_so_R": r"$B_{so,R}$",
          "B_so_D": r"$B_{so,D}$"}


def plot_fit(fit, path):
    """Write the figure of a :class:`~pathsim.analysis.fitresult.MeasurementFit`
    to ``path`` (any format matplotlib writes, from the extension)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    unit = "T" if fit.field_unit == "T" else "$B_{tr}$"
    many = len(fit.groups) > 1
    fig = plt.figure(figsize=(11 if many else 6, 5.5))
    grid = fig.add_gridspec(2, 2 if many else 1, height_ratios=[3, 1])
    top = fig.add_subplot(grid[0, 0])
    bottom = fig.add_subplot(grid[1, 0], sharex=top)
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for k, g in enumerate(fit.groups):
        c = colors[k % len(colors)]
        label = "data" if g.group is None else f"{fit.group_name} = {g.group:g}"
        zero = g.params["sigma0"].value if "sigma0" in g.params else 0.0
        top.errorbar(g.field, g.dsigma - zero, g.err, fmt="o", ms=3, color=c, label=label)
        fine = np.linspace(0.0, g.field.max(), 300)[1:]
        top.plot(fine, g.model(fine) - zero, "-", color="k" if not many else c, lw=1.4,
                 zorder=3, label="fit" if not many else None)   # on top of the points
        bottom.errorbar(g.field, g.dsigma - g.model(g.field), g.err, fmt="o", ms=3, color=c)
    first = fit.groups[0]
    ref = ("the fitted $\\sigma_0$" if "sigma0" in first.params else "the point at B = 0"
           if first.curve.ref is not None else "B = 0")
    top.set_ylabel(r"$\Delta\sigma$ ($e^2/\pi h$), relative to " + ref)
    top.set_title(f"{fit.kind.upper()} fit: $\\chi^2$/dof = {fit.chi2:.3g}/{fit.dof}",
                  fontsize=10)
    top.legend(fontsize=7)
    bottom.axhline(0.0, color="k", lw=0.8)
    bottom.set_xlabel(f"|B| ({unit})")
    bottom.set_ylabel(r"residual ($e^2/\pi h$)")
    if many:
        side = fig.add_subplot(grid[:, 1])
        x = np.array([g.group for g in fit.groups])
        for name in LABELS:
            if name not in fit.groups[0].params or fit.groups[0].params[name].fixed:
                continue
            v = np.array([g.params[name].value for g in fit.groups])
            e = np.array([g.params[name].stderr for g in fit.groups])
            ok = np.array([g.params[name].constrained for g in fit.groups])
            side.errorbar(x[ok], v[ok], e[ok], fmt="o-", ms=4, label=LABELS[name])
            if (~ok).any():
                side.plot(x[~ok], v[~ok], "x", color="k", label=f"{name} unconstrained")
        if fit.power_law:
            pl = fit.power_law
            t = np.geomspace(x.min(), x.max(), 50)
            side.plot(t, pl["B_phi_1K"] * t ** pl["p"], "--", color="gray",
                      label=f"$B_\\phi \\propto T^p$, p = {pl['p']:.3g} $\\pm$ {pl['p_err']:.2g}")
        side.set_xscale("log")
        side.set_yscale("log")
        side.set_xlabel(fit.group_name)
        side.set_ylabel(f"field ({unit})")
        side.legend(fontsize=8)
    fig.tight_layout()
    try:
        atomic_path(path, lambda tmp: fig.savefig(tmp, dpi=120))
    finally:
        plt.close(fig)
    return path
