import { cumulativeLength, polylineLength, slicePolyline, type XY } from './polyline.ts';

export interface JoinablePiece {
  center: XY;
  halfWidthM: number;
}

/**
 * Joins corridor pieces that continue one another: an end of one lies within `maxGapM` of an end of
 * the other and both point across the gap (within `maxAngleDeg`). A corridor gets cut where it
 * crosses another or runs through a town, and those cuts are not the analyst's business.
 * Returns new pieces; the half width of a joined piece is the length-weighted mean.
 */
export function joinAligned<T extends JoinablePiece>(pieces: T[], maxGapM: number, maxAngleDeg = 35, merge: (a: T, b: T, center: XY, halfWidthM: number) => T): T[] {
  const cosMax = Math.cos((maxAngleDeg * Math.PI) / 180);
  let out = pieces.slice();
  for (;;) {
    let best: { i: number; j: number; endI: 0 | 1; endJ: 0 | 1; score: number } | null = null;
    for (let i = 0; i < out.length; i++) {
      for (let j = i + 1; j < out.length; j++) {
        for (const endI of [0, 1] as const) {
          for (const endJ of [0, 1] as const) {
            const a = endInfo(out[i].center, endI);
            const b = endInfo(out[j].center, endJ);
            const vx = b.x - a.x;
            const vy = b.y - a.y;
            const gap = Math.hypot(vx, vy);
            if (gap > maxGapM) continue;
            // Tangents point outward; continuing pieces have them opposed, and the gap runs along them.
            const opposed = -(a.tx * b.tx + a.ty * b.ty);
            if (opposed < cosMax) continue;
            if (gap > 1e-6) {
              const alongA = (a.tx * vx + a.ty * vy) / gap;
              const alongB = -(b.tx * vx + b.ty * vy) / gap;
              // A short gap can sit across the lines' width; only insist on alignment when it is long.
              if (gap > 2 * Math.max(out[i].halfWidthM, out[j].halfWidthM) && (alongA < cosMax || alongB < cosMax)) continue;
            }
            const score = gap * (2 - opposed);
            if (!best || score < best.score) best = { i, j, endI, endJ, score };
          }
        }
      }
    }
    if (!best) return out;
    const A = best.endI === 1 ? out[best.i].center : reverse(out[best.i].center);
    const B = best.endJ === 0 ? out[best.j].center : reverse(out[best.j].center);
    const center: XY = {
      x: Float64Array.from([...A.x, ...B.x]),
      y: Float64Array.from([...A.y, ...B.y]),
    };
    const la = polylineLength(A);
    const lb = polylineLength(B);
    const hw = (out[best.i].halfWidthM * la + out[best.j].halfWidthM * lb) / Math.max(la + lb, 1e-9);
    const merged = merge(out[best.i], out[best.j], center, hw);
    out = out.filter((_, k) => k !== best.i && k !== best.j);
    out.push(merged);
  }
}

/** End point and outward unit tangent, the tangent taken over the last kilometre (or less). */
function endInfo(c: XY, end: 0 | 1): { x: number; y: number; tx: number; ty: number } {
  const cum = cumulativeLength(c);
  const L = cum[cum.length - 1];
  const span = Math.min(1000, L / 2);
  const inner = end === 0 ? slicePolyline(c, span, span) : slicePolyline(c, L - span, L - span);
  const k = end === 0 ? 0 : c.x.length - 1;
  const x = c.x[k];
  const y = c.y[k];
  const dx = x - inner.x[0];
  const dy = y - inner.y[0];
  const d = Math.hypot(dx, dy) || 1;
  return { x, y, tx: dx / d, ty: dy / d };
}

function reverse(c: XY): XY {
  return { x: Float64Array.from(c.x).reverse(), y: Float64Array.from(c.y).reverse() };
}
