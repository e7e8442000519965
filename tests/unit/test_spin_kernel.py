"""Spin rotations, the spin-resolved walk's exact identities, spin inputs
and the spin theory's limits (issue 13)."""
import numpy as np
import pytest
from scipy.linalg import expm

import pathsim
from pathsim import params, theory
from pathsim._kernels.spin import flight, qdot, qmul, scattering
from pathsim.model.spin import exchange_angle, ey_strength, spin_table
from pathsim.theory.spin import hln_so, ilp

SIGMA = np.array([[[0, 1], [1, 0]], [[0, -1j], [1j, 0]], [[1, 0], [0, -1]]])


def _su2(omega, t):
    """exp(-i t Omega . sigma / 2), the reference the quaternions must match."""
    return expm(-0.5j * t * np.einsum("a,aij->ij", np.asarray(omega, float), SIGMA))


def _precession(row, c):
    """Omega(c) written out independently of the kernel."""
    phi = np.arctan2(c[1], c[0])
    ra, d1, d3 = row[:3]
    return (np.array([ra * c[1] + d1 * c[0] + d3 * np.cos(3 * phi),
                      -ra * c[0] - d1 * c[1] + d3 * np.sin(3 * phi), 0.0]) + row[5:])


def _reference_weight(row, dirs, lengths, axes):
    """(1/2) Tr(U_loop^dagger U_twin) of a closed polygon with 2x2 matrices."""
    def scat(g, m, a, b):
        ey = row[3] * (a[0] * b[1] - a[1] * b[0])
        return _su2(g, ey) @ _su2(m, row[4])
    n = len(dirs)
    loop = np.eye(2)
    twin = np.eye(2)
    for i in range(n):
        if i > 0:
            g, m = axes[i - 1]
            loop = scat(g, m, dirs[i - 1], dirs[i]) @ loop
            twin = twin @ scat(g, m, -dirs[i], -dirs[i - 1])
        loop = _su2(_precession(row, dirs[i]), lengths[i]) @ loop
        twin = twin @ _su2(_precession(row, -dirs[i]), lengths[i])
    return 0.5 * np.trace(loop.conj().T @ twin).real, loop, twin


def _kernel_weight(row, dirs, lengths, axes):
    loop = (1.0, 0.0, 0.0, 0.0)
    twin = (1.0, 0.0, 0.0, 0.0)
    for i in range(len(dirs)):
        if i > 0:
            imp = tuple(axes[i - 1][0]) + tuple(axes[i - 1][1])
            a, b = dirs[i - 1], dirs[i]
            loop = qmul(scattering(row, imp, a[0], a[1], b[0], b[1]), loop)
            twin = qmul(twin, scattering(row, imp, -b[0], -b[1], -a[0], -a[1]))
        loop = qmul(flight(row, dirs[i][0], dirs[i][1], lengths[i]), loop)
        twin = qmul(twin, flight(row, -dirs[i][0], -dirs[i][1], lengths[i]))
    return qdot(loop, twin), loop


def _random_polygon(rng, n):
    points = np.vstack([np.zeros(2), rng.normal(size=(n - 1, 2)) * 2, np.zeros(2)])
    steps = np.diff(points, axis=0)
    lengths = np.linalg.norm(steps, axis=1)
    axes = [(v / np.linalg.norm(v), u / np.linalg.norm(u))
            for v, u in rng.normal(size=(n, 2, 3))]
    return steps / lengths[:, None], lengths, axes


def _row(**setting):
    return spin_table([pathsim.model.spin.spin_setting(**setting)])[0]


@pytest.mark.parametrize("setting", [
    dict(rashba=0.7, dresselhaus=0.2, dresselhaus3=0.3, tau_so=4.0, tau_sf=3.0,
         zeeman=[0.2, -0.4, 0.3]),
    dict(rashba=1.3), dict(tau_sf=2.0, zeeman=[0, 0, 0.5])])
