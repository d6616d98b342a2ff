"""The viewer's layout, computed when the file is written: deterministic, pure Python.

The whole graph is a map of category regions (discs placed near the categories they share edges
with, each from its is-a tree relaxed by a grid force-directed pass); an ego graph (cut with
``term``) is drawn in rings around its term, grouped by category. Nodes are sized by degree. No
randomness and no set order: the same graph gives the same positions, so the same HTML bytes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from spinekg.export.style import root_category

if TYPE_CHECKING:
    import networkx as nx


#: Distance between neighbouring nodes, in the page's model units (the page zooms to fit).
SPACING = 70.0
#: The least free space between two node discs.
_GAP = 12.0
_ISA = "rdfs:subClassOf"
#: Rounds of force-directed relaxation of the overview (about 3 ms each for the full graph).
_ROUNDS = 60


@dataclass
class Layout:
    """Where the viewer draws each node: ``positions`` (model units), ``sizes`` (diameters, by
    degree), the category ``regions`` of the overview (centre, radius) and the ``centre`` term of
    an ego graph (drawn at the origin, its rings around it)."""

    positions: dict[str, tuple[float, float]]
    sizes: dict[str, float]
    regions: list[dict[str, Any]] = field(default_factory=list)
    centre: str | None = None


def node_size(degree: int) -> float:
    """The diameter of a node of ``degree`` edges: hubs are larger.

    >>> node_size(0), node_size(4), node_size(100)
    (14.0, 24.0, 64.0)
    """
    return round(14.0 + 5.0 * math.sqrt(degree), 1)


def layout(graph: nx.MultiDiGraph[str]) -> Layout:
    """The layout of ``graph``, the same for the same graph (no randomness, no set order: the
    HTML is byte-identical from run to run).

    An ego graph (cut with ``term``) is drawn radially: the term at the centre, the nodes one
    edge away on the first ring, grouped by category, each node of the next rings beside the
    node it is reached through. Any other graph is drawn as a map: one disc per top-level
    category (its area by its node count, placed near the categories it has most edges with),
    each laid out from its is-a tree (the category at the middle) and relaxed by a force-directed
    pass (springs along edges, is-a the stiffest, a weak pull towards the categories an edge
    leads to, repulsion between neighbours found on a grid; the disc is a wall).
    """
    nodes = sorted(graph)
    roots = {n: root_category(graph.graph, graph.nodes[n].get("category", "")) for n in nodes}
    labels = {n: str(graph.nodes[n].get("label", n)) for n in nodes}
    sizes = {n: node_size(graph.degree(n)) for n in nodes}
    edges = sorted((u, v, k) for u, v, k in graph.edges(keys=True) if u != v)
    centre = graph.graph.get("selection", {}).get("term")
    if centre in graph:
        return Layout(_radial(nodes, edges, centre, roots, labels, sizes), sizes, [], centre)
    positions, regions = _map(nodes, edges, roots, labels, sizes)
    return Layout(positions, sizes, regions)


def _room(size: float) -> float:
    return max(SPACING, size + _GAP)


def _rounded(xs: list[float], ys: list[float], nodes: list[str]) -> dict[str, tuple[float, float]]:
    return {n: (round(xs[i], 1) + 0.0, round(ys[i], 1) + 0.0) for i, n in enumerate(nodes)}


def _radial(
    nodes: list[str], edges: list[tuple[str, str, str]], centre: str, roots: dict[str, str], labels: dict[str, str], sizes: dict[str, float]
) -> dict[str, tuple[float, float]]:
    neighbours: dict[str, list[str]] = {n: [] for n in nodes}
    for u, v, _ in edges:
        neighbours[u].append(v)
        neighbours[v].append(u)
    cat_order = {c: i for i, c in enumerate(sorted(set(roots.values())))}
    rings: list[list[str]] = [[centre]]
    parent: dict[str, str] = {}
    seen = {centre}
    while True:
        rank = {n: i for i, n in enumerate(rings[-1])}
        found: dict[str, int] = {}
        for n in rings[-1]:
            for m in neighbours[n]:
                if m not in seen and m not in found:
                    found[m] = rank[n]
        if not found:
            break
        ring = sorted(found, key=lambda m: (found[m], cat_order[roots[m]], labels[m], m))
        for m in ring:
            parent[m] = rings[-1][found[m]]
        seen.update(ring)
        rings.append(ring)
    rest = [n for n in nodes if n not in seen]  # not reached (an ego graph has none): an outer ring
    if rest:
        rings.append(sorted(rest, key=lambda m: (cat_order[roots[m]], labels[m], m)))
    # wedges: each node's share of the circle is the number of leaves below it
    kids: dict[str, list[str]] = {n: [] for n in nodes}
    for ring in rings[1:]:
        for m in ring:
            if m in parent:
                kids[parent[m]].append(m)
    weight: dict[str, float] = {}
    for ring in reversed(rings):
        for n in ring:
            weight[n] = max(1.0, sum(weight[c] for c in kids[n]))
    angle: dict[str, float] = {centre: 0.0}
    span: dict[str, tuple[float, float]] = {centre: (-math.pi / 2, 3 * math.pi / 2)}
    for ring in rings[1:]:
        start = -math.pi / 2
        total = sum(weight[m] for m in ring if m not in parent)
        for m in ring:
            if m not in parent:  # the unreached ring shares the whole circle
                end = start + 2 * math.pi * weight[m] / total
                span[m] = (start, end)
                start = end
        by_parent: dict[str, list[str]] = {}
        for m in ring:
            if m in parent:
                by_parent.setdefault(parent[m], []).append(m)
        for p, ms in by_parent.items():
            a0, a1 = span[p]
            total_p = sum(weight[m] for m in ms)
            for m in ms:
                a = a0 + (a1 - a0) * weight[m] / total_p
                span[m] = (a0, a)
                a0 = a
        for m in ring:
            angle[m] = (span[m][0] + span[m][1]) / 2
    # each ring as wide as its nodes need, and the rings evenly apart out to the widest
    radii: list[float] = []
    for ring in rings[1:]:
        perimeter = sum(_room(sizes[m]) for m in ring) * 1.1
        radii.append(max((radii[-1] if radii else 0.0) + 2.2 * SPACING, perimeter / (2 * math.pi)))
    for i in range(len(radii) - 1, 0, -1):
        radii[i - 1] = max(radii[i - 1], radii[-1] * i / len(radii))
    pos = {centre: (0.0, 0.0)}
    for ring, radius in zip(rings[1:], radii, strict=True):
        spread = _spread([angle[m] for m in ring], [_room(sizes[m]) / radius for m in ring])
        for m, a in zip(ring, spread, strict=True):
            pos[m] = (radius * math.cos(a), radius * math.sin(a))
    xs = [pos[n][0] for n in nodes]
    ys = [pos[n][1] for n in nodes]
    return _rounded(xs, ys, nodes)


def _spread(angles: list[float], room: list[float]) -> list[float]:
    """``angles`` (in ring order, increasing) moved towards even spacing just enough that
    neighbours are ``room`` apart (the least blend of the two that is wide enough)."""
    n = len(angles)
    if n < 2:
        return angles
    offset = sum(a - 2 * math.pi * i / n for i, a in enumerate(angles)) / n
    even = [offset + 2 * math.pi * i / n for i in range(n)]

    def wide(t: float) -> bool:
        mixed = [(1 - t) * a + t * e for a, e in zip(angles, even, strict=True)]
        gaps = [mixed[i + 1] - mixed[i] for i in range(n - 1)] + [mixed[0] + 2 * math.pi - mixed[-1]]
        return all(g >= (room[i] + room[(i + 1) % n]) / 2 - 1e-9 for i, g in enumerate(gaps))

    lo, hi = 0.0, 1.0
    if wide(lo):
        return angles
    for _ in range(30):
        mid = (lo + hi) / 2
        lo, hi = (lo, mid) if wide(mid) else (mid, hi)
    return [(1 - hi) * a + hi * e for a, e in zip(angles, even, strict=True)]


def _map(
    nodes: list[str], edges: list[tuple[str, str, str]], roots: dict[str, str], labels: dict[str, str], sizes: dict[str, float]
) -> tuple[dict[str, tuple[float, float]], list[dict[str, Any]]]:
    groups: dict[str, list[str]] = {}
    for n in nodes:
        groups.setdefault(roots[n], []).append(n)
    radius = {c: math.sqrt(sum(_room(sizes[n]) ** 2 for n in ns) / math.pi) + 0.3 * SPACING for c, ns in groups.items()}
    centres = _place_regions(groups, radius, [(roots[u], roots[v]) for u, v, _ in edges])
    parent: dict[str, str] = {}
    for u, v, k in edges:  # each node's first is-a parent in its own category
        if k == _ISA and u not in parent and roots[u] == roots[v]:
            parent[u] = v
    start: dict[str, tuple[float, float]] = {}
    for c, members in groups.items():
        start.update(_tree(members, parent, labels, centres[c], radius[c]))
    index = {n: i for i, n in enumerate(nodes)}
    springs: dict[tuple[int, int], float] = {}
    for u, v, k in edges:
        i, j = sorted((index[u], index[v]))
        # inside a category a spring (is-a the stiffest); across categories a weak constant pull
        w = (0.5 if k == _ISA else 0.25) if roots[u] == roots[v] else -0.05
        old = springs.get((i, j))
        springs[(i, j)] = w if old is None else max(old, w) if w > 0 else old
    xs = [start[n][0] for n in nodes]
    ys = [start[n][1] for n in nodes]
    walls = [(*centres[roots[n]], radius[roots[n]] - sizes[n] / 2) for n in nodes]
    _relax(xs, ys, [sizes[n] for n in nodes], [(i, j, w) for (i, j), w in sorted(springs.items())], walls)
    regions = [{"category": c, "x": round(centres[c][0], 1), "y": round(centres[c][1], 1), "r": round(radius[c], 1)} for c in sorted(groups)]
    return _rounded(xs, ys, nodes), regions


def _place_regions(groups: dict[str, list[str]], radius: dict[str, float], links: list[tuple[str, str]]) -> dict[str, tuple[float, float]]:
    """Centres of the category discs: the largest at the origin, then, most connected first, each
    where it touches a placed one, nearest to those it has edges with and to the origin."""
    weight: dict[tuple[str, str], float] = {}
    for a, b in links:
        if a != b:
            key = (min(a, b), max(a, b))
            weight[key] = weight.get(key, 0.0) + 1.0

    def w(a: str, b: str) -> float:
        return weight.get((min(a, b), max(a, b)), 0.0)

    order = sorted(groups, key=lambda c: (-len(groups[c]), c))
    if not order:
        return {}
    centres: dict[str, tuple[float, float]] = {order[0]: (0.0, 0.0)}
    left = order[1:]
    gap = 0.6 * SPACING
    while left:
        best_link = max(sum(w(c, p) for p in centres) for c in left)
        nxt = next(c for c in left if sum(w(c, p) for p in centres) == best_link)
        left.remove(nxt)
        r = radius[nxt]
        linked = [(q, w(nxt, q)) for q in centres if w(nxt, q) > 0]
        total = sum(x for _, x in linked) or 1.0
        best: tuple[float, float, float] | None = None
        for p, (px, py) in centres.items():
            for step in range(36):
                turn = step * math.pi / 18
                d = radius[p] + r + gap
                x, y = px + d * math.cos(turn), py + d * math.sin(turn)
                if any(math.hypot(x - qx, y - qy) < radius[q] + r + gap - 1e-6 for q, (qx, qy) in centres.items()):
                    continue
                cost = sum(x_w * math.hypot(x - centres[q][0], y - centres[q][1]) for q, x_w in linked) / total + 0.6 * math.hypot(x, y)
                if best is None or cost < best[0] - 1e-9:
                    best = (cost, x, y)
        assert best is not None  # a point on the outermost disc is always free
        centres[nxt] = (best[1], best[2])
    return centres


def _tree(members: list[str], parent: dict[str, str], labels: dict[str, str], centre: tuple[float, float], radius: float) -> dict[str, tuple[float, float]]:
    """Start positions in a disc: a radial tree of is-a (the category, or the largest subtrees,
    at the middle; each subtree a wedge as wide as its size)."""
    inside = set(members)
    kids: dict[str, list[str]] = {n: [] for n in members}
    tops = []
    for n in members:
        p = parent.get(n)
        if p is not None and p in inside:
            kids[p].append(n)
        else:
            tops.append(n)
    size: dict[str, int] = {}
    order: list[str] = []
    todo = list(tops)
    while True:
        while todo:  # parents before children, then sizes from the leaves up
            n = todo.pop()
            order.append(n)
            todo.extend(kids[n])
        if len(order) == len(members):
            break
        done = set(order)  # an is-a cycle: cut it at its first member
        cut = next(n for n in members if n not in done)
        kids[parent[cut]].remove(cut)
        tops.append(cut)
        todo.append(cut)
    for n in reversed(order):
        size[n] = 1 + sum(size[c] for c in kids[n])

    def key(n: str) -> tuple[int, str, str]:
        return (-size[n], labels[n], n)

    tops.sort(key=key)
    stack: list[tuple[str, int, float, float]] = []
    if len(tops) == 1:
        stack.append((tops[0], 0, 0.0, 2 * math.pi))
    else:
        total = sum(size[t] for t in tops)
        a = 0.0
        for t in tops:
            stack.append((t, 1, a, a + 2 * math.pi * size[t] / total))
            a += 2 * math.pi * size[t] / total
    placed: list[tuple[str, int, float]] = []
    while stack:
        n, d, a0, a1 = stack.pop()
        placed.append((n, d, (a0 + a1) / 2))
        cs = sorted(kids[n], key=key)
        total = sum(size[c] for c in cs)
        for c in cs:
            a = a0 + (a1 - a0) * size[c] / total
            stack.append((c, d + 1, a0, a))
            a0 = a
    deepest = max(1, max(d for _, d, _ in placed))
    cx, cy = centre
    out = {}
    for n, d, a in placed:
        r = 0.85 * radius * math.sqrt(d / deepest)
        out[n] = (cx + r * math.cos(a), cy + r * math.sin(a))
    return out


def _relax(
    xs: list[float], ys: list[float], sizes: list[float], springs: list[tuple[int, int, float]], walls: list[tuple[float, float, float]], rounds: int = _ROUNDS
) -> None:
    """Force-directed relaxation in place (Fruchterman-Reingold with a grid: repulsion only
    between nodes less than 2.5 spacings apart; steps limited by a cooling temperature). A spring
    of weight ``w > 0`` pulls its ends to one spacing apart; ``w < 0`` is a constant pull of
    ``-w`` spacings. Each node stays in its disc ``(x, y, r)``."""
    n = len(xs)
    k = SPACING
    cut = 2.5 * k
    cut2 = cut * cut
    k2 = k * k
    stencil = ((1, 0), (-1, 1), (0, 1), (1, 1))
    for step in range(rounds):
        temp = 0.6 * k * (1.0 - step / rounds) + 0.5
        fx = [0.0] * n
        fy = [0.0] * n
        grid: dict[tuple[int, int], list[int]] = {}
        for i in range(n):
            grid.setdefault((math.floor(xs[i] / cut), math.floor(ys[i] / cut)), []).append(i)
        for (gx, gy), cell in grid.items():
            near = [cell] + [o for dx, dy in stencil if (o := grid.get((gx + dx, gy + dy)))]
            for a, i in enumerate(cell):
                xi, yi, si = xs[i], ys[i], sizes[i]
                fxi = fyi = 0.0
                for b, other in enumerate(near):
                    for j in other[a + 1 :] if b == 0 else other:
                        dx = xi - xs[j]
                        dy = yi - ys[j]
                        d2 = dx * dx + dy * dy
                        if d2 >= cut2:
                            continue
                        if d2 < 1e-4:  # the same point: apart along a fixed direction
                            dx, dy, d2 = 0.01, 0.01 * (j - i), 1e-4 * (1 + (j - i) ** 2)
                        f = k2 / d2
                        want = (si + sizes[j]) * 0.5 + _GAP
                        if d2 < want * want:
                            f *= 5.0
                        fxi += dx * f
                        fyi += dy * f
                        fx[j] -= dx * f
                        fy[j] -= dy * f
                fx[i] += fxi
                fy[i] += fyi
        for i, j, w in springs:
            dx = xs[j] - xs[i]
            dy = ys[j] - ys[i]
            d = math.sqrt(dx * dx + dy * dy) + 1e-9
            f = w * (d - k) / d if w > 0 else -w * k / d
            fx[i] += dx * f
            fy[i] += dy * f
            fx[j] -= dx * f
            fy[j] -= dy * f
        for i in range(n):
            cx, cy, lim = walls[i]
            fx[i] -= (xs[i] - cx) * 0.01
            fy[i] -= (ys[i] - cy) * 0.01
            m = math.sqrt(fx[i] * fx[i] + fy[i] * fy[i])
            s = temp / m if m > temp else 1.0
            x = xs[i] + fx[i] * s
            y = ys[i] + fy[i] * s
            d = math.hypot(x - cx, y - cy)
            if d > lim > 0:
                x = cx + (x - cx) * lim / d
                y = cy + (y - cy) * lim / d
            xs[i] = x
            ys[i] = y
