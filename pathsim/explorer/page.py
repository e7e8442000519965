"""The explorer page: Bokeh figures, sliders and one small callback.

The page's numbers live once, as JSON in a ``<script type="application/json"
id="pathsim-explorer-data">`` tag (:func:`pathsim.explorer.data.page_data`);
the callback (:data:`CALLBACK`) picks the grid point that the sliders name
and copies the values into the plotted sources, so nothing is computed in
the browser but value +- error and the loop's phase b A.  All JavaScript is
inlined (``bokeh.resources.INLINE``): the file works offline, from disk or
a web server.
"""
import html
import json
import numpy as np
from bokeh.document import Document
from bokeh.embed import file_html
from bokeh.events import DocumentReady
from bokeh.layouts import column, row
from bokeh.models import ColumnDataSource, CustomJS, Div, Select, Slider, Span
from bokeh.plotting import figure
from bokeh.resources import INLINE

from ._callback import CALLBACK

DATA_ID = "pathsim-explorer-data"
COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
WIDTH, HEIGHT = 470, 330


def _band(data, i, skip_zero=True):
    """x, y, y - err, y + err of row i of a value/err pair (fields b > 0)."""
    start = 1 if skip_zero else 0
    value = np.asarray(data["value"])[i, start:]
    err = np.asarray(data["err"])[i, start:]
    return dict(y=value.tolist(), lo=(value - err).tolist(), hi=(value + err).tolist())


def _field_figure(title, y_label):
    fig = figure(width=WIDTH, height=HEIGHT, x_axis_type="log", title=title,
                 x_axis_label="B / B_tr (b, log scale)", y_axis_label=y_label,
                 tools="pan,wheel_zoom,box_zoom,reset,save")
    fig.toolbar.logo = None
    return fig


def _curve(fig, source, color, label, band=True):
    if band:
        fig.varea(x="x", y1="lo", y2="hi", source=source, fill_color=color, fill_alpha=0.25,
                  legend_label=label)
    fig.line(x="x", y="y", source=source, color=color, line_width=2, legend_label=label)


def _theory(fig, source, color, label, dash="dashed"):
    fig.line(x="x", y="y", source=source, color=color, line_width=1.5, line_dash=dash,
             legend_label=label)


