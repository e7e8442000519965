"""The page's one callback (JavaScript, run by Bokeh's CustomJS on every
control change and once when the page is ready)."""

CALLBACK = r"""
// pathsim explorer: pick the grid point the sliders name and copy its values
// (computed by pathsim when the page was built) into the plotted sources.
if (window.pathsimData === undefined) {
  window.pathsimData = JSON.parse(document.getElementById(data_id).textContent);
}
const d = window.pathsimData;
const i = tau_slider.value, j = b_slider.value, k = spin_slider.value;
const tau = d.tau_phi[i], b = d.b[j];
const fmt = (v) => Number(v).toPrecision(3);
// readouts: 4 significant digits (the plotted sources hold every digit)
const num = (v) => Number(v).toPrecision(4);

function band(pair, row, start) {
  const y = pair.value[row].slice(start), e = pair.err[row].slice(start);
  return {y: y, lo: y.map((v, n) => v - e[n]), hi: y.map((v, n) => v + e[n])};
}
function set(name, columns) {
  const s = src[name];
  const data = Object.assign({}, s.data, columns);
  s.data = data;
}

set("mc_curve", band(d.mc, i, 1));
set("mc_hln", {y: d.hln[i].slice(1)});
set("mc_exact", {y: d.exact_mc[i].slice(1)});
const ds_t = {value: d.ds.value.map((r) => r[j]), err: d.ds.err.map((r) => r[j])};
set("ds_curve", band({value: [ds_t.value], err: [ds_t.err]}, 0, 0));
set("ds_exact", {y: d.exact_ds.map((r) => r[j])});
b_span.location = b > 0 ? b : null;
tau_span.location = tau;

const spin = d.spin[k];
set("spin_none", band(d.spin[0].mc, i, 1));
set("spin_curve", band(spin.mc, i, 1));
set("spin_theory", {y: spin.hln_so[i].slice(1)});

const geo = d.geometry[geometry.value];
// a theory is null where it is not drawn (outside its range): a gap in the line
const law = geo.theory === null ? geo.mc.value[i].map(() => null) : geo.theory[i];
set("geometry_curve", band(geo.mc, i, 1));
set("geometry_theory", {y: law.slice(1).map((v) => v === null ? NaN : v)});
geo_fig.left[0].axis_label = "\u03b4\u03c3(B) \u2212 \u03b4\u03c3(0) / " + geo.unit;
geo_item.label = {value: geo.theory_label};
geo_item.visible = geo.theory !== null;
const drawn = geo.diffusive && b > 0 && law[j] !== null;
geo_text.text = "<b>Theory</b>: " + geo.theory_note + " At tau_phi = " + fmt(tau) + " tau, B = "
  + fmt(b) + " B_tr: pathsim <span id='geometry-value'>" + num(geo.mc.value[i][j]) + "</span> +- "
  + num(geo.mc.err[i][j]) + " " + geo.unit + (geo.theory === null ? "."
  : ", theory <span id='geometry-theory'>" + (law[j] === null ? "not drawn here" : num(law[j]))
    + "</span>.")
  + (drawn ? " Diffusion theory takes loops of a few l for diffusive and "
     + "so lies above the walk while L_phi is a few l: in the plane at this point HLN is "
     + fmt(d.hln[i][j] / d.exact_mc[i][j]) + " times the exact theory." : "");

tau_slider.title = "tau_phi / tau = " + fmt(tau) + "  (B_phi / B_tr = " + fmt(1 / tau) + ")";
b_slider.title = "B / B_tr = " + fmt(b) + "  (B / B_phi = " + fmt(b * tau) + ")";
spin_slider.title = "spin-orbit: " + (spin.tau_so === null ? "none"
    : "tau_so = " + fmt(spin.tau_so) + " tau  (B_so / B_phi = " + fmt(tau / spin.tau_so) + ")");

const mc = d.mc.value[i][j], mce = d.mc.err[i][j];
const ds = d.ds.value[i][j], dse = d.ds.err[i][j];
const sv = spin.mc.value[i][j], se = spin.mc.err[i][j];
readout.text = "<b>At tau_phi = " + fmt(tau) + " tau, B = " + fmt(b) + " B_tr:</b> "
  + "delta_sigma(B) - delta_sigma(0) = <span id='mc-value'>" + num(mc) + "</span> +- "
  + num(mce) + " G0 (HLN " + num(d.hln[i][j]) + ", exact " + num(d.exact_mc[i][j])
  + "); delta_sigma(B) = <span id='ds-value'>" + ds.toFixed(4) + "</span> +- " + num(dse)
  + " G0 (exact " + d.exact_ds[i][j].toFixed(4) + "); with the chosen spin-orbit: "
  + "<span id='spin-value'>" + num(sv) + "</span> +- " + num(se) + " G0 (HLN "
  + num(spin.hln_so[i][j]) + ").";

const loop = d.loops[loop_slider.value];
set("loop_path", {x: loop.loop_x, y: loop.loop_y});
set("twin_path", {x: loop.twin_x, y: loop.twin_y});
const phase = b * loop.area;
const c = Math.cos(phase / 2), s = Math.sin(phase / 2);
set("phasor", {x1: [c, c, 2 * c], y1: [s, -s, 0]});
loop_slider.title = "walker (seed " + loop.seed + ")";
loop_text.text = "<b>Walker seed " + loop.seed + "</b>: " + loop.n + " scatterings, length "
  + loop.length.toFixed(1) + " l, signed area A = " + loop.area.toFixed(2) + " l^2.<br>"
  + "At B = " + fmt(b) + " B_tr: flux BA = " + (phase / (4 * Math.PI)).toFixed(3) + " h/e, "
  + "phase difference bA = <span id='phase-value'>" + phase.toFixed(3) + "</span> rad; "
  + "|a + a_twin|^2 / (|a|^2 + |a_twin|^2) = 1 + cos bA = " + (1 + Math.cos(phase)).toFixed(3)
  + ".";
"""
