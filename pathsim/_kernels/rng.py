"""Per-walker random streams (jitted).

Every walker owns a xoshiro256** generator whose 256-bit state is derived from
``(seed, walker index)`` through SplitMix64, so a walker's random numbers do not
depend on which thread runs it, on the order in which walkers run, or on how a
run is cut into batches.  Different seeds and different walker indices give
statistically independent streams (Blackman & Vigna, "Scrambled linear
pseudorandom number generators", ACM TOMS 47, 36 (2021)).

All arithmetic is on ``uint64``: mixing signed and unsigned integers in numba
silently promotes to float, so every constant below is typed.
"""
import math

import numpy as np

from .jit import jit

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_STREAM = np.uint64(0xD1B54A32D192ED03)
_TO_DOUBLE = 1.0 / 9007199254740992.0  # 2**-53


@jit
def splitmix64(x):
    """SplitMix64 finaliser of ``x + golden``: a bijective 64-bit mixer."""
    z = x + _GOLDEN
    z = (z ^ (z >> np.uint64(30))) * _MIX1
    z = (z ^ (z >> np.uint64(27))) * _MIX2
    return z ^ (z >> np.uint64(31))


@jit
def seed_stream(state, seed, index):
    """Fill ``state[:4]`` with the xoshiro256** state of walker ``index``."""
    key = splitmix64(splitmix64(seed) ^ (np.uint64(index) * _STREAM))
    for i in range(4):
        key = splitmix64(key)
        state[i] = key


@jit
def _rotl(x, k):
    return (x << np.uint64(k)) | (x >> np.uint64(64 - k))


@jit
def next_u64(state):
    """Next 64-bit output of xoshiro256** (advances ``state`` in place)."""
    s0 = state[0]
    s1 = state[1]
    s2 = state[2]
    s3 = state[3]
    result = _rotl(s1 * np.uint64(5), 7) * np.uint64(9)
    t = s1 << np.uint64(17)
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = _rotl(s3, 45)
    state[0] = s0
    state[1] = s1
    state[2] = s2
    state[3] = s3
    return result


@jit
def uniform(state):
    """Uniform double in [0, 1) with 53 random bits."""
    return float(next_u64(state) >> np.uint64(11)) * _TO_DOUBLE


_LOW32 = np.uint64(0xFFFFFFFF)
_TO_SIGNED32 = 1.0 / 2147483648.0  # 2**-31


@jit
def direction_2d(state):
    """Uniform unit vector in the plane, without trigonometric calls.

    A point (u, v) uniform in the square [-1, 1)^2 (one 64-bit draw: 32 bits
    each) is kept if it falls in the unit disk; its polar angle theta is then
    uniform, and ((u^2 - v^2), 2 u v) / r^2 is the unit vector at angle
    2 theta, also uniform (von Neumann's method; 4/pi draws on average).
    """
    while True:
        bits = next_u64(state)
        u = float(bits >> np.uint64(32)) * _TO_SIGNED32 - 1.0
        v = float(bits & _LOW32) * _TO_SIGNED32 - 1.0
        r2 = u * u + v * v
        if 0.0 < r2 < 1.0:
            inv = 1.0 / r2
            return (u * u - v * v) * inv, 2.0 * u * v * inv


def _ziggurat_tables(layers=256, r=7.69711747013104972):
    """Layer edges x_i and f(x_i) = exp(-x_i) of the exponential ziggurat.

    Marsaglia & Tsang, J. Stat. Softw. 5, 8 (2000): ``layers`` regions of
    equal area v under exp(-x); x_0 = v / f(r) is the width of the base
    layer (rectangle plus tail), x_1 = r, x_layers = 0.
    """
    area = math.exp(-r) * (r + 1.0)
    x = np.zeros(layers + 1)
    x[0] = area / math.exp(-r)
    x[1] = r
    for i in range(1, layers - 1):
        x[i + 1] = -math.log(math.exp(-x[i]) + area / x[i])
    x[layers] = 0.0
    return x, np.exp(-x)


ZIGGURAT_X, ZIGGURAT_F = _ziggurat_tables()
_ZIG_R = ZIGGURAT_X[1]
_ZIG_MASK = np.uint64(ZIGGURAT_X.size - 2)


@jit
def exponential(state):
    """Exp(1) variate by the ziggurat method (one draw and one compare in
    98.9 % of cases; exact: the wedges and the tail are sampled exactly)."""
    while True:
        bits = next_u64(state)
        i = int(bits & _ZIG_MASK)
        x = float(bits >> np.uint64(11)) * _TO_DOUBLE * ZIGGURAT_X[i]
        if x < ZIGGURAT_X[i + 1]:
            return x
        if i == 0:  # the tail beyond r is r + Exp(1)
            return _ZIG_R - math.log(1.0 - uniform(state))
        lo = ZIGGURAT_F[i]
        if lo + uniform(state) * (ZIGGURAT_F[i + 1] - lo) < math.exp(-x):
            return x
