"""Drawing a :class:`~alueverkko.viz.view.MapView` as an HTML page: the thin last step.

pyvis is the drawing layer, used only where it is safe and fast: its
``Network`` object holds the node and edge lists (set directly: pyvis's
``add_node`` is quadratic, ``from_nx`` took 21 s for 10,000 nodes) and builds
vis-network's options. The page is our own Jinja2 template and script, not
pyvis's: pyvis's template puts tooltips in place with ``innerHTML``, so a name
read from a document could run script. Ours hands vis-network an element whose
``textContent`` is the tooltip, and every piece of data reaches the page as
JSON in a ``<script type="application/json">`` block, with ``<``, ``>``, ``&``
and the JavaScript line separators escaped (:func:`script_json`).

The vis-network files come from the installed pyvis package (it ships them;
vis-network is dual Apache-2.0/MIT licensed): a served page loads them from
``/static/vendor/vis-network/``, a self-contained file inlines them.

>>> script_json({"name": "</script><script>alert(1)</script>"})
'{"name":"\\\\u003c/script\\\\u003e\\\\u003cscript\\\\u003ealert(1)\\\\u003c/script\\\\u003e"}'
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from alueverkko.viz import style
from alueverkko.viz.view import MapView

VIS_VERSION = "9.1.2"
#: Files of vis-network we serve, and their media types.
VENDOR_FILES = {"vis-network.min.js": "text/javascript; charset=utf-8", "vis-network.css": "text/css; charset=utf-8"}
#: Our own files for the map page (``viz/static``).
OWN_FILES = {"map.js": "text/javascript; charset=utf-8", "map.css": "text/css; charset=utf-8"}
VENDOR_PATH = "/static/vendor/vis-network"
DARK = "#1d2731"
#: How many nodes of a big map (physics off) carry a label on the canvas; every node has a tooltip.
BIG_MAP_LABELS = 600
OWN_PATH = "/static/maps"

_HERE = Path(__file__).resolve().parent
_ENV = Environment(loader=FileSystemLoader(str(_HERE / "templates")), autoescape=select_autoescape(default=True),
                   trim_blocks=True, lstrip_blocks=True)
_JSON_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def script_json(data: Any) -> str:
    """JSON that is safe inside a ``<script>`` element: no tag, entity or line separator survives."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, escaped in _JSON_ESCAPES:
        text = text.replace(char, escaped)
    return text


def vis_data(view: MapView) -> dict[str, Any]:
    """The nodes, edges and options vis-network is given, via pyvis's ``Network``."""
    from pyvis.network import Network  # heavy import (IPython), only when drawing

    net = Network(height="100%", width="100%", directed=True, cdn_resources="local")
    net.nodes = _vis_nodes(view)
    net.edges = _vis_edges(view)
    _set_options(net, view)
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    return {"nodes": nodes, "edges": edges, "options": json.loads(options)}


def render_html(view: MapView, *, standalone: bool = False, links: dict[str, str] | None = None) -> str:
    """The map page. ``standalone`` inlines every script and style (a file that opens anywhere, offline);
    otherwise scripts and styles load from this server. ``links`` (home, json, gexf, api) are
    URLs we built, shown in the page header."""
    data = {"view": _page_view(view), **vis_data(view)}
    template = _ENV.get_template("map.html")
    return template.render(
        view=view, lang=view.lang, words=style.words(view.lang), links=links or {},
        reduced_note=view.reduced.note(view.lang) if view.reduced else "",
        data_json=script_json(data), standalone=standalone,
        inline_css=[_inline(vendor_file("vis-network.css").decode()), _inline(own_file("map.css").decode())]
        if standalone else [],
        inline_js=[_inline(vendor_file("vis-network.min.js").decode()), _inline(own_file("map.js").decode())]
        if standalone else [],
        vendor_path=VENDOR_PATH, own_path=OWN_PATH)


# -- the files a page loads ---------------------------------------------------------------------
@lru_cache(maxsize=4)
def vendor_file(name: str) -> bytes:
    """A vis-network file from the installed pyvis package (KeyError for any other name)."""
    if name not in VENDOR_FILES:
        raise KeyError(name)
    return resources.files("pyvis").joinpath("lib", f"vis-{VIS_VERSION}", name).read_bytes()


@lru_cache(maxsize=4)
def own_file(name: str) -> bytes:
    if name not in OWN_FILES:
        raise KeyError(name)
    return (_HERE / "static" / name).read_bytes()


def _inline(text: str) -> str:
    """Script or style text safe to place inside its element: no ``</script``, ``</style`` or ``<!--``."""
    return re.sub(r"</(?=(script|style))", r"<\\/", text, flags=re.IGNORECASE).replace("<!--", "<\\!--")


