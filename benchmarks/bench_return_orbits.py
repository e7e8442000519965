"""Time to 1 % error on the WAL magnetoconductance: pathsim against the
predetermined return-orbit method of Sawada & Koga.

The peer (A. Sawada and T. Koga, Phys. Rev. E 95, 023309 (2017); the
method of ShabaniLab's shabanipy WAL code) is written here from the paper's
recipe, vectorised in numpy over walks and over orbits:

1. Search: walks from the origin, first flight along +x, flights of length
   Exp(l), isotropic scattering, up to ``n_max`` flights; a walk whose
   n-th flight (n >= 3) passes within ``d`` of the origin is a return
   orbit (Sawada & Koga: d = 2.5e-5 l).  Its endpoint is moved onto the
   origin, so the orbit is the polygon 0 -> r_1 -> ... -> r_{n-1} -> 0 with
   length L, area S and cos_j = e_1 . e_n.  A walk's n-th flight passes
   within d with probability 2 d K(s_{n-1}), K(s) = exp(-s) / (2 pi s): the
   orbits are distributed as the next-event weights of pathsim, and the
   number of flights with probability (1 / (n - 2)) / F,
   F = sum_{n=3}^{n_max} 1 / (n - 2) (docs/theory/exact_2d.md, theory-exact-loops).
2. Evaluation, per spin setting and field: the Rashba rotation of every
   segment (precession theta per l about (c_y, -c_x, 0), the convention of
   :mod:`pathsim._kernels.spin`), U the ordered product along the orbit and
   the spin factor s = (1/2) Tr(U^2) (the twin's rotation is U^-1); then

       delta_sigma(b) / G0 = -F < exp(-L / tau_phi) s (1 + cos_j) cos(b S) >_orbits,

   the exact 2D loop sum (docs: theory-exact-loops; shabanipy writes the same
   sum as -2 F <...> in units of e^2 / (2 pi h) = G0 / 2).

Both methods estimate delta_sigma(B_phi) - delta_sigma(0) at the same point
(Rashba theta, tau_phi, isotropic scattering, one numba thread against
single-threaded numpy); each one's time to 1 % relative standard error is
its time per sample times the samples needed, (SE_1 / (0.01 |value|))^2 for
a per-sample spread SE_1.  Times are process CPU seconds (time.process_time),
so that other load on the machine between the phases matters less.  The
peer pays for its search once per orbit set: both its cost with the search
(orbits from scratch, as pathsim's walkers are) and its evaluation alone (a
stored orbit set reused for a new setting) are printed.  The search's cost
per orbit is its measured time per walk over the acceptance (d / pi) F at
Sawada & Koga's d (the measured acceptance is printed beside it); the
orbits' statistics, which do not depend on d to O(d), come from a search
with a larger detector ``--check-detector``, and their value is compared
with pathsim's and with the ILP theory (:func:`pathsim.theory.spin.ilp`)
by z-scores.

    python benchmarks/bench_return_orbits.py            # about 3 minutes
    python benchmarks/bench_return_orbits.py --quick    # a few seconds
"""
import argparse
import time

import numpy as np

import pathsim
from pathsim._kernels.jit import set_threads
from pathsim._kernels.walk_2d import bare_walk_2d
from pathsim.theory import hln
from pathsim.theory.exact_2d import exact_2d
from pathsim.theory.spin import ilp

SK_DETECTOR = 2.5e-5   # Sawada & Koga's return distance (l)


def search_orbits(rng, walks, n_max, d, batch=1024):
    """Return orbits of ``walks`` walks (numpy, vectorised over a batch).

    Returns a list of (lengths, cos, sin) of each orbit's segments, the
    last one the closing segment into the origin.
    """
    orbits = []
    for start in range(0, walks, batch):
        m = min(batch, walks - start)
        ell = np.empty((n_max, m))
        ang = np.empty((n_max, m))
        ell[0] = rng.exponential(size=m)
        ang[0] = 0.0
        x = ell[0].copy()
        y = np.zeros(m)
        flights = np.zeros(m, dtype=np.int64)     # 0: not (yet) returned
        for k in range(1, n_max):
            ell[k] = rng.exponential(size=m)
            ang[k] = rng.random(m) * (2.0 * np.pi)
            dx = ell[k] * np.cos(ang[k])
            dy = ell[k] * np.sin(ang[k])
            if k >= 2:   # flight k + 1 >= 3: nearest point of the segment to 0
                u = np.clip(-(x * dx + y * dy) / (ell[k] * ell[k]), 0.0, 1.0)
                px = x + u * dx
                py = y + u * dy
                hit = (px * px + py * py < d * d) & (flights == 0)
                flights[hit] = k + 1
            x += dx
            y += dy
        for i in np.flatnonzero(flights):
            n = flights[i]
            lengths = ell[:n, i].copy()
            cs = np.cos(ang[:n, i])
            sn = np.sin(ang[:n, i])
            # the closing segment from r_{n-1} to the origin
            rx = np.sum(lengths[:-1] * cs[:-1])
            ry = np.sum(lengths[:-1] * sn[:-1])
            s = np.hypot(rx, ry)
            lengths[-1] = s
            cs[-1] = -rx / s
            sn[-1] = -ry / s
            orbits.append((lengths, cs, sn))
    return orbits


