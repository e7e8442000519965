"""Parameter studies: a study file (fixed parameters, a grid, a walker
budget and a seed) runs point by point into a resumable store folder, in
this process, a process pool or on a Dask cluster, and is read back as
arrays over the grid.

``study`` reads and validates study files (:class:`Study`), ``store`` keeps
one results file per point with checksums, ``sweep`` plans and computes what
is missing, ``executors`` says where points run, ``results`` reads a store
back (:func:`load_study`).
"""
from .executors import DaskExecutor, LocalExecutor, compute_point, make_executor
from .results import StudyResult, load_study
from .store import Store, read_log
from .study import Study, StudyError, load_study_file
from .sweep import run_sweep

__all__ = ["Study", "StudyError", "load_study_file", "Store", "read_log", "run_sweep",
           "LocalExecutor", "DaskExecutor", "compute_point", "make_executor",
           "StudyResult", "load_study"]