# -- vis-network's items and options -------------------------------------------------------------
# Items are compact: numeric ids (edges name nodes by number), and no per-item colours or
# shapes; the page's script expands them from the style tables of the page data. On a
# big map (physics off) edges carry no label (thousands only clutter) and their tooltip
# is built in the page from the two names, the relation, years and the evidence count,
# without the quote (one click away on the entity page). A 10,000-node map so stays a
# few megabytes instead of tens.
def _vis_nodes(view: MapView) -> list[dict[str, Any]]:
    labelled = _labelled(view)
    items = []
    for i, n in enumerate(view.nodes):
        item = {"id": i, "key": n.id, "name": n.name, "size": n.size, "x": n.x, "y": n.y, "kind": n.kind,
                "tip": n.title}  # "tip" is text: the page puts it in its tooltip with textContent
        if n.id in labelled:
            item["label"] = n.label
        if n.aliases:
            item["aliases"] = list(n.aliases)
        if n.years:
            item["years"] = list(n.years)
        if n.focus:
            item["focus"] = True
        items.append(item)
    return items


def _labelled(view: MapView) -> set[str]:
    """Nodes drawn with their name: all on a small map; on a big one the largest (and the focus):
    measuring and drawing 10,000 labels costs the browser seconds, and nobody reads them."""
    if view.physics or len(view.nodes) <= BIG_MAP_LABELS:
        return {n.id for n in view.nodes}
    largest = sorted(view.nodes, key=lambda n: (-n.size, n.id))[:BIG_MAP_LABELS]
    return {n.id for n in largest} | ({view.focus} if view.focus else set())


def _vis_edges(view: MapView) -> list[dict[str, Any]]:
    number = {n.id: i for i, n in enumerate(view.nodes)}
    items = []
    for i, e in enumerate(view.edges):
        item = {"id": i, "from": number[e.source], "to": number[e.target], "type": e.type}
        if e.years:
            item["years"] = list(e.years)
        if view.physics:
            item["label"] = e.label
        if e.title:
            item["tip"] = e.title
        else:
            item["n"] = e.evidence
        items.append(item)
    return items


def _styles(view: MapView) -> dict[str, Any]:
    """Edge styles by relation type, for the page's script (node styles travel as vis-network groups;
    their colours are here too, for the focus node's own colour object)."""
    kinds = {entry.key: {"color": entry.color} for entry in view.legend_kinds}
    types = {}
    for entry in view.legend_types:
        look = style.edge_style(entry.key)
        types[entry.key] = {"color": look.color, "dashes": look.dashes, "width": look.width,
                            "arrows": "to" if look.arrows else "", "label": entry.label}
    return {"kinds": kinds, "types": types}


def _groups(view: MapView) -> dict[str, Any]:
    """One vis-network group per node kind: its shape and colour."""
    groups = {}
    for entry in view.legend_kinds:
        colour = {"background": entry.color, "border": entry.color,
                  "highlight": {"background": entry.color, "border": DARK},
                  "hover": {"background": entry.color, "border": DARK}}
        group = {"shape": entry.shape, "color": colour, "borderWidth": 1}
        if entry.key == "Fund":  # shares the dot with organisations: a dashed dark ring tells it apart
            group.update(borderWidth=3, shapeProperties={"borderDashes": [4, 3]})
            colour["border"] = DARK
        groups[entry.key] = group
    return groups


def _set_options(net, view: MapView) -> None:
    from pyvis.options import Layout

    big = not view.physics
    net.toggle_physics(view.physics)
    if view.physics:
        net.barnes_hut(gravity=-4000, central_gravity=0.2, spring_length=120, spring_strength=0.03, damping=0.4)
        net.options.physics.stabilization.iterations = 200
    net.inherit_edge_colors(False)
    net.options.edges.color.opacity = 0.8
    net.options.edges.arrows = "" if big else "to"  # arrow heads of 10,000s of edges: costly, unreadable
    net.options.edges.width = 1
    if big:
        net.options.edges.smooth.enabled = False
    else:
        net.set_edge_smooth("continuous")
    net.toggle_hide_edges_on_drag(big)
    net.toggle_drag_nodes(True)
    net.options.layout = Layout(randomSeed=view.seed, improvedLayout=False)
    net.options.layout.hierarchical.enabled = False
    net.options.groups = _groups(view)
    net.options.nodes = {"font": {"size": 14, "color": DARK}, "scaling": {"label": {"drawThreshold": 6}}}
    interaction = net.options.interaction
    interaction.hover = True  # hoverNode / hoverEdge events drive the page's own tooltip
    interaction.hideEdgesOnZoom = big
    interaction.navigationButtons = False
    interaction.keyboard = False


def _page_view(view: MapView) -> dict[str, Any]:
    """What the page script needs beyond vis-network's items."""
    return {"title": view.title, "map": view.map, "focus": view.focus, "lang": view.lang,
            "physics": view.physics, "years": list(view.years) if view.years else None,
            "words": style.words(view.lang), "counts": {"nodes": len(view.nodes), "edges": len(view.edges)},
            "linkBase": view.link_base.rstrip("/"), "styles": _styles(view)}
