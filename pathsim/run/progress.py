"""Optional progress bar over batches of walkers (never inside kernels)."""
import sys

import numpy as np


class _NoBar:
    def update(self, n=1):
        pass

    def set_postfix_str(self, s):
        pass

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def check_progress(progress):
    """``progress`` is None (automatic), True or False; returns it."""
    if progress is not None and not isinstance(progress, (bool, np.bool_)):
        raise ValueError(f"progress must be True, False or None (got {progress!r})")
    return progress


def progress_bar(total, enabled=None, desc="walkers", unit="walker"):
    """A tqdm bar (shown after the first second), or a no-op when disabled or
    when stderr is not a terminal.

    ``enabled=None`` means: on when stderr is a terminal; anything but
    None, True or False is refused (ValueError naming ``progress``).
    """
    check_progress(enabled)
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        return _NoBar()
    try:
        from tqdm.auto import tqdm
    except ImportError:  # tqdm is a dependency, but a bar is never essential
        return _NoBar()
    return tqdm(total=total, desc=desc, unit=unit, unit_scale=True,
                dynamic_ncols=True, mininterval=0.5, delay=1.0)
