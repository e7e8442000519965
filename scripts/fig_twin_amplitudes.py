"""Make the twin_amplitudes figure (see pathsim.figures.twin_amplitudes).

    python scripts/fig_twin_amplitudes.py [--quick] [--out DIR] [--seed N]

Writes twin_amplitudes.png and twin_amplitudes.pdf
(default folder: the repository's figures/).
"""
import sys
from pathlib import Path

from pathsim.figures import script_main

if __name__ == "__main__":
    FIGURES = Path(__file__).resolve().parent.parent / "figures"
    sys.exit(script_main("twin_amplitudes", default_out=FIGURES))
