"""Typed file arguments of the command line: inputs, output files, output folders.

An option that names a file declares what the file is by its ``type``::

    p.add_argument("data", type=InputFile(content="text"))
    p.add_argument("-o", "--output", type=OutputFile(".npz"))
    p.add_argument("--out", type=OutputFolder(files=("paths.png", "paths.pdf")))

:func:`pathsim.cli.main` checks every such option of the command given,
after parsing and before any work (:func:`check_parsed`):

- an input exists, is a regular file, can be read, is not empty and (with
  ``content``) is a zip archive (``"npz"``) or UTF-8 text (``"text"``);
- an output file is not a folder nor another existing non-regular file
  (``/dev/null``), ends in its suffix, and its folder exists and can be
  written;
- an output folder is a folder or can be created where a folder can be
  written, and the files it will hold (``files``) are not folders;
- no output is one of the inputs or another output of the same command
  (compared by resolved real paths and, for existing files, by inode).

A command whose paths are known only later (a config file's ``output``, a
default computed from another option) calls :func:`check_files` itself with
the same types.  Every fault is one line naming the option.
"""
import argparse
import os

from .._validate import check_folder, check_input_file, check_new_file


class FileArg:
    """Base of the file types: marks the option, refuses an empty path.

    Parameters
    ----------
    suffix : str, optional
        Required ending of the file name (``".npz"``, ``".csv"``).
    """
    role = None

    def __init__(self, suffix=None):
        self.suffix = suffix

    def __call__(self, text):
        if not str(text).strip():
            raise argparse.ArgumentTypeError("expected a path, got an empty string")
        return text

    def __repr__(self):
        return f"{type(self).__name__}({self.suffix!r})"

    def check(self, flag, path):
        """Raise ValueError (naming ``flag``) if ``path`` cannot serve."""
        raise NotImplementedError

    def targets(self, path):
        """``(role, path)`` of every file this value reads or writes."""
        return [(self.role, path)]


class InputFile(FileArg):
    """A file the command reads.

    Parameters
    ----------
    suffix : str, optional
        Required ending of the name (rarely wanted for inputs).
    content : {None, "npz", "text"}
        Also check the content: a zip archive (numpy's ``.npz``) or text
        that decodes as UTF-8 (a byte-order mark allowed).
    """
    role = "input"

    def __init__(self, suffix=None, content=None):
        super().__init__(suffix)
        self.content = content

    def check(self, flag, path):
        check_input_file(flag, path, self.content)
        if self.suffix and not str(path).endswith(self.suffix):
            raise ValueError(f"{flag} must end in {self.suffix} (got {str(path)!r})")


class OutputFile(FileArg):
    """A file the command writes (atomically, :mod:`pathsim._files`)."""
    role = "output"

    def check(self, flag, path):
        check_new_file(flag, path, self.suffix)


class OutputFolder(FileArg):
    """A folder the command writes files into (created if missing).

    Parameters
    ----------
    files : iterable of str or callable, optional
        Names of the files the command may write in the folder (or a
        function returning them, called at check time): none may be a folder,
        and none may be an input or another output.
    """
    role = "folder"

    def __init__(self, files=()):
        super().__init__(None)
        self.files = files

    def names(self):
        return list(self.files() if callable(self.files) else self.files)

    def check(self, flag, path):
        check_folder(flag, path)
        for name in self.names():
            target = os.path.join(path, name)
            if os.path.isdir(target):
                raise ValueError(f"{flag}: {target} is a folder; the command writes a "
                                 f"file of that name")
            parent = os.path.dirname(target)
            if os.path.exists(parent) and not os.path.isdir(parent):
                raise ValueError(f"{flag}: {parent} is a file; the command writes "
                                 f"{name} in a folder of that name")

    def targets(self, path):
        return [("folder", path)] + [("output", os.path.join(path, n)) for n in self.names()]


def _same(a, b):
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _values(value):
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def check_files(prog, entries):
    """Check file arguments before any work.

    Parameters
    ----------
    prog : str
        The command (``"pathsim merge"``), first word of every message.
    entries : iterable of (str, str or list of str or None, FileArg)
        The option as the user wrote it (``"--output"``), its value(s) and
        its type.  None values are skipped.

    Raises
    ------
    UsageError
        One line naming the option: a path that cannot serve, or an output
        that is an input or another output.
    """
    from .errors import UsageError

    seen = []          # (flag, role, path, declared path)
    for flag, value, spec in entries:
        for path in _values(value):
            try:
                spec.check(flag, path)
            except ValueError as exc:
                raise UsageError(f"{prog}: {exc}") from None
            seen.extend((flag, role, target, path) for role, target in spec.targets(path))
    for i, (flag, role, target, path) in enumerate(seen):
        for flag2, role2, target2, path2 in seen[:i]:
            if "input" == role == role2 or path == path2 and flag == flag2:
                continue
            if role == role2 == "folder" and flag != flag2:
                continue    # two commands' folders may coincide (files differ)
            if _same(target, target2):
                if role == "input":     # name the output first
                    flag, role, target, path, flag2, role2, target2, path2 = (
                        flag2, role2, target2, path2, flag, role, target, path)
                where = "" if target in (path, path2) else f" (the file {target})"
                if "input" in (role, role2):
                    raise UsageError(f"{prog}: {flag} {path}{where} is one of the inputs "
                                     f"({flag2} {path2}); write to a new file")
                raise UsageError(f"{prog}: {flag} {path}{where} is also written by {flag2} "
                                 f"{path2}; give each output its own file")
    return [path for _, _, _, path in seen]


def chosen_parsers(parser, args):
    """The parser of ``args`` and of each subcommand chosen in it, outermost first."""
    chain = [parser]
    while True:
        sub = [a for a in chain[-1]._actions if isinstance(a, argparse._SubParsersAction)]
        name = getattr(args, sub[0].dest, None) if sub else None
        if name is None:
            return chain
        chain.append(sub[0].choices[name])


def file_actions(parser):
    """The actions of ``parser`` whose ``type`` is a :class:`FileArg`."""
    return [a for a in parser._actions if isinstance(a.type, FileArg)]


def check_parsed(parser, args):
    """:func:`check_files` on every file option of the chosen command."""
    chain = chosen_parsers(parser, args)
    entries = [(a.option_strings[-1] if a.option_strings else a.dest,
                getattr(args, a.dest, None), a.type)
               for p in chain for a in file_actions(p)]
    check_files(chain[-1].prog, entries)
