"""Make the tangled_web figure: R(T) at zero field, in a perpendicular and in a parallel field.

    python scripts/fig_tangled_web.py [--quick] [--out DIR] [--seed N]

Writes tangled_web.png and tangled_web.pdf
(default folder: the repository's figures/).
"""
import sys
from pathlib import Path

from pathsim.figures import script_main

if __name__ == "__main__":
    FIGURES = Path(__file__).resolve().parent.parent / "figures"
    sys.exit(script_main("tangled_web", default_out=FIGURES))
