"""Make the pathsim figure set (PNG and PDF), or some of it.

    python scripts/make_figures.py [--quick] [--out DIR] [--seed N] [--only NAME ...]

Full mode takes a few minutes on 2 cores (each figure under two minutes);
--quick takes seconds.  Default folder: the repository's figures/.
"""
import sys
from pathlib import Path

from pathsim.figures import script_main

if __name__ == "__main__":
    sys.exit(script_main(default_out=Path(__file__).resolve().parent.parent / "figures"))
