"""Check the package layout: no import cycle between pathsim modules and no
module over 400 lines.

Every import counts, also those inside functions.  ``from . import name``
is an edge to the submodule ``name`` when there is one, else to the
package's ``__init__`` (``from . import __version__`` imports
``pathsim/__init__.py``).  Importing ``a.b.c`` also runs ``a/__init__`` and
``a/b/__init__``; those implicit edges are not counted (they would make
every module of a package that its ``__init__`` imports a cycle).

    python scripts/check_layout.py [--quick] [--max-lines 400]

Prints the cycles (strongly connected components) and the long modules;
exit status 1 if there is any.
"""
import argparse
import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "pathsim"


def modules(root=ROOT, package=PACKAGE):
    """Dotted module name -> path, for every .py file of the package."""
    out = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def imports(name, path, known):
    """Modules of ``known`` that module ``name`` (at ``path``) imports."""
    is_package = path.name == "__init__.py"
    base = name.split(".") if is_package else name.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                target = alias.name
                while target and target not in known:
                    target = target.rpartition(".")[0]
                if target:
                    found.add(target)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parent = ".".join(base[: len(base) - node.level + 1])
                target = f"{parent}.{node.module}" if node.module else parent
            else:
                target = node.module
            if target not in known:
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in known else target)
    found.discard(name)
    return found


def cycles(graph):
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10_000)
    for v in graph:
        if v not in index:
            visit(v)
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="(the check is quick anyway)")
    parser.add_argument("--max-lines", type=int, default=400)
    parser.add_argument("--root", type=Path, default=ROOT, help="source tree to check")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    known = modules(root)
    graph = {name: imports(name, path, known) for name, path in known.items()}
    bad = False
    for comp in cycles(graph):
        bad = True
        edges = [f"{a} -> {b}" for a in comp for b in sorted(graph[a]) if b in comp]
        print(f"import cycle: {', '.join(comp)}\n    " + "\n    ".join(edges))
    for name, path in known.items():
        n = len(path.read_text().splitlines())
        if n > args.max_lines:
            bad = True
            print(f"{path.relative_to(root)}: {n} lines (> {args.max_lines})")
    print(f"{len(known)} modules checked: " + ("problems above" if bad else "no cycle, "
                                                "none too long"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
