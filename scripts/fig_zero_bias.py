"""Make the zero_bias figure: the zero-bias anomaly of the tunnelling conductance.

    python scripts/fig_zero_bias.py [--quick] [--out DIR] [--seed N]

Writes zero_bias.png and zero_bias.pdf
(default folder: the repository's figures/).
"""
import sys
from pathlib import Path

from pathsim.figures import script_main

if __name__ == "__main__":
    FIGURES = Path(__file__).resolve().parent.parent / "figures"
    sys.exit(script_main("zero_bias", default_out=FIGURES))
