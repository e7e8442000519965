"""``pathsim merge``: combine the result files of runs with different seeds."""
import os
import zipfile
import zlib

from .common import InputFile, OutputFile, UsageError, report

PROG = "pathsim merge"
# what reading a damaged, truncated or foreign file can raise (numpy, zipfile,
# zlib, json); pathsim.load turns most of them into a ValueError naming the file
_READ_ERRORS = (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile, zlib.error)


def add_parser(sub):
    p = sub.add_parser("merge", help="merge result files of runs with different seeds")
    p.add_argument("inputs", nargs="+", type=InputFile(content="npz"),
                   help="result files (.npz) written by pathsim run")
    p.add_argument("-o", "--output", required=True, type=OutputFile(".npz"),
                   help="merged results file (.npz)")
    p.add_argument("--format", choices=["table", "json"], default="table",
                   help="table (default) or JSON on stdout (strict: NaN and infinities as null)")
    p.set_defaults(func=command)


def read(path):
    """A results file, or one line saying why it cannot be read."""
    import pathsim

    if not os.path.exists(path):
        raise UsageError(f"{PROG}: input not found: {path}")
    if os.path.isdir(path):
        raise UsageError(f"{PROG}: input {path} is a folder, not a results file")
    try:
        if not zipfile.is_zipfile(path):
            raise UsageError(f"{PROG}: {path} is not a pathsim results file (.npz): "
                             "not a zip archive, or truncated")
        return pathsim.load(path)
    except KeyError as exc:  # a zip of other arrays
        raise UsageError(f"{PROG}: {path} is not a pathsim results file (.npz): "
                         f"{exc.args[0] if exc.args else exc}") from None
    except _READ_ERRORS as exc:
        text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise UsageError(f"{PROG}: {text}" if path in text else
                         f"{PROG}: cannot read {path}: {text}") from None


def command(args):
    results = [read(path) for path in args.inputs]
    merged = results[0]
    try:
        for other in results[1:]:
            merged = merged.merge(other)
    except ValueError as exc:
        raise UsageError(f"{PROG}: {exc}")
    merged.save(args.output)
    report(merged, args.format, args.output)
