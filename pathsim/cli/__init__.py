"""The ``pathsim`` command line, one module per subcommand.

    pathsim run [--config run.toml] [flags]   one simulation: summary + results file
    pathsim merge A.npz B.npz -o C.npz        combine runs with different seeds
    pathsim figures [--quick] [--only NAME]   regenerate the figure set
    pathsim paths [--animate out.gif]         one walker, its loop and the twin
    pathsim paths --impurities                the same in a frozen field of disks
    pathsim explore -o explorer.html [--quick] the explorer: one offline interactive page
    pathsim info                              version, threads, compile cache
    pathsim sweep study.toml                  a parameter study into a resumable store
    pathsim fit-hln data.csv                  fit HLN to a measured magnetoconductance
    pathsim fit-wal data.csv                  fit B_phi and B_so (weak antilocalization)
    pathsim anderson xi|conductance|levels    the Anderson model (pathsim.wave)
    pathsim experiment -o data.csv [film]     synthetic R(T, B), R_H(T), dI/dV of a film
    pathsim disentangle data.csv --diffusion  weak localization vs interactions in R(T, B)

The run flags come from the table :mod:`pathsim.params`.  Bad input ends
with exit status 2 and one line on stderr, before any work and without
writing a file (:mod:`pathsim.cli.common`).
"""
import os
import sys
import warnings

from .. import _startup
from .._version import __version__
from . import (anderson, disentangle, experiment, explore, fit_hln, fit_wal, figures, info,
               merge, paths, run, sweep)
from .common import Interrupted, Parser, UsageError, check_parsed, join_negative_values

SUBCOMMANDS = (run, merge, figures, paths, explore, info, sweep, fit_hln, fit_wal, anderson,
               experiment, disentangle)


def build_parser():
    """The ``pathsim`` parser with every subcommand.

    Returns
    -------
    pathsim.cli.common.Parser
        An :class:`argparse.ArgumentParser` whose errors are one-line
        :class:`UsageError` messages.
    """
    parser = Parser(prog="pathsim", description="Monte Carlo path interference for weak "
                    "localization. Units: lengths l, times tau = l / v_F, fields "
                    "b = B / B_tr, conductivities G0 = e^2 / (pi h).")
    parser.add_argument("--version", action="version", version=f"pathsim {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    sub.required = True
    for module in SUBCOMMANDS:
        module.add_parser(sub)
    # every subcommand's options taking a value (see join_negative_values)
    parser.value_options |= set().union(*(p.value_options for p in sub.choices.values()))
    return parser


def _options_first_hint(argv):
    """The line for ``pathsim --walkers 5 run``: options before the command
    (argparse would call the option's value an invalid command); None else."""
    names = [m.__name__.rsplit(".", 1)[1].replace("_", "-") for m in SUBCOMMANDS]
    where = next((i for i, word in enumerate(argv) if word in names), None)
    if not where or not argv[0].startswith("-") or argv[0] in ("-h", "--help", "--version"):
        return None
    before = " ".join(argv[:where])
    return (f"pathsim: options go after the command: pathsim {argv[where]} {before} ... "
            f"(got {before!r} before {argv[where]!r})")


def _one_line_warning(message, category, filename, lineno, file=None, line=None):
    """A warning on the command line: one line, without the source line."""
    print(f"pathsim: warning: {str(message).splitlines()[0]}", file=file or sys.stderr)


def main(argv=None):
    """Entry point of the ``pathsim`` console script.

    Parameters
    ----------
    argv : list of str, optional
        The arguments after ``pathsim`` (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        The exit status: 0, 2 for bad input (one line on stderr, before any
        work), 130 after Ctrl-C.
    """
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        _startup.restore()      # Ctrl-C from here on: the except clause below
        parser = build_parser()
        args = parser.parse_args(join_negative_values(argv, parser.value_options))
        check_parsed(parser, args)      # every file option, before any work
        with warnings.catch_warnings():
            warnings.showwarning = _one_line_warning
            args.func(args)
    except UsageError as exc:
        print(_options_first_hint(argv) or str(exc).splitlines()[0], file=sys.stderr)
        return 2
    except KeyboardInterrupt as exc:
        print(str(exc) if isinstance(exc, Interrupted) and str(exc) else
              "pathsim: interrupted; no results file written", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. piped into head: stop quietly
        sys.stdout = open(os.devnull, "w")
    return 0


__all__ = ["main", "build_parser", "UsageError"]
