"""Open samples between absorbing leads (issue 15; docs: theory-open).

Every statistical check allows |z| <= 4 (harness.Z_MAX).  The universal
correction -1/3 e^2/h per spin is reached only as C / (2 pi L), C the
short-loop constant of the infinite wire (4 pi for the 1D rod, exact), so
the rods are checked against the finite-L law of
:func:`pathsim.theory.open_wire_correction`, and -1/3 and C are also
extracted from two lengths without theory.  The transmission is exact in
1D (2 / (L + 2)) and in 3D (Milne's extrapolation length 0.7104 l); in 2D
its Drude slope is checked.
"""
import math

import numpy as np
import pytest

import pathsim
from harness import assert_consistent
from harness import run_preset as _run
from pathsim import theory
from pathsim.results import open_sample


@pytest.fixture(scope="module")
def rods():
    return _run("open-rod-20"), _run("open-rod-40")


def test_rod_transmission_is_exact(rods):
    for run in rods:
        L = run.params["length"]
        t, t_err = run.transmission()
        assert_consistent(t, t_err, 2.0 / (L + 2.0), f"1D transmission, L = {L}")
        # the walkers started inside measure the same L / L_eff (Kubo)
        k, k_err = open_sample.kubo_ratio(run)
        assert_consistent(k, k_err, L / (L + 2.0), f"1D Kubo ratio, L = {L}")


def test_rod_correction_finite_length_and_universal(rods):
    values = []
    for run in rods:
        L = run.params["length"]
        dg, err = run.conductance_correction()          # tau_phi = inf, b = 0
        # the finite-L law with the exact constant; at L = 10 its neglected
        # O(l^2 / L^2) terms (short loops cut near the leads) show: -0.193
        # +- 0.002 against -0.181
        expected = theory.open_wire_correction(L, theory.MILNE[1], 4.0 * math.pi)
        assert_consistent(dg, err, expected, f"1D open rod delta_G, L = {L}")
        # the same: its universal part is -1/3
        universal = dg - (expected + 1.0 / 3.0)
        assert_consistent(universal, err, -1.0 / 3.0, f"universal part, L = {L}")
        values.append((L, dg, err))
    # no theory: delta_G - (extrapolation terms) = U + C L / (2 pi L_eff^2)
    # at two lengths gives the universal U and the constant C
    rows, rhs, errs = [], [], []
    for L, dg, err in values:
        l_eff = L + 2.0
        rows.append([1.0, L / (2.0 * math.pi * l_eff ** 2)])
        rhs.append(dg - theory.open_wire_correction(L, 1.0) - 1.0 / 3.0)
        errs.append(err)
    inv = np.linalg.inv(np.array(rows))
    u, c = inv @ np.array(rhs)
    u_err, c_err = np.sqrt((inv ** 2) @ np.square(errs))
    assert_consistent(u, u_err, -1.0 / 3.0, "universal open-wire correction")
    assert_consistent(c, c_err, 4.0 * math.pi, "1D short-loop constant")


def test_slab_transmission_2d_drude_slope():
    (t4, e4), (t16, e16) = (_run(name).transmission()
                            for name in ("open-slab-2d-4", "open-slab-2d-16"))
    slope = (1.0 / t16 - 1.0 / t4) / 12.0
    slope_err = math.hypot(e16 / t16 ** 2, e4 / t4 ** 2) / 12.0
    assert_consistent(slope, slope_err, 2.0 / math.pi, "2D Drude resistance per l")
    # contact resistance: 1/T - (2/pi) L = 4 z_e / pi, Sharvin's 1 in diffusion
    # theory; the walk's z_e (exact transport) is a few per cent above pi / 4
    contact = 1.0 / t4 - 2.0 / math.pi * 4.0
    assert 1.0 <= contact < 1.1


def test_slab_transmission_3d_milne():
    run = _run("open-slab-3d-8")
    t, t_err = run.transmission()
    assert_consistent(t, t_err, theory.open_transmission(3, 8.0, theory.MILNE[3]),
                      "3D slab transmission, Milne z_e")


def test_open_sample_bookkeeping(tmp_path):
    run = pathsim.simulate(2_000, dim=2, geometry="wire", width=1.0, length=3.0,
                           tau_phi_max=np.inf, blocks=4, seed=7, progress=False)
    assert run.exits[:, 1:3].sum() == run.n_walkers      # every walker left
    assert run.exits[:, 3].sum() == run.n_walkers        # one injected each
    loaded = pathsim.load(run.save(tmp_path / "open.npz"))
    assert loaded.conductance_correction(0.3) == run.conductance_correction(0.3)
    other = pathsim.simulate(2_000, dim=2, geometry="wire", width=1.0, length=3.0,
                             tau_phi_max=np.inf, blocks=4, seed=8, progress=False)
    both = run.merge(other)
    assert both.exits.shape == (8, 5)
    # finite tau_phi (<= tau_phi_max) and the field difference at b = 0
    mc, mc_err = both.conductance_correction([0.0, 1.0], tau_phi=[10.0, np.inf],
                                             zero_field=True)
    assert mc.shape == (2, 2) and np.all(mc[:, 0] == 0.0) and np.all(mc_err[:, 0] == 0.0)
    with pytest.raises(ValueError, match="length"):
        pathsim.simulate(100, dim=2, geometry="wire", width=1.0, length=3.0,
                         blocks=4, progress=False).merge(
            pathsim.simulate(100, dim=2, geometry="wire", width=1.0, length=4.0,
                             blocks=4, seed=1, progress=False))


