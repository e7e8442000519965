"""Make the magnetoconductance figure: delta_sigma(B) - delta_sigma(0) against B / B_phi.

    python scripts/fig_magnetoconductance.py [--quick] [--out DIR] [--seed N]

Writes magnetoconductance.png and magnetoconductance.pdf
(default folder: the repository's figures/).
"""
import sys
from pathlib import Path

from pathsim.figures import script_main

if __name__ == "__main__":
    FIGURES = Path(__file__).resolve().parent.parent / "figures"
    sys.exit(script_main("magnetoconductance", default_out=FIGURES))
