"""The wave stage: Anderson model, transfer matrices, RGF conductance, levels.

Statistical checks allow |z| <= 4 from each estimate's own standard error
(harness.assert_consistent) and, where the issue asks for it, a relative
tolerance as well; all seeds are fixed.
"""
import math

import numpy as np
from scipy import integrate
import pytest
from harness import assert_below, assert_consistent

from pathsim._kernels import jit as _numba
from pathsim.wave import (backscattering_ratio, conductance, level_spacing_ratio,
                          localization_length, reflection, scattering,
                          thouless_conductance)
from pathsim.wave import _kernels, backscattering, scaling, transfer, transport
from pathsim.wave.lattice import cross_section, dense_hamiltonian, slice_hamiltonian
from pathsim.wave.results import WaveResult, load


# ----------------------------------------------------------------- 1D xi
@pytest.mark.parametrize("energy, disorder, expected", [
    (0.5, 0.5, 24 * (4 - 0.25) / 0.25),     # Thouless: 24 (4 - E^2) / W^2
    (0.0, 0.5, 105 / 0.25),                # Kappus-Wegner band-centre anomaly
])
def test_1d_localization_length(energy, disorder, expected):
    """W = 0.5: the next order in W^2 is a few 0.1 % here (it is -0.9 % at
    E = 0.5, W = 1, resolved at 3 sigma with rel_error = 0.003), below the
    0.5 % statistical error of this check."""
    xi, err = localization_length(1, 1, disorder, energy, rel_error=0.005, seed=11)
    assert abs(xi / expected - 1) < 0.03
    assert_consistent(xi, err, expected, f"1D xi at E={energy}, W={disorder}")


