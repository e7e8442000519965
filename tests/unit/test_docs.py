"""The documentation checked by the suite, without building it.

- every public name (the ``__all__`` of ``pathsim`` and of each subpackage)
  has a numpydoc docstring: a Parameters section naming every parameter,
  and a Returns (or Yields) section when it returns a value; every public
  method of a public class has a docstring;
- every ``:ref:`` label that a docstring names exists in ``docs/``, and no
  module refers to an outside physics file;
- the doctest blocks of the docs pages run and give what they show;
- the README's Python examples run, and its fit example prints the
  numbers it shows;
- the Python blocks of the docs pages name only functions, classes and
  keyword arguments that exist (so a rename breaks this test, not a reader).

The Sphinx build itself (``python -m sphinx -W``) runs in ``.ci/run``.
"""
import ast
import doctest
import importlib
import inspect
import pkgutil
import re
import shlex
import types
from pathlib import Path

import pytest

import pathsim
from pathsim.cli import main as cli_main

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"


def _public_packages():
    names = ["pathsim"]
    for info in pkgutil.walk_packages(pathsim.__path__, "pathsim."):
        if info.ispkg and not any(part.startswith("_") for part in info.name.split(".")):
            names.append(info.name)
    return [importlib.import_module(name) for name in names]


def _public_objects():
    """(qualified name, object) of every function and class in a public
    package's ``__all__``, each object once."""
    seen, out = set(), []
    for package in _public_packages():
        for name in getattr(package, "__all__", ()):
            obj = getattr(package, name)
            if id(obj) in seen or not (inspect.isfunction(obj) or inspect.isclass(obj)):
                continue
            seen.add(id(obj))
            out.append((f"{package.__name__}.{name}", obj))
    return out


PUBLIC = _public_objects()
SECTION = re.compile(r"^(\w[\w ]*)\n-{3,}\s*$", re.M)


def _sections(doc):
    """{section title: its text} of a numpydoc docstring."""
    parts = SECTION.split(doc)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def _documented_parameters(text):
    names = set()
    for line in text.splitlines():
        if line and not line[0].isspace():
            for name in line.split(":")[0].split(","):
                names.add(name.strip().lstrip("*"))
    return names


def _returns_value(func):
    """Whether the function's own body returns a value or yields."""
    try:
        tree = ast.parse(inspect.cleandoc("\n" + inspect.getsource(func)))
    except (OSError, TypeError, SyntaxError):
        return False, False
    found = {"return": False, "yield": False}

    def visit(node):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda,
                                  ast.ClassDef)):
                continue
            if isinstance(child, ast.Return) and child.value is not None:
                found["return"] = True
            if isinstance(child, (ast.Yield, ast.YieldFrom)):
                found["yield"] = True
            visit(child)

    visit(tree.body[0])
    return found["return"], found["yield"]


def test_the_public_names_are_found():
    names = {name for name, _ in PUBLIC}
    assert {"pathsim.simulate", "pathsim.theory.hln", "pathsim.wave.conductance",
            "pathsim.run.simulate_frozen", "pathsim.SimulationResult"} <= names


@pytest.mark.parametrize("name, obj", PUBLIC, ids=[name for name, _ in PUBLIC])
def test_public_docstring(name, obj):
    doc = inspect.getdoc(obj)
    assert doc, f"{name} has no docstring"
    if inspect.isclass(obj):
        for method, func in vars(obj).items():
            if not method.startswith("_") and inspect.isfunction(func):
                assert inspect.getdoc(func), f"{name}.{method} has no docstring"
        return
    sections = _sections(doc)
    params = [p.name for p in inspect.signature(obj).parameters.values()]
    if params:
        assert "Parameters" in sections, f"{name}: no Parameters section"
        missing = set(params) - _documented_parameters(sections["Parameters"])
        assert not missing, f"{name}: parameters not documented: {sorted(missing)}"
    returns, yields = _returns_value(obj)
    if returns:
        assert "Returns" in sections or "Yields" in sections, f"{name}: no Returns section"
    if yields:
        assert "Yields" in sections, f"{name}: no Yields section"


def _package_files():
    return sorted((ROOT / "pathsim").rglob("*.py"))


def test_docstring_references_exist():
    labels = set()
    for page in DOCS.rglob("*.md"):
        if "_build" not in page.parts:
            labels |= set(re.findall(r"^\(([\w-]+)\)=", page.read_text(), re.M))
    assert {"theory-units", "theory-estimator", "theory-spin-twins"} <= labels
    unknown = []
    for path in _package_files():
        for label in re.findall(r":ref:`(?:[^`<]*<)?([\w-]+)>?`", path.read_text()):
            if label not in labels:
                unknown.append(f"{path.relative_to(ROOT)}: {label}")
    assert not unknown, f"labels not defined in docs/: {unknown}"


