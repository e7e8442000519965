"""Frozen impurity fields: the field, the ray tracer, the twins, the amplitudes.

Statistical checks compare with theory in units of their own standard error
(|z| <= 4) at fixed seeds.
"""
import numpy as np
import pytest

import pathsim
from harness import assert_consistent
from pathsim.results import stats
from pathsim.run import find_loops, simulate_frozen, twin_amplitudes
from pathsim.model import impurity_field
from pathsim.model.scattering import LAWS

FIELDS = {
    "disks": impurity_field(2, 0.05),
    "disks-isotropic": impurity_field(2, 0.05, reflection="isotropic"),
    "points": impurity_field(2, kind="point", cross_section=0.02),
    "spheres": impurity_field(3, 0.1),
}


def brute_first_hit(imps, field, p, e, s_max):
    """First impurity along p + s e among the listed ones (reference)."""
    w = imps[:, :3] - p
    proj = w @ e
    d2 = (w * w).sum(axis=1) - proj ** 2
    a2 = field.radius ** 2
    ok = (proj > 0) & (d2 < a2)
    if field.kind == "hard":
        s = np.where(ok, proj - np.sqrt(np.clip(a2 - d2, 0, None)), np.inf)
    else:
        s = np.where(ok, proj, np.inf)
    i = int(np.argmin(s))
    return (s[i], tuple(int(v) for v in imps[i, 3:])) if s[i] <= s_max else (np.inf, None)


@pytest.mark.parametrize("name", ["disks", "points", "spheres"])
def test_ray_tracer_matches_brute_force(name):
    """The cell-walking tracer finds exactly the first impurity that a
    brute-force search over every impurity of the region finds."""
    field = FIELDS[name]
    loops = find_loops(field, 1, t_max=0.1, realization=3, seed=5)
    imps = loops.impurities([-5, -5, -5], [5, 5, 5])
    rng = np.random.default_rng(0)
    checked = 0
    for _ in range(400):
        p = rng.uniform(-2, 2, 3)
        e = rng.normal(size=3)
        if field.dim == 2:
            p[2] = e[2] = 0.0
        e /= np.linalg.norm(e)
        if field.kind == "hard" and np.any(((imps[:, :3] - p) ** 2).sum(1) < field.radius ** 2):
            continue  # inside an impurity: not a valid ray
        s_ref, id_ref = brute_first_hit(imps, field, p, e, 2.5)
        s, _, hit = loops.first_hit(p, e, exclude=(99, 99, 99, 99), s_max=2.5)
        assert s == pytest.approx(s_ref, abs=1e-12) if np.isfinite(s_ref) else s == np.inf
        if np.isfinite(s_ref):
            assert hit == id_ref
        checked += 1
    assert checked > 300


def test_field_is_poisson_with_the_start_impurity():
    """Impurity counts in a box over realizations: Poisson with density
    1 / sigma, plus the start impurity at the origin."""
    field = FIELDS["disks"]
    counts = []
    for r in range(300):
        imps = find_loops(field, 1, t_max=0.1, realization=r, seed=1).impurities(
            [-1, -1, 0], [1, 1, 0])
        inside = np.all(np.abs(imps[:, :2]) < 1.0, axis=1)
        origin = np.all(imps[:, 3:] == 0, axis=1)
        assert origin.sum() == 1 and np.all(imps[origin, :3] == 0.0)
        counts.append(np.sum(inside & ~origin))
    counts = np.array(counts)
    expected = field.density * 4.0
    assert_consistent(counts.mean(), np.sqrt(expected / counts.size), expected,
                      "impurities per box")
    assert counts.var() / counts.mean() == pytest.approx(1.0, abs=0.25)


@pytest.mark.parametrize("field", [impurity_field(2, 0.005), impurity_field(3, 0.02),
                                   impurity_field(2, kind="point", cross_section=0.01)],
                         ids=["disks", "spheres", "points"])
def test_mean_free_path_in_the_dilute_limit(field):
    """l from the flights (total path / collisions) is 1 (l = 1/(2na) in 2D,
    1/(n pi a^2) in 3D) within 1 % and 4 standard errors."""
    run = simulate_frozen(field, 1024, seed=3, tau_phi_max=20.0, truncation=10,
                          blocks=16, b=[0.0], tau_phi=[20.0], progress=False)
    mfp, err = stats.ratio(run.walkers * run.params["t_cut"], run.events)
    assert err < 0.003
    assert_consistent(mfp, err, 1.0, "mean free path")
    assert abs(mfp - 1.0) < 0.01


