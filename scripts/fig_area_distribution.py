"""Make the area_distribution figure: Lévy's area law for loops returning at time t.

    python scripts/fig_area_distribution.py [--quick] [--out DIR] [--seed N]

Writes area_distribution.png and area_distribution.pdf
(default folder: the repository's figures/).
"""
import sys
from pathlib import Path

from pathsim.figures import script_main

if __name__ == "__main__":
    FIGURES = Path(__file__).resolve().parent.parent / "figures"
    sys.exit(script_main("area_distribution", default_out=FIGURES))