def build_document(data, tau_index=None, b_index=None):
    """The Bokeh layout of a page showing ``data`` at the grid point
    (``tau_index``, ``b_index``) (default: the middle of each grid)."""
    tau, b = np.asarray(data["tau_phi"]), np.asarray(data["b"])
    i = len(tau) // 2 if tau_index is None else tau_index
    j = len(b) // 2 if b_index is None else b_index
    xb = b[1:].tolist()
    src = {}

    def source(name, **columns):
        src[name] = ColumnDataSource(columns, name=name)
        return src[name]

    tau_slider = Slider(start=0, end=len(tau) - 1, step=1, value=i, name="tau_slider",
                        title="tau_phi grid point", width=WIDTH)
    b_slider = Slider(start=0, end=len(b) - 1, step=1, value=j, name="b_slider",
                      title="B grid point", width=WIDTH)
    spin_slider = Slider(start=0, end=len(data["spin"]) - 1, step=1, value=5,
                         name="spin_slider", title="spin-orbit setting", width=WIDTH)
    labels = list(data["geometry"])
    geometry = Select(options=labels, value=labels[0], name="geometry_select",
                      title="dimension and geometry", width=WIDTH)
    loop_slider = Slider(start=0, end=len(data["loops"]) - 1, step=1, value=0,
                         name="loop_slider", title="walker", width=WIDTH)

    mc = _field_figure("Magnetoconductance of the 2D walk", "\u03b4\u03c3(B) \u2212 \u03b4\u03c3(0) / G0")
    _curve(mc, source("mc_curve", x=xb, **_band(data["mc"], i)), COLORS[0],
           "pathsim +- 1 standard error")
    _theory(mc, source("mc_hln", x=xb, y=data["hln"][i][1:]), "black", "HLN (diffusive)")
    _theory(mc, source("mc_exact", x=xb, y=data["exact_mc"][i][1:]), COLORS[1],
            "exact 2D theory", dash="dotted")
    b_span = Span(location=max(b[j], b[1]), dimension="height", line_color="gray",
                  line_dash="dotdash", name="b_span")
    mc.add_layout(b_span)
    mc.legend.location = "top_left"

    ds = figure(width=WIDTH, height=HEIGHT, x_axis_type="log", title="delta_sigma(tau_phi) of "
                "the 2D walk at the chosen B", x_axis_label="tau_phi / tau (log scale)",
                y_axis_label="\u03b4\u03c3 / G0", tools="pan,wheel_zoom,box_zoom,reset,save")
    ds.toolbar.logo = None
    ds_values = dict(value=np.asarray(data["ds"]["value"]).T, err=np.asarray(data["ds"]["err"]).T)
    _curve(ds, source("ds_curve", x=tau.tolist(), **_band(ds_values, j, skip_zero=False)),
           COLORS[0], "pathsim +- 1 standard error")
    _theory(ds, source("ds_exact", x=tau.tolist(), y=np.asarray(data["exact_ds"])[:, j].tolist()),
            COLORS[1], "exact 2D theory", dash="dotted")
    tau_span = Span(location=tau[i], dimension="height", line_color="gray",
                    line_dash="dotdash", name="tau_span")
    ds.add_layout(tau_span)
    ds.legend.location = "bottom_left"

    sp = _field_figure("Localization to antilocalization: Elliott-Yafet spin-orbit",
                       "\u03b4\u03c3(B) \u2212 \u03b4\u03c3(0) / G0")
    spin0, spin_k = data["spin"][0], data["spin"][spin_slider.value]
    _curve(sp, source("spin_none", x=xb, **_band(spin0["mc"], i)), "gray",
           "no spin-orbit", band=False)
    _curve(sp, source("spin_curve", x=xb, **_band(spin_k["mc"], i)), COLORS[2],
           "pathsim, chosen tau_so")
    _theory(sp, source("spin_theory", x=xb, y=spin_k["hln_so"][i][1:]), "black",
            "HLN with spin-orbit")
    sp.add_layout(Span(location=0, dimension="width", line_color="silver"))
    sp.legend.location = "top_left"

    geo0 = data["geometry"][labels[0]]
    ge = _field_figure("Dimension and geometry", "\u03b4\u03c3(B) \u2212 \u03b4\u03c3(0) / G0")
    _curve(ge, source("geometry_curve", x=xb, **_band(geo0["mc"], i)), COLORS[3], "pathsim")
    law = [np.nan if v is None else v for v in geo0["theory"][i][1:]]
    _theory(ge, source("geometry_theory", x=xb, y=law), "black", geo0["theory_label"])
    ge.legend.location = "top_left"
    geo_item = ge.legend[0].items[-1]
    geo_item.name = "geometry_theory_item"
    geo_text = Div(name="geometry_readout", width=WIDTH, text="")

    loop = data["loops"][0]
    lp = figure(width=WIDTH, height=HEIGHT, match_aspect=True, title="A loop and its "
                "time-reversed twin", x_axis_label="x / l", y_axis_label="y / l",
                tools="pan,wheel_zoom,box_zoom,reset,save")
    lp.toolbar.logo = None
    loop_src = source("loop_path", x=loop["loop_x"], y=loop["loop_y"])
    twin_src = source("twin_path", x=loop["twin_x"], y=loop["twin_y"])
    lp.patch(x="x", y="y", source=loop_src, fill_color=COLORS[0], fill_alpha=0.15,
             line_alpha=0, legend_label="enclosed area A")
    lp.line(x="x", y="y", source=loop_src, color=COLORS[0], line_width=2,
            legend_label="loop r0 -> r1 -> ... -> r0")
    lp.line(x="x", y="y", source=twin_src, color=COLORS[1], line_width=2, line_dash=[6, 3],
            legend_label="twin: same scatterers, reversed")
    lp.scatter(x=[0.0], y=[0.0], marker="star", size=14, color="black", legend_label="start")
    lp.legend.location = "top_left"
    lp.legend.label_text_font_size = "8pt"

    ph = figure(width=330, height=HEIGHT, match_aspect=True, x_range=(-2.2, 2.2),
                y_range=(-2.2, 2.2), title="Amplitudes: loop e^(i bA/2), twin e^(-i bA/2)",
                tools="", x_axis_label="Re", y_axis_label="Im")
    ph.toolbar.logo = None
    ph.circle(x=0, y=0, radius=1, fill_alpha=0, line_color="lightgray")
    ph.segment(x0="x0", y0="y0", x1="x1", y1="y1", color="color", line_width=3,
               source=source("phasor", x0=[0, 0, 0], y0=[0, 0, 0], x1=[1, 1, 2],
                             y1=[0, 0, 0], color=[COLORS[0], COLORS[1], "black"]))

    readout = Div(name="readout", width=2 * WIDTH, text="")
    loop_text = Div(name="loop_readout", width=WIDTH, text="")
    callback = CustomJS(args=dict(tau_slider=tau_slider, b_slider=b_slider,
                                  spin_slider=spin_slider, geometry=geometry,
                                  loop_slider=loop_slider, src=src, b_span=b_span,
                                  tau_span=tau_span, readout=readout, loop_text=loop_text,
                                  geo_fig=ge, geo_item=geo_item, geo_text=geo_text,
                                  data_id=DATA_ID), code=CALLBACK)
    for widget in (tau_slider, b_slider, spin_slider, loop_slider, geometry):
        widget.js_on_change("value", callback)
    for fig in (mc, ds, sp, ge, lp):
        fig.legend.label_text_font_size = "8pt"
        fig.legend.background_fill_alpha = 0.7
    return column(
        readout,
        row(column(tau_slider, b_slider), column(spin_slider, geometry)),
        row(mc, ds), row(sp, column(ge, geo_text)),
        row(column(loop_slider, lp), column(loop_text, ph)),
        name="explorer"), callback