def test_quaternions_match_su2_matrices(setting):
    """The jitted quaternion products against 2x2 matrix exponentials
    (a pure-Python reference of every rotation of a closed loop)."""
    rng = np.random.default_rng(5)
    row = _row(**setting)
    for n in (3, 6, 11):
        dirs, lengths, axes = _random_polygon(rng, n)
        ref, _, _ = _reference_weight(row, dirs, lengths, axes)
        got, _ = _kernel_weight(row, dirs, lengths, axes)
        assert abs(got - ref) < 1e-12


def test_spin_orbit_weight_is_cos_of_the_loop_angle_and_zeeman_is_one():
    """Time-reversal symmetric terms: U_twin = U_loop^-1, s = cos(phi) with
    phi the loop's rotation angle; Zeeman alone: s = 1; equal Rashba and
    Dresselhaus: every closed loop has U_loop = 1 (persistent spin helix)."""
    rng = np.random.default_rng(6)
    dirs, lengths, axes = _random_polygon(rng, 9)
    so = _row(rashba=0.9, dresselhaus3=0.4, tau_so=3.0)
    s, loop = _kernel_weight(so, dirs, lengths, axes)
    phi = 2.0 * np.arccos(np.clip(loop[0], -1.0, 1.0))
    assert abs(s - np.cos(phi)) < 1e-12 and s < 0.999
    s, _ = _kernel_weight(_row(zeeman=[0.3, 1.1, -0.2]), dirs, lengths, axes)
    assert abs(s - 1.0) < 1e-12
    s, loop = _kernel_weight(_row(rashba=0.8, dresselhaus=0.8), dirs, lengths, axes)
    assert abs(s - 1.0) < 1e-12 and abs(loop[0] - 1.0) < 1e-12


def test_model_inversions():
    for tau in (1.07, 1.5, 2.0, 10.0, 1e4):
        eta = ey_strength(tau)
        from scipy.special import j0
        assert abs((2 / 3) * (1 - j0(eta)) - 1 / tau) < 1e-12
    for tau in (0.75, 3.0, 1e3):
        assert abs((2 / 3) * (1 - np.cos(exchange_angle(tau))) - 1 / tau) < 1e-12


_RUN = dict(walkers=1_500, tau_phi_max=20.0, tau_phi=[5.0, 20.0], seed=9, blocks=4,
            progress=False)


def test_walk_identities():
    """No spin term gives the spinless next-event tallies bit for bit; the
    persistent spin helix and Zeeman alone give them to rounding (every
    loop's spin weight is 1); one setting alone equals the same setting on
    the setting axis of a run."""
    plain = pathsim.simulate(estimator="next-event", **_RUN)
    none, psh, zee, rashba = pathsim.simulate_spin(
        [{}, dict(rashba=0.6, dresselhaus=0.6), dict(zeeman=[0.5, 0.2, 1.0]),
         dict(rashba=0.6)], **_RUN)
    assert np.array_equal(none.hist_a, plain.hist_a)
    assert np.array_equal(none.hist_b, plain.hist_b)
    for r in (psh, zee):
        for name in ("hist_a", "hist_b", "over_a", "tmom"):
            np.testing.assert_allclose(getattr(r, name), getattr(plain, name),
                                       rtol=1e-12, atol=1e-12 * getattr(plain, name).max())
        v, _ = r.delta_sigma([0.0, 0.1], [5.0, 20.0])
        np.testing.assert_allclose(v, plain.delta_sigma([0.0, 0.1], [5.0, 20.0])[0],
                                   rtol=1e-12)
    alone = pathsim.simulate(rashba=0.6, **_RUN)
    assert np.array_equal(alone.hist_a, rashba.hist_a)
    batched = pathsim.simulate(rashba=0.6, batch=7, **_RUN)   # rounds do not matter
    assert np.array_equal(batched.hist_a, rashba.hist_a)
    assert alone.params["spin"]["rashba"] == 0.6 and "spin: rashba 0.6" in alone.describe()
    assert not np.allclose(rashba.hist_a, plain.hist_a)


