"""The cost of a study, estimated before a sweep starts.

Every point of a walk study is a :func:`pathsim.simulate` run of the
study's walker budget, costed by :func:`pathsim.run.driver.estimate_cost`
(an upper estimate); every point of a wave study by
:func:`pathsim.wave.cost.estimate`.  Each point also pays a fixed overhead
(its dry run, its results file and checksum, the log line):
:data:`POINT_SECONDS`, rounded up from the few tens of milliseconds a point
of a tiny study takes on the development machine.
"""
from ..model.medium import medium
from ..params import run_defaults
from ..run.driver import estimate_cost, mean_walk_time
from ..wave import cost as wave_cost

POINT_SECONDS = 0.1
SAMPLE = 1000
_MEDIUM = ("dim", "geometry", "width", "thickness", "walls", "mean_cosine", "directions",
           "scattering", "length")


def point_seconds(study, point, threads):
    """Upper estimate of one point's wall time (s) on ``threads`` cores."""
    params = study.run_params(point)
    if study.kind != "walk":
        kind = params.pop("kind")
        return wave_cost.estimate(kind, params, study.realizations)[1] + POINT_SECONDS
    options = dict(run_defaults(), **params)
    spec = medium(**{k: options[k] for k in _MEDIUM if options.get(k) is not None})
    t_cut = options["truncation"] * options["tau_phi_max"]
    if spec.length is not None:
        t_cut = 2.0 * min(t_cut, mean_walk_time(spec))
    spin = any(options.get(k) for k in ("rashba", "dresselhaus", "dresselhaus3", "tau_so",
                                        "tau_sf", "zeeman", "spin"))
    _, seconds = estimate_cost(study.walkers, t_cut, spec.dim, threads,
                               spec.plain_2d and not spin)
    return seconds + POINT_SECONDS


def study_seconds(study, threads):
    """Upper estimate of a whole study's wall time (s), every point computed
    in sequence on ``threads`` cores; and its number of points."""
    points = study.points()
    # a million-point grid is costed from 1000 of its points, evenly spaced
    step = max(1, len(points) // SAMPLE)
    sample = points[::step]
    total = sum(point_seconds(study, p, threads) for p in sample)
    return total * len(points) / len(sample), len(points)
