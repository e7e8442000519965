"""Make the spin teaching picture: one loop and its twin with the spin
precessing along each.

    python scripts/fig_spin_loop.py [--quick] [--out DIR] [--seed N]

Writes spin_loop.png and spin_loop.pdf
(default folder: the repository's figures/).
"""
import sys
from pathlib import Path

from pathsim.figures import script_main

if __name__ == "__main__":
    FIGURES = Path(__file__).resolve().parent.parent / "figures"
    sys.exit(script_main("spin_loop", default_out=FIGURES))
