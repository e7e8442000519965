import numpy as np
from scipy import stats

from pathsim._kernels.rng import direction_2d, exponential, seed_stream, uniform
from reference import Stream


def test_stream_matches_python_reference():
    state = np.zeros(4, dtype=np.uint64)
    for seed, index in [(0, 0), (1, 7), (2 ** 64 - 1, 123456789)]:
        seed_stream(state, np.uint64(seed), index)
        ref = Stream(seed, index)
        assert [uniform(state) for _ in range(50)] == [ref.uniform() for _ in range(50)]
        assert direction_2d(state) == ref.direction()
        assert exponential(state) == ref.exponential()


def test_direction_and_flight_distributions():
    state = np.zeros(4, dtype=np.uint64)
    seed_stream(state, np.uint64(11), 0)
    n = 50_000
    dirs = np.array([direction_2d(state) for _ in range(n)])
    assert np.allclose(np.hypot(dirs[:, 0], dirs[:, 1]), 1.0, atol=1e-12)
    angles = (np.arctan2(dirs[:, 1], dirs[:, 0]) / (2 * np.pi)) % 1.0
    assert stats.kstest(angles, "uniform").pvalue > 1e-3
    flights = np.array([exponential(state) for _ in range(n)])
    assert stats.kstest(flights, "expon").pvalue > 1e-3


def test_walker_streams_are_uncorrelated():
    state = np.zeros(4, dtype=np.uint64)
    first = []
    for index in range(20_000):
        seed_stream(state, np.uint64(5), index)
        first.append(uniform(state))
    first = np.array(first)
    assert stats.kstest(first, "uniform").pvalue > 1e-3
    # neighbouring walkers' first draws are independent
    r = np.corrcoef(first[:-1], first[1:])[0, 1]
    assert abs(r) < 4 / np.sqrt(first.size)