@pytest.mark.parametrize("flux", [0.0, 0.13])
def test_transfer_kernel_matches_numpy_reference(flux):
    """The jitted frame update and QR logs against a plain numpy loop over
    the slice Hamiltonians (with Peierls phases 2 pi phi x on the y hops)."""
    dim, width, disorder, energy, seed = 2, 3, 4.0, 0.3, 5
    nbr, ydir = cross_section(dim, width, "periodic")
    dtype = complex if flux else float
    unit = np.array([np.exp(2j * np.pi * flux)]) if flux else np.ones(1)
    a, b = transfer._start_frame(3, seed, dtype)
    a0, b0 = a.copy(), b.copy()
    logs = np.empty((2, 3))
    _kernels.transfer_blocks(a, b, nbr, ydir.astype(np.int64), unit, disorder, energy,
                             np.uint64(seed), 0, 8, 4, logs)
    ref = np.zeros((2, 3))
    cur, prev = a0, b0
    for blk in range(2):
        eps = np.empty((8, 3))
        _kernels.fill_disorder(eps, seed, blk, disorder)
        for s in range(8):
            h = slice_hamiltonian(eps[s], nbr, ydir, 2 * np.pi * flux * (8 * blk + s))
            cur, prev = (h - energy * np.eye(3)) @ cur - prev, cur
            if (s + 1) % 4 == 0:
                q, r = np.linalg.qr(np.vstack([cur, prev]))
                ref[blk] += np.log(np.abs(np.diag(r)))
                cur, prev = q[:3], q[3:]
    np.testing.assert_allclose(logs, ref, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(np.abs(a), np.abs(cur), atol=1e-10)


def test_bar_does_not_depend_on_chunking():
    """A tighter target only appends blocks: the shared prefix is identical."""
    short, slices = transfer.lyapunov_blocks(2, 4, 6.0, rel_error=0.05, seed=3)
    long, _ = transfer.lyapunov_blocks(2, 4, 6.0, rel_error=0.02, seed=3)
    assert long.size > short.size
    np.testing.assert_array_equal(long[:short.size], short)


# ----------------------------------------------------------------- 2D, 3D Lambda
def test_2d_lambda_decreases_with_width():
    """2D without field: Lambda = xi_M / M falls with M at every W, and xi
    grows fast as W falls (all states localized, Abrahams et al. 1979)."""
    xi8 = []
    for w in (5.0, 8.0, 12.0):
        x4, e4 = localization_length(2, 4, w, rel_error=0.015, seed=1)
        x8, e8 = localization_length(2, 8, w, rel_error=0.015, seed=2)
        diff, err = x4 / 4 - x8 / 8, math.hypot(e4 / 4, e8 / 8)
        assert diff > 3 * err, f"W={w}: Lambda_4 - Lambda_8 = {diff:.4f} +- {err:.4f}"
        xi8.append(x8)
    assert xi8[0] > 1.5 * xi8[1] > 2.25 * xi8[2], xi8


def test_3d_lambda_sizes_swap_across_the_transition():
    """3D: Lambda grows with M in the metal (W = 13) and falls in the
    insulator (W = 20); the crossing itself is in scripts/anderson_scaling.py."""
    for w, sign in ((13.0, 1), (20.0, -1)):
        x4, e4 = localization_length(3, 4, w, rel_error=0.015, seed=7)
        x6, e6 = localization_length(3, 6, w, rel_error=0.015, seed=8)
        diff, err = x6 / 6 - x4 / 4, math.hypot(e4 / 4, e6 / 6)
        assert sign * diff > 3 * err, f"W={w}: {diff:.4f} +- {err:.4f}"


# ----------------------------------------------------------------- conductance
@pytest.mark.parametrize("flux", [0.0, 0.05])
def test_conductance_decays_at_the_transfer_matrix_rate(flux):
    """Two independent solvers agree: in a long strip <ln g> = const - 2 L / xi
    (g ~ cosh^-2 of the smallest exponent times L), with xi from the transfer
    matrix of the same strip, with and without a field; |z| <= 4."""
    xi, xi_err = localization_length(2, 4, 5.0, 0.3, rel_error=0.01, seed=3, flux=flux,
                                     boundary="hard-wall")
    lengths = np.array([40, 60, 80])
    mean, err = [], []
    for length in lengths:
        ln_g = np.log(conductance(2, 4, length, 5.0, energy=0.3, flux=flux,
                                  realizations=400, seed=int(length)))
        mean.append(ln_g.mean())
        err.append(ln_g.std(ddof=1) / math.sqrt(ln_g.size))
    _, slope, _, _, slope_var = scaling.linear_fit(lengths, mean, err)
    assert_consistent(-slope, math.hypot(math.sqrt(slope_var), 2 * xi_err / xi ** 2),
                      2 / xi, f"decay rate of <ln g> at flux {flux}")


@pytest.mark.parametrize("dim, width, energy, boundary", [
    (1, 1, 0.3, "hard-wall"), (2, 7, 0.3, "hard-wall"), (2, 7, 1.1, "periodic"),
    (2, 6, 0.0, "hard-wall"), (3, 4, 0.5, "hard-wall"), (3, 4, -0.7, "periodic")])
def test_clean_sample_conducts_open_channels(dim, width, energy, boundary):
    nbr, ydir = cross_section(dim, width, boundary)
    _, modes, _ = transport.lead_modes(
        slice_hamiltonian(np.zeros(nbr.shape[0]), nbr, ydir, 0.0), energy)
    g = conductance(dim, width, 5, 0.0, energy=energy, boundary=boundary)
    assert modes.shape[1] > 0
    np.testing.assert_allclose(g, modes.shape[1], atol=1e-10)


@pytest.mark.parametrize("dim, width, length, flux, boundary", [
    (2, 5, 6, 0.07, "hard-wall"), (2, 4, 1, 0.0, "periodic"), (3, 3, 4, 0.11, "periodic")])
def test_rgf_matches_dense_inversion(dim, width, length, flux, boundary):
    """G blocks, g and r from RGF against a direct inversion of the whole
    H - Sigma_L - Sigma_R built site by site (Fisher-Lee both times)."""
    energy, disorder, seed = 0.3, 3.0, 4
    g11, g1l, (left, right) = transport.green_blocks(
        dim, width, length, disorder, energy=energy, flux=flux, realizations=2,
        seed=seed, boundary=boundary)
    n = g11.shape[1]
    eps = np.empty((length,) + (width,) * (dim - 1))
    _kernels.fill_disorder(eps, seed, 1, disorder)
    bc = ("hard-wall",) + (boundary,) * (dim - 1)
    a = energy * np.eye(eps.size) - dense_hamiltonian(eps, flux=flux, boundary=bc)
    a[:n, :n] -= left[0]
    a[-n:, -n:] -= right[0]
    full = np.linalg.inv(a)
    assert np.abs(full[:n, :n] - g11[1]).max() < 1e-10
    assert np.abs(full[:n, -n:] - g1l[1]).max() < 1e-10
    (_, ml, vl), (_, mr, vr) = left, right
    t = 1j * np.sqrt(vl)[:, None] * (ml.conj().T @ full[:n, -n:] @ mr) * np.sqrt(vr)
    g = conductance(dim, width, length, disorder, energy=energy, flux=flux,
                    realizations=2, seed=seed, boundary=boundary)
    assert abs(g[1] - np.sum(np.abs(t) ** 2)) < 1e-10


def test_scattering_matrix_is_unitary_and_symmetric():
    t, r = scattering(2, 8, 20, 2.0, energy=0.4, flux=0.05, realizations=3, seed=1)
    total = np.sum(np.abs(t) ** 2, axis=(1, 2)) + np.sum(np.abs(r) ** 2, axis=(1, 2))
    np.testing.assert_allclose(total, r.shape[-1], atol=1e-10)
    r0 = reflection(2, 8, 20, 2.0, energy=0.4, realizations=3, seed=1)
    np.testing.assert_allclose(r0, np.swapaxes(r0, 1, 2), atol=1e-10)   # time reversal


def test_conductance_independent_of_threads_and_batches():
    g = conductance(2, 6, 8, 2.0, realizations=5, seed=9)
    before = _numba.set_threads(None)
    try:
        _numba.set_threads(1)
        g1 = conductance(2, 6, 8, 2.0, realizations=70, seed=9)
    finally:
        _numba.set_threads(before)
    np.testing.assert_array_equal(g, g1[:5])


# Coherent backscattering in channel space (figure anderson_backscattering):
# periodic 21 x 120 strip, W = 1.2, E = 1: 14 plane-wave channels, Born mean
# free path l = v_k / gamma = 10 to 21 (mean 18), k_F l ~ 36, L ~ 7 l
# (diffusive, <R> = 0.79).  phi = 0.002 flux quanta per plaquette puts
# 4 pi phi l^2 ~ 8 and 4 pi phi M l ~ 10 flux quanta through the short
# return loops, while the cyclotron radius k_F / (2 pi phi) ~ 160 >> l.
CBS = dict(dim=2, width=21, length=120, disorder=1.2, energy=1.0)
CBS_FIELD = 0.002


def test_single_scattering_matches_a_thin_weak_slab():
    """One slice of weak disorder reflects in first Born order: the mean
    |r_ba|^2 over plane-wave channels is the single-scattering formula."""
    _, _, r = backscattering.channel_backscattering(2, 21, 1, 0.2, energy=1.0,
                                               realizations=400, seed=2)
    p = np.abs(r) ** 2
    s = backscattering.single_scattering(2, 21, 1, 0.2, energy=1.0)
    mean, err = p.mean(axis=0), p.std(axis=0, ddof=1) / np.sqrt(len(p))
    assert_consistent(mean.sum() / s.sum(), np.sqrt((err ** 2).sum()) / s.sum(), 1.0,
                      "thin-slab reflection / Born single scattering")


def test_reflection_obeys_onsager_in_plane_waves():
    """r_{k'k}(B) = r_{-k,-k'}(-B) (time reversal maps k to -k and B to -B;
    the gauge A = (0, B x, 0) gives H(-B) = H(B)*), and at B = 0 per sample."""
    _, partner = transport.momentum_basis(2, 9)
    kw = dict(energy=1.0, realizations=3, seed=4, diffuse=False)
    _, _, rp = backscattering.channel_backscattering(2, 9, 12, 1.5, flux=0.03, **kw)
    _, _, rm = backscattering.channel_backscattering(2, 9, 12, 1.5, flux=-0.03, **kw)
    _, _, r0 = backscattering.channel_backscattering(2, 9, 12, 1.5, **kw)
    x = (1.0 + 2 * np.cos(2 * np.pi * np.arange(9) / 9)) / 2
    open_k = np.flatnonzero(np.abs(x) < 1)
    rev = np.searchsorted(open_k, partner[open_k])      # position of -k
    flip = lambda r: np.swapaxes(r, 1, 2)[:, rev][:, :, rev]
    np.testing.assert_allclose(rp, flip(rm), atol=1e-10)
    np.testing.assert_allclose(r0, flip(r0), atol=1e-10)
    assert np.abs(rp - flip(rp)).max() > 1e-3           # the field does break it


def test_channel_space_backscattering_factor_two():
    """Time reversal: the multiply scattered intensity into the reverse
    channel -k is twice that into the mirror channel +k (single-scattering
    Born intensity subtracted from both), within 3 % and 4 sigma."""
    ratio, err, _ = backscattering.channel_backscattering(**CBS, realizations=1500, seed=5)
    assert abs(ratio / 2 - 1) < 0.03
    assert_consistent(ratio, err, 2.0, "reverse / mirror (diffuse) at B = 0")


def test_field_removes_coherent_backscattering():
    """With phi = CBS_FIELD the same ratio is 1 within 3 % and 4 sigma."""
    ratio, err, _ = backscattering.channel_backscattering(**CBS, flux=CBS_FIELD,
                                                     realizations=1500, seed=5)
    assert abs(ratio - 1) < 0.03
    assert_consistent(ratio, err, 1.0, "reverse / mirror (diffuse) with flux")


@pytest.mark.slow
def test_backscattering_ratio_falls_smoothly_with_flux():
    """2 -> 1 monotonically as the flux through the return loops grows."""
    fluxes = (0.0, 0.0005, 0.001, 0.002)
    rows = np.array([backscattering.channel_backscattering(**CBS, flux=phi, realizations=800,
                                                      seed=6)[:2] for phi in fluxes])
    step, step_err = -np.diff(rows[:, 0]), np.hypot(rows[1:, 1], rows[:-1, 1])
    fall, fall_err = rows[1, 0] - rows[-1, 0], np.hypot(rows[1, 1], rows[-1, 1])
    assert_below(-np.array([step[0], fall]), np.array([step_err[0], fall_err]), 0.0,
                 "ratio must fall with flux")
    assert np.all(step > -4 * step_err), f"ratio rises with flux: {rows}"


def test_real_hard_wall_modes_keep_a_mode_shape_excess():
    """In hard-wall standing waves the diagonal is weighted |chi_a|^4 against
    |chi_a|^2 |chi_b|^2 (3/2 for one scattering), a field-blind excess: with
    the field the real-mode ratio stays well above 1."""
    r = reflection(2, 20, 40, 1.2, energy=1.0, flux=CBS_FIELD, realizations=300, seed=3)
    ratio, err = backscattering_ratio(r)
    assert_below(1.1, err, ratio, "real-mode ratio with flux above 1.1")


# ----------------------------------------------------------------- levels
@pytest.mark.parametrize("args, kwargs, expected", [
    ((3, 8, 5.0), dict(realizations=30), 0.5307),                 # orthogonal
    ((2, 32, 30.0), dict(realizations=12, fraction=0.4), 0.3863),  # Poisson
    ((3, 8, 5.0), dict(realizations=30, flux=0.25), 0.5996),       # unitary
])
def test_level_spacing_ratio_limits(args, kwargs, expected):
    r, err = level_spacing_ratio(*args, seed=3, **kwargs)
    assert_consistent(r, err, expected, f"<r> for {args} {kwargs}")


def test_thouless_conductance_falls_through_the_transition():
    g = [thouless_conductance(3, 6, w, realizations=6, seed=2)[0] for w in (4.0, 16.5, 30.0)]
    assert g[0] > 3.0 and 0.05 < g[1] < 2.0 and g[2] < 0.05, g


def test_thouless_curvature_matches_finite_difference():
    from pathsim.wave import levels
    first, second = levels._twist_derivatives(2, 4)
    eps = np.empty((4, 4))
    _kernels.fill_disorder(eps, 1, 0, 3.0)
    theta = 1e-3
    bc = ("periodic", "periodic")
    e0 = np.linalg.eigvalsh(dense_hamiltonian(eps, boundary=bc))
    e1 = np.linalg.eigvalsh(dense_hamiltonian(eps, boundary=bc, twist=theta))
    ev, vec = np.linalg.eigh(dense_hamiltonian(eps, boundary=bc))
    coupling = np.abs(vec.conj().T @ first @ vec) ** 2
    gaps = ev[None, :] - ev[:, None]
    np.fill_diagonal(gaps, np.inf)
    curv = np.einsum("in,in->n", vec.conj(), second @ vec).real + 2 * np.sum(coupling / gaps, 0)
    np.testing.assert_allclose(2 * (e1 - e0) / theta ** 2, curv, rtol=1e-3, atol=1e-5)


# ----------------------------------------------------------------- scaling
def test_crossing_and_collapse_recover_synthetic_parameters():
    rng = np.random.default_rng(0)
    w = np.repeat(np.linspace(15, 18, 7), 3)
    m = np.tile([4.0, 6.0, 8.0], 7)
    u = (w - 16.5) * m ** (1 / 1.6)
    lam = np.exp(np.log(0.58) - 0.1 * u + 0.004 * u ** 2)
    err = 0.002 * lam
    noisy = lam + err * rng.standard_normal(lam.size)
    fit = scaling.collapse_fit(w, m, noisy, err, order=2)
    assert_consistent(fit["W_c"], fit["W_c_err"], 16.5, "W_c")
    assert_consistent(fit["nu"], fit["nu_err"], 1.6, "nu")
    near = np.abs(w - 16.5) <= 0.5
    a, b = near & (m == 4), near & (m == 8)
    wc, wc_err, _ = scaling.crossing(w[a], lam[a], err[a], lam[b], err[b])
    assert abs(wc - 16.5) < 0.2 and wc_err > 0


def test_beta_functions():
    sizes = np.array([4.0, 8.0, 16.0])
    g_mid, beta, beta_err = scaling.beta_from_data(sizes, 2 * np.log(sizes), [0.01] * 3)
    np.testing.assert_allclose(beta, 2.0)
    np.testing.assert_allclose(scaling.beta_perturbative(1 / math.pi, 2), -1.0)
    np.testing.assert_allclose(scaling.beta_perturbative(1 / math.pi, 2, "loop"), -1.0)


def test_beta_3d_coefficients_from_the_loop_integral():
    """The 3D 1/g coefficients from delta_sigma itself (G0, both spins) and
    g = (sigma / G0) L / (2 pi) per spin in e^2/h: sharp cut-off
    delta_sigma = -4 pi D Int_{1/L}^{1/l} 4 pi q^2 dq / (2 pi)^3 / (D q^2)
    gives dg/dlnL = g - 1/pi^2; the loop sum's +1/L_phi (theory.wl_3d) at
    L_phi = L gives g - 1/(2 pi)."""
    from pathsim.theory import wl_3d

    # sharp: delta_sigma(L) = -(2 / pi) (1 - 1/L) (l = 1), so its L-dependent
    # part is +(2/pi) / L and dg/dlnL picks up -(2/pi) / (2 pi) = -1/pi^2
    big_l = np.array([100.0, 200.0])
    sharp = [-4 * math.pi * integrate.quad(lambda q: 4 * math.pi / (2 * math.pi) ** 3,
                                           1 / L, 1.0)[0] for L in big_l]
    slope = np.diff(sharp)[0] / np.diff(1 / big_l)[0]        # d delta_sigma / d(1/L)
    np.testing.assert_allclose(slope / (2 * math.pi), 1 / math.pi ** 2, rtol=1e-12)
    np.testing.assert_allclose(scaling.beta_perturbative(1.0, 3, "sharp"),
                               1 - slope / (2 * math.pi))
    tau = np.array([100.0, 400.0])
    loop = wl_3d(tau, D=1 / 3)
    slope = np.diff(loop)[0] / np.diff(1 / np.sqrt(tau / 3))[0]
    np.testing.assert_allclose(scaling.beta_perturbative(1.0, 3, "loop"), 1 - slope / (2 * math.pi))
    np.testing.assert_allclose(scaling.beta_perturbative(1.0, 3, "loop"), 1 - 1 / (2 * math.pi))


# ----------------------------------------------------------------- results
def test_result_merge_save_load(tmp_path):
    a = WaveResult("conductance", dict(dim=2), [1],
                   dict(g=np.array([1.0, 2.0]), run=np.zeros(2, int)))
    b = WaveResult("conductance", dict(dim=2), [2], dict(g=np.array([3.0]), run=np.zeros(1, int)))
    merged = a.merge(b)
    assert merged.summary()["g_mean"] == 2.0 and merged.seeds == [1, 2]
    np.testing.assert_array_equal(merged.samples["run"], [0, 0, 1])
    path = merged.save(tmp_path / "c.npz")
    back = load(path)
    assert back.summary() == merged.summary()
    with pytest.raises(ValueError, match="share seeds"):
        a.merge(a)


def test_xi_result_matches_localization_length():
    logs, slices = transfer.lyapunov_blocks(2, 4, 8.0, rel_error=0.03, seed=5)
    res = WaveResult("xi", dict(dim=2, width=4, block_slices=slices), [5],
                     dict(block_logs=logs, run=np.zeros(logs.size, int)))
    xi, err = localization_length(2, 4, 8.0, rel_error=0.03, seed=5)
    assert res.summary()["xi"] == pytest.approx(xi, rel=1e-12)
    assert res.summary()["xi_err"] == pytest.approx(err, rel=1e-12)


# ----------------------------------------------------------------- bad input
@pytest.mark.parametrize("call, name", [
    (lambda: localization_length(2, 0, 5.0), "width"),
    (lambda: localization_length(2, 4, -1.0), "disorder"),
    (lambda: localization_length(2, 4, 0.0), "disorder"),
    (lambda: localization_length(2, 4, 5.0, float("nan")), "energy"),
    (lambda: localization_length(2, 4, 5.0, rel_error=0.0), "rel_error"),
    (lambda: localization_length(4, 4, 5.0), "dim"),
    (lambda: conductance(2, 4, 0, 1.0), "length"),
    (lambda: conductance(2, -3, 4, 1.0), "width"),
    (lambda: conductance(2, 4, 4, 1.0, flux=float("inf")), "flux"),
    (lambda: conductance(2, 4, 4, 1.0, energy=float("nan")), "energy"),
    (lambda: conductance(2, 4, 4, 1.0, realizations=0), "realizations"),
    (lambda: conductance(2, 4, 4, 1.0, boundary="open"), "boundary"),
    (lambda: level_spacing_ratio(3, 0, 1.0, realizations=2), "size"),
    (lambda: level_spacing_ratio(3, 6, -2.0, realizations=2), "disorder"),
    (lambda: level_spacing_ratio(3, 6, 2.0, realizations=2, flux=math.nan), "flux"),
    (lambda: level_spacing_ratio(3, 6, 2.0, realizations=2, flux=0.1), "flux"),
])
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=name):
        call()
