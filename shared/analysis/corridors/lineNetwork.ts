/**
 * A line network in planar metres: nodes where line ends meet (within a tolerance), one edge per
 * input polyline. Edges keep their full geometry so distances along them are true lengths, and
 * an adjacency list (CSR) so shortest paths and kernel spreading walk it without allocation.
 */

export interface LineNetwork {
  nodeCount: number;
  edgeCount: number;
  nodeX: Float64Array;
  nodeY: Float64Array;
  edgeFrom: Int32Array;
  edgeTo: Int32Array;
  edgeLength: Float64Array;
  /** Edge e's vertices are vx/vy[edgeVertexStart[e] .. edgeVertexStart[e+1]). */
  edgeVertexStart: Int32Array;
  vx: Float64Array;
  vy: Float64Array;
  /** Distance along the edge at each vertex. */
  vcum: Float64Array;
  /** Input line each edge came from. */
  edgeSource: Int32Array;
  /** Original lon/lat of each vertex when given to buildLineNetwork (else empty). */
  vlon: Float64Array;
  vlat: Float64Array;
  /** Edges at node n: nodeEdges[nodeEdgeStart[n] .. nodeEdgeStart[n+1]). A self-loop appears twice. */
  nodeEdgeStart: Int32Array;
  nodeEdges: Int32Array;
  totalLength: number;
}

export interface BuildNetworkOptions {
  /** Line ends closer than this are one node, metres. */
  nodeTolerance?: number;
  /**
   * The same lines in lon/lat, vertex for vertex: kept alongside so output geometry can be cut
   * from the original coordinates (straight in lon/lat, as GeoJSON means them) with no inverse
   * projection per vertex.
   */
  lonLat?: ReadonlyArray<ReadonlyArray<readonly number[]>>;
}

/**
 * Builds the network from polylines given as [x, y] vertex lists in metres. Repeated vertices are
 * dropped; lines shorter than the node tolerance after that are skipped (they carry no length).
 */
export function buildLineNetwork(
  lines: ReadonlyArray<ReadonlyArray<readonly [number, number] | readonly number[]>>,
  options: BuildNetworkOptions = {},
): LineNetwork {
  const tol = options.nodeTolerance ?? 1;
  const nodeXs: number[] = [];
  const nodeYs: number[] = [];
  const cell = Math.max(tol, 1e-9);
  const grid = new Map<string, number[]>();

  const nodeAt = (x: number, y: number): number => {
    const cx = Math.floor(x / cell);
    const cy = Math.floor(y / cell);
    let best = -1;
    let bestD = tol * tol;
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        const list = grid.get(`${cx + dx},${cy + dy}`);
        if (!list) continue;
        for (const n of list) {
          const ddx = nodeXs[n] - x;
          const ddy = nodeYs[n] - y;
          const d = ddx * ddx + ddy * ddy;
          if (d <= bestD) {
            bestD = d;
            best = n;
          }
        }
      }
    }
    if (best >= 0) return best;
    const id = nodeXs.length;
    nodeXs.push(x);
    nodeYs.push(y);
    const key = `${cx},${cy}`;
    const list = grid.get(key);
    if (list) list.push(id);
    else grid.set(key, [id]);
    return id;
  };

  const from: number[] = [];
  const to: number[] = [];
  const lengths: number[] = [];
  const vStart: number[] = [0];
  const vx: number[] = [];
  const vy: number[] = [];
  const vcum: number[] = [];
  const vlon: number[] = [];
  const vlat: number[] = [];
  const source: number[] = [];

  for (let li = 0; li < lines.length; li++) {
    const line = lines[li];
    const ll = options.lonLat?.[li];
    const xs: number[] = [];
    const ys: number[] = [];
    const lons: number[] = [];
    const lats: number[] = [];
    for (let k = 0; k < line.length; k++) {
      const x = line[k][0];
      const y = line[k][1];
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      if (xs.length > 0 && xs[xs.length - 1] === x && ys[ys.length - 1] === y) continue;
      xs.push(x);
      ys.push(y);
      if (ll) {
        lons.push(ll[k][0]);
        lats.push(ll[k][1]);
      }
    }
    if (xs.length < 2) continue;
    let len = 0;
    const cum = [0];
    for (let i = 1; i < xs.length; i++) {
      len += Math.hypot(xs[i] - xs[i - 1], ys[i] - ys[i - 1]);
      cum.push(len);
    }
    if (len <= 0) continue;
    const a = nodeAt(xs[0], ys[0]);
    const b = nodeAt(xs[xs.length - 1], ys[ys.length - 1]);
    if (a === b && len <= tol) continue;
    from.push(a);
    to.push(b);
    lengths.push(len);
    source.push(li);
    for (let i = 0; i < xs.length; i++) {
      vx.push(xs[i]);
      vy.push(ys[i]);
      vcum.push(cum[i]);
      if (ll) {
        vlon.push(lons[i]);
        vlat.push(lats[i]);
      }
    }
    vStart.push(vx.length);
  }

  const nodeCount = nodeXs.length;
  const edgeCount = from.length;
  const deg = new Int32Array(nodeCount + 1);
  for (let e = 0; e < edgeCount; e++) {
    deg[from[e] + 1]++;
    deg[to[e] + 1]++;
  }
  for (let n = 0; n < nodeCount; n++) deg[n + 1] += deg[n];
  const nodeEdges = new Int32Array(deg[nodeCount]);
  const fill = deg.slice(0, nodeCount);
  for (let e = 0; e < edgeCount; e++) {
    nodeEdges[fill[from[e]]++] = e;
    nodeEdges[fill[to[e]]++] = e;
  }
  let total = 0;
  for (const l of lengths) total += l;

  return {
    nodeCount,
    edgeCount,
    nodeX: Float64Array.from(nodeXs),
    nodeY: Float64Array.from(nodeYs),
    edgeFrom: Int32Array.from(from),
    edgeTo: Int32Array.from(to),
    edgeLength: Float64Array.from(lengths),
    edgeVertexStart: Int32Array.from(vStart),
    vx: Float64Array.from(vx),
    vy: Float64Array.from(vy),
    vcum: Float64Array.from(vcum),
    edgeSource: Int32Array.from(source),
    vlon: Float64Array.from(vlon),
    vlat: Float64Array.from(vlat),
    nodeEdgeStart: deg,
    nodeEdges,
    totalLength: total,
  };
}

