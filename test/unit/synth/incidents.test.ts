import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as shapefile from 'shapefile';
import { distance, lineString, point, pointToLineDistance } from '@turf/turf';
import type { MultiLineString, LineString, Position } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateIncidents, type IncidentSpec } from '../../../shared/synth/incidents.ts';
import { blobsOnlySpec, borderZoneSpec, splitCount } from '../../../shared/synth/presets.ts';
import { US_MEXICO_BORDER } from '../../../shared/synth/region.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const borderShp = path.resolve(repoRoot, '..', 'shared', 'fixtures', 'natural-earth', 'clipped',
  'ne_10m_admin_0_boundary_lines_land_sonora_bc.shp');

/** The fixture's US–Mexico border parts, read with the `shapefile` package. */
async function readBorder(): Promise<Position[][]> {
  const fc = await shapefile.read(borderShp);
  const parts: Position[][] = [];
  for (const f of fc.features) {
    const g = f.geometry as LineString | MultiLineString | null;
    if (!g) continue;
    if (g.type === 'LineString') parts.push(g.coordinates);
    else parts.push(...g.coordinates);
  }
  return parts;
}

/** Geodesic distance (Turf) from a point to the nearest of several lines, metres. */
function distToParts(lon: number, lat: number, parts: Position[][]): number {
  const p = point([lon, lat]);
  return Math.min(...parts.map((l) => pointToLineDistance(p, lineString(l), { units: 'meters' })));
}

/** Points every ~stepM along a line, vertices included. */
function densify(line: Position[], steps: number): Position[] {
  const out: Position[] = [];
  for (let i = 0; i + 1 < line.length; i++) {
    for (let k = 0; k < steps; k++) {
      const t = k / steps;
      out.push([line[i][0] + t * (line[i + 1][0] - line[i][0]), line[i][1] + t * (line[i + 1][1] - line[i][1])]);
    }
  }
  out.push(line[line.length - 1]);
  return out;
}