@pytest.mark.parametrize("name", list(FIELDS))
def test_every_loop_has_a_valid_twin(name):
    """For every recorded loop the reversed impurity sequence is a valid
    path: each reversed flight, traced from where the walker reached an
    impurity back towards where it left the previous one, meets exactly that
    impurity at exactly that point; the twin has the same length and the
    opposite area.  Specular loops also obey the law of reflection at every
    vertex of the reversed path.  No loop is its own reverse.

    Point scatterers fly centre to centre, while the impurity met is chosen
    by the ray that passes within a of it: the centre-to-centre segment may
    graze another impurity's cross-section, and the ray tracer would then
    send the reversed flight there (6 % of these loops' flights at
    sigma = 0.02: short loops favour clustered scatterers).  For them the
    reversed flights are the same segments, and how many graze is bounded."""
    field = FIELDS[name]
    walkers = 2000 if field.kind == "hard" and field.dim == 2 else 20000
    loops = find_loops(field, walkers, t_max=8.0, seed=11)
    assert len(loops) >= 40 and loops.missed == 0
    flights = grazed = 0
    for i in range(len(loops)):
        ids, pts = loops.sequence(i)
        seq = [tuple(row) for row in ids]
        assert seq[0] == seq[-1] == (0, 0, 0, 0) and seq != seq[::-1]
        length = 0.0
        for k in range(len(seq) - 1, 0, -1):
            start, end = pts[k, :3], pts[k - 1, 3:]
            span = np.linalg.norm(end - start)
            s, _, hit = loops.first_hit(start, end - start, exclude=seq[k],
                                        s_max=span + 1e-6)
            flights += 1
            length += span
            if field.kind == "point" and hit != seq[k - 1]:
                grazed += 1
                continue
            assert hit == seq[k - 1]
            assert s == pytest.approx(span, abs=1e-9)
        assert length == pytest.approx(loops.column("time")[i], rel=1e-12)
        # twice the area of the reversed polygon (departure and arrival points)
        path = loops.path(i)
        back = path[::-1]
        twin_area = 0.5 * np.cross(back, np.roll(back, -1, axis=0)).sum(axis=0)
        area = loops.table[i, 2:5]
        np.testing.assert_allclose(twin_area, -area, atol=1e-12)
    assert grazed <= 0.1 * flights
    if field.kind == "hard":
        assert grazed == 0
    if name in ("disks", "spheres"):
        _retrace_billiards(field, loops)


def _retrace_billiards(field, loops):
    """Run each specular loop backwards: at every recorded vertex the law of
    reflection turns the reversed incoming flight into the reversed outgoing
    one (checked vertex by vertex, so that the billiard's chaos does not
    amplify rounding errors)."""
    from pathsim._kernels.raytrace import reflect

    for i in range(len(loops)):
        ids, pts = loops.sequence(i)
        centres = {tuple(int(v) for v in row[3:]): row[:3]
                   for row in loops.impurities(pts[:, :3].min(0) - 1, pts[:, :3].max(0) + 1)}
        m = len(ids) - 1
        for k in range(m - 1, 0, -1):
            p = pts[k, :3]
            e_in = p - pts[k + 1, :3]
            e_in /= np.linalg.norm(e_in)
            e_out = pts[k - 1, :3] - p
            e_out /= np.linalg.norm(e_out)
            centre = centres[tuple(int(v) for v in ids[k])]
            np.testing.assert_allclose(reflect(tuple(e_in), tuple(p), tuple(centre), field.radius),
                                       e_out,
                                       atol=1e-9)


def test_frozen_runs_are_reproducible_whatever_the_threads():
    field = FIELDS["disks-isotropic"]
    kw = dict(seed=9, tau_phi_max=5.0, blocks=4, progress=False, walkers_per_realization=2)
    one = simulate_frozen(field, 400, threads=1, **kw)
    two = simulate_frozen(field, 400, threads=2, **kw)
    np.testing.assert_array_equal(one.hist_a, two.hist_a)
    np.testing.assert_array_equal(one.msd, two.msd)
    np.testing.assert_array_equal(one.events, two.events)


@pytest.mark.slow
def test_twin_amplitudes_give_the_factor_two():
    """Summed complex amplitudes, loop and twin: <|sum|^2> / <sum |a|^2> is
    2 at B = 0 within 4 standard errors for k_F l = 10 and 30 (16 walkers
    per field, so that most fields have several loops whose cross terms
    must average out), and far below 2 in a strong field.  (The 2 %
    statement needs 40 times more fields: see the twin_amplitudes figure.)"""
    field = impurity_field(2, kind="point", cross_section=0.04)
    result = twin_amplitudes(field, 4000, walkers_per_realization=16, k_f=(10.0, 30.0),
                             b=(0.0, 100.0), tau_phi=20.0, truncation=3, seed=1,
                             progress=False)
    ratio, err = result.ratio()
    assert np.all(err[:, 0] < 0.05)
    assert_consistent(ratio[:, 0], err[:, 0], 2.0, "coherent / incoherent at b = 0")
    assert np.all(ratio[:, 1] < 1.4)


