"""Pure-Python reference of the random streams and of the 2D loop walk.

Written independently of the jitted kernels (plain Python integers and
floats, dictionaries for tallies) for tiny cases: the jitted kernel must
reproduce it to rounding error.
"""
import math

import numpy as np

from pathsim._kernels.rng import ZIGGURAT_F, ZIGGURAT_X

MASK = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15


def splitmix64(x):
    z = (x + GOLDEN) & MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


class Stream:
    """xoshiro256** seeded from (seed, walker index) as in pathsim._kernels.rng."""

    def __init__(self, seed, index):
        key = splitmix64(splitmix64(seed) ^ ((index * 0xD1B54A32D192ED03) & MASK))
        self.s = []
        for _ in range(4):
            key = splitmix64(key)
            self.s.append(key)

    def next(self):
        s0, s1, s2, s3 = self.s
        rotl = lambda x, k: ((x << k) | (x >> (64 - k))) & MASK  # noqa: E731
        result = (rotl((s1 * 5) & MASK, 7) * 9) & MASK
        t = (s1 << 17) & MASK
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        self.s = [s0, s1, s2, s3]
        return result

    def uniform(self):
        return (self.next() >> 11) * 2.0 ** -53

    def direction(self):
        while True:
            bits = self.next()
            u = (bits >> 32) * 2.0 ** -31 - 1.0
            v = (bits & 0xFFFFFFFF) * 2.0 ** -31 - 1.0
            r2 = u * u + v * v
            if 0.0 < r2 < 1.0:
                inv = 1.0 / r2
                return (u * u - v * v) * inv, 2.0 * u * v * inv

    def exponential(self):
        """Ziggurat of Marsaglia & Tsang with pathsim's layer table (data)."""
        while True:
            bits = self.next()
            i = bits & 255
            x = (bits >> 11) * 2.0 ** -53 * ZIGGURAT_X[i]
            if x < ZIGGURAT_X[i + 1]:
                return x
            if i == 0:
                return ZIGGURAT_X[1] - math.log(1.0 - self.uniform())
            lo, hi = ZIGGURAT_F[i], ZIGGURAT_F[i + 1]
            if lo + self.uniform() * (hi - lo) < math.exp(-x):
                return x


def walk(seed, index, t_cut, eps, grid, s_roulette=4.0, s_max=25.0):
    """Loops of one walker as a list of (weight, T, A, e1.en), triangle first."""
    rng = Stream(seed, index)
    loops = []
    mu = 2.0 * math.atanh(rng.uniform())
    ell1 = rng.exponential() / (1.0 + math.cosh(mu))
    nu = 2.0 * math.pi * rng.uniform()
    c = ell1 / 2
    x = c * (1 + math.cosh(mu) * math.cos(nu))
    y = c * math.sinh(mu) * math.sin(nu)
    s = c * (math.cosh(mu) + math.cos(nu))
    T = ell1 * (1 + math.cosh(mu))
    if T < t_cut:
        loops.append((1 / (2 * math.pi), T, ell1 * y / 2, -x / s))
    pts = [(0.0, 0.0)]
    t = 0.0
    e1 = None
    while t < t_cut:
        cx, cy = rng.direction()
        ell = rng.exponential()
        e1 = e1 or (cx, cy)
        px, py = pts[-1]
        pts.append((px + ell * cx, py + ell * cy))
        t += ell
        if len(pts) - 1 < 3:
            continue
        rx, ry = pts[-1]
        s = math.hypot(rx, ry)
        if s >= s_max:
            continue
        boost = 1.0
        if s > s_roulette:
            boost = (s / s_roulette) ** 4
            if rng.uniform() * boost >= 1.0:
                continue
        if t + s >= t_cut:
            continue
        if s > eps:
            w = boost * math.exp(-s) / (2 * math.pi * s)
        else:  # straight-line profile with the kernel's first two moments
            m0, m1 = 1 - math.exp(-eps), 1 - (1 + eps) * math.exp(-eps)
            # solve 2 pi Int s^(k+1) (alpha + beta s) ds = m_k over [0, eps]
            a = np.array([[np.pi * eps ** 2, 2 * np.pi * eps ** 3 / 3],
                          [2 * np.pi * eps ** 3 / 3, np.pi * eps ** 4 / 2]])
            alpha, beta = np.linalg.solve(a, [m0, m1])
            w = boost * (alpha + beta * s)
        # shoelace area of the closed polygon
        area = 0.5 * sum(ax * by - bx * ay for (ax, ay), (bx, by) in zip(pts, pts[1:]))
        loops.append((w, t + s, area, -(e1[0] * rx + e1[1] * ry) / s))
    return loops, len(pts) - 1
