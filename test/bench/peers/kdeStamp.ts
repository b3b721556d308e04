/**
 * Reference kernel density for tests and benches only: the textbook way, written independently
 * of shared/analysis/kde.ts. Bandwidth by the same spatial Silverman rule with the median taken
 * from a full sort; then every point stamps its quartic kernel, 3/(π h²)·(1 − d²/h²)², into
 * every cell centre of its bounding square within h — O(n·π(h/cell)²). Same grid conventions as
 * kde(): row 0 south, values per km², default extent the points' box grown by h, default cell
 * min(width, height)/250.
 */
export interface StampGrid {
  values: Float64Array;
  cols: number;
  rows: number;
  originX: number;
  originY: number;
  cellSize: number;
  bandwidth: number;
}

function textbookBandwidth(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  const d = new Float64Array(n);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d2 = (x[i] - mx) ** 2 + (y[i] - my) ** 2;
    ss += d2;
    d[i] = Math.sqrt(d2);
  }
  d.sort();
  const dm = n % 2 ? d[n >> 1] : (d[n / 2 - 1] + d[n / 2]) / 2;
  return 0.9 * Math.min(Math.sqrt(ss / n), Math.sqrt(1 / Math.LN2) * dm) * n ** -0.2;
}

export function stampKde(x: Float64Array, y: Float64Array, options: { bandwidth?: number; cellSize?: number } = {}): StampGrid {
  const n = x.length;
  const h = options.bandwidth ?? textbookBandwidth(x, y);
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    minX = Math.min(minX, x[i]);
    maxX = Math.max(maxX, x[i]);
    minY = Math.min(minY, y[i]);
    maxY = Math.max(maxY, y[i]);
  }
  const ox = minX - h;
  const oy = minY - h;
  const width = maxX - minX + 2 * h;
  const height = maxY - minY + 2 * h;
  const cs = options.cellSize ?? Math.min(width, height) / 250;
  const cols = Math.max(1, Math.ceil(width / cs - 1e-9));
  const rows = Math.max(1, Math.ceil(height / cs - 1e-9));
  const values = new Float64Array(cols * rows);
  const h2 = h * h;
  const k0 = (3 / (Math.PI * h2)) * 1e6;
  for (let i = 0; i < n; i++) {
    const c0 = Math.max(0, Math.floor((x[i] - h - ox) / cs - 0.5));
    const c1 = Math.min(cols - 1, Math.ceil((x[i] + h - ox) / cs - 0.5));
    const r0 = Math.max(0, Math.floor((y[i] - h - oy) / cs - 0.5));
    const r1 = Math.min(rows - 1, Math.ceil((y[i] + h - oy) / cs - 0.5));
    for (let r = r0; r <= r1; r++) {
      const dy = oy + (r + 0.5) * cs - y[i];
      for (let c = c0; c <= c1; c++) {
        const dx = ox + (c + 0.5) * cs - x[i];
        const d2 = dx * dx + dy * dy;
        if (d2 < h2) {
          const t = 1 - d2 / h2;
          values[r * cols + c] += k0 * t * t;
        }
      }
    }
  }
  return { values, cols, rows, originX: ox, originY: oy, cellSize: cs, bandwidth: h };
}
