"""Sphinx configuration of the pathsim documentation.

Build (from the repository root)::

    pip install -e ".[docs]" && python -m sphinx -W -b html docs docs/_build/html

The API pages are generated at every build from the packages' ``__all__``
(``_ext/public_api.py``), so a new public name or subpackage appears without
editing any page.  Notebooks under ``tutorials/`` are executed at build time
and cached (``_build/.jupyter_cache``): a second build re-runs only the
notebooks that changed.  ``PATHSIM_DOCS_EXECUTE=off`` skips execution (a
quick look at the prose).
"""
import logging
import os
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE / "_ext"))

import public_api  # noqa: E402
from pathsim._version import __version__  # noqa: E402

project = "pathsim"
author = "pathsim developers"
copyright = "2026, pathsim developers"
version = release = __version__

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "sphinx.ext.doctest",
    "numpydoc",
    "sphinxarg.ext",
    "plain_docstrings",
]

exclude_patterns = ["_build", "**.ipynb_checkpoints", "_ext", "README.md"]
source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
root_doc = "index"

# -- MyST and notebooks ------------------------------------------------------
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_heading_anchors = 3
nb_execution_mode = os.environ.get("PATHSIM_DOCS_EXECUTE", "cache")
nb_execution_cache_path = str(HERE / "_build" / ".jupyter_cache")
nb_execution_timeout = 600          # seconds per notebook cell on 2 cores
nb_execution_raise_on_error = True  # a failing tutorial fails the build
nb_execution_in_temp = True         # files a notebook writes stay out of the source tree
nb_execution_show_tb = True
nb_merge_streams = True

# -- API reference -------------------------------------------------------------
autosummary_generate = True
autosummary_imported_members = True
autodoc_default_options = {"members": True, "inherited-members": False}
autodoc_typehints = "none"
autodoc_member_order = "bysource"
numpydoc_show_class_members = False
numpydoc_xref_param_type = False
numpydoc_validation_checks = set()   # checked by tests/unit/test_docstrings.py
add_module_names = False
autodoc_mock_imports = []

# -- math, offline -------------------------------------------------------------
# MathJax 3 from the ``django-static-mathjax`` wheel (static files only, no
# Django needed; the ``docs`` extra installs it) is copied into the site, so
# formulas render without a network.  Without it the CDN default is used.
try:
    import importlib.util
    _spec = importlib.util.find_spec("mathjax")
    _MATHJAX = Path(list(_spec.submodule_search_locations)[0]) / "static" / "mathjax" / "es5"
    if not (_MATHJAX / "tex-mml-chtml.js").is_file():
        _MATHJAX = None
except (ImportError, TypeError, AttributeError):
    _MATHJAX = None
if _MATHJAX is not None:
    mathjax_path = "mathjax/tex-mml-chtml.js"
mathjax3_config = {"tex": {"inlineMath": [["\\(", "\\)"]], "displayMath": [["\\[", "\\]"]]}}

# -- HTML ----------------------------------------------------------------------
html_theme = "furo"
html_title = f"pathsim {release}"
html_static_path = ["_static"]
html_css_files = ["pathsim.css"]
html_theme_options = {"navigation_with_keys": True}
html_show_sourcelink = True
templates_path = []

suppress_warnings = ["mystnb.unknown_mime_type"]


class _EmptyGlob(logging.Filter):
    """Each toctree lists its pages in reading order, then a glob (``theory/*``)
    that picks up pages added later; an empty glob is expected, not an error
    (Sphinx gives this warning no type that ``suppress_warnings`` could name)."""

    def filter(self, record):
        return "didn't match any documents" not in record.getMessage()


logging.getLogger("sphinx.sphinx.directives.other").addFilter(_EmptyGlob())


