"""Make the resistance_temperature figure:
R(T) with tau_phi ~ 1/T, with and without a field.

    python scripts/fig_resistance_temperature.py [--quick] [--out DIR] [--seed N]

Writes resistance_temperature.png and resistance_temperature.pdf
(default folder: the repository's figures/).
"""
import sys
from pathlib import Path

from pathsim.figures import script_main

if __name__ == "__main__":
    FIGURES = Path(__file__).resolve().parent.parent / "figures"
    sys.exit(script_main("resistance_temperature", default_out=FIGURES))
