"""The command line's one error type (no imports: every CLI module may use it)."""


class UsageError(Exception):
    """Bad input at the command line: exit status 2, one line on stderr."""
