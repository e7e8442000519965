"""``pathsim info``: version, numba threads and the compile cache."""
import os


def add_parser(sub):
    p = sub.add_parser("info", help="version, numba threads and compile cache")
    p.set_defaults(func=command)


def command(args):
    import numba

    from .._version import __version__
    from .._kernels.jit import max_threads

    cache = os.environ.get("NUMBA_CACHE_DIR") or os.path.join(
        os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "__pycache__")
    print(f"pathsim {__version__}")
    print(f"numba {numba.__version__}, threads {max_threads()} "
          "(set NUMBA_NUM_THREADS or --threads to change)")
    print(f"compile cache: {cache}")
