"""Node positions computed on the server: pure, seedable, fast enough for 10,000 nodes.

A browser that simulates physics for thousands of nodes freezes for minutes,
so maps come with positions. Each connected part of the graph is laid out by
igraph's Fruchterman–Reingold (C code; a grid approximation of the repulsion
above a thousand nodes), scaled to its size, and the parts are packed in rows,
largest first, so a few loose nodes cannot squeeze the main network into a dot.
networkx's ``spring_layout`` took far longer at 10,000 nodes (see
BENCHMARKS.md, "Maps"). igraph draws its random numbers from a generator set
for the call, so the same graph and seed always give the same picture.

>>> pos = positions(["a", "b", "c"], [("a", "b"), ("b", "c")], seed=1)
>>> pos == positions(["c", "b", "a"], [("b", "c"), ("a", "b")], seed=1)
True
>>> positions(["a", "b"], [("a", "b")], seed=1, focus="a")["a"]
(0, 0)
"""

from __future__ import annotations

import math
import random
import threading
from collections.abc import Iterable

#: Average distance between neighbouring nodes in the browser's units (pixels at zoom 1).
SPACING = 70.0

# igraph's random generator is process-wide; one layout at a time owns it.
_RNG_LOCK = threading.Lock()


def positions(nodes: Iterable[str], edges: Iterable[tuple[str, str]], *, seed: int = 1,
              focus: str | None = None) -> dict[str, tuple[int, int]]:
    """(x, y) per node in whole pixels; the focus (if any) at the origin, otherwise the centre of the picture."""
    ids = sorted(set(nodes))
    if not ids:
        return {}
    index = {node: i for i, node in enumerate(ids)}
    pairs = set()
    for u, v in edges:
        a, b = index.get(u), index.get(v)
        if a is not None and b is not None and a != b:
            pairs.add((a, b) if a < b else (b, a))
    pairs = sorted(pairs)
    parts = components(len(ids), pairs)
    part_of = {node: k for k, part in enumerate(parts) for node in part}
    part_pairs: list[list[tuple[int, int]]] = [[] for _ in parts]
    for a, b in pairs:
        part_pairs[part_of[a]].append((a, b))
    with _RNG_LOCK:
        laid = [_part_layout(part, part_pairs[k], seed) for k, part in enumerate(parts)]
    coords = _pack(laid, len(ids))
    return _centred(ids, coords, index.get(focus) if focus is not None else None)


def iterations(n: int) -> tuple[int, str]:
    """How many iterations, and whether to use the grid approximation, for ``n`` nodes.

    >>> iterations(100), iterations(10_000)
    ((500, 'nogrid'), (60, 'grid'))
    """
    if n <= 1000:
        return 500, "nogrid"
    if n <= 3000:
        return 150, "grid"
    return 60, "grid"


def components(n: int, pairs: list[tuple[int, int]]) -> list[list[int]]:
    """Connected parts of a graph on 0..n-1, largest first (ties by smallest member).

    >>> components(5, [(0, 1), (3, 4)])
    [[0, 1], [3, 4], [2]]
    """
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    parts: dict[int, list[int]] = {}
    for i in range(n):
        parts.setdefault(root(i), []).append(i)
    return sorted(parts.values(), key=lambda part: (-len(part), part[0]))


def _part_layout(part: list[int], pairs: list[tuple[int, int]],
                 seed: int) -> tuple[list[int], list[tuple[float, float]], float]:
    """One connected part laid out around (0, 0), and the side of the square it fills."""
    if len(part) == 1:
        return part, [(0.0, 0.0)], SPACING
    if len(part) == 2:
        return part, [(-SPACING / 2, 0.0), (SPACING / 2, 0.0)], 2 * SPACING
    import igraph  # heavy import, only when a map is drawn

    local = {node: i for i, node in enumerate(part)}
    sub = [(local[a], local[b]) for a, b in pairs]
    niter, grid = iterations(len(part))
    igraph.set_random_number_generator(random.Random(seed))
    try:
        raw = igraph.Graph(n=len(part), edges=sub).layout_fruchterman_reingold(niter=niter, grid=grid).coords
    finally:
        igraph.set_random_number_generator(random)
    xs, ys = [c[0] for c in raw], [c[1] for c in raw]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    extent = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    side = SPACING * math.sqrt(len(part)) * 1.5
    scale = side / extent
    return part, [((x - cx) * scale, (y - cy) * scale) for x, y in raw], side + SPACING


def _pack(laid: list[tuple[list[int], list[tuple[float, float]], float]], n: int) -> list[tuple[float, float]]:
    """Place the parts' squares in rows of a roughly square picture, largest first."""
    width = max(max(side for _, _, side in laid), math.sqrt(sum(side * side for _, _, side in laid)) * 1.1)
    coords: list[tuple[float, float]] = [(0.0, 0.0)] * n
    x = y = row = 0.0
    for part, local, side in laid:
        if x > 0 and x + side > width:
            x, y, row = 0.0, y + row, 0.0
        cx, cy = x + side / 2, y + side / 2
        for node, (px, py) in zip(part, local):
            coords[node] = (cx + px, cy + py)
        x += side
        row = max(row, side)
    return coords


def _centred(ids: list[str], coords: list[tuple[float, float]], focus: int | None) -> dict[str, tuple[int, int]]:
    if focus is not None:
        cx, cy = coords[focus]
    else:
        xs, ys = [c[0] for c in coords], [c[1] for c in coords]
        cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    return {node: (round(x - cx), round(y - cy)) for node, (x, y) in zip(ids, coords)}
