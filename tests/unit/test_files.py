"""Every file pathsim writes gets the user's usual permissions (0666 & ~umask),
not the 0600 of a temporary file."""
import os
import stat

import numpy as np

import pathsim
from pathsim._files import atomic_path, atomic_write


def _mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_atomic_writes_follow_umask(tmp_path):
    old = os.umask(0o022)
    try:
        a = atomic_write(tmp_path / "a.bin", lambda h: h.write(b"x"))
        b = atomic_path(tmp_path / "sub" / "b.txt", lambda p: open(p, "w").write("y"))
        os.umask(0o077)
        c = atomic_write(tmp_path / "c.txt", lambda h: h.write("z"), text=True)
    finally:
        os.umask(old)
    assert _mode(a) == 0o644 and _mode(b) == 0o644 and _mode(c) == 0o600
    assert sorted(os.listdir(tmp_path)) == ["a.bin", "c.txt", "sub"]


def test_results_and_csv_follow_umask(tmp_path, quick_run):
    old = os.umask(0o022)
    try:
        path = quick_run.save(tmp_path / "run.npz")
        csvs = quick_run.to_csv(tmp_path / "curves")
    finally:
        os.umask(old)
    assert _mode(path) == 0o644
    assert all(_mode(p) == 0o644 for p in csvs)
    again = pathsim.load(path)
    np.testing.assert_array_equal(again.hist_a, quick_run.hist_a)
