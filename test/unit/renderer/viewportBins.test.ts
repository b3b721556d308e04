/**
 * The view bins as the map draws them: one square polygon per non-empty cell, its count, the
 * ramp level on a log scale (1 at the fullest cell) and the dominant category by name.
 */
import { describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { binPoints, mercatorX, mercatorY, type BinnablePoints } from '../../../shared/geo/viewBins.ts';
import { binsToGeoJSON } from '../../../renderer/map/viewportLoader.ts';

describe('binsToGeoJSON', () => {
  it('gives each cell its square, count, log level and dominant category', () => {
    const pts: [number, number, number][] = [
      [-115, 32, 0],
      [-115, 32, 1],
      [-115, 32, 1],
      ...Array.from({ length: 97 }, (): [number, number, number] => [-114.5, 31.5, 0]),
    ];
    const p: BinnablePoints = {
      count: pts.length,
      mx: Float64Array.from(pts, ([lon]) => mercatorX(lon)),
      my: Float64Array.from(pts, ([, lat]) => mercatorY(lat)),
      time: new Float64Array(pts.length).fill(NaN),
      category: Int32Array.from(pts, ([, , c]) => c),
      categories: ['homicide', 'seizure_cocaine'],
    };
    const fc = binsToGeoJSON(binPoints(p, { bbox: [-116, 31, -114, 33], zoom: 8 }));
    expect(fc.features).toHaveLength(2);
    const small = fc.features.find((f) => f.properties!.count === 3)!;
    const big = fc.features.find((f) => f.properties!.count === 97)!;
    expect(big.properties!.level).toBe(1);
    expect(small.properties!.level).toBeCloseTo(Math.log(4) / Math.log(98), 12);
    expect(small.properties!.top).toBe('seizure_cocaine');
    expect(big.properties!.top).toBe('homicide');
    const ring = (small.geometry as Polygon).coordinates[0];
    expect(ring).toHaveLength(5);
    expect(ring[0][0]).toBeLessThanOrEqual(-115);
    expect(ring[2][0]).toBeGreaterThanOrEqual(-115);
    expect(ring[0][1]).toBeLessThanOrEqual(32);
    expect(ring[2][1]).toBeGreaterThanOrEqual(32);
  });
});