@pytest.mark.parametrize("kwargs, message", [
    (dict(rashba=-0.1), "rashba must be >= 0"),
    (dict(dresselhaus=float("nan")), "dresselhaus must be finite"),
    (dict(dresselhaus3=float("inf")), "dresselhaus3 must be finite"),
    (dict(tau_so=1.0), "tau_so must be >= 1.07"),
    (dict(tau_sf=-2.0), "tau_sf must be >= 0.75"),
    (dict(tau_sf=float("nan")), "tau_sf must be finite or inf (got nan)"),
    (dict(zeeman=[0.1, 0.2]), "zeeman must be three numbers"),
    (dict(zeeman=[0.1, float("nan"), 0.0]), "zeeman must be finite"),
    (dict(rashba=0.1, dim=1), "spin terms are only available"),
    (dict(rashba=0.1, dim=3, length=5.0), "spin terms are only available"),
    (dict(rashba=0.1, estimator="triangle"), "spin terms are only available"),
])
def test_bad_spin_input_is_refused_before_work(kwargs, message):
    with pytest.raises(ValueError) as info:
        pathsim.simulate(walkers=10, blocks=2, **kwargs)
    assert message in str(info.value)


def test_spin_parameters_in_the_table():
    assert params.check("zeeman", [0, 1, 0.5]) == [0.0, 1.0, 0.5]
    with pytest.raises(ValueError, match="zeeman"):
        params.check("zeeman", [0, 1])
    with pytest.raises(ValueError, match="tau_so must be >= 1.07"):
        params.check("tau_so", 1.0)
    with pytest.raises(ValueError, match="settings"):
        pathsim.simulate_spin([], walkers=10, blocks=2)
    with pytest.raises(ValueError, match="unknown keys"):
        pathsim.simulate_spin([dict(rashb=1.0)], walkers=10, blocks=2)


def test_spin_theory_limits():
    b = np.array([1e-4, 1e-3, 1e-2])
    np.testing.assert_allclose(ilp(b, 1000.0, 0.0), theory.hln(b, 1000.0), rtol=0, atol=1e-7)
    np.testing.assert_allclose(hln_so(b, 1000.0), theory.hln(b, 1000.0), rtol=1e-12)
    # strong spin-orbit: the singlet alone, -1/2 HLN
    np.testing.assert_allclose(hln_so(b, 1000.0, tau_so=2.0), -0.5 * theory.hln(b, 1000.0),
                               rtol=2e-3)
    np.testing.assert_allclose(ilp(b[:2], 1000.0, 1.0), -0.5 * theory.hln(b[:2], 1000.0),
                               rtol=2e-3)
    # magnetic impurities shrink the correction, never change its sign
    weak = hln_so(b, 1000.0, tau_sf=100.0)
    assert np.all(weak > 0) and np.all(weak < theory.hln(b, 1000.0))
    # the ILP minimum lies below zero and moves to larger fields with theta
    x = np.geomspace(0.1, 30, 80) / 1000.0
    m1, m2 = ilp(x, 1000.0, 0.1), ilp(x, 1000.0, 0.2)
    assert m1.min() < 0 and x[np.argmin(m2)] > x[np.argmin(m1)]


def test_spin_units():
    """The unit conversions against their definitions: theta = 2 alpha k_F
    tau / hbar = Omega tau, B_so / B_tr = tau / tau_so in 2D."""
    from scipy import constants

    from pathsim import units
    n, m_eff, mobility, alpha = 5e11, 0.04, 2e5, 8.0   # cm^-2, m_e, cm^2/Vs, meV nm
    l_nm = units.mean_free_path_nm(mobility, n)
    v_f = units.fermi_velocity(n, m_eff)
    k_f = units.fermi_wavevector(n)
    omega = 2 * alpha * 1e-3 * constants.e * 1e-9 * k_f / constants.hbar
    theta = units.rashba_angle(alpha, m_eff, l_nm)
    assert abs(theta / (omega * units.tau_s(l_nm, v_f)) - 1) < 1e-12
    tau_so_ps = 3.0
    ratio = units.b_so_tesla(tau_so_ps, l_nm, v_f) / units.b_tr(l_nm)
    assert abs(ratio * units.time_to_engine(tau_so_ps, l_nm, v_f) - 1) < 1e-12
    in_plane, normal = units.dp_times_ps(0.1, l_nm, v_f)
    assert abs(in_plane / normal - 2) < 1e-12
    with pytest.raises(ValueError, match="m_eff"):
        units.rashba_angle(1.0, -1.0, 100.0)