def test_no_reference_to_an_outside_physics_file():
    stale = [str(path.relative_to(ROOT)) for path in _package_files()
             if "PHYSICS.md" in path.read_text()]
    assert not stale, f"refer to docs/theory labels instead: {stale}"


def _fences(text, info):
    """(line number, body) of every fenced block whose info string is ``info``."""
    blocks, lines = [], text.splitlines()
    i = 0
    while i < len(lines):
        if lines[i].strip() == "```" + info:
            start, body = i + 1, []
            i += 1
            while i < len(lines) and lines[i].strip() != "```":
                body.append(lines[i])
                i += 1
            blocks.append((start + 1, "\n".join(body) + "\n"))
        i += 1
    return blocks


def _pages():
    return sorted(p for p in DOCS.rglob("*.md") if "_build" not in p.parts)


@pytest.mark.parametrize("page", [p for p in _pages() if "```{doctest}" in p.read_text()],
                         ids=lambda p: str(p.relative_to(DOCS)))
def test_doctests_in_docs(page, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    parser, runner = doctest.DocTestParser(), doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    globs = {}
    for line, body in _fences(page.read_text(), "{doctest}"):
        test = parser.get_doctest(body, globs, page.name, str(page), line)
        runner.run(test)
    assert runner.failures == 0, f"{runner.failures} doctest failures in {page.name}"


def _numbers(text):
    return [float(x) for x in re.findall(r"[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?", text)]


def test_readme_examples_run(tmp_path, monkeypatch, capsys):
    readme = (ROOT / "README.md").read_text()
    monkeypatch.chdir(tmp_path)
    for line, body in _fences(readme, "python"):
        exec(compile(body, f"README.md, line {line}", "exec"), {"__name__": "readme"})
    assert (tmp_path / "run.npz").is_file() and (tmp_path / "data.csv").is_file()
    # the fit example: the command as written, and the numbers the README shows
    shown = dict(_fences(readme, "text"))
    checked = 0
    for line, body in _fences(readme, "bash"):
        if not body.startswith("pathsim fit-hln"):
            continue
        capsys.readouterr()
        assert cli_main(shlex.split(body)[1:]) == 0
        out = capsys.readouterr().out
        expected = next(text for start, text in shown.items() if start > line)
        assert _numbers(out) == pytest.approx(_numbers(expected), rel=2e-3)
        checked += 1
    assert checked == 1


def _static_names(tree):
    """Objects named by the imports of a code block, by local name."""
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "pathsim":
                    names[(alias.asname or alias.name).split(".")[0]] = pathsim
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("pathsim"):
            module = importlib.import_module(node.module)
            for alias in node.names:
                assert hasattr(module, alias.name), f"{node.module} has no {alias.name}"
                names[alias.asname or alias.name] = getattr(module, alias.name)
    return names


def _resolve(node, names):
    """The object an attribute chain rooted at an imported pathsim name
    denotes; None for other expressions. AssertionError for a missing name."""
    chain = []
    while isinstance(node, ast.Attribute):
        chain.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name) or node.id not in names:
        return None
    obj, path = names[node.id], node.id
    for attr in reversed(chain):
        if isinstance(obj, types.ModuleType) and not hasattr(obj, attr):
            try:
                obj = importlib.import_module(f"{obj.__name__}.{attr}")
            except ImportError:
                raise AssertionError(f"{path} has no {attr}") from None
        else:
            assert hasattr(obj, attr), f"{path} has no {attr}"
            obj = getattr(obj, attr)
        path += "." + attr
    return obj


@pytest.mark.parametrize("page", [ROOT / "README.md"] + _pages(),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_code_in_docs_names_what_exists(page):
    for line, body in _fences(page.read_text(), "python"):
        tree = ast.parse(body, f"{page.name}, line {line}")
        names = _static_names(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute):
                _resolve(node, names)
            if isinstance(node, ast.Call):
                func = _resolve(node.func, names) if not isinstance(node.func, ast.Name) \
                    else names.get(node.func.id)
                if not callable(func) or isinstance(func, types.ModuleType):
                    continue
                try:
                    params = inspect.signature(func).parameters
                except (TypeError, ValueError):
                    continue
                if any(p.kind is p.VAR_KEYWORD for p in params.values()):
                    continue
                unknown = {kw.arg for kw in node.keywords if kw.arg} - set(params)
                assert not unknown, f"{page.name}, line {line}: {func.__name__} takes " \
                                    f"no {sorted(unknown)}"
