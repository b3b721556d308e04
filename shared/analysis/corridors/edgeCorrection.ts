/**
 * Diggle's edge correction on a network, as spNetwork's correction_factor defines it for the
 * simple kernel: an event near the edge of the study area loses the part of its kernel that falls
 * on network outside the area, so its weight is scaled by 1 / (1 − mass outside).
 * The mass is integrated numerically (midpoint rule, bw/2000 steps) along every edge the kernel
 * reaches by shortest network distance.
 */
import { kernels } from './kernels.ts';
import { pointOnEdge, type LineNetwork } from './lineNetwork.ts';
import type { EdgePoints } from './lixels.ts';
import { BoundedDijkstra } from './shortestPaths.ts';
import type { KernelName } from './types.ts';

export function edgeCorrectionFactors(
  net: LineNetwork,
  events: EdgePoints,
  bw: number,
  inside: (x: number, y: number) => boolean,
  kernel: KernelName = 'quartic',
): Float64Array {
  const K = kernels[kernel];
  const out = new Float64Array(events.edge.length);
  const fromA = new BoundedDijkstra(net);
  const fromB = new BoundedDijkstra(net);
  const h = bw / 2000;
  for (let i = 0; i < events.edge.length; i++) {
    const e = events.edge[i];
    const s = events.offset[i];
    const L = net.edgeLength[e];
    fromA.run(net.edgeFrom[e], bw);
    fromB.run(net.edgeTo[e], bw);
    const edges = new Set<number>([e]);
    for (const run of [fromA, fromB]) {
      for (let r = 0; r < run.reachedCount; r++) {
        const u = run.reached[r];
        for (let k = net.nodeEdgeStart[u]; k < net.nodeEdgeStart[u + 1]; k++) edges.add(net.nodeEdges[k]);
      }
    }
    const toNode = (u: number): number => Math.min(s + fromA.dist[u], L - s + fromB.dist[u]);
    let outside = 0;
    for (const f of edges) {
      const Lf = net.edgeLength[f];
      const du = toNode(net.edgeFrom[f]);
      const dv = toNode(net.edgeTo[f]);
      const steps = Math.max(1, Math.ceil(Lf / h));
      const step = Lf / steps;
      for (let k = 0; k < steps; k++) {
        const t = (k + 0.5) * step;
        let d = Math.min(du + t, dv + Lf - t);
        if (f === e) d = Math.min(d, Math.abs(t - s));
        if (d >= bw) continue;
        const [x, y] = pointOnEdge(net, f, t);
        if (!inside(x, y)) outside += K(d, bw) * step;
      }
    }
    out[i] = 1 / (1 - outside);
  }
  return out;
}

/** Even–odd point-in-polygon test for one ring of [x, y] vertices. */
export function pointInRing(x: number, y: number, ring: ReadonlyArray<readonly number[]>): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
