"""Named tuples that carry the kernels' state in a few readable groups.

numba compiles a ``collections.namedtuple`` of arrays and scalars into a
plain structure passed by value: attribute access costs nothing, and a
kernel reads ``bins.t_cut`` instead of its fourteenth positional argument.
Drivers (:mod:`pathsim.run`) build them; kernels only read the scalars and
fill the arrays.

A tuple argument that is ``None`` switches a part of a kernel off at compile
time (numba prunes ``if x is not None`` branches on the argument's type), so
no driver feeds dummy arrays to modes it does not use.
"""
from collections import namedtuple

Blocks = namedtuple("Blocks", "seed first begin stop")
Blocks.__doc__ = """Which walkers each block walks in one round.

seed : uint64
    The run's seed; walker i of the run uses the stream (seed, i).
first : int64 (K,)
    Index of the first walker (or realization) of block k.
begin, stop : int64 (K,)
    Block k walks first[k] + [begin[k], stop[k]) in this round.
"""

LoopBins = namedtuple("LoopBins", "t_cut eps alpha beta two_flight t_min log_t0 inv_dlog "
                                  "inv_da dirs msd_times halt")
LoopBins.__doc__ = """Cut-off, detector and bin layout of the loop tally.

t_cut : float
    Walks stop at t_cut (tau); loops returning later are not tallied.
eps, alpha, beta : float
    Detector radius (l) and the profile alpha + beta s used inside it
    (:func:`pathsim._kernels.tally.detector_profile`).
two_flight : float (3,)
    The profile a + b s + c s^2 used inside the detector disk for the 2D
    return after exactly two flights, whose density at the origin is
    logarithmic (:func:`pathsim.run.driver.two_flight_profile`; zeros
    outside 2D, where the kernels do not read it).
t_min, log_t0, inv_dlog : float
    Time rows: [0, t_min), then 1 + (log T - log_t0) * inv_dlog.
inv_da : float (n_dir, n_time)
    1 / area bin width of each direction and time row (1 / l^2).
dirs : float (n_dir, 3)
    Unit field directions; a loop of vector area A is binned by |n . A|.
msd_times : float (n_msd,)
    Times (tau) at which the squared displacement is summed.
halt : uint8 (1,)
    Set to 1 (by :func:`pathsim.run.driver.interruptible` on Ctrl-C) to stop
    the walks: a walk runs in slices of :data:`HALT_TIME` and reads the flag
    between them, so a kernel call returns in bounded time; its tallies are
    then partial and are discarded.  The slices only split the loop over the
    walk's flights (same flights, same order): never set in a run that
    completes, the flag changes no result, and costs nothing per step.
"""

#: Length (tau) of the slices of a walk between reads of ``LoopBins.halt``:
#: about 16000 flights, a millisecond of walking.
HALT_TIME = 16384.0

Tallies = namedtuple("Tallies", "hist rows msd events exits")
Tallies.__doc__ = """Accumulators of all blocks (K blocks, first axis).

hist : float (K, n_dir, n_time, n_area, 2)
    (sum w, sum w e_1.e_n) per (direction, time row, |area| bin).
rows : float (K, n_dir, n_time, 3)
    (overflow w, overflow w e_1.e_n, sum w T) per time row.
msd : float (K, n_msd)
    Sum of squared displacements at ``msd_times``.
events : int64 (K,)
    Scattering events (collisions) walked.
exits : float (K, 5)
    Open samples (absorbing leads at x = 0 and x = L): sum over walkers of
    e_1x (x_exit - x_0), the first flight's x direction times the
    displacement to the lead crossed (l; the classical conductance), the
    walkers gone through x = L and through x = 0; then walkers injected at
    x = 0 and those transmitted (:mod:`pathsim._kernels.leads`).  Zero
    otherwise.
"""

BlockTally = namedtuple("BlockTally", "hist rows msd")
BlockTally.__doc__ = """One block's views of ``Tallies`` (first axis removed)."""

MediumArgs = namedtuple("MediumArgs", "dim g law width unfold start_x")
MediumArgs.__doc__ = """The medium as the general walk sees it.

dim : int
    1, 2 or 3.
g : float
    Mean cosine of the Henyey-Greenstein law.
law : int
    Scattering-law code (:mod:`pathsim._kernels.scatter`).
width : float (3,)
    Extent of each axis (l), inf where unconfined.
unfold : bool
    Specular walls (walk unfolded, images scored); else diffuse walls.
start_x : float
    Where an open sample's walkers start along x (nan: uniformly along it).
"""

Probe = namedtuple("Probe", "b tau sums")
Probe.__doc__ = """Exact (unbinned) loop sums, for validation only.

b, tau : float (n_b,), (n_tau,)
    Fields and dephasing times.
sums : float (K, 2, n_tau, n_b)
    Sums of w exp(-T / tau) cos(b A), and the same times e_1.e_n.
"""

FieldScratch = namedtuple("FieldScratch", "state cstate ids pts cell best hit cur")
FieldScratch.__doc__ = """One thread's buffers for walks in a frozen field.

state, cstate : uint64 (4,)
    The walker's stream, and scratch for the cells' streams.
ids : int64 (cap, 4)
    Impurity sequence of the current walk.
pts : float (cap, 6) or (0, 6)
    Arrival and departure points of the sequence (recorded walks only).
cell, best, hit, cur : arrays
    Ray-tracer scratch (:func:`pathsim._kernels.raytrace.trace`).
"""

AmplitudeGrid = namedtuple("AmplitudeGrid", "kf bf inv_tau direction t_min")
AmplitudeGrid.__doc__ = """k_F (1 / l), fields b, 1 / tau_phi (1 / tau), the field
direction (3,) and the shortest loop length summed (l; 0: all loops)."""

AmplitudeOut = namedtuple("AmplitudeOut", "coherent incoherent repeats events counts")
AmplitudeOut.__doc__ = """Per realization: |sum a|^2 (R, n_kf, n_b), sum |a|^2 (R,),
repeated loops (R,), collisions (R,), walker outcomes (R, 3)."""

AmplitudeSums = namedtuple("AmplitudeSums", "grid s_re s_im inc seen_key seen_len")
AmplitudeSums.__doc__ = """The running amplitude sums of one realization: real and
imaginary parts (n_kf, n_b), ``inc`` = (incoherent sum, loops seen,
repeats), and the distinct loops seen so far (keys and lengths)."""

LoopRecord = namedtuple("LoopRecord", "loops ids points counts")
LoopRecord.__doc__ = """Recorded loops: one row per loop (LOOP_COLUMNS), the impurity
ids and points of their sequences, and counts (loops, sequence rows,
missed)."""