export function nodeDegree(net: LineNetwork, n: number): number {
  return net.nodeEdgeStart[n + 1] - net.nodeEdgeStart[n];
}

/** The point at `offset` metres along edge e (clamped to the edge). */
export function pointOnEdge(net: LineNetwork, e: number, offset: number): [number, number] {
  const s = net.edgeVertexStart[e];
  const t = net.edgeVertexStart[e + 1] - 1;
  if (offset <= 0) return [net.vx[s], net.vy[s]];
  if (offset >= net.edgeLength[e]) return [net.vx[t], net.vy[t]];
  let lo = s;
  let hi = t;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (net.vcum[mid] <= offset) lo = mid;
    else hi = mid;
  }
  const seg = net.vcum[hi] - net.vcum[lo];
  const f = seg > 0 ? (offset - net.vcum[lo]) / seg : 0;
  return [net.vx[lo] + f * (net.vx[hi] - net.vx[lo]), net.vy[lo] + f * (net.vy[hi] - net.vy[lo])];
}

/** The part of edge e between two offsets, as a vertex list (from `a` towards `b`, either way). */
export function edgeSlice(net: LineNetwork, e: number, a: number, b: number): [number, number][] {
  const lo = Math.max(0, Math.min(a, b));
  const hi = Math.min(net.edgeLength[e], Math.max(a, b));
  const out: [number, number][] = [pointOnEdge(net, e, lo)];
  const s = net.edgeVertexStart[e];
  const t = net.edgeVertexStart[e + 1];
  for (let i = s; i < t; i++) {
    if (net.vcum[i] > lo && net.vcum[i] < hi) out.push([net.vx[i], net.vy[i]]);
  }
  out.push(pointOnEdge(net, e, hi));
  if (a > b) out.reverse();
  return out;
}

/**
 * Like edgeSlice, in the original lon/lat (needs BuildNetworkOptions.lonLat), appended to `out`
 * as lon, lat pairs: cut points are interpolated along the original segment by the fraction of
 * its projected length. Returns the number of points written.
 */
export function appendEdgeSliceLonLat(net: LineNetwork, e: number, a: number, b: number, out: number[]): number {
  const lo = Math.max(0, Math.min(a, b));
  const hi = Math.min(net.edgeLength[e], Math.max(a, b));
  const s = net.edgeVertexStart[e];
  const t = net.edgeVertexStart[e + 1];
  const first = out.length;
  lonLatAt(net, s, t, lo, out);
  for (let i = s; i < t; i++) {
    if (net.vcum[i] > lo && net.vcum[i] < hi) out.push(net.vlon[i], net.vlat[i]);
  }
  lonLatAt(net, s, t, hi, out);
  const count = (out.length - first) / 2;
  if (a > b) {
    for (let i = 0, j = count - 1; i < j; i++, j--) {
      const x = out[first + 2 * i];
      const y = out[first + 2 * i + 1];
      out[first + 2 * i] = out[first + 2 * j];
      out[first + 2 * i + 1] = out[first + 2 * j + 1];
      out[first + 2 * j] = x;
      out[first + 2 * j + 1] = y;
    }
  }
  return count;
}

function lonLatAt(net: LineNetwork, s: number, t: number, offset: number, out: number[]): void {
  let i = s;
  let j = t - 1;
  while (j - i > 1) {
    const mid = (i + j) >> 1;
    if (net.vcum[mid] <= offset) i = mid;
    else j = mid;
  }
  const seg = net.vcum[i + 1] - net.vcum[i];
  const f = seg > 0 ? Math.min(1, Math.max(0, (offset - net.vcum[i]) / seg)) : 0;
  out.push(net.vlon[i] + f * (net.vlon[i + 1] - net.vlon[i]), net.vlat[i] + f * (net.vlat[i + 1] - net.vlat[i]));
}
