"""Wave runs as units of work: parameters in, a :class:`WaveResult` out.

One function per run kind, shared by ``pathsim anderson`` and by parameter
studies (a study of ``kind = "conductance"`` or ``"levels"`` runs its points
through :func:`run`).  :data:`PARAMS` lists each kind's parameters with
their types and defaults; :func:`check` validates a parameter set without
doing any work, so a study refuses a bad point before it starts.

A conductance or level run of ``realizations`` samples from ``seed`` holds
realizations k = 0 .. realizations-1 of the stream (seed, k); runs with
other seeds merge by concatenation (:meth:`WaveResult.merge`).
"""
from .._validate import normalize_seed
from . import levels as _levels
from . import cost, transfer, transport
from .results import WaveResult

# kind -> {parameter: (type, default or None when required)}
PARAMS = {
    "xi": dict(dim=(int, 3), width=(int, None), disorder=(float, None),
               energy=(float, 0.0), flux=(float, 0.0), boundary=(str, "periodic"),
               rel_error=(float, 0.01)),
    "conductance": dict(dim=(int, 2), width=(int, None), length=(int, None),
                        disorder=(float, None), energy=(float, 0.0), flux=(float, 0.0),
                        boundary=(str, "hard-wall")),
    "levels": dict(dim=(int, 3), size=(int, None), disorder=(float, None),
                   flux=(float, 0.0), fraction=(float, 0.2), boundary=(str, "periodic")),
}
# the kinds whose samples are realizations (a study's budget per point)
SAMPLED = ("conductance", "levels")


def convert(kind, name, value):
    """``value`` of parameter ``name`` of ``kind`` as its type (ints stay
    ints, numbers become floats); raises ValueError naming the parameter."""
    if kind not in PARAMS:
        raise ValueError(f"kind must be one of {sorted(PARAMS)} (got {kind!r})")
    spec = PARAMS[kind]
    if name not in spec:
        raise ValueError(f"unknown parameter {name!r} for a {kind} run "
                         f"(known: {', '.join(spec)})")
    kind_type = spec[name][0]
    if kind_type is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{name} must be an integer (got {value!r})")
    elif kind_type is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"{name} must be a number (got {value!r})")
        value = float(value)
    elif not isinstance(value, str):
        raise ValueError(f"{name} must be a string (got {value!r})")
    return value


def complete(kind, params):
    """``params`` with the defaults of ``kind`` filled in and each value
    converted to its type; raises ValueError naming an unknown, missing or
    mistyped parameter."""
    for name in params:
        convert(kind, name, params[name])
    out = {}
    for name, (_, default) in PARAMS[kind].items():
        if name in params:
            out[name] = convert(kind, name, params[name])
        elif default is None:
            raise ValueError(f"a {kind} run needs {name}")
        else:
            out[name] = default
    return out


def check(kind, params, realizations=1):
    """Validate a full parameter set of ``kind`` (see :func:`complete`)
    without computing anything, memory included: a run that cannot fit in
    the machine's memory is refused (:func:`pathsim.wave.cost.check_memory`)."""
    p = complete(kind, params)
    if kind == "conductance":
        transport._check_sample(p["dim"], p["width"], p["length"], p["disorder"],
                                p["energy"], p["flux"], realizations, p["boundary"])
    elif kind == "levels":
        _levels._check_box(p["dim"], p["size"], p["disorder"], p["flux"], realizations,
                           p["fraction"], p["boundary"])
    else:
        transfer.check_bar(p["dim"], p["width"], p["disorder"], p["energy"], p["flux"],
                           p["rel_error"], p["boundary"])
    cost.check_memory(kind, p, realizations)
    return p


def run(kind, params, *, realizations=None, seed=0, progress=None):
    """One run of ``kind`` with ``params`` (defaults filled in); returns a
    :class:`WaveResult` whose ``params`` record every parameter.

    ``realizations`` is the number of samples of a conductance or level run
    (ignored for ``xi``, which runs until ``rel_error``).
    """
    p = check(kind, params, 1 if realizations is None else realizations)
    seed = normalize_seed(seed)
    if kind == "xi":
        logs, block_slices = transfer.lyapunov_blocks(
            p["dim"], p["width"], p["disorder"], p["energy"], rel_error=p["rel_error"],
            seed=seed, flux=p["flux"], boundary=p["boundary"], progress=progress)
        return WaveResult("xi", dict(p, block_slices=block_slices), [seed],
                          dict(block_logs=logs, run=0 * logs.astype(int)))
    if kind == "conductance":
        g = transport.conductance(p["dim"], p["width"], p["length"], p["disorder"],
                                  energy=p["energy"], flux=p["flux"],
                                  realizations=realizations, seed=seed,
                                  boundary=p["boundary"], progress=progress)
        return WaveResult("conductance", p, [seed], dict(g=g, run=0 * g.astype(int)))
    r = _levels.gap_ratio_samples(p["dim"], p["size"], p["disorder"],
                                  realizations=realizations, seed=seed, flux=p["flux"],
                                  fraction=p["fraction"], boundary=p["boundary"],
                                  progress=progress)
    return WaveResult("levels", p, [seed], dict(r=r, run=0 * r.astype(int)))