def test_zeeman_theory_limits():
    from pathsim.theory.spin import zeeman_so
    assert abs(zeeman_so(0.3, 100.0)) < 1e-12    # no spin-orbit: nothing (rounding)
    # strong spin-orbit, weak field: the singlet dephases at w^2 tau_so,
    # -(1/2) ln(1 + w^2 tau_so tau_phi) to leading order in (w tau_so)^2
    # (the singlet's weight on the fast mode, (w tau_so)^2 ln(tau_phi / tau_so),
    # is the next term: 2.4 % here)
    w, tau_so, tau_phi = 0.01, 2.0, 1000.0
    assert abs(zeeman_so(w, tau_phi, tau_so) / (-0.5 * np.log(1 + w * w * tau_so * tau_phi))
               - 1) < 0.03


def test_spin_wire_without_spin_is_the_diffuse_wire_walk():
    """The spin kernel's strip with diffuse walls, with no spin term, walks
    the general walk's random numbers: the tallies agree to rounding (the
    two kernels multiply the weights and sum the areas in other orders)."""
    kw = dict(_RUN, dim=2, geometry="wire", width=2.0, walls="diffuse")
    plain = pathsim.simulate(**kw)
    none, = pathsim.simulate_spin([{}], **kw)
    for name in ("hist_a", "hist_b", "over_a", "tmom", "msd"):
        a, b = getattr(none, name), getattr(plain, name)
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12 * np.abs(b).max())
    assert np.array_equal(none.events, plain.events)
    with pytest.raises(ValueError, match="spin terms are only available"):
        pathsim.simulate(rashba=0.1, **dict(kw, length=4.0))


def test_frozen_spinor_amplitudes_reduce_to_the_scalar_ones():
    """Frozen point scatterers: spinor amplitudes without spin terms, and
    with the persistent spin helix (every loop and twin unrotated relative
    to each other, and U = 1 for every closed loop), give the scalar sums."""
    from pathsim.run import twin_amplitudes
    from pathsim.model import impurity_field
    field = impurity_field(2, kind="point", cross_section=0.04)
    kw = dict(walkers_per_realization=4, k_f=(10.0,), b=(0.0, 30.0), tau_phi=10.0,
              truncation=3, seed=2, progress=False)
    plain = twin_amplitudes(field, 40, **kw)
    for spin in ({}, dict(rashba=0.7, dresselhaus=0.7)):
        spinor = twin_amplitudes(field, 40, spin=spin, **kw)
        np.testing.assert_allclose(spinor.coherent, plain.coherent, rtol=1e-10, atol=1e-12)
        np.testing.assert_array_equal(spinor.incoherent, plain.incoherent)
    with pytest.raises(ValueError, match="2D field"):
        twin_amplitudes(impurity_field(3, 0.1), 4, spin=dict(rashba=0.1), progress=False)


def test_maekawa_fukuyama_limits():
    from pathsim.theory.spin import hln_zeeman
    b = np.array([1e-4, 1e-3, 1e-2])
    np.testing.assert_allclose(hln_zeeman(b, 300.0, 5.0, 0.0), hln_so(b, 300.0, tau_so=5.0),
                               rtol=1e-10)
    np.testing.assert_allclose(hln_zeeman(b, 300.0, None, 0.3), theory.hln(b, 300.0),
                               rtol=1e-10)


# Seeded spin runs recorded when the spin kernel was written: a later
# change of their random-number order or arithmetic shows here (rtol 1e-9:
# sums vectorised by numpy or numba move the last bits between CPUs).
_GOLDEN_SETTINGS = [dict(rashba=0.3, dresselhaus=0.1, dresselhaus3=0.05, tau_so=10.0,
                         tau_sf=20.0, zeeman=[0.01, 0.02, 0.03]), dict(rashba=0.2)]
