"""Make the paths figure: a closed loop of one walker and its time-reversed twin.

    python scripts/fig_paths.py [--quick] [--out DIR] [--seed N]

Writes paths.png and paths.pdf
(default folder: the repository's figures/).
"""
import sys
from pathlib import Path

from pathsim.figures import script_main

if __name__ == "__main__":
    FIGURES = Path(__file__).resolve().parent.parent / "figures"
    sys.exit(script_main("paths", default_out=FIGURES))
