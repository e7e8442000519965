"""Ctrl-C while the command line starts: one line and exit status 130.

Importing pathsim (numpy, scipy, numba) takes about half a second, before
:func:`pathsim.cli.main` can catch anything: a KeyboardInterrupt then would
end in a traceback.  When the process is the ``pathsim`` command (the
console script, or ``python -m pathsim`` whose ``sys.argv[0]`` is ``-m``
while the package is imported), :func:`quiet_interrupt` replaces the SIGINT
handler until :func:`pathsim.cli.main` restores Python's own; a library
import (``import pathsim`` in a script or notebook) is left alone.
"""
import os
import signal
import sys


def is_command_line():
    """True while the ``pathsim`` command itself is starting."""
    name = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else ""
    return name in ("pathsim", "pathsim.exe", "-m")


def _exit_interrupted(signum, frame):
    os.write(2, b"pathsim: interrupted while starting; nothing done\n")
    os._exit(130)


def quiet_interrupt():
    """Exit quietly (status 130) on Ctrl-C until :func:`restore` (command line only)."""
    if is_command_line() and signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _exit_interrupted)


def restore():
    """Python's KeyboardInterrupt again (called where the command catches it)."""
    if signal.getsignal(signal.SIGINT) is _exit_interrupted:
        signal.signal(signal.SIGINT, signal.default_int_handler)
