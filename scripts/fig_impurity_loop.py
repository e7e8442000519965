"""Make the impurity_loop figure (see pathsim.figures.impurity_loop).

    python scripts/fig_impurity_loop.py [--quick] [--out DIR] [--seed N]

Writes impurity_loop.png and impurity_loop.pdf
(default folder: the repository's figures/).
"""
import sys
from pathlib import Path

from pathsim.figures import script_main

if __name__ == "__main__":
    FIGURES = Path(__file__).resolve().parent.parent / "figures"
    sys.exit(script_main("impurity_loop", default_out=FIGURES))
