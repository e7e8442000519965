"""A plain NumPy implementation of the same walk and estimator (for comparison).

Vectorised over walkers, one Python iteration per scattering step: the way
this estimator is usually written without a compiler.  It tallies the same
(T, |A|) histograms with the same triangle sampling, detector profile and
roulette as the jitted kernel (statistically, not bit for bit: it draws from
NumPy's generator).
"""
import numpy as np

from pathsim._kernels.tally import S_MAX, S_ROULETTE, detector_profile_2d


def walk_numpy(walkers, t_cut, eps, grid, seed=0):
    """Walk ``walkers`` walkers; return (hist_a, hist_b, steps)."""
    rng = np.random.default_rng(seed)
    t_min, log_t0, inv_dlog, inv_da = grid.kernel_args()
    inv_da = inv_da[0]  # the one field direction, z
    n_time, n_area = grid.n_time, grid.area_bins
    hist_a = np.zeros(n_time * n_area)
    hist_b = np.zeros(n_time * n_area)
    alpha, beta = detector_profile_2d(eps)

    def tally(w, big_t, area, e1en):
        row = np.where(big_t < t_min, 0,
                       1 + ((np.log(np.maximum(big_t, t_min)) - log_t0) * inv_dlog).astype(int))
        row = np.minimum(row, n_time - 1)
        col = (np.abs(area) * inv_da[row]).astype(int)
        ok = col < n_area
        flat = row[ok] * n_area + col[ok]
        np.add.at(hist_a, flat, w[ok])
        np.add.at(hist_b, flat, (w * e1en)[ok])

    # three-flight loops, sampled in elliptic coordinates
    mu = 2.0 * np.arctanh(rng.random(walkers))
    ch = np.cosh(mu)
    ell1 = rng.exponential(size=walkers) / (1.0 + ch)
    nu = 2 * np.pi * rng.random(walkers)
    c = 0.5 * ell1
    x = c * (1.0 + ch * np.cos(nu))
    s = c * (ch + np.cos(nu))
    big_t = ell1 * (1.0 + ch)
    keep = big_t < t_cut
    tally(np.full(keep.sum(), 1 / (2 * np.pi)), big_t[keep],
          (0.5 * ell1 * c * np.sinh(mu) * np.sin(nu))[keep], (-x / s)[keep])

    x = np.zeros(walkers)
    y = np.zeros(walkers)
    t = np.zeros(walkers)
    twice_area = np.zeros(walkers)
    e1 = None
    steps = 0
    n = 0
    alive = np.arange(walkers)
    while alive.size:
        m = alive.size
        phi = 2 * np.pi * rng.random(m)
        cx, cy = np.cos(phi), np.sin(phi)
        ell = rng.exponential(size=m)
        xo, yo = x[alive], y[alive]
        xn, yn = xo + ell * cx, yo + ell * cy
        twice_area[alive] += xo * yn - xn * yo
        x[alive], y[alive] = xn, yn
        t[alive] += ell
        steps += m
        n += 1
        if e1 is None:
            e1 = np.stack((cx, cy))
        if n >= 3:
            s2 = xn * xn + yn * yn
            boost = np.maximum(s2 / S_ROULETTE ** 2, 1.0) ** 2
            score = (s2 < S_MAX ** 2) & (rng.random(m) * boost < 1.0)
            s = np.sqrt(s2)
            big_t = t[alive] + s
            score &= big_t < t_cut
            sc = np.flatnonzero(score)
            s_sc = s[sc]
            w = np.where(s_sc > eps, np.exp(-s_sc) / (2 * np.pi * np.maximum(s_sc, eps)),
                         alpha + beta * s_sc) * boost[sc]
            idx = alive[sc]
            e1en = -(e1[0, idx] * xn[sc] + e1[1, idx] * yn[sc]) / s_sc
            tally(w, big_t[sc], 0.5 * twice_area[idx], e1en)
        alive = alive[t[alive] < t_cut]
    return hist_a.reshape(n_time, n_area), hist_b.reshape(n_time, n_area), steps
