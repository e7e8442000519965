"""``pathsim fit-hln``: fit HLN to a measured magnetoconductance.

    pathsim fit-hln data.csv [--field COL] [--value COL] [--error COL] [--group COL]
                             [--field-unit T|mT|Oe|G|b] [--quantity delta_sigma|sigma|R_sheet|R]
                             [--unit S|e2h|e2pih|ohm|kohm] [--geometry LENGTH WIDTH]
                             [--symmetrize average|positive|negative|none] [--recenter]
                             [--reference zero-field|fit] [--max-field B]
                             [--alpha free|NUMBER] [--background none|quadratic|linear]
                             [--share NAME[,NAME]] [--b-tr T]
                             [--format text|json] [--csv FILE] [--plot FILE]

The options are those of :func:`pathsim.analysis.read_measurement` and
:func:`pathsim.analysis.fit_hln` (:mod:`pathsim.cli.fitting`).
"""
from .fitting import add_options, run

PROG = "pathsim fit-hln"


def add_parser(sub):
    p = sub.add_parser("fit-hln", help="fit HLN to a measured magnetoconductance",
                       description="Fit delta_sigma(B) - delta_sigma(0) = alpha [psi(1/2 + "
                       "B_phi/B) - ln(B_phi/B)] (+ background) in e^2/(pi h) to a lab file: "
                       "resistance or conductance, any field unit, both field signs, one fit "
                       "per group or a joint fit.")
    add_options(p, "free", "prefactor alpha: free (fitted, default) or a fixed number "
                "(1 weak localization, -0.5 antilocalization)")
    p.set_defaults(func=command)


def command(args):
    from ..analysis import fit_hln
    run(args, PROG, fit_hln, b_tr=args.b_tr)
