"""Collaboration maps: generation time (view model + layout + HTML) and Chromium's first render.

    python -m bench.maps_bench --world-m /tmp/world-m --world-l /tmp/world-l --write

Maps of 1,000 and 10,000 nodes are the most connected nodes of the M world
(``bench/world.py``; budget raised to the size); the reduced maps are the whole
L world and a hub's two-hop network under the default node budget (2,000).
Missing worlds are generated first (M takes minutes, L most of an hour).

Every figure is given as wall time and as CPU time: on a shared machine the wall
time grows with the load (the load average is printed beside it), CPU time much
less. The browser figures are the page's own marks from navigation start: its
first drawing (``map-ready``), and every relation added (``map-complete``; a big
map adds most relations after the first drawing), with the CPU time Chromium's
processes spent for all of it. ``--compare`` also times networkx's
``spring_layout`` and pyvis's ``from_nx`` at 10,000 nodes where scipy is installed.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from alueverkko.graph.store import Store
from alueverkko.settings import Settings
from alueverkko.viz import render
from alueverkko.viz.maps import MapGraph, entity_map, whole_map


@dataclass
class Figures:
    name: str
    nodes: int
    edges: int
    read_s: float
    view_s: float           # view model and layout, wall
    layout_cpu_s: float
    html_s: float
    generate_cpu_s: float   # view + layout + HTML, CPU
    html_mib: float
    reduced: str
    browser_s: float | None = None
    complete_s: float | None = None
    browser_cpu_s: float | None = None

    @property
    def generate_s(self) -> float:
        return self.view_s + self.html_s


def measure(name: str, read) -> tuple[Figures, str]:
    start = time.perf_counter()
    mapped: MapGraph = read()
    read_s = time.perf_counter() - start
    mapped.view()  # warm: imports (igraph, pyvis with IPython) happen once per process
    cpu0, wall0 = time.process_time(), time.perf_counter()
    view = mapped.view()
    cpu1, wall1 = time.process_time(), time.perf_counter()
    html = render.render_html(view, standalone=True)
    cpu2, wall2 = time.process_time(), time.perf_counter()
    from alueverkko.viz import layout
    layout_cpu = time.process_time()
    layout.positions([n.id for n in view.nodes], [(e.source, e.target) for e in view.edges], seed=1)
    layout_cpu = time.process_time() - layout_cpu
    reduced = f"{view.reduced.shown:,} of {view.reduced.total:,}" if view.reduced else "no"
    return Figures(name, len(view.nodes), len(view.edges), read_s, wall1 - wall0, layout_cpu, wall2 - wall1,
                   cpu2 - cpu0, len(html.encode()) / 2**20, reduced), html


def browser_render(html: str) -> tuple[float, float, float]:
    """Seconds from navigation to the map's first drawing and to every relation added (big maps add
    most relations after the first drawing), and Chromium's CPU seconds for all of it."""
    import psutil
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "map.html"
        path.write_text(html, encoding="utf-8")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto("about:blank")
            before = _chromium_cpu(psutil)
            page.goto(path.as_uri())
            page.wait_for_selector("body[data-map-complete=yes]", timeout=600_000)
            first, complete = page.evaluate(
                "[performance.getEntriesByName('map-ready')[0].startTime, performance.getEntriesByName('map-complete')[0].startTime]")
            cpu = _chromium_cpu(psutil) - before
            browser.close()
    return first / 1000, complete / 1000, cpu


def _chromium_cpu(psutil) -> float:
    total = 0.0
    for child in psutil.Process().children(recursive=True):
        try:
            if "chrom" in child.name():
                times = child.cpu_times()
                total += times.user + times.system
        except psutil.Error:
            pass
    return total


def open_world(folder: Path, size: str) -> Store:
    settings = Settings(data_dir=folder)
    fresh = not settings.store_path.exists()
    store = Store.open(settings.store_path)
    if fresh:
        from bench.world import generate
        print(f"generating the {size} world in {folder} ...", flush=True)
        generate(store, size)
    return store


