"""Every script and benchmark runs in its --quick mode (smoke test)."""
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = [
    "scripts/check_theory.py",
    "scripts/check_spin.py",
    "scripts/ballistic_wire.py",
    "scripts/frozen_memory.py",
    "benchmarks/bench_kernel.py",
    "benchmarks/estimator_variance.py",
    "benchmarks/bench_startup.py",
    "benchmarks/bench_sweep.py",
    "benchmarks/bench_frozen.py",
    "benchmarks/bench_spin.py",
]


@pytest.mark.parametrize("script", SCRIPTS)
def test_script_quick_mode_runs(script):
    proc = subprocess.run([sys.executable, str(ROOT / script), "--quick"], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip()
