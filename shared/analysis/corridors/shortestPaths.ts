import type { LineNetwork } from './lineNetwork.ts';

/**
 * Bounded Dijkstra from one node, reusing its buffers between calls: `dist` holds Infinity for
 * every node except those listed in `reached` after a run, so a run costs only what it touches.
 */
export class BoundedDijkstra {
  readonly dist: Float64Array;
  reached: Int32Array;
  reachedCount = 0;
  private heapNode: Int32Array;
  private heapKey: Float64Array;
  private heapSize = 0;

  constructor(private readonly net: LineNetwork) {
    this.dist = new Float64Array(net.nodeCount).fill(Infinity);
    this.reached = new Int32Array(16);
    this.heapNode = new Int32Array(16);
    this.heapKey = new Float64Array(16);
  }

  /** Distances from `source` to every node within `radius`; pass seeds to start from several nodes. */
  run(source: number, radius: number, sourceDist = 0): void {
    this.reset();
    this.relaxSeed(source, sourceDist);
    this.drain(radius);
  }

  /** Starts from several nodes with initial distances (e.g. both ends of an edge from a point on it). */
  runFrom(seeds: ReadonlyArray<readonly [number, number]>, radius: number): void {
    this.reset();
    for (const [n, d] of seeds) if (d <= radius) this.relaxSeed(n, d);
    this.drain(radius);
  }

  private reset(): void {
    for (let i = 0; i < this.reachedCount; i++) this.dist[this.reached[i]] = Infinity;
    this.reachedCount = 0;
    this.heapSize = 0;
  }

  private relaxSeed(n: number, d: number): void {
    if (d < this.dist[n]) {
      if (this.dist[n] === Infinity) this.markReached(n);
      this.dist[n] = d;
      this.push(n, d);
    }
  }

  private drain(radius: number): void {
    const { nodeEdgeStart, nodeEdges, edgeFrom, edgeTo, edgeLength } = this.net;
    const dist = this.dist;
    while (this.heapSize > 0) {
      const d = this.heapKey[0];
      const u = this.pop();
      if (d > dist[u]) continue;
      for (let k = nodeEdgeStart[u]; k < nodeEdgeStart[u + 1]; k++) {
        const e = nodeEdges[k];
        const v = edgeFrom[e] === u ? edgeTo[e] : edgeFrom[e];
        const nd = d + edgeLength[e];
        if (nd <= radius && nd < dist[v]) {
          if (dist[v] === Infinity) this.markReached(v);
          dist[v] = nd;
          this.push(v, nd);
        }
      }
    }
  }

  private markReached(n: number): void {
    if (this.reachedCount === this.reached.length) {
      const r = new Int32Array(this.reached.length * 2);
      r.set(this.reached);
      this.reached = r;
    }
    this.reached[this.reachedCount++] = n;
  }

  private push(n: number, key: number): void {
    if (this.heapSize === this.heapNode.length) {
      const hn = new Int32Array(this.heapNode.length * 2);
      hn.set(this.heapNode);
      this.heapNode = hn;
      const hk = new Float64Array(this.heapKey.length * 2);
      hk.set(this.heapKey);
      this.heapKey = hk;
    }
    let i = this.heapSize++;
    const hn = this.heapNode;
    const hk = this.heapKey;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (hk[p] <= key) break;
      hn[i] = hn[p];
      hk[i] = hk[p];
      i = p;
    }
    hn[i] = n;
    hk[i] = key;
  }

  private pop(): number {
    const hn = this.heapNode;
    const hk = this.heapKey;
    const top = hn[0];
    const n = --this.heapSize;
    if (n > 0) {
      const lastN = hn[n];
      const lastK = hk[n];
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && hk[c + 1] < hk[c]) c++;
        if (hk[c] >= lastK) break;
        hn[i] = hn[c];
        hk[i] = hk[c];
        i = c;
      }
      hn[i] = lastN;
      hk[i] = lastK;
    }
    return top;
  }
}
