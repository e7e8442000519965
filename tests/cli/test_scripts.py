"""Every script and benchmark runs in its --quick mode (smoke test)."""
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = [
    "scripts/check_theory.py",
    "scripts/check_spin.py",
    "scripts/check_wal_grid.py",
    "scripts/ballistic_wire.py",
    "scripts/frozen_memory.py",
    "scripts/check_open.py",
    "scripts/check_disentangle.py",
    "scripts/check_lab_fit.py",
    "scripts/frozen_spin_ratio.py",
    "scripts/wire_spin_relaxation.py",
    "scripts/check_spin_film.py",
    "scripts/check_ballistic_wal.py",
    "scripts/check_ballistic_wal_rd.py",
    "scripts/check_fit_wal_rd.py",
    "scripts/bridge_candidates.py",
    "scripts/bridge_contacts.py",
    "scripts/check_strip_diffusive.py",
    "benchmarks/bench_kernel.py",
    "benchmarks/estimator_variance.py",
    "benchmarks/bench_startup.py",
    "benchmarks/bench_sweep.py",
    "benchmarks/bench_frozen.py",
    "benchmarks/bench_spin.py",
    "benchmarks/bench_ballistic_rd.py",
    "benchmarks/bench_return_orbits.py",
    "benchmarks/bench_kwant.py",   # without Kwant: says how to get it, exits 0
]


@pytest.mark.parametrize("script", SCRIPTS)
def test_script_quick_mode_runs(script):
    proc = subprocess.run([sys.executable, str(ROOT / script), "--quick"], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip()


def test_open_vs_wave_quick_mode_runs(tmp_path):
    # writes its .npz and figure where told, not into the repository
    proc = subprocess.run([sys.executable, str(ROOT / "scripts/open_vs_wave.py"), "--quick",
                           "--out", str(tmp_path / "o.npz"),
                           "--figure", str(tmp_path / "o.png")],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "largest |z|" in proc.stdout
    assert (tmp_path / "o.npz").exists() and (tmp_path / "o.png").exists()


def test_ioffe_regel_quick_mode_runs(tmp_path):
    proc = subprocess.run([sys.executable, str(ROOT / "scripts/ioffe_regel.py"), "--quick",
                           "--out", str(tmp_path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "ioffe_regel.json").exists() and (tmp_path / "ioffe_regel.png").exists()
