"""The figure set: one module per figure, each with ``make(out_dir, quick, seed, progress)``.

Every figure comes from one run with a fixed seed (:func:`pathsim.simulate`,
workloads in :mod:`pathsim.figures._workloads`, or the frozen-field functions
of :mod:`pathsim.run.frozen`) and is written as
``<name>.png`` and ``<name>.pdf``, atomically.  Figures are drawn on Agg
canvases without ``pyplot``, so making them changes no global matplotlib or
NumPy state.

==========================  =================================================
``paths``                   a closed loop and its time-reversed twin
``factor_two``              coherent / classical return ratio 1 + <cos bA>_t
``ln_law``                  delta_sigma(B = 0) against ln(tau_phi / tau)
``magnetoconductance``      delta_sigma(B) - delta_sigma(0) against B / B_phi
``area_distribution``       Levy's area law for loops returning at time t
``resistance_temperature``  R(T) with tau_phi ~ 1/T, with and without a field
``dimensionality``          delta_sigma against L_phi in 1D, 2D and 3D
``film_anisotropy``         a film in a perpendicular, parallel, tilted field
``impurity_loop``           a frozen disk field, a returning path and its twin
``twin_amplitudes``         the factor two from summed complex amplitudes
``spin_crossover``          WL to WAL with spin-orbit scattering; the 2 -> 1/2
``spin_loop``               one loop and its twin with the spin precessing
``tangled_web``             R(T): zero field, perpendicular and parallel field
``zero_bias``               the zero-bias anomaly of the tunnelling conductance
``hall_ln_t``               the Hall coefficient against ln T
==========================  =================================================
"""
import argparse
import time
from collections import OrderedDict
from pathlib import Path

from . import (area_distribution, dimensionality, factor_two, film_anisotropy, hall_ln_t,
               impurity_loop, ln_law, magnetoconductance, paths, resistance_temperature,
               spin_crossover, spin_loop, tangled_web, twin_amplitudes, zero_bias)

FIGURES = OrderedDict((module.NAME, module) for module in (
    paths, factor_two, ln_law, magnetoconductance, area_distribution,
    resistance_temperature, dimensionality, film_anisotropy, impurity_loop,
    twin_amplitudes, spin_crossover, spin_loop, tangled_web, zero_bias, hall_ln_t))

__all__ = ["FIGURES", "make_all", "script_main"]


def _selection(only):
    """Names of the figures to make: all, or those named by ``only``."""
    if only is None:
        return list(FIGURES)
    names = [only] if isinstance(only, str) else list(only)
    unknown = [name for name in names if name not in FIGURES]
    if unknown or not names:
        raise ValueError(f"only must name figures among {list(FIGURES)} (got {only!r})")
    return names


def make_all(out_dir, quick=False, only=None, seed=None, progress=None):
    """Make the figures into ``out_dir`` (created if missing).

    Parameters
    ----------
    out_dir : str or Path
        Output folder; every figure writes ``<name>.png`` and ``<name>.pdf``.
    quick : bool
        Small workloads (seconds per figure) for smoke runs.
    only : str or iterable of str, optional
        Make only these figures (names of :data:`FIGURES`); ValueError if
        one is unknown.
    seed : int, optional
        Replace every figure's fixed default seed.
    progress : bool, optional
        Progress bars of the simulations (default: when stderr is a terminal).

    Returns
    -------
    list of Path
        The files written, in figure order.
    """
    names = _selection(only)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in names:
        written.extend(FIGURES[name].make(out_dir, quick=quick, seed=seed,
                                          progress=progress))
    return written


def script_main(name=None, argv=None, default_out=None):
    """Entry point of ``scripts/fig_<name>.py`` and ``scripts/make_figures.py``.

    Parses ``--quick``, ``--out DIR``, ``--seed N`` (and ``--only NAME`` when
    ``name`` is None, i.e. for all figures), makes the figures and prints the
    files written with the time taken.

    Parameters
    ----------
    name : str, optional
        The one figure of a ``fig_<name>.py`` script; None for all.
    argv : list of str, optional
        Arguments (default: ``sys.argv[1:]``).
    default_out : str or Path, optional
        Default of ``--out`` (the scripts pass the repository's ``figures/``).

    Returns
    -------
    int
        The exit status, 0.
    """
    what = f"the {name} figure" if name else "the pathsim figures"
    parser = argparse.ArgumentParser(description=f"Make {what} (PNG and PDF).")
    parser.add_argument("--quick", action="store_true",
                        help="small workloads: seconds instead of minutes")
    base = Path(default_out or "figures")
    parser.add_argument("--out", type=Path, default=None,
                        help=f"output folder (default: {base}, or {base / 'quick'} "
                        "with --quick, so smoke runs never replace the real figures)")
    parser.add_argument("--seed", type=int, default=None,
                        help="replace the fixed default seed(s)")
    if name is None:
        parser.add_argument("--only", action="append", choices=list(FIGURES),
                            metavar="NAME", help="make only this figure (repeatable): "
                            + ", ".join(FIGURES))
    args = parser.parse_args(argv)
    if args.out is None:
        args.out = base / "quick" if args.quick else base
    names = [name] if name else (args.only or list(FIGURES))
    for figure in names:
        start = time.perf_counter()
        for path in make_all(args.out, quick=args.quick, only=figure, seed=args.seed):
            print(path)
        print(f"{figure}: {time.perf_counter() - start:.1f} s")
    return 0
