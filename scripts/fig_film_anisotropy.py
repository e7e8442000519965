"""Make the film_anisotropy figure: a film in perpendicular, parallel and tilted fields.

    python scripts/fig_film_anisotropy.py [--quick] [--out DIR] [--seed N]

Writes film_anisotropy.png and film_anisotropy.pdf
(default folder: the repository's figures/).
"""
import sys
from pathlib import Path

from pathsim.figures import script_main

if __name__ == "__main__":
    FIGURES = Path(__file__).resolve().parent.parent / "figures"
    sys.exit(script_main("film_anisotropy", default_out=FIGURES))
