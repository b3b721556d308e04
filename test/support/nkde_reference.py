"""Network kernel density, written apart from Frontera's (shared/analysis/corridors/networkKde.ts)
as the reference its tests compare against on a real street network.

Plain Python (the standard library only), following spNetwork's definitions (Gelb 2021; its
nkde_discontinuous.cpp worker): the quartic kernel already divided by bw, 'div = bw' dividing
once more; the discontinuous (Okabe & Sugihara equal-split) estimator walks every path from the
event, giving each of the n - 1 onward edges 1/(n - 1) of the mass at a node of degree n, an
event on a node of degree n > 2 sending 2/n down each edge, a dead end stopping the walk, and
junctions of degree > 2 counted towards max_depth. The simple estimator is the kernel of the
shortest network distance (Dijkstra).

Input (stdin, JSON): lines [[[x, y], ...], ...] in metres, events [[x, y], ...], bw, lixel,
node_tol, snap_tol, method ('discontinuous' | 'simple'), max_depth.
Output (stdout, JSON): edges, lixel_density (edge by edge, along each edge) and event_density
(per input event; null when it lies beyond snap_tol), both with div = bw.
"""
import heapq
import json
import math
import sys


def quartic(d, bw):
    if d >= bw:
        return 0.0
    u = d / bw
    return 15.0 / 16.0 * (1.0 - u * u) ** 2 / bw


def build(lines, tol):
    """Nodes where line ends meet within tol (first come, nearest), one edge per line."""
    nodes = []
    edges = []  # (from, to, vertices, cumulative lengths)

    def node_at(p):
        best, best_d = -1, tol
        for i, q in enumerate(nodes):
            d = math.hypot(p[0] - q[0], p[1] - q[1])
            if d <= best_d:
                best, best_d = i, d
        if best >= 0:
            return best
        nodes.append((p[0], p[1]))
        return len(nodes) - 1

    for line in lines:
        pts = [tuple(line[0])]
        for p in line[1:]:
            if p[0] != pts[-1][0] or p[1] != pts[-1][1]:
                pts.append(tuple(p))
        cum = [0.0]
        for a, b in zip(pts, pts[1:]):
            cum.append(cum[-1] + math.hypot(b[0] - a[0], b[1] - a[1]))
        if cum[-1] <= tol:
            continue
        edges.append((node_at(pts[0]), node_at(pts[-1]), pts, cum))
    adj = [[] for _ in nodes]
    for e, (a, b, _, _) in enumerate(edges):
        adj[a].append(e)
        adj[b].append(e)
    return nodes, edges, adj


def snap(edges, p, tol):
    best = None
    for e, (_, _, pts, cum) in enumerate(edges):
        for i in range(len(pts) - 1):
            (x0, y0), (x1, y1) = pts[i], pts[i + 1]
            dx, dy = x1 - x0, y1 - y0
            L2 = dx * dx + dy * dy
            t = 0.0 if L2 == 0 else max(0.0, min(1.0, ((p[0] - x0) * dx + (p[1] - y0) * dy) / L2))
            d = math.hypot(x0 + t * dx - p[0], y0 + t * dy - p[1])
            if best is None or d < best[0]:
                best = (d, e, cum[i] + t * (cum[i + 1] - cum[i]))
    if best is None or best[0] > tol:
        return None
    return best[1], best[2]


