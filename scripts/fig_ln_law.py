"""Make the ln_law figure: delta_sigma(B = 0) against ln(tau_phi / tau).

    python scripts/fig_ln_law.py [--quick] [--out DIR] [--seed N]

Writes ln_law.png and ln_law.pdf
(default folder: the repository's figures/).
"""
import sys
from pathlib import Path

from pathsim.figures import script_main

if __name__ == "__main__":
    FIGURES = Path(__file__).resolve().parent.parent / "figures"
    sys.exit(script_main("ln_law", default_out=FIGURES))