def _intro(data):
    made = data["made"]
    rows = "".join(
        f"<li><b>{html.escape(name)}</b>: {html.escape(r['description'])}, "
        f"{r['walkers']:,} walkers, seed {', '.join(str(s) for s in r['seeds'])}, "
        f"tau_phi up to {r['tau_phi_max']:g} tau, {r['wall_time_s']:g} s</li>"
        for name, r in made["runs"].items())
    return (
        "<h1>pathsim explorer: weak localization from closed loops</h1>"
        "<p>An electron that returns to where it started can go round a loop either way. "
        "The loop and its time-reversed twin have the same length, so at zero field they "
        "arrive in phase and the return probability doubles; a field B gives them opposite "
        "Aharonov-Bohm phases, bA/2 and -bA/2, and destroys the doubling. Move the sliders: "
        "every curve is a pathsim result at a point of a precomputed grid, with its standard "
        "error, beside theory.</p>"
        "<p>Units: lengths in the mean free path l, times in tau, fields b = B / B_tr with "
        "B_tr = hbar / (2 e l^2), conductivity corrections in G0 = e^2 / (pi h). In 2D, "
        "B_phi / B_tr = tau / tau_phi.</p>"
        f"<p><b>How this page was made</b> ({html.escape(made['date'])}, pathsim "
        f"{html.escape(made['version'])}{', quick build' if made['quick'] else ''}; "
        f"<code>pathsim explore</code>):</p><ul>{rows}</ul>")


def render(data, title="pathsim explorer"):
    """The page's HTML (a str): the Bokeh document with inlined JavaScript,
    the JSON data tag and the description of how it was made."""
    layout, callback = build_document(data)
    doc = Document()
    doc.add_root(column(Div(text=_intro(data), width=2 * WIDTH + 20), layout))
    doc.js_on_event(DocumentReady, callback)
    blob = json.dumps(data, allow_nan=False).replace("</", "<\\/")
    # the data tag and an empty icon (no favicon request) go in Bokeh's page
    # template, not by editing its text: the inlined libraries contain HTML
    return file_html(doc, resources=INLINE, title=title, template=TEMPLATE,
                     template_variables=dict(data_id=DATA_ID, data_json=blob))


TEMPLATE = """
{% block preamble %}<link rel="icon" href="data:,">
<script type="application/json" id="{{ data_id }}">{{ data_json | safe }}</script>
{% endblock %}"""
