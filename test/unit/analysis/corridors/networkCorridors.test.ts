import path from 'node:path';
import * as shapefile from 'shapefile';
import type { Feature, Geometry, LineString, MultiLineString } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { networkCorridors } from '../../../../shared/analysis/corridors/networkCorridors.ts';
import { lixelsToGeoJSON, toCorridorGeoJSON } from '../../../../shared/analysis/corridors/geojson.ts';
import type { CorridorResult } from '../../../../shared/analysis/corridors/types.ts';
import { UserError } from '../../../../shared/errors.ts';
import { createRng } from '../../../../shared/synth/random.ts';
import type { LonLat } from '../../../../shared/synth/region.ts';
import { along, distanceToLineM, lengthM, sampleLine, shareWithin, shift } from './geoHelpers.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..', '..');
const clipped = path.resolve(repoRoot, '..', 'shared', 'fixtures', 'natural-earth', 'clipped');

async function readLines(name: string): Promise<{ name: unknown; geometry: Geometry | null }[]> {
  const src = await shapefile.open(path.join(clipped, `${name}.shp`), path.join(clipped, `${name}.dbf`), { encoding: 'utf-8' });
  const out: { name: unknown; geometry: Geometry | null }[] = [];
  for (;;) {
    const r = await src.read();
    if (r.done) break;
    const f = r.value as Feature<Geometry | null>;
    out.push({ name: f.properties?.name, geometry: f.geometry });
  }
  return out;
}

const partsOf = (g: Geometry | null): LonLat[][] =>
  !g ? [] : g.type === 'LineString' ? [g.coordinates as LonLat[]] : g.type === 'MultiLineString' ? (g.coordinates as LonLat[][]) : [];