@pytest.mark.parametrize("length", [0.0, -1.0, np.inf, np.nan, "3"])
def test_bad_length(length):
    with pytest.raises(ValueError, match="length"):
        pathsim.simulate(100, dim=2, geometry="wire", width=1.0, length=length,
                         blocks=4, progress=False)


def test_bad_open_inputs():
    with pytest.raises(ValueError, match="tau_phi_max"):      # inf needs leads
        pathsim.simulate(100, tau_phi_max=np.inf, blocks=4, progress=False)
    closed = pathsim.simulate(100, dim=1, tau_phi_max=3.0, blocks=4, progress=False)
    with pytest.raises(ValueError, match="length"):           # not an open sample
        closed.conductance_correction()
    run = pathsim.simulate(100, dim=1, length=2.0, tau_phi_max=3.0, blocks=4,
                           progress=False)
    with pytest.raises(ValueError, match="tau_phi"):
        run.conductance_correction(tau_phi=30.0)              # beyond tau_phi_max
    with pytest.raises(ValueError, match="tau_phi"):
        run.conductance_correction(tau_phi=np.inf)            # walks were cut off
    assert run.conductance_correction()[0] == run.conductance_correction(tau_phi=3.0)[0]
    with pytest.raises(ValueError, match="x"):                # a start outside
        theory.open_return_integral(11.0, 10.0)


def test_strip_magnetoconductance_diffusion():
    """The strip's Cooperon in modes: a narrow strip is the quasi-1D wire
    with the magnetic dephasing rate D b^2 W^2 / 12 (open_wire_correction
    with that L_phi), and the result converges in the number of modes."""
    length, width, z = 40.0, 0.5, 0.8
    for b in (0.1, 0.35, 1.0):
        l_b = math.sqrt(12.0) / (b * width)
        wire = (theory.open_wire_correction(length, z, l_phi=l_b)
                - theory.open_wire_correction(length, z))
        strip = theory.strip_magnetoconductance(length, width, b, z, modes=(48, 8))
        assert abs(strip / wire - 1.0) < 2e-3
    coarse = theory.strip_magnetoconductance(14.0, 7.0, [0.05, 0.1], 0.8, modes=(24, 12))
    fine = theory.strip_magnetoconductance(14.0, 7.0, [0.05, 0.1], 0.8, modes=(40, 20))
    np.testing.assert_allclose(coarse, fine, rtol=2e-3)
    assert theory.strip_magnetoconductance(14.0, 7.0, 0.0) == 0.0
    with pytest.raises(ValueError, match="width"):
        theory.strip_magnetoconductance(14.0, -1.0, 0.1)


def test_local_correction_at_a_fixed_start():
    """Walkers all started at x0 = start_x give the local correction there:
    far from the leads (10 l, L_phi = 1.7 l) the exact loop sum of the
    infinite rod; near a lead it is smaller in magnitude, since loops that
    reach the lead are gone."""
    kw = dict(dim=1, length=20.0, tau_phi_max=math.inf, seed=3, blocks=16, progress=False)
    mid = pathsim.simulate(20_000, start_x=10.0, **kw)
    value, err = mid.local_correction(tau_phi=2.0)
    assert_consistent(value, err, float(theory.loop_sum_1d(2.0)), "rod middle, tau_phi = 2")
    edge = pathsim.simulate(20_000, start_x=1.0, **kw)
    v_mid, e_mid = mid.local_correction()
    v_edge, e_edge = edge.local_correction()
    assert v_edge - v_mid > 20 * math.hypot(e_mid, e_edge)
    assert mid.params["start_x"] == 10.0 and "started at x = 10" in mid.params["description"]
    with pytest.raises(ValueError, match="start_x"):
        mid.conductance_correction()
    with pytest.raises(ValueError, match="cannot merge.*start_x"):
        mid.merge(pathsim.simulate(20_000, start_x=5.0, **dict(kw, seed=4)))


@pytest.mark.parametrize("kw", [dict(start_x=0.0), dict(start_x=20.0), dict(start_x=-1.0),
                                dict(start_x=np.nan), dict(start_x=3.0, length=None)])
def test_start_outside_the_sample(kw):
    args = dict(dim=2, geometry="wire", width=1.0, length=20.0, blocks=4, progress=False)
    args.update(kw)
    with pytest.raises(ValueError, match="start_x"):
        pathsim.simulate(100, **args)
