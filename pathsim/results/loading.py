"""Reading a saved run back: :func:`load`, the public form of
:meth:`SimulationResult.load <pathsim.results.SimulationResult.load>`."""
from .simulation import SimulationResult


def load(path):
    """Load a result saved by :meth:`SimulationResult.save`.

    Parameters
    ----------
    path : str or os.PathLike
        A results file (``.npz``) written by ``pathsim run``,
        ``pathsim merge`` or :meth:`SimulationResult.save`.

    Returns
    -------
    SimulationResult
        The run with its raw per-block tallies and parameter record.

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    ValueError
        Naming the file and the fault, if it is not a readable result.
    """
    return SimulationResult.load(path)