class OrbitSet:
    """Orbits packed for evaluation, as a stored orbit set would be: their
    segments concatenated (orbits sorted by segment count, longest first,
    each one's segments from ``start``), and per orbit its length L, area
    S, cos_j = e_1 . e_n; every orbit turned by a random angle (Sawada &
    Koga average the start direction: Dresselhaus terms are anisotropic).
    """

    def __init__(self, orbits, n_max, rng):
        order = sorted(range(len(orbits)), key=lambda i: -orbits[i][0].size)
        self.n = np.array([orbits[i][0].size for i in order], dtype=np.int64)
        self.start = np.concatenate([[0], np.cumsum(self.n)[:-1]]).astype(np.int64)
        ell = np.concatenate([orbits[i][0] for i in order])
        cs = np.concatenate([orbits[i][1] for i in order])
        sn = np.concatenate([orbits[i][2] for i in order])
        self.length = np.add.reduceat(ell, self.start)
        # shoelace sum of 0 -> r_1 -> ... -> r_{n-1} -> 0, per orbit
        x = np.cumsum(ell * cs)
        y = np.cumsum(ell * sn)
        first = np.zeros(ell.size, dtype=bool)
        first[self.start] = True
        x_prev = np.where(first, 0.0, np.roll(x, 1)) - np.repeat(
            np.concatenate([[0.0], x[self.start[1:] - 1]]), self.n)
        y_prev = np.where(first, 0.0, np.roll(y, 1)) - np.repeat(
            np.concatenate([[0.0], y[self.start[1:] - 1]]), self.n)
        x_now = x_prev + ell * cs
        y_now = y_prev + ell * sn
        self.area = 0.5 * np.add.reduceat(x_prev * y_now - x_now * y_prev, self.start)
        self.cos_j = cs[self.start + self.n - 1]
        phi = np.repeat(rng.random(self.n.size) * (2.0 * np.pi), self.n)
        # segment-major order: block k holds segment k of the first count[k]
        # orbits, contiguous (the evaluation then slices, never gathers)
        n_top = self.n[0] if self.n.size else 0
        self.count = np.searchsorted(-self.n, -np.arange(1, n_top + 1), side="right")
        self.offset = np.concatenate([[0], np.cumsum(self.count)[:-1]]).astype(np.int64)
        orbit = np.repeat(np.arange(self.n.size), self.n)
        k = np.arange(ell.size) - np.repeat(self.start, self.n)
        pos = self.offset[k] + orbit
        self.ell = np.empty_like(ell)
        self.cos = np.empty_like(ell)
        self.sin = np.empty_like(ell)
        self.ell[pos] = ell
        self.cos[pos] = cs * np.cos(phi) - sn * np.sin(phi)
        self.sin[pos] = sn * np.cos(phi) + cs * np.sin(phi)
        self.f = np.sum(1.0 / np.arange(1, n_max - 1))   # sum_{n=3}^{n_max} 1/(n-2)

    def spin_factor(self, theta):
        """(1/2) Tr(U^2) of every orbit with Rashba angle theta per l: the
        segments' quaternions multiplied in order; segment k exists for the
        first ``count[k]`` orbits (sorted by length)."""
        w = np.ones(self.n.size)
        v = np.zeros((3, self.n.size))
        for m, o in zip(self.count, self.offset):
            h = 0.5 * theta * self.ell[o:o + m]
            c = np.cos(h)
            s = np.sin(h)
            ax = s * self.sin[o:o + m]          # axis (c_y, -c_x, 0)
            ay = -s * self.cos[o:o + m]
            vx, vy, vz = v[0, :m], v[1, :m], v[2, :m]
            wm = w[:m]
            # Hamilton product (c, ax, ay, 0) (w, v): the new rotation on the left
            w[:m], v[0, :m], v[1, :m], v[2, :m] = (c * wm - ax * vx - ay * vy,
                                                   c * vx + ax * wm + ay * vz,
                                                   c * vy - ax * vz + ay * wm,
                                                   c * vz + ax * vy - ay * vx)
        return w * w - np.sum(v * v, axis=0)

    def samples(self, theta, b, tau_phi):
        """Per-orbit samples of delta_sigma(b) - delta_sigma(0) in G0 (their
        mean is the estimate)."""
        x = np.exp(-self.length / tau_phi) * self.spin_factor(theta) * (1.0 + self.cos_j)
        return -self.f * x * (np.cos(b * self.area) - 1.0)


