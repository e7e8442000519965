"""The valid base calls of the Python API's bad-input battery
(tests/unit/test_api_battery.py) and the rules of their parameters.

A rule ("name:KIND" in :func:`api`) says what a parameter accepts; the
battery feeds it what the rule excludes.  KIND:

- ``R`` a real number; ``R+`` > 0, ``R0`` >= 0, ``Rf`` finite; a trailing
  ``i`` also accepts +inf (``R+i``); ``A``/``V`` before it: an array of any
  shape / a non-empty 1-D array of such numbers (``AR+``, ``VR0``);
- ``I`` an integer, ``I1`` >= 1, ``I0`` >= 0; ``DIM`` 1, 2 or 3;
- ``C`` one of a set of strings; ``S`` a string; ``B`` True or False;
- ``O`` an object of a given kind (a result, a grid, a callable);
- ``Fin``/``Fout`` a file read/written, ``Din``/``Dout`` a folder;
- ``-`` not fed (``**kwargs``, private hooks);
- a trailing ``?``: None is a documented value (the default).

Parameters without a rule take one from their default (a float: ``R``, an
int: ``I``, a str: ``C``, a bool: ``B``).
"""
import numpy as np

import pathsim
import pathsim.analysis as analysis
import pathsim.theory as theory
import pathsim.wave as wave
from pathsim.theory import interactions, tunnelling
from pathsim.wave import WaveResult

MODULES = {"pathsim": pathsim, "theory": theory, "interactions": interactions,
           "tunnelling": tunnelling, "analysis": analysis, "wave": wave}
CLASSES = {"SimulationResult": pathsim.SimulationResult, "WaveResult": WaveResult}

# -- fixtures: the objects the base calls use --------------------------------
FIELD = np.linspace(0.02, 1.0, 15)                    # tesla
HLN = analysis.hln_model(FIELD, 0.1, 1.0)
WAL = analysis.wal_model(FIELD, 0.05, 0.3)


class Ctx:
    """The objects the base calls need, made once per module."""

    def __init__(self, folder):
        kw = dict(seed=1, tau_phi_max=20.0, tau_phi=[2.0, 10.0], b=[0.0, 0.05, 0.1],
                  blocks=4, progress=False)
        self.res = pathsim.simulate(256, **kw)
        self.res2 = pathsim.simulate(256, **{**kw, "seed": 2})
        self.spin = pathsim.simulate(256, rashba=0.3, **kw)
        self.open = pathsim.simulate(64, length=4.0, **{**kw, "tau_phi_max": 5.0,
                                                        "tau_phi": [5.0]})
        self.wres, self.wres2 = (wave.runs.run("conductance", dict(
            dim=2, width=2, length=2, disorder=1.0), realizations=2, seed=seed)
            for seed in (1, 2))
        self.folder = folder
        self.res.save(folder / "r.npz")
        self.wres.save(folder / "w.npz")
        (folder / "adir").mkdir()
        (folder / "empty.npz").write_bytes(b"")
        (folder / "empty.csv").write_bytes(b"")
        (folder / "junk.npz").write_text("not a zip archive\n")
        (folder / "hln.csv").write_text("field,delta_sigma\n" + "".join(
            f"{b},{s}\n" for b, s in zip(FIELD, HLN)))
        (folder / "study.toml").write_text("seed = 1\nwalkers = 64\n[fixed]\n"
                                           "tau_phi_max = 2.0\nblocks = 2\n")
        pathsim.studies.run_sweep(str(folder / "study.toml"), str(folder / "study.store"),
                                  progress=False)
        self.grid = analysis.build_wal_grid([0.2, 0.3, 0.4], [0.02, 0.035, 0.05], 256, seed=1,
                                            blocks=4, b=np.linspace(0.01, 0.5, 8))
        self.grid.save(folder / "grid.npz")


def api(getter, rules="", **kwargs):
    """A base call: ``getter(ctx)`` gives the callable, ``kwargs`` its valid
    arguments (callables of ctx are evaluated), ``rules`` "name:KIND ..."."""
    return getter, kwargs, dict(item.split(":", 1) for item in rules.split())


def _f(module, name):
    return lambda c: getattr(MODULES[module], name)


def _m(obj, name):
    return lambda c: getattr(getattr(c, obj), name)


