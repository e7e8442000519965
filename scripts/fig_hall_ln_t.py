"""Make the hall_ln_t figure: the Hall coefficient against ln T.

    python scripts/fig_hall_ln_t.py [--quick] [--out DIR] [--seed N]

Writes hall_ln_t.png and hall_ln_t.pdf
(default folder: the repository's figures/).
"""
import sys
from pathlib import Path

from pathsim.figures import script_main

if __name__ == "__main__":
    FIGURES = Path(__file__).resolve().parent.parent / "figures"
    sys.exit(script_main("hall_ln_t", default_out=FIGURES))
