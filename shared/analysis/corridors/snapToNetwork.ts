import Flatbush from 'flatbush';
import type { LineNetwork } from './lineNetwork.ts';

export interface SnappedEvents {
  /** Edge of each point, -1 when no line is within the tolerance. */
  edge: Int32Array;
  /** Metres along the edge from its first vertex. */
  offset: Float64Array;
  /** Perpendicular distance to the line, metres (NaN when unsnapped). */
  distance: Float64Array;
}

/**
 * Snaps each point to the nearest line within `tolerance` metres. The segment index is a Flatbush
 * over every segment's box; the query box is the tolerance square, and the exact point–segment
 * distance picks the winner inside the filter so no result arrays are built per point.
 */
export function snapToNetwork(
  net: LineNetwork,
  x: Float64Array,
  y: Float64Array,
  tolerance: number,
  onChunk?: (done: number) => void,
): SnappedEvents {
  const n = x.length;
  const segCount = net.vx.length - net.edgeCount;
  const segStart = new Int32Array(Math.max(segCount, 1));
  const segEdge = new Int32Array(Math.max(segCount, 1));
  const index = new Flatbush(Math.max(segCount, 1));
  let k = 0;
  for (let e = 0; e < net.edgeCount; e++) {
    const s = net.edgeVertexStart[e];
    const t = net.edgeVertexStart[e + 1] - 1;
    for (let i = s; i < t; i++) {
      const x0 = net.vx[i];
      const y0 = net.vy[i];
      const x1 = net.vx[i + 1];
      const y1 = net.vy[i + 1];
      index.add(Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1));
      segStart[k] = i;
      segEdge[k] = e;
      k++;
    }
  }
  if (segCount === 0) index.add(Infinity, Infinity, Infinity, Infinity);
  index.finish();

  const edge = new Int32Array(n).fill(-1);
  const offset = new Float64Array(n);
  const distance = new Float64Array(n).fill(NaN);
  const tol2 = tolerance * tolerance;
  const { vx, vy, vcum } = net;

  let px = 0;
  let py = 0;
  let best = Infinity;
  let bestSeg = -1;
  let bestF = 0;
  const visit = (s: number): boolean => {
    const i = segStart[s];
    const ax = vx[i];
    const ay = vy[i];
    const dx = vx[i + 1] - ax;
    const dy = vy[i + 1] - ay;
    const l2 = dx * dx + dy * dy;
    let f = l2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / l2 : 0;
    if (f < 0) f = 0;
    else if (f > 1) f = 1;
    const qx = ax + f * dx - px;
    const qy = ay + f * dy - py;
    const d2 = qx * qx + qy * qy;
    if (d2 < best) {
      best = d2;
      bestSeg = s;
      bestF = f;
    }
    return false;
  };

  for (let p = 0; p < n; p++) {
    px = x[p];
    py = y[p];
    if (!Number.isFinite(px) || !Number.isFinite(py)) continue;
    best = Infinity;
    bestSeg = -1;
    index.search(px - tolerance, py - tolerance, px + tolerance, py + tolerance, visit);
    if (bestSeg >= 0 && best <= tol2) {
      const i = segStart[bestSeg];
      edge[p] = segEdge[bestSeg];
      offset[p] = vcum[i] + bestF * (vcum[i + 1] - vcum[i]);
      distance[p] = Math.sqrt(best);
    }
    if (onChunk && (p & 0xffff) === 0xffff) onChunk(p + 1);
  }
  return { edge, offset, distance };
}
