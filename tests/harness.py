"""The one physics-check harness: compare Monte Carlo numbers with theory in
units of their own standard errors."""
import numpy as np

import pathsim
from pathsim.presets import preset

Z_MAX = 4.0  # every statistical check allows |z| <= 4 standard errors


def zscores(value, err, expected):
    value, err, expected = np.broadcast_arrays(*map(np.asarray, (value, err, expected)))
    assert np.all(err > 0), f"standard errors must be positive: {err}"
    return (value - expected) / err


def assert_consistent(value, err, expected, what, z_max=Z_MAX):
    """All |value - expected| <= z_max * err, with a readable failure message."""
    z = zscores(value, err, expected)
    bad = np.abs(z) > z_max
    assert not np.any(bad), (
        f"{what}: |z| > {z_max} at {np.argwhere(bad).ravel().tolist()}\n"
        f"  value    {np.ravel(value)}\n  expected {np.ravel(expected)}\n"
        f"  stderr   {np.ravel(err)}\n  z        {np.ravel(z)}")
    return z


def assert_below(value, err, bound, what, z_max=Z_MAX):
    """All value + z_max * err < bound: a one-sided check, ``bound`` more than
    z_max standard errors above every value."""
    value, err = np.broadcast_arrays(np.asarray(value), np.asarray(err))
    assert np.all(err > 0), f"standard errors must be positive: {err}"
    bad = value + z_max * err >= bound
    assert not np.any(bad), (
        f"{what}: not {z_max} standard errors below {bound} at "
        f"{np.argwhere(bad).ravel().tolist()}\n  value  {np.ravel(value)}\n"
        f"  stderr {np.ravel(err)}")


def run_preset(name, **overrides):
    """Simulate the named workload of :mod:`pathsim.presets`, silently."""
    return pathsim.simulate(**preset(name, progress=False, **overrides))


def default_sigint():
    """``preexec_fn`` of a child process: Ctrl-C at its default, whatever
    this process inherited (a job started with ``&`` from a script, or a
    test runner, may have SIGINT ignored, and a child inherits that)."""
    import signal
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class python_ctrl_c:
    """Python's own SIGINT handler (KeyboardInterrupt) for the ``with``
    block, whatever the process inherited; the previous one afterwards."""

    def __enter__(self):
        import signal
        self.previous = signal.signal(signal.SIGINT, signal.default_int_handler)
        return self

    def __exit__(self, *exc):
        import signal
        signal.signal(signal.SIGINT, self.previous)
        return False
