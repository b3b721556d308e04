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
 * Snaps each point to the nearest line within `tolerance` metres (ties: the first segment found).
 * The segment index is a Flatbush over every segment's box; exact point–segment distances pick
 * the winner among the candidates of the point's cell.
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
  const { vx, vy, vcum } = net;

  // Points are bucketed in cells of twice the tolerance and the index is searched once per
  // occupied cell (its box grown by the tolerance): one tree query per cell instead of per point,
  // which at a million points is the difference between seconds and a fraction of one.
  const cell = 2 * tolerance;
  const cellOf = new Int32Array(n).fill(-1);
  const cellX: number[] = [];
  const cellY: number[] = [];
  let minCx = Infinity;
  let minCy = Infinity;
  let maxCx = -Infinity;
  let maxCy = -Infinity;
  for (let p = 0; p < n; p++) {
    if (!Number.isFinite(x[p]) || !Number.isFinite(y[p])) continue;
    const cx = Math.floor(x[p] / cell);
    const cy = Math.floor(y[p] / cell);
    if (cx < minCx) minCx = cx;
    if (cx > maxCx) maxCx = cx;
    if (cy < minCy) minCy = cy;
    if (cy > maxCy) maxCy = cy;
  }
  const gw = maxCx - minCx + 1;
  const gh = maxCy - minCy + 1;
  // A dense id table when the points' extent is compact, a Map when they are few and far apart.
  const dense = gw > 0 && gw * gh <= Math.max(4 * n, 1 << 16) ? new Int32Array(gw * gh).fill(-1) : null;
  const sparse = dense ? null : new Map<number, number>();
  for (let p = 0; p < n; p++) {
    if (!Number.isFinite(x[p]) || !Number.isFinite(y[p])) continue;
    const cx = Math.floor(x[p] / cell);
    const cy = Math.floor(y[p] / cell);
    const key = (cy - minCy) * gw + (cx - minCx);
    let id = dense ? dense[key] : (sparse!.get(key) ?? -1);
    if (id < 0) {
      id = cellX.length;
      if (dense) dense[key] = id;
      else sparse!.set(key, id);
      cellX.push(cx);
      cellY.push(cy);
    }
    cellOf[p] = id;
  }
  const cellCount = cellX.length;
  const start = new Int32Array(cellCount + 1);
  for (let p = 0; p < n; p++) if (cellOf[p] >= 0) start[cellOf[p] + 1]++;
  for (let c = 0; c < cellCount; c++) start[c + 1] += start[c];
  const fill = start.slice(0, cellCount);
  const members = new Int32Array(start[cellCount]);
  for (let p = 0; p < n; p++) if (cellOf[p] >= 0) members[fill[cellOf[p]]++] = p;

  const tol2 = tolerance * tolerance;
  for (let c = 0; c < cellCount; c++) {
    const x0 = cellX[c] * cell - tolerance;
    const y0 = cellY[c] * cell - tolerance;
    const cand = index.search(x0, y0, x0 + cell + 2 * tolerance, y0 + cell + 2 * tolerance);
    if (segCount === 0 || cand.length === 0) continue;
    for (let m = start[c]; m < start[c + 1]; m++) {
      const p = members[m];
      const px = x[p];
      const py = y[p];
      let best = Infinity;
      let bestSeg = -1;
      let bestF = 0;
      for (let k = 0; k < cand.length; k++) {
        const s = cand[k];
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
      }
      if (bestSeg >= 0 && best <= tol2) {
        const i = segStart[bestSeg];
        edge[p] = segEdge[bestSeg];
        offset[p] = vcum[i] + bestF * (vcum[i + 1] - vcum[i]);
        distance[p] = Math.sqrt(best);
      }
    }
    if (onChunk && (c & 1023) === 1023) onChunk(start[c + 1]);
  }
  return { edge, offset, distance };
}
