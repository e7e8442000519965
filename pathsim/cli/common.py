"""What every subcommand shares: the usage error, the parser class, lists of
numbers, the run flags (read from :mod:`pathsim.params`) and the checks of
the files a command will write.

Bad input raises :class:`UsageError`; :func:`pathsim.cli.main` prints its
one line and ends with exit status 2, before any work and without writing.
"""
import argparse
import json
import re
import sys

from .. import params
from .._validate import check_folder, check_new_file, read_toml
from .filearg import InputFile, OutputFile, OutputFolder, check_files, check_parsed  # noqa: F401
from .numbers import NAME, NAMES, SEED, Int, Real, Reals  # noqa: F401
from .errors import UsageError  # noqa: F401  (its home; imported from here too)
from .numbers import parse_floats  # noqa: F401


class Interrupted(KeyboardInterrupt):
    """Ctrl-C with the line to print (what was written before it): exit
    status 130.  A plain KeyboardInterrupt prints that nothing was written."""


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors raise :class:`UsageError`, and that
    records its options taking a value (see :func:`join_negative_values`)."""

    def __init__(self, *args, **kwargs):
        self.value_options = set()
        super().__init__(*args, **kwargs)

    def add_argument(self, *args, **kwargs):
        action = super().add_argument(*args, **kwargs)
        if action.option_strings and action.nargs != 0:
            self.value_options.update(action.option_strings)
        return action

    def error(self, message):
        # "argument --b: must be >= 0.0 (got -1.0)" -> "--b must be >= 0.0 (got -1.0)"
        found = re.match(r"argument ([^:]+): (.*)", message, re.DOTALL)
        if found:
            flag, text = found.groups()
            message = f"{flag} {text}" if text.startswith("must ") else f"{flag}: {text}"
        raise UsageError(f"{self.prog}: {message}")


# a value that starts with a minus sign and is a number or a list of them
_NEGATIVE = re.compile(r"-(\.?\d|inf|nan)", re.IGNORECASE)


def join_negative_values(argv, value_options):
    """``--b -0.1,0.1`` -> ``--b=-0.1,0.1``.

    argparse takes any word that starts with ``-`` and is not a plain
    negative number ("-0.1" is, "-0.1,0.1" and "-1e-3" are not) for an
    option, and then says the flag lacks its value.  Joined to its flag, the
    value reaches the flag's own parser and range check."""
    out = []
    for word in argv:
        if out and out[-1] in value_options and _NEGATIVE.match(word):
            out[-1] = f"{out[-1]}={word}"
        else:
            out.append(word)
    return out


def parse_vector(text):
    """Three numbers ``x,y,z``."""
    values = parse_floats(text)
    if len(values) != 3:
        raise argparse.ArgumentTypeError(f"expected three numbers x,y,z, got {text!r}")
    return values


def parse_spin(text):
    """One spin setting: ``KEY=VALUE`` pairs separated by commas, in TOML's
    inline-table syntax (``rashba=0.1,zeeman=[0,0.1,0]``), or ``none`` for
    the spinless setting.  Keys and values are checked with the table
    (:func:`pathsim.params.check`)."""
    import tomllib

    body = text.strip()
    if body.lower() in ("none", "{}", ""):
        return {}
    if body.startswith("{") and body.endswith("}"):    # a whole inline table: one pair
        body = body[1:-1]
    try:
        return tomllib.loads("s = {" + body + "}")["s"]
    except tomllib.TOMLDecodeError:
        raise argparse.ArgumentTypeError(
            f"expected KEY=VALUE pairs separated by commas (e.g. rashba=0.1,tau_so=5 or "
            f"zeeman=[0,0.1,0]) or none, got {text!r}") from None


def parse_int(text):
    """An integer, also in float notation when the value is whole:
    ``"400000"``, ``"4e5"``, ``"1e12"``."""
    try:
        return int(text)
    except ValueError:
        pass
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not value.is_integer():
        raise argparse.ArgumentTypeError(f"expected an integer, got {text!r}")
    return int(value)


_TYPES = dict(int=parse_int, real=float, reals=parse_floats, vector=parse_vector,
              vectors=parse_vector, spins=parse_spin, str=str, path=str)
# the files ``pathsim run --csv`` writes (a run with several spin settings
# writes them in spin<k>/ instead: checked once the settings are known)
CSV_FILES = ("delta_sigma.csv", "return_density.csv", "return_ratio.csv", "msd.csv")
# the run parameters that name files, by their type
_PATH_TYPES = dict(output=OutputFile(".npz"), csv=OutputFolder(CSV_FILES))