def discontinuous(nodes, edges, adj, samples, ev, bw, max_depth):
    """Kernel values of one event at every sample (samples: per edge, a list of (index, offset))."""
    out = {}
    e0, s = ev
    a, b, _, cum = edges[e0]
    L = cum[-1]

    def add(e, node, d, alpha):
        fa, _, _, c = edges[e]
        for j, t in samples[e]:
            dist = d + (t if fa == node else c[-1] - t)
            if dist < bw:
                out[j] = out.get(j, 0.0) + alpha * quartic(dist, bw)

    stack = []
    at_node = a if s <= 1e-9 else b if s >= L - 1e-9 else None
    if at_node is not None:
        n = len(adj[at_node])
        alpha = 2.0 / n if n > 2 else 1.0
        depth = 1 if n > 2 else 0
        for g in adj[at_node]:
            add(g, at_node, 0.0, alpha)
            other = edges[g][1] if edges[g][0] == at_node else edges[g][0]
            if edges[g][3][-1] < bw and depth < max_depth:
                stack.append((other, g, edges[g][3][-1], alpha, depth))
    else:
        for j, t in samples[e0]:
            if abs(t - s) < bw:
                out[j] = out.get(j, 0.0) + quartic(abs(t - s), bw)
        if s < bw:
            stack.append((a, e0, s, 1.0, 0))
        if L - s < bw:
            stack.append((b, e0, L - s, 1.0, 0))
    while stack:
        v, incoming, d, alpha, depth = stack.pop()
        n = len(adj[v])
        if n < 2:
            continue
        new_depth = depth + 1 if n > 2 else depth
        new_alpha = alpha / (n - 1)
        for g in adj[v]:
            if g == incoming:
                continue
            add(g, v, d, new_alpha)
            d2 = d + edges[g][3][-1]
            if d2 < bw and new_depth < max_depth:
                other = edges[g][1] if edges[g][0] == v else edges[g][0]
                stack.append((other, g, d2, new_alpha, new_depth))
    return out


def simple(nodes, edges, adj, samples, ev, bw):
    e0, s = ev
    a, b, _, cum = edges[e0]
    dist = {a: s}
    dist[b] = min(dist.get(b, math.inf), cum[-1] - s)
    heap = [(d, v) for v, d in dist.items()]
    heapq.heapify(heap)
    while heap:
        d, v = heapq.heappop(heap)
        if d > dist.get(v, math.inf) or d >= bw:
            continue
        for g in adj[v]:
            u = edges[g][1] if edges[g][0] == v else edges[g][0]
            nd = d + edges[g][3][-1]
            if nd < dist.get(u, math.inf):
                dist[u] = nd
                heapq.heappush(heap, (nd, u))
    out = {}
    for g, (fa, to, _, c) in enumerate(edges):
        du, dv = dist.get(fa, math.inf), dist.get(to, math.inf)
        for j, t in samples[g]:
            d = min(du + t, dv + c[-1] - t)
            if g == e0:
                d = min(d, abs(t - s))
            if d < bw:
                out[j] = out.get(j, 0.0) + quartic(d, bw)
    return out


def main():
    job = json.load(sys.stdin)
    nodes, edges, adj = build(job["lines"], job["node_tol"])
    bw = job["bw"]
    # Samples: lixel midpoints (equal pieces no longer than `lixel`), then the snapped events.
    samples = [[] for _ in edges]
    count = 0
    for e, (_, _, _, cum) in enumerate(edges):
        k = max(1, math.ceil(cum[-1] / job["lixel"] - 1e-9))
        step = cum[-1] / k
        for i in range(k):
            end = cum[-1] if i == k - 1 else (i + 1) * step
            samples[e].append((count, (i * step + end) / 2))
            count += 1
    lixel_count = count
    events = []
    for p in job["events"]:
        on = snap(edges, p, job["snap_tol"])
        events.append(on)
        if on is not None:
            samples[on[0]].append((count, on[1]))
        count += 1
    density = [0.0] * count
    for ev in events:
        if ev is None:
            continue
        if job["method"] == "discontinuous":
            k = discontinuous(nodes, edges, adj, samples, ev, bw, job["max_depth"])
        else:
            k = simple(nodes, edges, adj, samples, ev, bw)
        for j, v in k.items():
            density[j] += v / bw
    json.dump(
        {
            "edges": len(edges),
            "lixel_density": density[:lixel_count],
            "event_density": [None if events[i] is None else density[lixel_count + i] for i in range(len(events))],
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
