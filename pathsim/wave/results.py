"""Results of the wave stage: raw samples, estimates on demand, merge, files.

A :class:`WaveResult` holds the raw samples of one kind of run, never bare
means: the per-block sums of ln |R_NN| of transfer-matrix bars (``xi``),
one conductance per sample (``conductance``) or one mean gap ratio per box
(``levels``), each tagged with the index of the seed it came from.  Runs
with equal parameters and different seeds merge by concatenation; estimates
(mean, standard error) are computed from the samples when asked.  Files are
``.npz`` with a JSON ``meta`` record (version, kind, parameters, seeds),
written atomically.
"""
import json
import math
import zipfile
import zlib

import numpy as np

from .._version import __version__
from .._files import atomic_write
from .._validate import check_instance, check_new_file, check_path
from .transfer import exponent_estimate

KINDS = ("xi", "conductance", "levels")


class WaveResult:
    """Samples of one run kind with their parameters and seeds.

    Parameters
    ----------
    kind : {"xi", "conductance", "levels"}
    params : dict
        Model and run parameters (JSON-serialisable); equal for merged runs.
    seeds : list of int
    samples : dict of str -> 1-D array
        Raw samples; ``samples["run"]`` is the index into ``seeds``.
    """

    def __init__(self, kind, params, seeds, samples):
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {list(KINDS)} (got {kind!r})")
        self.kind = kind
        self.params = dict(params)
        self.seeds = [int(s) for s in seeds]
        self.samples = {k: np.asarray(v) for k, v in samples.items()}

    def summary(self):
        """Estimates with standard errors, as a JSON-ready dict."""
        out = dict(kind=self.kind, version=__version__, seeds=self.seeds, **self.params)
        run = self.samples["run"]
        if self.kind == "xi":
            logs = self.samples["block_logs"]
            slices = self.params["block_slices"]
            parts = [exponent_estimate(logs[run == i], slices) for i in range(len(self.seeds))]
            sizes = np.array([np.sum(run == i) - 1 for i in range(len(self.seeds))], float)
            frac = sizes / sizes.sum()
            gamma = float(np.sum(frac * [p[0] for p in parts]))
            gerr = float(np.sqrt(np.sum((frac * [p[1] for p in parts]) ** 2)))
            xi, xi_err = 1.0 / gamma, gerr / gamma ** 2
            out.update(xi=xi, xi_err=xi_err, slices=int(logs.size * slices))
            if self.params["dim"] > 1:
                m = self.params["width"]
                out.update(Lambda=xi / m, Lambda_err=xi_err / m)
        elif self.kind == "conductance":
            g = self.samples["g"]
            n = g.size
            out.update(realizations=int(n), g_mean=float(g.mean()),
                       g_mean_err=_err(g), g_var=float(g.var(ddof=1)) if n > 1 else math.nan)
            if np.all(g > 0):
                ln_g = np.log(g)
                out.update(ln_g_mean=float(ln_g.mean()), ln_g_err=_err(ln_g),
                           g_typical=float(np.exp(ln_g.mean())))
        else:
            r = self.samples["r"]
            out.update(realizations=int(r.size), r_mean=float(r.mean()), r_err=_err(r))
        return out

    # estimate name -> the summary keys of its value and standard error
    ESTIMATES = {"xi": ("xi", "xi_err"), "Lambda": ("Lambda", "Lambda_err"),
                 "g_mean": ("g_mean", "g_mean_err"), "ln_g_mean": ("ln_g_mean", "ln_g_err"),
                 "r_mean": ("r_mean", "r_err")}

    def estimate(self, name):
        """``(value, stderr)`` of one estimate: ``"g_mean"``, ``"ln_g_mean"``
        (conductance runs), ``"r_mean"`` (levels), ``"xi"``, ``"Lambda"``."""
        if name not in self.ESTIMATES:
            raise ValueError(f"name must be one of {sorted(self.ESTIMATES)} (got {name!r})")
        summary = self.summary()
        key, err = self.ESTIMATES[name]
        if key not in summary:
            raise ValueError(f"a {self.kind} run has no estimate {name!r}")
        return summary[key], summary[err]

    def merge(self, other):
        """Combine with a run of the same kind and parameters and other seeds."""
        check_instance("other", other, WaveResult,
                       " (pathsim.wave.load(path) reads one from a file)")
        if other.kind != self.kind or other.params != self.params:
            raise ValueError("can only merge runs of the same kind and parameters")
        if set(self.seeds) & set(other.seeds):
            raise ValueError(f"runs share seeds {sorted(set(self.seeds) & set(other.seeds))}:"
                             " merging them would count samples twice")
        shift = len(self.seeds)
        samples = {}
        for key in self.samples:
            theirs = other.samples[key] + shift if key == "run" else other.samples[key]
            samples[key] = np.concatenate([self.samples[key], theirs])
        return WaveResult(self.kind, self.params, self.seeds + other.seeds, samples)

    def save(self, path):
        """Write ``path`` (.npz) atomically; returns ``path``."""
        check_new_file("path", check_path("path", path))
        meta = json.dumps(dict(version=__version__, kind=self.kind, params=self.params,
                               seeds=self.seeds))
        return atomic_write(path, lambda handle: np.savez(handle, meta=meta, **self.samples))


def _err(values):
    return float(values.std(ddof=1) / math.sqrt(values.size)) if values.size > 1 else math.inf


def load(path):
    """Read a :class:`WaveResult` written by :meth:`WaveResult.save`.

    Parameters
    ----------
    path : str or os.PathLike
        The ``.npz`` file (``pathsim anderson ... -o``).

    Returns
    -------
    WaveResult
        The samples with their kind, parameters and seeds.
    """
    check_path("path", path)
    try:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            samples = {k: data[k] for k in data.files if k != "meta"}
        return WaveResult(meta["kind"], meta["params"], meta["seeds"], samples)
    except FileNotFoundError:
        raise ValueError(f"wave result not found: {path}") from None
    except (OSError, KeyError, TypeError, ValueError, EOFError, zipfile.BadZipFile,
            zlib.error) as exc:
        text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ValueError(f"cannot read wave result {path}: {text}") from None