_GOLDEN = {
    # bulk re-recorded when the two-flight return got its own detector profile
    "bulk": [[-0.5364212743620692, -0.5359341638701681, -0.8203226112666946,
              -0.8231016631806777],
             [-0.9324232269845654, -0.9261030373562925, -1.8647875865471428,
              -1.7486406373891632]],
    # wire re-recorded when walls made the loops score the correction along
    # the strip (current vertices e_1x, e_nx: theory-exact-tensor)
    "wire": [[-1.3703229011275198, -1.3672751646811319, -2.3204709375090142,
              -2.293315482828494],
             [-2.1041466972688014, -2.0940812250234093, -5.098074960591214,
              -4.858752905476204]],
}


@pytest.mark.parametrize("medium", ["bulk", "wire"])
def test_seeded_spin_runs_unchanged(medium):
    extra = dict(geometry="wire", width=2.0, walls="diffuse") if medium == "wire" else {}
    runs = pathsim.simulate_spin(_GOLDEN_SETTINGS, walkers=1000, tau_phi_max=10.0,
                                 tau_phi=[3.0, 10.0], seed=21, blocks=4, bins_per_decade=8,
                                 area_bins=16, progress=False, **extra)
    for run, expected in zip(runs, _GOLDEN[medium]):
        value, _ = run.delta_sigma([0.0, 0.3], [3.0, 10.0])
        np.testing.assert_allclose(value.ravel(), expected, rtol=1e-9)


def test_anisotropic_spin_walk_without_spin_is_the_general_walk():
    """With a scattering law (g = 0.5 or the hard disk) and no spin term the
    spin kernel reproduces the general walk's corrections to rounding."""
    for law in (dict(mean_cosine=0.5), dict(scattering="hard-disk")):
        plain = pathsim.simulate(estimator="next-event", **law, **_RUN)
        none, = pathsim.simulate_spin([{}], **law, **_RUN)
        np.testing.assert_allclose(none.delta_sigma([0.0, 0.1], [5.0, 20.0])[0],
                                   plain.delta_sigma([0.0, 0.1], [5.0, 20.0])[0],
                                   rtol=1e-10)


def test_in_plane_flight_is_the_general_flight():
    """The in-plane flight (no Zeeman term; series in h^2 for angles h <=
    pi/4, libm beyond) against the general one, on both sides of pi/4."""
    from pathsim._kernels.spin import in_plane_flight

    row = _row(rashba=0.7, dresselhaus=0.3, dresselhaus3=0.2)
    rng = np.random.default_rng(8)
    for phi, ell in zip(rng.uniform(0, 2 * np.pi, 400), rng.exponential(3.0, 400)):
        c = (np.cos(phi), np.sin(phi))
        w, qx, qy = in_plane_flight(row, c[0], c[1], ell)
        np.testing.assert_allclose((w, qx, qy, 0.0), flight(row, c[0], c[1], ell),
                                   rtol=0, atol=4e-16)
    assert in_plane_flight(_row(), 0.6, 0.8, 2.0) == (1.0, 0.0, 0.0)


def test_twin_as_inverse_equals_the_carried_twin():
    """Spin-orbit settings (ODD) carry only U_loop and take U_twin = U_loop^-1;
    a Zeeman field of 1e-300 (no physical effect) makes the kernel carry
    the twin's rotation instead: the tallies agree to rounding."""
    odd, carried = pathsim.simulate_spin(
        [dict(rashba=0.8, dresselhaus3=0.3, tau_so=5.0),
         dict(rashba=0.8, dresselhaus3=0.3, tau_so=5.0, zeeman=[0.0, 0.0, 1e-300])],
        walkers=300, tau_phi_max=20.0, tau_phi=[20.0], seed=3, blocks=2, progress=False)
    for name in ("hist_a", "hist_b", "over_a", "tmom"):
        a, b = getattr(odd, name), getattr(carried, name)
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-13 * np.abs(b).max())
