"""Make the dimensionality figure: delta_sigma against L_phi in 1D, 2D and 3D.

    python scripts/fig_dimensionality.py [--quick] [--out DIR] [--seed N]

Writes dimensionality.png and dimensionality.pdf
(default folder: the repository's figures/).
"""
import sys
from pathlib import Path

from pathsim.figures import script_main

if __name__ == "__main__":
    FIGURES = Path(__file__).resolve().parent.parent / "figures"
    sys.exit(script_main("dimensionality", default_out=FIGURES))