def timed_search(rng, seconds, n_max, d, batch):
    """Search batches of walks for ``seconds``; returns (orbits, walks, time)."""
    orbits, walks = [], 0
    start = time.process_time()
    while walks == 0 or time.process_time() - start < seconds:
        orbits += search_orbits(rng, batch, n_max, d, batch)
        walks += batch
    return orbits, walks, time.process_time() - start


def bare_flight_time(n_max, walkers):
    """Seconds per flight of pathsim's jitted 2D walk without tallies
    (:func:`pathsim._kernels.walk_2d.bare_walk_2d`): a lower bound on the
    cost of any search that walks the same flights."""
    events = np.zeros(walkers, dtype=np.int64)
    bare_walk_2d(np.uint64(1), 8, 10.0, np.zeros(8, dtype=np.int64))   # compile
    start = time.process_time()
    bare_walk_2d(np.uint64(2), walkers, float(n_max), events)
    return (time.process_time() - start) / events.sum()


def pathsim_point(walkers, theta, tau_phi, b, seed):
    """pathsim's magnetoconductance at (theta, tau_phi, b): value, standard
    error, seconds per walker."""
    start = time.process_time()
    run = pathsim.simulate(walkers=walkers, rashba=theta, tau_phi_max=tau_phi,
                           tau_phi=[tau_phi], truncation=15.0, seed=seed, progress=False)
    seconds = time.process_time() - start
    value, err = run.magnetoconductance(b, tau_phi)
    return float(np.ravel(value)[0]), float(np.ravel(err)[0]), seconds / walkers


