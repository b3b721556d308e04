import { describe, expect, it } from 'vitest';
import { binPoints, cellRing, mercatorX, mercatorY, type BinnablePoints } from '../../../shared/geo/viewBins.ts';

function points(lonlat: [number, number, number?, number?][], categories: string[] = []): BinnablePoints {
  const n = lonlat.length;
  const p: BinnablePoints = {
    count: n,
    mx: new Float64Array(n),
    my: new Float64Array(n),
    time: new Float64Array(n),
    category: new Int32Array(n),
    categories,
  };
  lonlat.forEach(([lon, lat, t, c], i) => {
    p.mx[i] = mercatorX(lon);
    p.my[i] = mercatorY(lat);
    p.time[i] = t ?? NaN;
    p.category[i] = c ?? -1;
  });
  return p;
}

describe('binPoints', () => {
  const bbox: [number, number, number, number] = [-116, 31, -114, 33];

  it('counts every point in the view once, in the cell that holds it, and leaves the rest out', () => {
    const p = points([
      [-115, 32],
      [-115.0001, 32.0001],
      [-114.5, 31.5],
      [-120, 32], // outside
    ]);
    const b = binPoints(p, { bbox, zoom: 8.6 });
    expect(b.gridZoom).toBe(8);
    expect(b.total).toBe(3);
    expect(b.max).toBe(2);
    const cells = [];
    for (let k = 0; k < b.cells.length; k += 4) cells.push(b.cells.slice(k, k + 4));
    expect(cells.map((c) => c[2]).sort()).toEqual([1, 2]);
    // The cell of the pair contains it.
    const pair = cells.find((c) => c[2] === 2)!;
    const ring = cellRing(pair[0], pair[1], b.cellsPerWorld);
    expect(ring[0][0]).toBeLessThanOrEqual(-115.0001);
    expect(ring[1][0]).toBeGreaterThanOrEqual(-115);
    expect(ring[0][1]).toBeLessThanOrEqual(32);
    expect(ring[2][1]).toBeGreaterThanOrEqual(32.0001);
    // 16 px at zoom 8: 512·2^8/16 cells around the world.
    expect(b.cellsPerWorld).toBe(8192);
  });

  it('filters by time [from, to) and category, and names the dominant category', () => {
    const p = points(
      [
        [-115, 32, 100, 0],
        [-115, 32, 200, 1],
        [-115, 32, 250, 1],
        [-115, 32, 300, 1],
        [-115, 32, NaN, 0],
      ],
      ['a', 'b'],
    );
    expect(binPoints(p, { bbox, zoom: 6 }).cells[3]).toBe(1);
    expect(binPoints(p, { bbox, zoom: 6, from: 100, to: 300 }).total).toBe(3);
    expect(binPoints(p, { bbox, zoom: 6, categories: ['a'] }).total).toBe(2);
    expect(binPoints(p, { bbox, zoom: 6, categories: [] }).total).toBe(0);
  });

  // How fast: npm run bench -- view (beside supercluster).
  it('bins a million points, each counted once, into a bounded number of cells', () => {
    const n = 1_000_000;
    const p = points([]);
    Object.assign(p, { count: n, mx: new Float64Array(n), my: new Float64Array(n), time: new Float64Array(n), category: new Int32Array(n) });
    for (let i = 0; i < n; i++) {
      p.mx[i] = mercatorX(-116 + ((i * 7919) % 1000) / 500);
      p.my[i] = mercatorY(31 + ((i * 104729) % 1000) / 500);
    }
    const b = binPoints(p, { bbox, zoom: 7 });
    expect(b.total).toBe(n);
    let counted = 0;
    for (let i = 2; i < b.cells.length; i += 4) counted += b.cells[i];
    expect(counted).toBe(n);
    expect(b.cells.length / 4).toBeLessThan(10_000);
  });
});