def test_main_job_factor_two_is_measured():
    """The factor two that ``pathsim run`` prints comes from summed
    amplitudes (pathsim.run.frozen.measured_factor_two): 2 at B = 0 within 4
    standard errors, which fails if the cross terms between loops did not
    average out or a twin were dropped, and near 1 (above it: zero-area
    loops) with the twins' phases scrambled; the summary line states both."""
    from pathsim.results.report import factor_two_line
    from pathsim.run.frozen import measured_factor_two

    result = measured_factor_two(seed=3, realizations=4000)
    ratio, err = result.ratio()
    assert ratio.shape == (1, 2) and err[0, 0] < 0.08
    assert_consistent(ratio[0, 0], err[0, 0], 2.0, "frozen factor two at b = 0")
    assert 1.0 < ratio[0, 1] < 1.4
    line = factor_two_line(result)
    assert f"{ratio[0, 0]:.3f} +- {err[0, 0]:.3f} at B = 0" in line and "4,000 fields" in line


def test_poisson_hard_disk_law():
    """The Poisson walk with the hard-disk law: D = 3/8 (mean cosine -1/3),
    the law the specular disk fields are compared with."""
    run = pathsim.simulate(8000, seed=4, tau_phi_max=20.0, scattering="hard-disk",
                           b=[0.0], tau_phi=[20.0], progress=False)
    d, err = run.diffusion_constant(t_min=10.0)
    assert err < 0.01
    assert_consistent(d, err, 0.375, "D of the hard-disk law")
    assert run.params["mean_cosine"] == pytest.approx(-1 / 3)


def test_phase_function_of_the_hard_disk():
    from scipy.integrate import trapezoid

    theta = np.linspace(-np.pi, np.pi, 200001)
    th = theta[::100]
    dens = LAWS["hard-disk"].phase_function(2, 0.0, np.cos(th))
    assert trapezoid(dens, th) == pytest.approx(1.0, abs=1e-6)
    assert trapezoid(dens * np.cos(th), th) == pytest.approx(-1 / 3, abs=1e-6)


@pytest.mark.parametrize("kwargs, message", [
    (dict(dim=1, radius=0.1), "dim must be >= 2"),
    (dict(radius=0.7), "radius must be <= 0.5"),
    (dict(radius=0.1, dilution=0.05), "exactly one of radius and dilution"),
    (dict(kind="point"), "cross_section is required"),
    (dict(kind="point", cross_section=0.1, reflection="specular"), "reflection"),
    (dict(radius=0.1, reflection="diffuse"), "reflection must be one of"),
    (dict(radius=0.1, period=0.2), "period must be >= 4 radius"),
    (dict(kind="hole", radius=0.1), "kind must be one of"),
])
def test_bad_fields_are_refused_naming_the_parameter(kwargs, message):
    with pytest.raises(ValueError, match=message):
        impurity_field(**kwargs)


def test_bad_runs_are_refused_before_any_work():
    field = FIELDS["disks"]
    with pytest.raises(ValueError, match="multiple of walkers_per_realization"):
        simulate_frozen(field, 100, walkers_per_realization=3)
    with pytest.raises(ValueError, match="realizations"):
        simulate_frozen(field, 64, walkers_per_realization=4, blocks=32)
    with pytest.raises(ValueError, match="field must be an ImpurityField"):
        simulate_frozen("disks", 100)
    with pytest.raises(ValueError, match="k_f"):
        twin_amplitudes(field, 10, k_f=(0.0,))


@pytest.mark.slow
def test_dilute_field_agrees_with_the_poisson_model():
    """n a^2 = 0.0025 (isotropic disks, the Poisson model's law): the tau_phi
    dependence of delta_sigma and the magnetoconductance, both carried by
    long loops, agree with the Poisson walk within 4 standard errors.  (The
    absolute delta_sigma differs by the short-loop excluded-volume effect,
    about +0.1 G0 here: see README, frozen impurity fields.)"""
    field = impurity_field(2, 0.005, reflection="isotropic")
    tau = np.array([3.0, 30.0])
    b = np.array([0.03, 0.1, 0.3])
    kw = dict(tau_phi_max=30.0, truncation=4.0, tau_phi=tau, b=b, progress=False)
    frozen = simulate_frozen(field, 40_000, seed=12, **kw)
    poisson = pathsim.simulate(40_000, seed=13, **kw, **field.poisson_model())
    assert frozen.params["overflow"] == 0

    def tau_difference(run):
        blocks = run.loop_block_sums(np.zeros(1), tau, "total")[:, :, 0]
        return run.per_walker(blocks[:, 1] - blocks[:, 0])
    checks = [(tau_difference(frozen), tau_difference(poisson))]
    checks += [(tuple(x[i] for x in frozen.magnetoconductance(b, 30.0)),
                tuple(x[i] for x in poisson.magnetoconductance(b, 30.0))) for i in range(3)]
    for (v1, e1), (v2, e2) in checks:
        assert e1 < 0.2
        assert_consistent(v1 - v2, np.hypot(e1, e2), 0.0, "frozen - Poisson")