def _needed(spread, value):
    """Samples for a relative standard error of 1 %."""
    return (spread / (0.01 * abs(value))) ** 2


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--theta", type=float, default=0.5, help="Rashba angle per l")
    parser.add_argument("--tau-phi", type=float, default=100.0, help="tau_phi (tau)")
    parser.add_argument("--walkers", type=int, default=50_000, help="pathsim walkers")
    parser.add_argument("--search-seconds", type=float, default=20.0,
                        help="peer search at Sawada & Koga's d (timing)")
    parser.add_argument("--check-seconds", type=float, default=60.0,
                        help="peer search at the check detector (statistics)")
    parser.add_argument("--check-detector", type=float, default=2e-3, help="d (l)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.quick:
        args.tau_phi, args.walkers = 20.0, 400
        args.search_seconds, args.check_seconds = 0.5, 1.5
    set_threads(1)
    theta, tau_phi = args.theta, args.tau_phi
    b = 1.0 / tau_phi                       # B = B_phi
    n_max = int(15 * tau_phi)               # the walks' cut-off: 15 tau_phi, as pathsim's
    batch = 256 if args.quick else 2048
    rng = np.random.default_rng(args.seed)

    pathsim_point(64, theta, 2.0, b, 0)     # compile (or load the cache)
    v_ps, e_ps, t_walker = pathsim_point(args.walkers, theta, tau_phi, b, args.seed)
    sd_ps = e_ps * np.sqrt(args.walkers)

    sk_orbits, sk_walks, sk_time = timed_search(rng, args.search_seconds, n_max,
                                                SK_DETECTOR, batch)
    chk_orbits, chk_walks, chk_time = timed_search(rng, args.check_seconds, n_max,
                                                   args.check_detector, batch)
    f = np.sum(1.0 / np.arange(1, n_max - 1))
    t_walk = (sk_time + chk_time) / (sk_walks + chk_walks)
    # orbits per walk: (d / pi) F to O(d) (a flight passes within d with 2 d K(s))
    accept = SK_DETECTOR * f / np.pi
    t_search = t_walk / accept
    n_chk = len(chk_orbits)
    orbit_set = OrbitSet(chk_orbits, n_max, rng)
    y = orbit_set.samples(theta, b, tau_phi)
    # evaluation time per orbit, on a set as large as a 1 % estimate needs
    # (the per-segment numpy calls amortised): the found orbits repeated
    reps = max(1, -(-(2_000 if args.quick else 40_000) // max(n_chk, 1)))
    stored = OrbitSet(chk_orbits * reps, n_max, rng)
    start = time.process_time()
    stored.samples(theta, b, tau_phi)       # one new setting: spin factors, one field
    t_eval = (time.process_time() - start) / max(n_chk * reps, 1)
    t_jit = bare_flight_time(n_max, 4_000 if args.quick else 20_000)
    v_sk = y.mean() if n_chk else np.nan
    e_sk = y.std(ddof=1) / np.sqrt(n_chk) if n_chk > 1 else np.nan
    sd_sk = e_sk * np.sqrt(n_chk)
    theory = float(ilp([b], tau_phi, theta)[0])
    # the size of the beyond-diffusion correction at this point, from the
    # spinless loop sum: exact ballistic theory over HLN (context, not a test)
    ballistic = float((exact_2d(np.array([b]), tau_phi) - exact_2d(np.array([0.0]), tau_phi))[0]
                      / hln(np.array([b]), tau_phi)[0])

    print(f"WAL magnetoconductance delta_sigma(B_phi) - delta_sigma(0), G0: Rashba theta = "
          f"{theta:g} per l, tau_phi = {tau_phi:g} tau, isotropic scattering, 1 thread")
    print(f"  pathsim (next-event)    {v_ps:+.5f} +- {e_ps:.5f}   ({args.walkers} walkers, "
          f"{t_walker * 1e6:.1f} us per walker)")
    print(f"  return orbits (peer)    {v_sk:+.5f} +- {e_sk:.5f}   ({n_chk} orbits at "
          f"d = {args.check_detector:g} l)")
    print(f"  ILP (diffusive theory)  {theory:+.5f}")
    z_peer = (v_sk - v_ps) / np.hypot(e_sk, e_ps)
    print(f"  z: peer - pathsim {z_peer:+.2f}, pathsim - ILP {(v_ps - theory) / e_ps:+.2f}, "
          f"peer - ILP {(v_sk - theory) / e_sk:+.2f}")
    print(f"  (ILP is diffusive: without spin the exact ballistic magnetoconductance is "
          f"{ballistic:.3f} x HLN here; pathsim / ILP = {v_ps / theory:.3f} +- "
          f"{e_ps / abs(theory):.3f})")
    print(f"peer search: {t_walk * 1e6:.1f} us per walk of up to {n_max} flights; orbits per "
          f"walk {len(sk_orbits) / sk_walks:.2e} at d = {SK_DETECTOR:g} ({len(sk_orbits)} "
          f"found), {n_chk / chk_walks:.2e} at d = {args.check_detector:g}; (d / pi) F = "
          f"{accept:.2e} and {args.check_detector * f / np.pi:.2e}")
    print(f"peer per orbit: search {t_search:.3g} s (d = {SK_DETECTOR:g}; a jitted search "
          f"could not beat {t_jit * n_max / accept:.3g} s: pathsim's bare walk, "
          f"{t_jit * 1e9:.0f} ns per flight), evaluation {t_eval * 1e6:.1f} us")
    if not n_chk > 1:
        print("too few orbits for the peer's spread: run longer")
        return
    # samples for 1 %: each method's own spread against the most precise value
    n_ps, n_sk = _needed(sd_ps, v_ps), _needed(sd_sk, v_ps)
    t_ps = n_ps * t_walker
    t_full, t_stored = n_sk * (t_search + t_eval), n_sk * t_eval
    print("time to 1 % relative standard error (samples x time per sample):")
    print(f"  pathsim                     {n_ps:10.3g} walkers  {t_ps:10.3g} s")
    print(f"  peer, orbits searched       {n_sk:10.3g} orbits   {t_full:10.3g} s   "
          f"pathsim faster by {t_full / t_ps:.3g}")
    t_bound = n_sk * (t_jit * n_max / accept + t_eval)
    print(f"  peer, jitted search (bound) {n_sk:10.3g} orbits   {t_bound:10.3g} s   "
          f"pathsim faster by {t_bound / t_ps:.3g}")
    print(f"  peer, orbits already stored {n_sk:10.3g} orbits   {t_stored:10.3g} s   "
          f"pathsim faster by {t_stored / t_ps:.3g}")


if __name__ == "__main__":
    main()
