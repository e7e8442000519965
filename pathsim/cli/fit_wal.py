"""``pathsim fit-wal``: fit weak antilocalization (B_phi, B_so) to a measured
magnetoconductance.

    pathsim fit-wal data.csv [--model hln-so|ilp|ballistic|simulation] [--grid grid.npz]
                             [--dresselhaus] [the data, fit and output options of fit-hln]

B_so is reported in pathsim's definition (hln-so) or ILP's (ilp, ballistic); the
definitions side by side: :mod:`pathsim.analysis.conventions`.  ``--model
ballistic --dresselhaus`` fits Rashba and linear Dresselhaus together
(B_so_R, B_so_D: :mod:`pathsim.analysis.wal_rd`).
"""
from .common import InputFile, UsageError
from .fitting import add_options, run

PROG = "pathsim fit-wal"


def add_parser(sub):
    p = sub.add_parser("fit-wal", help="fit weak antilocalization: B_phi and B_so",
                       description="Fit the HLN model with spin-orbit scattering, the ILP "
                       "model (one linear Rashba or Dresselhaus term), its ballistic "
                       "generalization or pathsim's simulation grid to a lab file (same "
                       "data options as fit-hln).")
    p.add_argument("--model", choices=["hln-so", "ilp", "ballistic", "simulation"],
                   default="hln-so",
                   help="hln-so (isotropic spin-orbit scattering, default), ilp "
                   "(D'yakonov-Perel precession, one linear term), ballistic (the same "
                   "beyond the diffusion approximation, at any B / B_tr: needs --b-tr "
                   "with fields in T, mT, Oe or G) or simulation (pathsim's own "
                   "simulation: a grid over B_so and B_phi, --grid)")
    p.add_argument("--dresselhaus", action="store_true",
                   help="with --model ballistic: fit Rashba and linear Dresselhaus "
                   "together, B_so_R and B_so_D (ILP's definition per term; the larger is "
                   "reported as B_so_R, a curve cannot tell which is which)")
    p.add_argument("--grid", metavar="NPZ", type=InputFile(content="npz"),
                   help="simulation grid of --model simulation "
                   "(pathsim.analysis.build_wal_grid(...).save(path))")
    add_options(p, -0.5, "prefactor of the singlet term: -0.5 per channel (default, fixed), "
                "a number, or free (channels = -2 alpha)")
    p.set_defaults(func=command)


def command(args):
    from ..analysis import fit_wal

    if args.model != "simulation" and args.grid:
        raise UsageError(f"{PROG}: --grid belongs to --model simulation")
    if args.dresselhaus and args.model != "ballistic":
        raise UsageError(f"{PROG}: --dresselhaus belongs to --model ballistic")
    if args.model == "simulation" and args.grid:
        from ..analysis import WALGrid
        try:
            grid = WALGrid.load(args.grid)
        except ValueError as exc:
            raise UsageError(f"{PROG}: --grid: {exc}")
    else:
        grid = None
    run(args, PROG, fit_wal, model=args.model, grid=grid, B_tr=args.b_tr,
        dresselhaus=args.dresselhaus)
