"""Smoke tests of the figure set: every figure is written, in quick mode.

They check that files appear (PNG and PDF, non-empty, PNG of a sane size),
that ``only`` selects and rejects names, that a script runs from the command
line and that the loop animation is written; the physics shown in the
figures is tested elsewhere.
"""
import struct
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from pathsim.figures import FIGURES, make_all, paths

REPO = Path(__file__).resolve().parents[2]


def png_size(path):
    """(width, height) from a PNG header."""
    with open(path, "rb") as handle:
        head = handle.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", head[16:24])


@pytest.fixture(scope="module")
def quick_figures(tmp_path_factory):
    out = tmp_path_factory.mktemp("figures")
    return out, make_all(out, quick=True, progress=False)


def test_every_figure_is_written(quick_figures):
    out, written = quick_figures
    expected = [out / f"{name}.{ext}" for name in FIGURES for ext in ("png", "pdf")]
    assert written == expected
    for path in expected:
        assert path.stat().st_size > 1000, path
    for name in FIGURES:
        width, height = png_size(out / f"{name}.png")
        # 6.5 x 4.5 in at 150 dpi is 975 x 675 pixels
        assert 600 <= width <= 2000 and 400 <= height <= 1500, (name, width, height)
        assert (out / f"{name}.pdf").read_bytes()[:5] == b"%PDF-"
    # atomic writes leave no temporary files behind
    assert not list(out.glob(".*part*"))


def test_only_selects_and_rejects(tmp_path):
    written = make_all(tmp_path / "new", quick=True, only="paths")
    assert [p.name for p in written] == ["paths.png", "paths.pdf"]
    assert sorted(p.name for p in (tmp_path / "new").iterdir()) == ["paths.pdf", "paths.png"]
    with pytest.raises(ValueError, match="no_such_figure"):
        make_all(tmp_path, quick=True, only="no_such_figure")
    with pytest.raises(ValueError, match="only"):
        make_all(tmp_path, quick=True, only=["paths", "nope"])


def test_script_quick_runs(tmp_path):
    out = tmp_path / "script"
    done = subprocess.run([sys.executable, str(REPO / "scripts" / "fig_paths.py"),
                           "--quick", "--out", str(out)],
                          capture_output=True, text=True, timeout=120, cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert (out / "paths.png").stat().st_size > 1000
    assert (out / "paths.pdf").stat().st_size > 1000


def test_animation_is_written(tmp_path):
    gif = paths.animate(tmp_path / "loop.gif", frames=6, size=2.0, dpi=50)
    assert gif == tmp_path / "loop.gif"
    data = gif.read_bytes()
    assert data[:6] in (b"GIF87a", b"GIF89a")
    assert 1000 < len(data) < 2_000_000
    assert not list(tmp_path.glob(".*part*"))


def test_loop_geometry():
    walk = paths.loop_walk(seed=3)
    assert walk.n >= 2
    loop = walk.loop
    assert np.array_equal(loop[0], [0.0, 0.0]) and np.array_equal(loop[-1], [0.0, 0.0])
    # the event closing the loop is the one nearest the origin (n >= 2)
    dist = np.hypot(*walk.points[2:].T)
    assert np.hypot(*walk.points[walk.n]) == dist.min()
    # shoelace: unit square counter-clockwise is +1, the twin (reversed) is -1
    square = np.array([[0, 0], [1, 0], [1, 1], [0, 1]], dtype=float)
    assert paths.signed_area(square) == pytest.approx(1.0)
    assert paths.signed_area(square[::-1]) == pytest.approx(-1.0)
    flux, dphi = paths.phases(walk.area, 0.5)
    assert dphi == pytest.approx(0.5 * walk.area)
    assert flux == pytest.approx(dphi / (4 * np.pi))


def test_figures_leave_global_state_alone(tmp_path):
    import matplotlib

    backend = matplotlib.get_backend()
    state = np.random.get_state()[1].copy()
    make_all(tmp_path, quick=True, only="paths")
    assert matplotlib.get_backend() == backend
    assert np.array_equal(np.random.get_state()[1], state)
