// AssemblyScript, compiled to WebAssembly by scripts/build-wasm.ts into kdeSweepWasm.ts (a test
// rebuilds it and checks the two agree). The row sweep of shared/analysis/kde.ts — the same
// arithmetic in the same order, so the grid is the same bit for bit — because it is where a
// million-point density spends its time: with the sweep in JavaScript a whole 1M-point KDE takes
// 1.3–1.4× as long (npm run bench -- analysis: ours-js vs ours). If this file changes, run
// npm run build:wasm. Memory holds, at addresses the caller gives:
// pts (x, y, weight per point, f64), bStart (i32 per bucket + 1), acc ((cols + 1) · 8 f64) and
// out (the chunk's rows, f64).
const STRIDE: i32 = 8;

function addRowIntervals(pts: usize, from: i32, to: i32, r: i32, hc: f64, cols: i32, block: i32, acc: usize): bool {
  const mask = block - 1;
  const half = <f64>(block >> 1);
  const hc2 = hc * hc;
  const g = 1.0 / hc2;
  const twoG = 2.0 * g;
  const g2 = g * g;
  const last = cols - 1;
  const top = cols + 2;
  const rf = <f64>r;
  const colsF = <f64>cols;
  const topF = <f64>top;
  let touched = false;
  for (let i = from; i < to; i++) {
    const p3 = pts + (<usize>i * 24);
    const dy = rf - load<f64>(p3, 8);
    const a = 1.0 - (dy * dy) / hc2;
    if (a <= 0) continue;
    const v0 = load<f64>(p3);
    const span = hc * Math.sqrt(a);
    let t0 = v0 - span;
    let t1 = v0 + span;
    t0 = t0 > -1.0 ? t0 : -1.0;
    t1 = t1 < colsF ? t1 : colsF;
    const f0 = <i32>(t0 + 2.0) - 1;
    const f1 = top - 1 - <i32>(topF - t1);
    const c0 = f0 > 0 ? f0 : 0;
    const c1 = f1 < last ? f1 : last;
    if (c0 > c1) continue;
    touched = true;
    const W = load<f64>(p3, 16);
    const Wg2 = W * g2;
    let lo = c0 & ~mask;
    let s0 = c0;
    while (true) {
      const v = v0 - <f64>lo - half;
      const p = a - g * v * v;
      const s = twoG * v;
      const Wp = W * p;
      const Ws = W * s;
      const q0 = Wp * p;
      const q1 = 2.0 * Wp * s;
      const q2 = Ws * s - twoG * Wp;
      const q3 = -twoG * Ws;
      let k = acc + (<usize>(s0 * STRIDE) << 3);
      store<f64>(k, load<f64>(k) + q0);
      store<f64>(k, load<f64>(k, 8) + q1, 8);
      store<f64>(k, load<f64>(k, 16) + q2, 16);
      store<f64>(k, load<f64>(k, 24) + q3, 24);
      store<f64>(k, load<f64>(k, 32) + Wg2, 32);
      store<f64>(k, load<f64>(k, 40) + 1.0, 40);
      const e1 = lo + mask;
      if (c1 < e1) {
        k += <usize>((c1 + 1 - s0) * STRIDE) << 3;
        store<f64>(k, load<f64>(k) - q0);
        store<f64>(k, load<f64>(k, 8) - q1, 8);
        store<f64>(k, load<f64>(k, 16) - q2, 16);
        store<f64>(k, load<f64>(k, 24) - q3, 24);
        store<f64>(k, load<f64>(k, 32) - Wg2, 32);
        store<f64>(k, load<f64>(k, 40) - 1.0, 40);
        break;
      }
      if (c1 == e1) break;
      lo += block;
      s0 = lo;
    }
  }
  return touched;
}

function sweepRow(out: usize, cols: i32, block: i32, acc: usize): void {
  for (let lo = 0; lo < cols; lo += block) {
    const hi = lo + block < cols ? lo + block : cols;
    let a0 = 0.0, a1 = 0.0, a2 = 0.0, a3 = 0.0, a4 = 0.0, covered = 0.0;
    const mid = lo + (block >> 1);
    for (let c = lo; c < hi; c++) {
      const k = acc + (<usize>(c * STRIDE) << 3);
      const u = <f64>(c - mid);
      covered += load<f64>(k, 40);
      a0 += load<f64>(k);
      a1 += load<f64>(k, 8);
      a2 += load<f64>(k, 16);
      a3 += load<f64>(k, 24);
      a4 += load<f64>(k, 32);
      if (covered > 0) {
        const val = (((a4 * u + a3) * u + a2) * u + a1) * u + a0;
        store<f64>(out + (<usize>c << 3), val > 0 ? val : 0.0);
      }
    }
  }
  memory.fill(acc, 0, <usize>((cols + 1) * STRIDE) << 3);
}

/** Rows r0..r1 into out (row-major from r0, cols wide; zeroed here first). */
export function sweepRows(pts: usize, bStart: usize, buckets: i32, acc: usize, out: usize, cols: i32, r0: i32, r1: i32, hc: f64, R: i32, block: i32): void {
  memory.fill(out, 0, <usize>((r1 - r0) * cols) << 3);
  for (let r = r0; r < r1; r++) {
    let bFrom = <i32>Math.floor(<f64>r + <f64>R - hc - 0.5);
    if (bFrom < 0) bFrom = 0;
    let bTo = <i32>Math.floor(<f64>r + <f64>R + hc + 0.5);
    if (bTo > buckets - 1) bTo = buckets - 1;
    const from = load<i32>(bStart + (<usize>bFrom << 2));
    const to = load<i32>(bStart + (<usize>(bTo + 1) << 2));
    if (addRowIntervals(pts, from, to, r, hc, cols, block, acc)) sweepRow(out + (<usize>((r - r0) * cols) << 3), cols, block, acc);
  }
}
