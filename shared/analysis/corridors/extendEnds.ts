/**
 * Follows a free corridor past the ends where the local-shape test lost it: into a town whose
 * hotspot drowns its linearity, or across a junction with another corridor. Each step looks one
 * step ahead along the end's direction and compares the strip within the half width with the two
 * flanking strips out to three half widths: under "no corridor here" a point of the box falls in
 * the strip with probability 1/3 (it is a third of the box's area), so the strip's count gets an
 * exact binomial upper-tail test, plus an effect-size floor. A hotspot is as dense in the flanks as
 * in the strip and stops the walk; a corridor running through it does not. The new end moves
 * sideways to the strip's mean, so the walk follows gentle curves.
 */
import { binomialSf } from '../../stats/binomial.ts';
import type { CellGrid } from '../cellGrid.ts';
import type { XY } from './polyline.ts';

export interface ExtendOptions {
  stepM: number;
  /** Walk no further than this beyond each end, metres. */
  maxM: number;
  /** Strip density / flank density needed to carry on. */
  minRatio: number;
  /** Per-step significance level. */
  alpha: number;
}

export function extendEnds(center: XY, halfWidth: number, grid: CellGrid, px: Float64Array, py: Float64Array, o: ExtendOptions): XY {
  let xs = Array.from(center.x);
  let ys = Array.from(center.y);
  for (let end = 0; end < 2; end++) {
    if (end === 1) {
      xs.reverse();
      ys.reverse();
    }
    // Walk off the last vertex (index length − 1).
    for (let walked = 0; walked < o.maxM; walked += o.stepM) {
      const k = xs.length - 1;
      const [tx, ty] = tangent(xs, ys, Math.min(1000, 2 * o.stepM));
      const ex = xs[k];
      const ey = ys[k];
      const c0 = Math.floor((Math.min(ex, ex + tx * o.stepM) - 3 * halfWidth - grid.originX) / grid.cellSize);
      const c1 = Math.floor((Math.max(ex, ex + tx * o.stepM) + 3 * halfWidth - grid.originX) / grid.cellSize);
      const r0 = Math.floor((Math.min(ey, ey + ty * o.stepM) - 3 * halfWidth - grid.originY) / grid.cellSize);
      const r1 = Math.floor((Math.max(ey, ey + ty * o.stepM) + 3 * halfWidth - grid.originY) / grid.cellSize);
      let strip = 0;
      let flank = 0;
      let perpSum = 0;
      for (let r = r0; r <= r1; r++) {
        for (let c = c0; c <= c1; c++) {
          const id = grid.find(c, r);
          if (id < 0) continue;
          for (let j = grid.cellStart[id]; j < grid.cellStart[id + 1]; j++) {
            const i = grid.order[j];
            const dx = px[i] - ex;
            const dy = py[i] - ey;
            const along = dx * tx + dy * ty;
            if (along <= 0 || along > o.stepM) continue;
            const perp = -dx * ty + dy * tx;
            const ap = Math.abs(perp);
            if (ap <= halfWidth) {
              strip++;
              perpSum += perp;
            } else if (ap <= 3 * halfWidth) flank++;
          }
        }
      }
      const total = strip + flank;
      if (strip < 5) break;
      // Strip area is half the flanks': density ratio = 2·strip / flank.
      if (2 * strip < o.minRatio * flank) break;
      if (binomialSf(strip - 1, total, 1 / 3) > o.alpha) break;
      const shift = Math.max(-halfWidth / 2, Math.min(halfWidth / 2, perpSum / strip));
      xs.push(ex + tx * o.stepM - ty * shift);
      ys.push(ey + ty * o.stepM + tx * shift);
    }
    if (end === 1) {
      xs = xs.reverse();
      ys = ys.reverse();
    }
  }
  return { x: Float64Array.from(xs), y: Float64Array.from(ys) };
}

/** Unit direction of the last `span` metres of the polyline, pointing out of its last vertex. */
function tangent(xs: number[], ys: number[], span: number): [number, number] {
  const k = xs.length - 1;
  let i = k;
  let d = 0;
  while (i > 0 && d < span) {
    d += Math.hypot(xs[i] - xs[i - 1], ys[i] - ys[i - 1]);
    i--;
  }
  const dx = xs[k] - xs[i];
  const dy = ys[k] - ys[i];
  const len = Math.hypot(dx, dy) || 1;
  return [dx / len, dy / len];
}