TB = "b:AR0 tau_phi:AR+i"
BASE = {
    # pathsim
    "pathsim.simulate": api(
        _f("pathsim", "simulate"),
        "walkers:I1 seed:I0? tau_phi_max:R+ tau_phi:VR+? b:VR0? dim:DIM geometry:C "
        "width:R+? thickness:R+? walls:C mean_cosine:Rf directions:O? scattering:C "
        "length:R+? start_x:Rf? rashba:R0 dresselhaus:R0 dresselhaus3:R0 tau_so:R+i? "
        "tau_sf:R+i? zeeman:O? spin:O? threads:I1? blocks:I1 truncation:R+ "
        "detector_radius:R0? estimator:C? batch:I1? bins_per_decade:I1 area_bins:I1 "
        "progress:B? _probe:- _announce:-",
        walkers=64, seed=1, tau_phi_max=2.0, tau_phi=[2.0], b=[0.0], blocks=2,
        progress=False),
    "pathsim.simulate_spin": api(
        _f("pathsim", "simulate_spin"), "settings:O walkers:I1 kwargs:-",
        settings=[{"rashba": 0.2}], walkers=64, seed=1, tau_phi_max=2.0, blocks=2,
        progress=False),
    "pathsim.load": api(_f("pathsim", "load"), "path:Fin",
                        path=lambda c: str(c.folder / "r.npz")),
    "pathsim.fit_hln": api(
        _f("pathsim", "fit_hln"),
        "field:VR dsigma:VRf sigma_err:VR+? field_unit:C sigma_unit:C alpha:Rf? "
        "background:C? share:C? b_tr:R+?", field=FIELD, dsigma=HLN),
    "pathsim.fit_wal": api(
        _f("pathsim", "fit_wal"),
        "field:VR dsigma:VRf sigma_err:VR+? model:C field_unit:C sigma_unit:C alpha:Rf? "
        "background:C? share:C? grid:O? B_tr:R+? b_tr:R+? dresselhaus:B", field=FIELD, dsigma=WAL),
    "pathsim.load_study": api(_f("pathsim", "load_study"), "folder:Din",
                              folder=lambda c: str(c.folder / "study.store")),
    # theory
    "theory.diffusion_constant": api(_f("theory", "diffusion_constant"),
                                     "dim:DIM mean_cosine:ARf"),
    "theory.return_density": api(_f("theory", "return_density"), "t:AR+ dim:DIM",
                                 t=[1.0, 10.0]),
    "theory.loop_return_density_2d": api(_f("theory", "loop_return_density_2d"),
                                         "t:AR0", t=[1.0, 10.0]),
    "theory.mean_square_displacement": api(_f("theory", "mean_square_displacement"),
                                           "t:AR0", t=[1.0, 10.0]),
    "theory.levy_cos": api(_f("theory", "levy_cos"), "kappa:ARf t:AR0 D:R+",
                           kappa=[0.0, 0.1], t=[1.0, 10.0]),
    "theory.levy_area_density": api(_f("theory", "levy_area_density"), "A:ARf t:AR+ D:R+",
                                    A=[0.0, 1.0], t=[1.0, 10.0]),
    "theory.b_phi": api(_f("theory", "b_phi"), "tau_phi:AR+i", tau_phi=[10.0]),
    "theory.hln": api(_f("theory", "hln"), TB, b=[0.0, 0.01], tau_phi=100.0),
    "theory.hln_d": api(_f("theory", "hln_d"), TB + " D:AR+", b=[0.0, 0.01],
                        tau_phi=100.0, D=0.5),
    "theory.ln_law_2d": api(_f("theory", "ln_law_2d"), "tau_phi:AR+", tau_phi=100.0),
    "theory.wl_1d": api(_f("theory", "wl_1d"), "tau_phi:AR+ D:AR+", tau_phi=100.0),
    "theory.wl_3d": api(_f("theory", "wl_3d"), "tau_phi:AR+i D:AR+", tau_phi=100.0),
    "theory.exact_2d": api(_f("theory", "exact_2d"), TB + " term:C n_cut:I1",
                           b=[0.0, 0.01], tau_phi=100.0, n_cut=50),
    "theory.ballistic_wal": api(_f("theory", "ballistic_wal"),
                                TB + " rashba:R0 dresselhaus:R0 term:C n_cut:I1",
                                b=[0.0, 0.01], tau_phi=100.0, rashba=0.2, n_cut=50),
    "theory.flight_transforms": api(_f("theory", "flight_transforms"),
                                    "q:AR0 tau_phi:R+i dim:DIM",
                                    q=[0.1, 1.0], tau_phi=100.0, dim=2),
    "theory.loop_sum_1d": api(_f("theory", "loop_sum_1d"), "tau_phi:AR+i term:C",
                              tau_phi=10.0),
    "theory.loop_sum_3d_difference": api(_f("theory", "loop_sum_3d_difference"),
                                         "tau_phi:AR+i tau_phi_ref:AR+i term:C",
                                         tau_phi=10.0),
    "theory.tau_b_film": api(_f("theory", "tau_b_film"), "b:AR0 thickness:AR+ D:AR+",
                             b=[0.01, 0.1], thickness=2.0),
    "theory.film_parallel": api(_f("theory", "film_parallel"),
                                TB + " thickness:AR+ D:AR+",
                                b=[0.0, 0.01], tau_phi=100.0, thickness=2.0),
    "theory.film_diffusive": api(_f("theory", "film_diffusive"),
                                 TB + " thickness:AR+ D:AR+ direction:C t_cut:R+i",
                                 b=[0.0, 0.01], tau_phi=100.0, thickness=2.0),
    "theory.strip_diffusive": api(_f("theory", "strip_diffusive"),
                                  TB + " width:AR+ D:AR+ t_cut:R+i",
                                  b=[0.0, 0.01], tau_phi=100.0, width=4.0),
    "theory.tau_b_wire": api(_f("theory", "tau_b_wire"), "b:AR0 width:AR+ D:AR+",
                             b=[0.01, 0.1], width=2.0),
    "theory.wire_magnetoconductance": api(_f("theory", "wire_magnetoconductance"),
                                          TB + " width:AR+ D:AR+",
                                          b=[0.0, 0.01], tau_phi=100.0, width=2.0),
    "theory.tau_b_ballistic_wire": api(_f("theory", "tau_b_ballistic_wire"),
                                       "b:AR0 width:AR+ walls:C field:C",
                                       b=[0.01, 0.1], width=2.0),
    "theory.open_transmission": api(_f("theory", "open_transmission"),
                                    "dim:DIM length:AR+ extrapolation:AR0",
                                    dim=2, length=10.0, extrapolation=0.7),
    "theory.open_return_integral": api(_f("theory", "open_return_integral"),
                                       "x:AR0 length:R+ extrapolation:R0 D:R+",
                                       x=[1.0, 5.0], length=10.0),
    "theory.open_wire_correction": api(_f("theory", "open_wire_correction"),
                                       "length:AR+ extrapolation:R0 constant:Rf l_phi:R+i",
                                       length=10.0),
    "theory.strip_magnetoconductance": api(_f("theory", "strip_magnetoconductance"),
                                           "length:R+ width:R+ b:AR0 extrapolation:R0 "
                                           "modes:O", length=10.0, width=2.0,
                                           b=[0.0, 0.1], modes=(8, 4)),
    # theory.interactions and theory.tunnelling
    "interactions.singlet": api(_f("interactions", "singlet"), "t:AR+ dim:DIM D:R+",
                                t=[1.0, 2.0]),
    "interactions.triplet_fraction": api(_f("interactions", "triplet_fraction"),
                                         "F:AR0 dim:DIM", F=0.5),
    "interactions.ee_2d": api(_f("interactions", "ee_2d"), "t:AR+ F:AR0 h:ARf channel:C",
                              t=[1.0, 2.0], F=0.5),
    "interactions.ee_3d": api(_f("interactions", "ee_3d"), "t:AR+ F:AR0 D:R+ channel:C",
                              t=[1.0, 2.0], F=0.5),
    "interactions.ee_1d": api(_f("interactions", "ee_1d"), "t:AR+ F:AR0 D:R+ channel:C",
                              t=[1.0, 2.0], F=0.5),
    "interactions.zeeman_2d": api(_f("interactions", "zeeman_2d"), "h:ARf F:AR0",
                                  h=[0.0, 1.0], F=0.5),
    "interactions.hall_shift": api(_f("interactions", "hall_shift"),
                                   "delta_sigma_ee:ARf sigma_D:AR+",
                                   delta_sigma_ee=[-0.1, -0.2], sigma_D=100.0),
    "interactions.g2": api(_f("interactions", "g2"), "h:ARf", h=[0.0, 1.0]),
    "interactions.g2_quad": api(_f("interactions", "g2_quad"), "h:R0", h=1.0),
    "interactions.g2_small_coefficient": api(_f("interactions", "g2_small_coefficient")),
    "interactions.singlet_coefficient": api(_f("interactions", "singlet_coefficient"),
                                            "dim:DIM", dim=2),
    "interactions.triplet_kernel_ratio": api(_f("interactions", "triplet_kernel_ratio"),
                                             "dim:DIM", dim=2),
    "tunnelling.dos_2d": api(_f("tunnelling", "dos_2d"), "eps:AR+ s:AR+ screening:R+",
                             eps=[0.5, 1.0], s=1.0),
    "tunnelling.dos_3d": api(_f("tunnelling", "dos_3d"), "eps:AR0 s:AR+ F:R0 D:R+",
                             eps=[0.5, 1.0], s=1.0),
    "tunnelling.dos_integral": api(_f("tunnelling", "dos_integral"),
                                   "eps:R+ s:R+ dim:DIM screening:R+ derivative:I0",
                                   eps=0.5, s=1.0),
    "tunnelling.tunnelling_conductance": api(_f("tunnelling", "tunnelling_conductance"),
                                             "eps_v:ARf t:R0 dos:O dos_args:-",
                                             eps_v=[0.5, 1.0], t=1.0,
                                             dos=lambda c: tunnelling.dos_2d, s=1.0),
    # analysis
    "analysis.read_measurement": api(
        _f("analysis", "read_measurement"),
        "path:Fin field:S? value:S? error:S? group:S? field_unit:C? quantity:C? unit:C? "
        "geometry:O? symmetrize:C? recenter:B max_field:R+? reference:C?",
        path=lambda c: str(c.folder / "hln.csv")),
    "analysis.measurement": api(
        _f("analysis", "measurement"),
        "field:VRf value:VRf error:VR+? group:VRf? group_name:S? field_unit:C quantity:C "
        "unit:C geometry:O? symmetrize:C? recenter:B max_field:R+? reference:C? names:O?",
        field=FIELD, value=HLN),
    "analysis.fit_hln": api(
        _f("analysis", "fit_hln"),
        "field:VR dsigma:VRf sigma_err:VR+? field_unit:C sigma_unit:C alpha:Rf? "
        "background:C? share:C? b_tr:R+?", field=FIELD, dsigma=HLN),
    "analysis.fit_wal": api(
        _f("analysis", "fit_wal"),
        "field:VR dsigma:VRf sigma_err:VR+? model:C field_unit:C sigma_unit:C alpha:Rf? "
        "background:C? share:C? grid:O? B_tr:R+? b_tr:R+? dresselhaus:B", field=FIELD, dsigma=WAL),
    "analysis.hln_model": api(_f("analysis", "hln_model"), "field:ARf B_phi:R+ alpha:Rf c:Rf",
                              field=FIELD, B_phi=0.1),
    "analysis.wal_model": api(_f("analysis", "wal_model"),
                              "field:ARf B_phi:R+ B_so:R+ model:C alpha:Rf",
                              field=FIELD, B_phi=0.1, B_so=0.3),
    "analysis.fit_simulation": api(_f("analysis", "fit_simulation"),
                                   "result:O b:VR+ tau_phi:R+ options:-",
                                   result=lambda c: c.res, b=[0.02, 0.05, 0.1],
                                   tau_phi=10.0),
    "analysis.fit_wal_simulation": api(_f("analysis", "fit_wal_simulation"),
                                       "result:O b:VR+ tau_phi:R+ model:C",
                                       result=lambda c: c.spin, b=[0.02, 0.05, 0.1],
                                       tau_phi=10.0),
    "analysis.Film": api(_f("analysis", "Film"),
                         "D:R+ tau_ps:R+ sigma_D:R+ tau_phi1_ps:R+ p:R+ F:R0 g:Rf "
                         "thickness_nm:R+? screening:R+ tau_so_ps:R+?",
                         D=5e-3, tau_ps=0.01, sigma_D=100.0, tau_phi1_ps=10.0),
    "analysis.disentangle": api(
        _f("analysis", "disentangle"),
        "T_K:VR+ B_perp_T:VRf B_par_T:VRf R_sheet_ohm:VR+ D:R+ tau_ps:R+ g:Rf R_H:VRf? "
        "thickness_nm:R+? wl:C table:O? b_so:R+?",
        T_K=[1.0, 1, 1, 2, 2, 2, 4, 4, 4], B_perp_T=[0.0, 0.01, 0.02] * 3,
        B_par_T=[0.0] * 9,
        R_sheet_ohm=[800 - t - 1000 * f for t in (1, 2, 4) for f in (0, 0.01, 0.02)],
        D=5e-3, tau_ps=0.01),
    "analysis.build_wal_grid": api(
        _f("analysis", "build_wal_grid"),
        "b_so:VR+ b_phi:VR+ walkers:I1 kind:C b:VR+? seed:I0? blocks:I1 truncation:R+ "
        "progress:B? run_kwargs:-",
        b_so=[0.2, 0.4], b_phi=[0.02, 0.05], walkers=64, blocks=2,
        b=np.linspace(0.01, 0.5, 8)),
    "analysis.fit_wal_grid": api(
        _f("analysis", "fit_wal_grid"), "field:VR+ dsigma:VRf err:VR+? grid:O start:VR+?",
        field=np.linspace(0.02, 0.4, 8),
        dsigma=lambda c: np.interp(np.linspace(0.02, 0.4, 8), c.grid.b,
                                   c.grid.mean()[1, 1]), start=[0.035, 0.3],
        err=np.full(8, 0.01), grid=lambda c: c.grid),
    "analysis.convert_b_so": api(_f("analysis", "convert_b_so"),
                                 "value:AR0 source:C target:C",
                                 value=0.1, source="pathsim", target="ilp"),
    # wave
    "wave.localization_length": api(
        _f("wave", "localization_length"),
        "dim:DIM width:I1 disorder:R0 energy:Rf rel_error:R+ seed:I0? flux:Rf "
        "boundary:C max_slices:I1 progress:B?",
        dim=2, width=2, disorder=5.0, rel_error=0.5, max_slices=200),
    **{f"wave.{name}": api(
        _f("wave", name),
        "dim:DIM width:I1 length:I1 disorder:R0 energy:Rf flux:Rf realizations:I1 "
        "seed:I0? boundary:C progress:B?", dim=2, width=2, length=2, disorder=1.0)
       for name in ("conductance", "reflection", "scattering")},
    "wave.open_channels": api(_f("wave", "open_channels"),
                              "dim:DIM width:I1 energy:Rf boundary:C", dim=2, width=3),
    "wave.backscattering_ratio": api(_f("wave", "backscattering_ratio"), "r:O",
                                     r=np.stack([np.eye(2) * 0.5, np.eye(2) * 0.4])),
    "wave.channel_backscattering": api(
        _f("wave", "channel_backscattering"),
        "dim:DIM width:I1 length:I1 disorder:R0 energy:Rf flux:Rf realizations:I1 "
        "seed:I0? diffuse:B progress:B?", dim=2, width=4, length=2, disorder=1.0),
    "wave.single_scattering": api(_f("wave", "single_scattering"),
                                  "dim:DIM width:I1 length:I1 disorder:R0 energy:Rf",
                                  dim=2, width=2, length=2, disorder=1.0),
    "wave.level_spacing_ratio": api(
        _f("wave", "level_spacing_ratio"),
        "dim:DIM size:I1 disorder:R0 realizations:I1 seed:I0? flux:Rf fraction:R+ "
        "boundary:C progress:B?", dim=2, size=8, disorder=5.0, realizations=2),
    "wave.thouless_conductance": api(
        _f("wave", "thouless_conductance"),
        "dim:DIM size:I1 disorder:R0 realizations:I1 seed:I0? fraction:R+ progress:B?",
        dim=2, size=8, disorder=5.0, realizations=2),
    "wave.load": api(_f("wave", "load"), "path:Fin", path=lambda c: str(c.folder / "w.npz")),
    # methods of the results
    "SimulationResult.area_distribution": api(_m("res", "area_distribution"),
                                              "t:R+ group:I1 direction:O", t=5.0),
    "SimulationResult.coherent_enhancement": api(_m("res", "coherent_enhancement"),
                                                 "b:VR0 tau_phi:VR+? direction:O",
                                                 b=[0.0, 0.1]),
    **{f"SimulationResult.{name}": api(
        _m(obj, name), "b:VR0 tau_phi:VR+? term:C direction:O" + extra, b=[0.0, 0.1])
       for obj, name, extra in (("open", "conductance_correction", " zero_field:B"),
                                ("res", "delta_sigma", ""), ("open", "local_correction", ""),
                                ("res", "magnetoconductance", ""))},
    "SimulationResult.dephasing_rate": api(
        _m("res", "dephasing_rate"), "b:R+ t_min:R+ t_max:R+ direction:O bins_per_decade:I1?",
        b=0.1, t_min=2.0, t_max=15.0),
    "SimulationResult.describe": api(_m("res", "describe")),
    "SimulationResult.diffusion_constant": api(_m("res", "diffusion_constant"), "t_min:R0",
                                               t_min=2.0),
    "SimulationResult.ln_slope": api(_m("res", "ln_slope"), "tau_phi:VR+? b:R0 term:C"),
    "SimulationResult.load": api(_m("res", "load"), "path:Fin",
                                 path=lambda c: str(c.folder / "r.npz")),
    "SimulationResult.loop_block_sums": api(_m("res", "loop_block_sums"),
                                            "b:VR0 tau_phi:VR+? term:C direction:O",
                                            b=[0.0, 0.1], tau_phi=[2.0, 10.0]),
    "SimulationResult.mean_cos": api(_m("res", "mean_cos"),
                                     "b:VR0 bins_per_decade:I1? direction:O", b=[0.1]),
    "SimulationResult.mean_square_displacement": api(_m("res", "mean_square_displacement")),
    "SimulationResult.merge": api(_m("res", "merge"), "other:O", other=lambda c: c.res2),
    "SimulationResult.overflow_fraction": api(_m("res", "overflow_fraction")),
    "SimulationResult.per_walker": api(_m("res", "per_walker"), "block_sums:O",
                                       block_sums=lambda c: c.res.loop_block_sums(
                                           [0.0], [2.0])),
    "SimulationResult.return_density": api(_m("res", "return_density"),
                                           "single_scattering:B bins_per_decade:I1?"),
    "SimulationResult.return_ratio": api(_m("res", "return_ratio"),
                                         "b:VR0 bins_per_decade:I1? direction:O", b=[0.1]),
    "SimulationResult.save": api(_m("res", "save"), "path:Fout",
                                 path=lambda c: str(c.folder / "saved.npz")),
    "SimulationResult.slope": api(_m("res", "slope"),
                                  "variable:C tau_phi:VR+? b:R0 term:C direction:O",
                                  variable="ln_tau_phi"),
    "SimulationResult.spin_results": api(_m("res", "spin_results")),
    "SimulationResult.summary": api(_m("res", "summary")),
    "SimulationResult.to_csv": api(_m("res", "to_csv"), "folder:Dout",
                                   folder=lambda c: str(c.folder / "csv")),
    "SimulationResult.to_dict": api(_m("res", "to_dict")),
    "SimulationResult.transmission": api(_m("open", "transmission")),
    "WaveResult.estimate": api(_m("wres", "estimate"), "name:C", name="g_mean"),
    "WaveResult.merge": api(_m("wres", "merge"), "other:O", other=lambda c: c.wres2),
    "WaveResult.save": api(_m("wres", "save"), "path:Fout",
                           path=lambda c: str(c.folder / "wsaved.npz")),
    "WaveResult.summary": api(_m("wres", "summary")),
}
# Public names without a base call, and why.
EXEMPT = {
    "pathsim.explore": "builds a Bokeh page of fresh runs: its path is checked in "
                       "tests/cli/test_bad_input.py (explore -o)",
    "pathsim.SimulationResult": "a class: its methods are in BASE",
    "analysis.Measurement": "a container built by measurement/read_measurement",
    "analysis.DisentangleFit": "the result of disentangle",
    "analysis.WALGrid": "built by build_wal_grid (its .load takes a path)",
    "analysis.WLTable": "built by WLTable.from_result / for_data",
    "analysis.BlockGrid": "a container of per-block tables",
    "wave.WaveResult": "a class: its methods are in BASE",
}
# Loaders documented to raise FileNotFoundError for a missing file.
MISSING_FILE = {"pathsim.load", "SimulationResult.load"}
PATHS = ("Fin", "Fout", "Din", "Dout")
# Results that may hold NaN for valid input (documented).
NAN_OK = {"SimulationResult.mean_cos", "SimulationResult.return_ratio"}
# Other names a message may use for a parameter.
ALIASES = {}