describe('generateIncidents', () => {
  const spec = borderZoneSpec(20_000);

  it('reproduces the same data for a seed and different data for another', () => {
    const a = generateIncidents(spec, 2023);
    const b = generateIncidents(borderZoneSpec(20_000), 2023);
    const c = generateIncidents(spec, 2024);
    for (const k of ['lon', 'lat', 'time', 'category', 'quantity', 'unit', 'component'] as const) {
      expect(Buffer.from(a[k].buffer).equals(Buffer.from(b[k].buffer))).toBe(true);
    }
    expect(Buffer.from(a.lon.buffer).equals(Buffer.from(c.lon.buffer))).toBe(false);
  });

  it('makes exactly the requested number of points per component', () => {
    const g = generateIncidents(spec, 1);
    expect(g.count).toBe(20_000);
    const H = g.truth.hotspots.length;
    const counts = new Map<number, number>();
    for (const c of g.component) counts.set(c, (counts.get(c) ?? 0) + 1);
    spec.hotspots.forEach((h, i) => expect(counts.get(i) ?? 0).toBe(h.count));
    spec.corridors.forEach((c, j) => expect(counts.get(H + j) ?? 0).toBe(c.count));
    expect(counts.get(-1)).toBe(spec.noiseCount);
    expect(spec.noiseCount).toBe(5000);
    expect(g.truth.corridors.map((c) => c.kind).sort()).toEqual(['border-parallel', 'curved', 'curved', 'straight']);
  });

  it('does not reveal the component by order (shuffled)', () => {
    const g = generateIncidents(spec, 1);
    // Unshuffled, the first 1000 points would all be hotspot 0.
    const first = new Set(g.component.subarray(0, 1000));
    expect(first.size).toBeGreaterThan(5);
  });

  it('spreads hotspot points as a round Gaussian with the planted sigma', () => {
    const g = generateIncidents(spec, 5);
    g.truth.hotspots.forEach((h, i) => {
      const kx = 111_195 * Math.cos((h.center[1] * Math.PI) / 180);
      const dx: number[] = [];
      const dy: number[] = [];
      for (let k = 0; k < g.count; k++) {
        if (g.component[k] !== i) continue;
        dx.push((g.lon[k] - h.center[0]) * kx);
        dy.push((g.lat[k] - h.center[1]) * 111_195);
      }
      const sd = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0) / v.length);
      const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
      // Hundreds of points per hotspot: the sample sd is within ~10 % and the mean within a few SE.
      expect(Math.abs(sd(dx) / h.sigmaM - 1)).toBeLessThan(0.12);
      expect(Math.abs(sd(dy) / h.sigmaM - 1)).toBeLessThan(0.12);
      expect(Math.abs(mean(dx))).toBeLessThan((4 * h.sigmaM) / Math.sqrt(dx.length));
      expect(Math.abs(mean(dy))).toBeLessThan((4 * h.sigmaM) / Math.sqrt(dy.length));
    });
  });

  it('puts every corridor point within 3 widths of its true centreline, spread along all of it', () => {
    const g = generateIncidents(spec, 6);
    const H = g.truth.hotspots.length;
    g.truth.corridors.forEach((c, j) => {
      const line = lineString(c.line);
      const d: number[] = [];
      let nearStart = 0;
      let nearEnd = 0;
      for (let k = 0; k < g.count; k++) {
        if (g.component[k] !== H + j) continue;
        const p = point([g.lon[k], g.lat[k]]);
        d.push(pointToLineDistance(p, line, { units: 'meters' }));
        if (distance(p, point(c.line[0]), { units: 'meters' }) < 3000) nearStart++;
        if (distance(p, point(c.line[c.line.length - 1]), { units: 'meters' }) < 3000) nearEnd++;
      }
      expect(d.length).toBe(c.count);
      // 3σ truncation, plus 1 % for the difference between our local metric and Turf's.
      expect(Math.max(...d)).toBeLessThan(3 * c.widthM * 1.01);
      const rms = Math.sqrt(d.reduce((s, x) => s + x * x, 0) / d.length);
      // RMS of a 3σ-truncated normal is 0.986σ.
      expect(Math.abs(rms / (0.986 * c.widthM) - 1)).toBeLessThan(0.1);
      expect(nearStart).toBeGreaterThan(0);
      expect(nearEnd).toBeGreaterThan(0);
    });
  });

  it('keeps noise inside the bbox and times inside the range', () => {
    const g = generateIncidents(spec, 7);
    const [x0, y0, x1, y1] = spec.bbox;
    for (let k = 0; k < g.count; k++) {
      if (g.component[k] === -1) {
        expect(g.lon[k] >= x0 && g.lon[k] <= x1 && g.lat[k] >= y0 && g.lat[k] <= y1).toBe(true);
      }
      expect(g.time[k] >= spec.timeRange[0] && g.time[k] < spec.timeRange[1]).toBe(true);
    }
  });

  it('gives quantities with units to seizures only, on their rounding step', () => {
    const g = generateIncidents(spec, 8);
    for (let k = 0; k < g.count; k++) {
      const name = g.categoryNames[g.category[k]];
      if (name.startsWith('seizure_')) {
        const unit = g.unitNames[g.unit[k]];
        expect(['kg', 'units']).toContain(unit);
        const step = unit === 'kg' ? 0.1 : 1;
        expect(g.quantity[k]).toBeGreaterThanOrEqual(step);
        expect(Math.abs(g.quantity[k] / step - Math.round(g.quantity[k] / step))).toBeLessThan(1e-9);
      } else {
        expect(Number.isNaN(g.quantity[k])).toBe(true);
        expect(g.unit[k]).toBe(-1);
      }
    }
  });

  it('honours a mask by redrawing, keeping counts exact', () => {
    const masked: IncidentSpec = { ...spec, within: (_lon, lat) => lat < 32.7 };
    const g = generateIncidents(masked, 9);
    const plain = generateIncidents(spec, 9);
    expect(g.count).toBe(20_000);
    for (let k = 0; k < g.count; k++) expect(g.lat[k]).toBeLessThan(32.7);
    // Unmasked, Los Algodones (32.70) and the border corridor put many points north of 32.7.
    expect(plain.lat.filter((y) => y >= 32.7).length).toBeGreaterThan(200);
    // Times and categories come from their own stream: the mask moves positions only.
    expect(Buffer.from(g.time.buffer).equals(Buffer.from(plain.time.buffer))).toBe(true);
    // San Luis Río Colorado lies east of −115: its hotspot cannot be placed, so this must fail.
    const impossible: IncidentSpec = { ...spec, within: (lon) => lon < -116 };
    expect(() => generateIncidents(impossible, 9)).toThrow(/mask rejected/);
  });

  it('generates 1M points as typed arrays', () => {
    // Its speed is no test's business: npm run bench -- demo times it inside the demo's layers.
    const g = generateIncidents(borderZoneSpec(1_000_000), 11);
    expect(g.count).toBe(1_000_000);
    expect(g.lon).toBeInstanceOf(Float64Array);
    expect(Number.isFinite(g.lon[999_999])).toBe(true);
  });
});

