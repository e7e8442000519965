"""What the frozen walk does with each loop it finds, besides tallying it.

* :func:`add_amplitudes` adds a loop and its twin to the coherent and
  incoherent amplitude sums of a realization (:func:`add_spinor_amplitudes`
  with their spin rotations) (:func:`first_visit` makes
  sure that the same path, found again by another walker or as the twin of
  an earlier loop, enters them once);
* :func:`record_loop` appends the loop, its impurity sequence and its
  points to the record of :func:`pathsim.run.frozen.find_loops`.

Units: l = v = tau = 1; fields b = B / B_tr; k_F in 1 / l.
"""
import math

from .jit import jit

# distinct loops remembered per realization (amplitude sums); beyond, every
# loop is taken as new
SEEN_CAP = 4096

# columns of the loop records
LOOP_COLUMNS = ("walker", "time", "area_x", "area_y", "area_z", "impurities",
                "offset", "e1_en", "phase", "start_x", "start_y", "start_z")


@jit
def first_visit(key, length, sums):
    """Whether the loop (sequence key, length) is not yet among the loops
    seen in this realization (``sums``, an
    :class:`~pathsim._kernels.state.AmplitudeSums`); records it."""
    inc = sums.inc
    seen_key = sums.seen_key
    seen_len = sums.seen_len
    n = int(inc[1])
    for i in range(n):
        if seen_key[i] == key and seen_len[i] == length:
            inc[2] += 1.0
            return False
    if n < seen_key.shape[0]:
        seen_key[n] = key
        seen_len[n] = length
        inc[1] = n + 1
    return True


@jit
def add_amplitudes(sums, t, phase, a2):
    """Add a loop of length t and twice-area vector a2 and its twin to the
    amplitude sums of every (k_F, b):
    2 cos(b A / 2) exp(-t / 2 tau_phi) exp(i (k_F t + phase)), and
    2 exp(-t / tau_phi) to the incoherent sum."""
    grid = sums.grid
    kf = grid.kf
    bf = grid.bf
    n = grid.direction
    cx, cy, cz = a2
    decay = math.exp(-t * grid.inv_tau)
    sums.inc[0] += 2.0 * decay * decay
    area = 0.5 * (n[0] * cx + n[1] * cy + n[2] * cz)
    for i in range(kf.shape[0]):
        theta = kf[i] * t + phase
        re = decay * math.cos(theta)
        im = decay * math.sin(theta)
        for m in range(bf.shape[0]):
            pair = 2.0 * math.cos(0.5 * bf[m] * area)
            sums.s_re[i, m] += re * pair
            sums.s_im[i, m] += im * pair


@jit
def add_spinor_amplitudes(sums, t, phase, a2, loop, twin):
    """As :func:`add_amplitudes` for spin-1/2 amplitudes: the loop carries
    the spin rotation ``loop`` and its twin ``twin`` (unit quaternions), and
    ``s_re``, ``s_im`` (n_kf, n_b, 4) sum the complex quaternion components
    of e^{i (k_F t + phase)} (e^{i b A / 2} U_loop + e^{-i b A / 2} U_twin),
    so that sum_c |S_c|^2 = (1/2) Tr(S^dagger S), the coherent return summed
    over the final spin and averaged over the initial one."""
    grid = sums.grid
    kf = grid.kf
    bf = grid.bf
    n = grid.direction
    cx, cy, cz = a2
    decay = math.exp(-t * grid.inv_tau)
    sums.inc[0] += 2.0 * decay * decay
    area = 0.5 * (n[0] * cx + n[1] * cy + n[2] * cz)
    for i in range(kf.shape[0]):
        theta = kf[i] * t + phase
        for m in range(bf.shape[0]):
            half = 0.5 * bf[m] * area
            re_l = decay * math.cos(theta + half)
            im_l = decay * math.sin(theta + half)
            re_t = decay * math.cos(theta - half)
            im_t = decay * math.sin(theta - half)
            for c in range(4):
                sums.s_re[i, m, c] += re_l * loop[c] + re_t * twin[c]
                sums.s_im[i, m, c] += im_l * loop[c] + im_t * twin[c]


@jit
def record_loop(record, scratch, n_seq, loop, a2, p0, h):
    """Append a loop to ``record`` (a :class:`~pathsim._kernels.state.LoopRecord`),
    unless its buffers are full.

    ``loop`` = (walker, time, e_1.e_n, phase); ``a2`` twice its area
    vector; ``p0`` its start point and ``h`` where it reaches the start
    impurity; its sequence is ``scratch.ids[:n_seq]`` and
    ``scratch.pts[:n_seq]``, closed by the start impurity and ``h``.
    """
    loops = record.loops
    rec_ids = record.ids
    rec_pts = record.points
    counts = record.counts
    ids = scratch.ids
    pts = scratch.pts
    n_loop = counts[0]
    n_ids = counts[1]
    if n_loop >= loops.shape[0] or n_ids + n_seq + 1 > rec_ids.shape[0]:
        counts[2] += 1  # not recorded: buffers full
        return
    walker, t, e1en, phase = loop
    row = loops[n_loop]
    row[0] = walker
    row[1] = t
    row[2] = 0.5 * a2[0]
    row[3] = 0.5 * a2[1]
    row[4] = 0.5 * a2[2]
    row[5] = n_seq + 1
    row[6] = n_ids
    row[7] = e1en
    row[8] = phase
    row[9] = p0[0]
    row[10] = p0[1]
    row[11] = p0[2]
    for i in range(n_seq):
        for j in range(4):
            rec_ids[n_ids + i, j] = ids[i, j]
        for j in range(6):
            rec_pts[n_ids + i, j] = pts[i, j]
    for j in range(4):
        rec_ids[n_ids + n_seq, j] = 0
    for j in range(2):
        rec_pts[n_ids + n_seq, 3 * j] = h[0]
        rec_pts[n_ids + n_seq, 3 * j + 1] = h[1]
        rec_pts[n_ids + n_seq, 3 * j + 2] = h[2]
    counts[0] = n_loop + 1
    counts[1] = n_ids + n_seq + 1
