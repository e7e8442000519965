"""Read pathsim's docstrings as they are written: plain-text formulas.

Docstrings write absolute values and bra-kets as ``|x|`` and ``|i><j|``, which
reStructuredText would take for substitution references.  This hook escapes
every ``|`` outside inline literals, roles, literal blocks and doctest
blocks before numpydoc and docutils read the docstring, so the source stays
readable in a terminal and renders as written on the site.
"""
import re

_PROTECTED = re.compile(r"(``.*?``|:[\w:]+:`[^`]*`|`[^`]*`_?)")


def _escape_line(line):
    parts = _PROTECTED.split(line)
    return "".join(part if i % 2 else part.replace("|", r"\|") for i, part in enumerate(parts))


def escape_bars(lines):
    """Escape substitution bars in a docstring given as a list of lines (in place)."""
    literal_indent = None       # indentation of the paragraph that opened a literal block
    pending = False             # the previous text line ended with '::'
    doctest = False
    for i, line in enumerate(lines):
        stripped = line.strip()
        indent = len(line) - len(line.lstrip())
        if not stripped:
            doctest = False
            continue
        if literal_indent is not None:
            if indent > literal_indent:
                continue
            literal_indent = None
        if pending:
            pending = False
            if indent > pending_indent:
                literal_indent = pending_indent
                continue
        if stripped.startswith(">>>") or doctest:
            doctest = True
            continue
        if stripped.startswith(("+-", "+=")) or stripped.startswith("| "):
            continue            # a grid table or a line block
        lines[i] = _escape_line(line)
        if stripped.endswith("::"):
            pending, pending_indent = True, indent


def _process(app, what, name, obj, options, lines):
    escape_bars(lines)


def setup(app):
    app.connect("autodoc-process-docstring", _process, priority=100)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