describe('blobsOnlySpec', () => {
  it('plants hotspots and noise only', () => {
    const g = generateIncidents(blobsOnlySpec(10_000), 3);
    expect(g.truth.corridors).toEqual([]);
    expect(g.count).toBe(10_000);
    expect(g.truth.noiseCount).toBe(3000);
    const maxComp = Math.max(...g.component);
    expect(maxComp).toBe(g.truth.hotspots.length - 1);
  });
});

describe('splitCount', () => {
  it('sums to n for awkward weights', () => {
    for (const n of [0, 1, 7, 10_000, 99_999, 1_000_000]) {
      const parts = splitCount(n, [0.3, 0.3, 0.12, 0.08, 0.1, 0.1]);
      expect(parts.reduce((s, v) => s + v, 0)).toBe(n);
    }
    expect(splitCount(10, [1, 1, 1])).toEqual([4, 3, 3]);
  });
});

describe('the border', () => {
  let fixture: Position[][];
  beforeAll(async () => {
    fixture = await readBorder();
  });

  it('embedded copy stays within 500 m of the Natural Earth line, both ways', () => {
    // Every point of our copy (vertices and 20 points per segment) is near the fixture …
    const ours = densify(US_MEXICO_BORDER.map((p) => [...p]), 20);
    let worst = 0;
    for (const [lon, lat] of ours) worst = Math.max(worst, distToParts(lon, lat, fixture));
    expect(worst).toBeLessThan(500);
    // … and every fixture vertex is near our copy, so no stretch was left out.
    const oursLine = [US_MEXICO_BORDER.map((p) => [...p])];
    let worstBack = 0;
    for (const part of fixture) for (const [lon, lat] of part) worstBack = Math.max(worstBack, distToParts(lon, lat, oursLine));
    expect(worstBack).toBeLessThan(500);
  });

  it('border-parallel corridor lies within 2 km of the fixture border, on the Mexican side', () => {
    const g = generateIncidents(borderZoneSpec(30_000), 12);
    const j = g.truth.corridors.findIndex((c) => c.kind === 'border-parallel');
    const comp = g.truth.hotspots.length + j;
    let n = 0;
    let worst = 0;
    // The Baja California–California line runs straight from (−114.7645, 32.7098) to (−117.0442, 32.5374).
    const southOfBorder = (lon: number, lat: number) =>
      lat < 32.7098 + ((lon + 114.7645) / (-117.0442 + 114.7645)) * (32.5374 - 32.7098);
    for (let k = 0; k < g.count; k++) {
      if (g.component[k] !== comp) continue;
      n++;
      worst = Math.max(worst, distToParts(g.lon[k], g.lat[k], fixture));
      expect(southOfBorder(g.lon[k], g.lat[k])).toBe(true);
    }
    expect(n).toBe(g.truth.corridors[j].count);
    expect(n).toBeGreaterThan(2000);
    expect(worst).toBeLessThan(2000);
    for (const [lon, lat] of g.truth.corridors[j].line) {
      const d = distToParts(lon, lat, fixture);
      expect(d).toBeGreaterThan(900);
      expect(d).toBeLessThan(1100);
    }
  });
});
