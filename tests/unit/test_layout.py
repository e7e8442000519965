"""The package layout (issue 11): no import cycle between pathsim modules
(imports inside functions count) and no module over 400 lines."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECK = ROOT / "scripts" / "check_layout.py"


def _check(root):
    return subprocess.run([sys.executable, str(CHECK), "--root", str(root)],
                          capture_output=True, text=True, timeout=120)


def test_no_import_cycle_and_no_long_module():
    proc = _check(ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "no cycle, none too long" in proc.stdout


def test_the_check_finds_a_cycle_through_a_function_local_import(tmp_path):
    pkg = tmp_path / "pathsim"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from . import b\n")
    (pkg / "b.py").write_text("def f():\n    from .a import g\n")
    (pkg / "c.py").write_text("x = 1\n" * 401)
    proc = _check(tmp_path)
    assert proc.returncode == 1
    assert "import cycle: pathsim.a, pathsim.b" in proc.stdout
    assert "c.py: 401 lines" in proc.stdout