def compare(edges: list[tuple[str, str]], nodes: list[str]) -> list[str]:
    """networkx spring_layout and pyvis from_nx on the same 10,000-node graph (needs scipy)."""
    import networkx as nx

    lines = []
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from(edges)
    try:
        import scipy  # noqa: F401
    except ImportError:
        return ["networkx spring_layout: not measured (scipy, which it needs above 500 nodes, is not installed)"]
    start = time.perf_counter()
    nx.spring_layout(graph, seed=1)
    lines.append(f"networkx spring_layout (50 iterations): {time.perf_counter() - start:.1f} s")
    from pyvis.network import Network
    start = time.perf_counter()
    Network().from_nx(graph)
    lines.append(f"pyvis from_nx: {time.perf_counter() - start:.1f} s")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--world-m", type=Path, required=True, help="data folder of the M world (made if missing)")
    parser.add_argument("--world-l", type=Path, help="data folder of the L world (made if missing); M stands in without")
    parser.add_argument("--no-browser", action="store_true", help="skip Chromium's render times")
    parser.add_argument("--compare", action="store_true", help="also time networkx spring_layout and pyvis from_nx")
    parser.add_argument("--write", action="store_true", help="append the figures to BENCHMARKS.md")
    args = parser.parse_args()

    world_m = open_world(args.world_m, "M")
    world_l = open_world(args.world_l, "L") if args.world_l else None
    budget = Settings().map_node_budget
    cases = [("1,000 nodes (M, most connected)", lambda: whole_map(world_m, budget=1000)),
             ("10,000 nodes (M, most connected)", lambda: whole_map(world_m, budget=10_000))]
    big, big_name = (world_l, "L") if world_l else (world_m, "M")
    hub = big._read("SELECT target FROM edges WHERE type='FUNDS' GROUP BY target ORDER BY count(*) DESC LIMIT 1")[0][0]
    cases += [(f"whole {big_name} world, reduced (budget {budget:,})", lambda: whole_map(big, budget=budget)),
              (f"a fund's 2-hop network in {big_name}, reduced", lambda: entity_map(big, hub, hops=2, budget=budget))]

    rows = []
    for name, read in cases:
        figures, html = measure(name, read)
        if not args.no_browser:
            figures.browser_s, figures.complete_s, figures.browser_cpu_s = browser_render(html)
        rows.append(figures)
        print(_row(figures), f"(load {os.getloadavg()[0]:.1f})", flush=True)
    extra = []
    if args.compare:
        mapped = whole_map(world_m, budget=10_000)
        extra = compare(list(mapped.graph.to_undirected().edges()), list(mapped.graph))
        print("\n".join(extra))
    if args.write:
        from bench.machine import append_section
        append_section("Maps", _report(rows, extra, big_name))


HEADER = ("| map | nodes | edges | read from store s | view+layout s | HTML s | generate s (CPU s) "
          "| layout CPU s | HTML MiB | reduced | Chromium first drawing s | all relations drawn s (Chromium CPU s) |\n"
          "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|")


def _row(f: Figures) -> str:
    browser = "– | –" if f.browser_s is None else f"{f.browser_s:.1f} | {f.complete_s:.1f} ({f.browser_cpu_s:.1f})"
    return (f"| {f.name} | {f.nodes:,} | {f.edges:,} | {f.read_s:.1f} | {f.view_s:.2f} | {f.html_s:.2f} | "
            f"{f.generate_s:.2f} ({f.generate_cpu_s:.2f}) | {f.layout_cpu_s:.2f} | {f.html_mib:.1f} | {f.reduced} | "
            f"{browser} |")


def _report(rows: list[Figures], extra: list[str], big_name: str) -> str:
    load = os.getloadavg()
    lines = ["`python -m bench.maps_bench` (bench/maps_bench.py). Generate = view model + layout + HTML of a",
             "self-contained file; the first render is Chromium's time from navigation to the map's first drawing.",
             f"Load average while measuring: {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} "
             "(a shared machine: wall times grow with the load, CPU times much less).", ""]
    if big_name == "M":
        lines += ["The L world was not available, so M stands in for the reduced maps.", ""]
    lines += [HEADER, *(_row(f) for f in rows), ""]
    lines += [f"- {line}" for line in extra]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
