"""The public names of pathsim, read from the packages' ``__all__``.

One rule, shared by the API pages (``docs/conf.py``) and the docstring test
(``tests/unit/test_docstrings.py``):

- ``pathsim`` and every subpackage whose name has no leading underscore
  (found by walking the package, so a new subpackage appears by itself) are
  public modules; so is a module named in a public module's ``__all__``
  (``pathsim.units``, ``pathsim.theory.interactions``), and a plain module of
  a public package that has an ``__all__`` of its own with a name no public
  module re-exports (``pathsim.theory.spin``).
- The public names of a public module are its ``__all__``.
- An object re-exported by several public modules is documented once, in the
  deepest of them (``pathsim.simulate`` at ``pathsim.run.simulate``); the
  others link there.
"""
import importlib
import inspect
import pkgutil
import types


def _all(module):
    """``__all__`` of a module; without one, the functions and classes it defines."""
    if hasattr(module, "__all__"):
        return [name for name in module.__all__ if name != "__version__"]
    return sorted(name for name, obj in vars(module).items()
                  if not name.startswith("_") and (inspect.isfunction(obj) or inspect.isclass(obj))
                  and obj.__module__ == module.__name__)


def _walk(package_name):
    """Module names of ``package_name`` and its submodules, without private ones."""
    package = importlib.import_module(package_name)
    names = [package_name]
    for info in pkgutil.walk_packages(package.__path__, package_name + "."):
        if any(part.startswith("_") for part in info.name.split(".")):
            continue
        names.append(info.name)
    return names


def public_modules(package_name="pathsim"):
    """Public modules as ``{name: module}``, parents before children."""
    candidates = {name: importlib.import_module(name) for name in _walk(package_name)}
    public = {}

    def add(name, module):
        if name in public:
            return
        public[name] = module
        for member in _all(module):
            value = getattr(module, member)
            if isinstance(value, types.ModuleType) and value.__name__.startswith(package_name):
                add(value.__name__, value)

    for name, module in candidates.items():
        if hasattr(module, "__path__"):          # a package
            add(name, module)
    exported = {id(getattr(m, n)) for m in public.values() for n in _all(m)}
    for name, module in candidates.items():
        if name in public or hasattr(module, "__path__") or "__all__" not in vars(module):
            continue
        parent = name.rsplit(".", 1)[0]
        if parent in public and any(id(getattr(module, n)) not in exported for n in _all(module)):
            add(name, module)
    return dict(sorted(public.items(), key=lambda item: (item[0].count("."), item[0])))


def public_names():
    """Every public name as ``(module name, name, object, home)``.

    ``home`` is the module whose API page documents the object: the deepest
    public module that lists it in ``__all__`` (a module object's home is its
    own page).
    """
    modules = public_modules()
    homes = {}
    for mod_name, module in modules.items():
        for name in _all(module):
            obj = getattr(module, name)
            if isinstance(obj, types.ModuleType):
                continue
            key = id(obj)
            depth = mod_name.count(".")
            if key not in homes or depth > homes[key][0]:
                homes[key] = (depth, mod_name)
    rows = []
    for mod_name, module in modules.items():
        for name in _all(module):
            obj = getattr(module, name)
            home = obj.__name__ if isinstance(obj, types.ModuleType) else homes[id(obj)][1]
            rows.append((mod_name, name, obj, home))
    return rows


def kind(obj):
    """'module', 'class', 'function' or 'data'."""
    if isinstance(obj, types.ModuleType):
        return "module"
    if inspect.isclass(obj):
        return "class"
    if callable(obj):
        return "function"
    return "data"