# -- generated pages -----------------------------------------------------------
def _api_pages(app):
    """Write ``api/<module>.rst`` for every public module (see public_api)."""
    out = HERE / "api"
    if out.exists():
        shutil.rmtree(out)
    out.mkdir()
    modules = public_api.public_modules()
    rows = public_api.public_names()
    for mod_name, module in modules.items():
        own = [(name, obj, home) for m, name, obj, home in rows if m == mod_name]
        lines = [mod_name, "=" * len(mod_name), "",
                 f".. automodule:: {mod_name}", "   :no-members:", ""]
        here = [name for name, obj, home in own
                if home == mod_name and public_api.kind(obj) not in ("module", "data")]
        elsewhere = [(name, obj, home) for name, obj, home in own
                     if home != mod_name and public_api.kind(obj) not in ("module", "data")]
        data = [(name, obj) for name, obj, home in own if public_api.kind(obj) == "data"]
        submodules = [(name, obj) for name, obj, home in own if public_api.kind(obj) == "module"]
        children = [m for m in modules if m != mod_name and m.rsplit(".", 1)[0] == mod_name
                    and m not in {obj.__name__ for _, obj in submodules}]
        if here:
            lines += [".. currentmodule:: " + mod_name, "",
                      ".. autosummary::", "   :toctree: generated", "   :nosignatures:", ""]
            lines += [f"   {name}" for name in here] + [""]
        if elsewhere:
            lines += ["Also importable from here, documented at their home:", "",
                      ".. autosummary::", "   :nosignatures:", ""]
            lines += [f"   ~{_relative(home, mod_name)}.{name}" for name, obj, home in elsewhere]
            lines += [""]
        if data:
            lines += [".. currentmodule:: " + mod_name, "", "Constants:", ""]
            for name, obj in data:
                lines += [f".. py:data:: {name}", f"   :value: {_short_repr(obj)}", ""]
        mods = [obj.__name__ for _, obj in submodules] + children
        if mods:
            lines += ["Modules:", "", ".. autosummary::", "   :nosignatures:", ""]
            lines += [f"   ~{_relative(m, mod_name)}" for m in mods] + [""]
        (out / f"{mod_name}.rst").write_text("\n".join(lines))
    index = [".. _api:", "", "API reference", "=============", "",
             "Every public name of pathsim, from the packages' ``__all__``. Units follow",
             ":ref:`theory-units`: lengths in the mean free path *l*, times in the elastic",
             "time *tau*, fields in *B_tr*, conductivities in *G0 = e^2/(pi h)*.", "",
             ".. autosummary::", "   :nosignatures:", ""]
    index += [f"   {m}" for m in modules] + [""]
    index += [".. toctree::", "   :hidden:", ""] + [f"   {m}" for m in modules] + [""]
    (out / "index.rst").write_text("\n".join(index))


def _short_repr(obj, width=70):
    """A one-line repr for the constants' table (long values cut)."""
    text = " ".join(repr(obj).split())
    return text if len(text) <= width else text[:width - 5] + " ..."


def _relative(name, module):
    """``name`` relative to ``module`` when inside it (autosummary's preference)."""
    return name[len(module) + 1:] if name.startswith(module + ".") else name


def _copy_mathjax(app, exception):
    if exception is None and _MATHJAX is not None and app.builder.format == "html":
        target = Path(app.outdir) / "_static" / "mathjax"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(_MATHJAX / "tex-mml-chtml.js", target / "tex-mml-chtml.js")
        fonts = target / "output" / "chtml" / "fonts" / "woff-v2"
        if not fonts.exists():
            shutil.copytree(_MATHJAX / "output" / "chtml" / "fonts" / "woff-v2", fonts)


def _gallery_rest(app, docname, source):
    """Show every PNG under figures/ in the gallery: a figure the page does not
    mention yet (added by another change) is appended with its file name."""
    if docname != "gallery":
        return
    missing = [p for p in sorted((ROOT / "figures").glob("*.png")) if p.name not in source[0]]
    if missing:
        source[0] += ("\n## Other figures\n\nFigures without a description here yet; "
                      "the script that makes each is under `scripts/`.\n\n")
        source[0] += "".join(f"![{p.stem}](../figures/{p.name})\n\n`figures/{p.name}`\n\n"
                             for p in missing)


def setup(app):
    _api_pages(app)
    app.connect("source-read", _gallery_rest)
    app.connect("build-finished", _copy_mathjax)