describe('network corridors on Natural Earth rivers and the US–MX border', () => {
  let rivers: { name: unknown; geometry: Geometry | null }[];
  let border: MultiLineString | LineString;
  let stretch: LonLat[];
  let far: number[];
  let result: CorridorResult;
  let planted: number;
  const network: (Geometry | null)[] = [];

  beforeAll(async () => {
    rivers = await readLines('ne_10m_rivers_lake_centerlines_sonora_bc');
    const borders = await readLines('ne_10m_admin_0_boundary_lines_land_sonora_bc');
    border = borders[0].geometry as MultiLineString;
    network.push(...rivers.map((r) => r.geometry), ...borders.map((b) => b.geometry));
    const colorado = rivers.find((r) => r.name === 'Colorado');
    const allLines = network.flatMap(partsOf);
    // The Mexican reach of the Colorado, 45–70 km below its junction with the border line, where
    // the river has left the border (the border line follows it further north).
    const reach = partsOf(colorado!.geometry!).find((p) => p[0][1] > 32.7 && p[p.length - 1][1] < 32.1)!;
    stretch = sampleLine(reach, 45_000, 70_000, 25);
    const borderParts = partsOf(border);
    for (const p of stretch) expect(Math.min(...borderParts.map((b) => distanceToLineM(p[0], p[1], b)))).toBeGreaterThan(2000);

    const rng = createRng(20260317);
    const lon: number[] = [];
    const lat: number[] = [];
    const offset = (): number => Math.max(-150, Math.min(150, rng.normal() * 50));
    // 500 incidents along the stretch.
    for (let i = 0; i < 500; i++) {
      const a = along(reach, 45_000 + rng.next() * 25_000);
      const o = offset();
      const q = shift(a.p, a.nx * o, a.ny * o);
      lon.push(q[0]);
      lat.push(q[1]);
    }
    planted = lon.length;
    // 300 incidents spread along every line in proportion to its length: the background.
    const lens = allLines.map(lengthM);
    const total = lens.reduce((s, l) => s + l, 0);
    for (let i = 0; i < 300; i++) {
      let r = rng.next() * total;
      let k = 0;
      while (r > lens[k] && k < lens.length - 1) r -= lens[k++];
      const a = along(allLines[k], r);
      const o = offset();
      const q = shift(a.p, a.nx * o, a.ny * o);
      lon.push(q[0]);
      lat.push(q[1]);
    }
    // 80 incidents more than 500 m from every line: beyond the 250 m snap tolerance.
    far = [];
    while (far.length < 80) {
      const p: LonLat = [-115.4 + rng.next() * 1.2, 31.9 + rng.next() * 1.0];
      if (allLines.every((l) => distanceToLineM(p[0], p[1], l) > 500)) {
        far.push(lon.length);
        lon.push(p[0]);
        lat.push(p[1]);
      }
    }
    const n = lon.length;
    result = networkCorridors(
      {
        lon: Float64Array.from(lon),
        lat: Float64Array.from(lat),
        time: Float64Array.from({ length: n }, (_, i) => Date.UTC(2023, 0, 1) + i * 3_600_000),
        category: Int32Array.from({ length: n }, (_, i) => i % 2),
        categoryNames: ['homicide', 'drug_seizure'],
        quantity: Float64Array.from({ length: n }, (_, i) => (i % 2 ? 1.5 : NaN)),
        unit: Int32Array.from({ length: n }, (_, i) => (i % 2 ? 0 : -1)),
        unitNames: ['kg'],
      },
      network,
      { border },
    );
  });

  it('lists every incident beyond the snap tolerance as unsnapped, and only those', () => {
    expect(Array.from(result.unsnapped)).toEqual(far);
  });

  it('finds the planted stretch as the one corridor', () => {
    expect(result.corridors).toHaveLength(1);
    const c = result.corridors[0];
    const line = c.centerline.coordinates as LonLat[];
    // Both ways: the stretch lies on the centreline and the centreline on the stretch.
    expect(shareWithin(stretch, line, 300)).toBeGreaterThanOrEqual(0.95);
    expect(shareWithin(sampleLine(line, 0, lengthM(line), 25), stretch, 300)).toBeGreaterThanOrEqual(0.95);
    expect(c.lengthKm).toBeGreaterThan(25 * 0.9);
    expect(c.lengthKm).toBeLessThan(25 * 1.1);
    // The 500 planted incidents, plus the few background ones that fell on the same 25 km.
    expect(c.count).toBeGreaterThanOrEqual(planted * 0.98);
    expect(c.count).toBeLessThan(planted + 40);
    expect(c.perKm).toBeCloseTo(c.count / c.lengthKm, 9);
    expect(c.countsByCategory.homicide + c.countsByCategory.drug_seizure).toBe(c.count);
    expect(c.quantityByUnit.kg).toBeCloseTo(1.5 * c.countsByCategory.drug_seizure, 9);
    expect(c.firstTime).toBeLessThanOrEqual(c.lastTime!);
    expect(c.crossesBorder).toBe(false);
    expect(c.borderDistanceM).toBeGreaterThan(2000);
    expect(c.pValue).toBeLessThan(0.05);
  });

  it('marks lixels significant only along the stretch', () => {
    const lx = result.lixels!;
    let off = 0;
    for (let k = 0; k < lx.significant.length; k++) {
      if (!lx.significant[k]) continue;
      const i = (lx.coordStart[k] + lx.coordStart[k + 1] - 1) >> 1;
      const mid: LonLat = [lx.coords[2 * i], lx.coords[2 * i + 1]];
      // The bandwidth (1 km) can carry significance just past the ends of the stretch.
      if (distanceToLineM(mid[0], mid[1], stretch) > 1200) off++;
    }
    expect(off).toBe(0);
    expect(lx.perKm.length).toBe(lx.count.length);
    const fc = lixelsToGeoJSON(lx);
    expect(fc.features.length).toBe(lx.count.length);
    // Lixels tile the network: their lengths add up to it.
    expect(lx.lengthM.reduce((s, l) => s + l, 0)).toBeCloseTo(result.parameters.networkLengthM as number, 3);
  });

  it('exports one centreline and one polygon per corridor sharing the id', () => {
    const fc = toCorridorGeoJSON(result);
    expect(fc.features.map((f) => f.geometry.type)).toEqual(['LineString', 'Polygon']);
    expect(new Set(fc.features.map((f) => f.properties.corridor_id)).size).toBe(1);
    const poly = fc.features[1].geometry;
    const ring = poly.type === 'Polygon' ? poly.coordinates[0] : [];
    expect(ring.length).toBeGreaterThan(10);
  });

  it('reports progress and stops when cancelled', () => {
    const input = { lon: Float64Array.of(-115, -115.1, -115.2), lat: Float64Array.of(32.3, 32.3, 32.3) };
    const ac = new AbortController();
    ac.abort();
    expect(() => networkCorridors(input, network, { signal: ac.signal, snapToleranceM: 50_000 })).toThrow(/cancelled/);
    const seen: number[] = [];
    networkCorridors(input, network, { snapToleranceM: 50_000, onProgress: (done, total) => seen.push(done / total) });
    expect(seen.length).toBeGreaterThan(2);
    expect(seen[seen.length - 1]).toBe(1);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });

  it('rejects a network layer that is not lines, and bad distances', () => {
    const input = { lon: Float64Array.of(-115, -115.1, -115.2), lat: Float64Array.of(32.3, 32.3, 32.3) };
    expect(() => networkCorridors(input, [{ type: 'Point', coordinates: [-115, 32] }])).toThrow(UserError);
    expect(() => networkCorridors(input, [{ type: 'Point', coordinates: [-115, 32] }])).toThrow(/feature 0 is a Point/);
    expect(() => networkCorridors(input, network, { bandwidthM: -1 })).toThrow(/bandwidthM must be a number greater than 0/);
    expect(() => networkCorridors(input, network, { lixelLengthM: 0 })).toThrow(UserError);
    expect(() => networkCorridors({ lon: Float64Array.of(-115), lat: Float64Array.of(32) }, network)).toThrow(/at least 3 incidents/);
  });
});
