"""Make the spin figure: weak localization to antilocalization, and the
coherent / classical return ratio from 2 to 1/2.

    python scripts/fig_spin_crossover.py [--quick] [--out DIR] [--seed N]

Writes spin_crossover.png and spin_crossover.pdf
(default folder: the repository's figures/).
"""
import sys
from pathlib import Path

from pathsim.figures import script_main

if __name__ == "__main__":
    FIGURES = Path(__file__).resolve().parent.parent / "figures"
    sys.exit(script_main("spin_crossover", default_out=FIGURES))
