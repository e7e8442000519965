"""Make the factor_two figure: the coherent / classical return ratio 1 + <cos bA>_t.

    python scripts/fig_factor_two.py [--quick] [--out DIR] [--seed N]

Writes factor_two.png and factor_two.pdf
(default folder: the repository's figures/).
"""
import sys
from pathlib import Path

from pathsim.figures import script_main

if __name__ == "__main__":
    FIGURES = Path(__file__).resolve().parent.parent / "figures"
    sys.exit(script_main("factor_two", default_out=FIGURES))