def add_param_flags(parser):
    """One flag per parameter of the table accepted on the command line,
    with its unit and ``pathsim run``'s default in the help; every default
    is None so that a config file can fill what the flags leave."""
    for p in params.PARAMS.values():
        if "cli" not in p.where:
            continue
        flags = [p.option] + (["--output"] if p.name == "output" else [])
        kind = _PATH_TYPES[p.name] if p.kind == "path" else _TYPES[p.kind]
        if p.kind == "int" and not p.choices:
            kind = Int(p.low, p.high)
        elif p.kind in ("real", "reals"):
            kind = (Real if p.kind == "real" else Reals)(p.low, p.high, p.low_open,
                                                         p.high_open, p.allow_inf)
        kwargs = dict(dest=p.name, type=kind, help=p.describe(cli=True))
        if p.choices:
            kwargs["choices"] = list(p.choices)
        if p.metavar:
            kwargs["metavar"] = p.metavar
        if p.kind in ("vectors", "spins"):
            kwargs["action"] = "append"
        parser.add_argument(*flags, **kwargs)


def load_config(path, prog):
    """The run parameters of a TOML config file, each checked against the
    table."""
    try:
        data = read_toml(path, "config file")
    except ValueError as exc:
        raise UsageError(f"{prog}: {exc}")
    known = params.names("config")
    for key, value in data.items():
        if key not in known:
            raise UsageError(f"{prog}: unknown key {key!r} in {path} "
                             f"(known: {', '.join(sorted(known))})")
        try:
            data[key] = params.check(key, value, f"key {key!r} in {path}")
        except ValueError as exc:
            raise UsageError(f"{prog}: {exc}")
    return data


def run_options(args, prog):
    """``pathsim run``'s defaults, then the config file, then the flags; the
    flags' values are checked against the table (the config's already are)."""
    options = params.run_defaults()
    if getattr(args, "config", None):
        options.update(load_config(args.config, prog))
    for name in params.names("cli"):
        value = getattr(args, name, None)
        if value is not None:
            try:
                options[name] = params.check(name, value)
            except ValueError as exc:
                raise UsageError(f"{prog}: {exc}")
    return options


def check_output(path, flag, prog, suffix=".npz"):
    """A results file a command may write (see
    :func:`pathsim._validate.check_new_file`)."""
    try:
        return check_new_file(flag, path, suffix)
    except ValueError as exc:
        raise UsageError(f"{prog}: {exc}")


def check_output_folder(path, flag, prog):
    """A folder a command may create or write files in."""
    try:
        return check_folder(flag, path)
    except ValueError as exc:
        raise UsageError(f"{prog}: {exc}")


def finite_or_null(data):
    """``data`` with every NaN and infinity replaced by None (JSON's null),
    numpy scalars and arrays made plain Python (lists), recursively: the one
    sanitizer, :func:`pathsim.analysis._shared.json_safe`."""
    from ..analysis._shared import json_safe

    return json_safe(data)


def write_json(data, stream=None):
    """Write ``data`` as strict JSON (RFC 8259) on ``stream`` (default stdout):
    every ``--format json`` of the command line goes through here.  NaN and
    infinities, which JSON cannot represent (Python would write bare ``NaN``
    and ``Infinity``), become ``null``."""
    stream = sys.stdout if stream is None else stream
    json.dump(finite_or_null(data), stream, indent=1, allow_nan=False)
    stream.write("\n")


# Work expected to take longer than this says so before it starts.
ANNOUNCE_SECONDS = 60.0


def duration_text(seconds):
    """``3.2 hours``: a duration in the largest unit that fits."""
    for unit, size in (("years", 3.156e7), ("days", 86400.0), ("hours", 3600.0),
                       ("minutes", 60.0)):
        if seconds >= size:
            return f"{seconds / size:.3g} {unit}"
    return f"{seconds:.2g} s"


def announce(prog, seconds, what, stop="Ctrl-C stops it and writes nothing"):
    """One line on stderr before long work: ``what`` it does and about how
    long it takes (an upper estimate), if more than :data:`ANNOUNCE_SECONDS`.
    Every command's estimate line goes through here."""
    if seconds > ANNOUNCE_SECONDS:
        print(f"{prog}: {what}, up to about {duration_text(seconds)} ({stop})",
              file=sys.stderr, flush=True)


def cost_line(prog, what="", stop="Ctrl-C stops it and writes nothing"):
    """The ``_announce`` callback of :func:`pathsim.simulate` (passed, or
    set for a whole command with :func:`pathsim.run.driver.announcing`):
    the estimate line of a long walk, ``what`` naming the walk."""
    def callback(steps, seconds, threads):
        announce(prog, seconds, f"{what}about {steps:.2g} scattering steps on {threads} "
                 f"thread{'s' * (threads > 1)}", stop)
    return callback


def report(result, fmt, output):
    """The summary table (or JSON, :func:`write_json`) of a result written to
    ``output``."""
    if fmt == "json":
        write_json(result.to_dict())
    else:
        print(result.summary())
        print(f"results written to {output}")
