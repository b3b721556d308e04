import path from 'node:path';
import * as shapefile from 'shapefile';
import type { MultiLineString } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { freeCorridors } from '../../../../shared/analysis/corridors/freeCorridors.ts';
import { toCorridorGeoJSON } from '../../../../shared/analysis/corridors/geojson.ts';
import type { CorridorResult } from '../../../../shared/analysis/corridors/types.ts';
import { UserError } from '../../../../shared/errors.ts';
import { generateIncidents, type GeneratedIncidents } from '../../../../shared/synth/incidents.ts';
import { blobsOnlySpec, borderZoneSpec } from '../../../../shared/synth/presets.ts';
import type { LonLat } from '../../../../shared/synth/region.ts';
import { lengthM, sampleLine, shareWithin } from './geoHelpers.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..', '..');
const clipped = path.resolve(repoRoot, '..', 'shared', 'fixtures', 'natural-earth', 'clipped');

async function naturalEarthBorder(): Promise<MultiLineString> {
  const name = 'ne_10m_admin_0_boundary_lines_land_sonora_bc';
  const src = await shapefile.open(path.join(clipped, `${name}.shp`), path.join(clipped, `${name}.dbf`));
  const r = await src.read();
  return r.value!.geometry as MultiLineString;
}

/** Undirected bearing of a line from its ends, degrees from north in [0, 180). */
function endBearing(line: readonly LonLat[]): number {
  const a = line[0];
  const b = line[line.length - 1];
  const dx = (b[0] - a[0]) * Math.cos((((a[1] + b[1]) / 2) * Math.PI) / 180);
  const deg = (Math.atan2(dx, b[1] - a[1]) * 180) / Math.PI;
  return ((deg % 180) + 180) % 180;
}

const angleDiff = (a: number, b: number): number => {
  const d = Math.abs(a - b) % 180;
  return Math.min(d, 180 - d);
};

describe.each([1, 2])('free corridors on the seeded border zone (seed %i)', (seed) => {
  let border: MultiLineString;
  let data: GeneratedIncidents;
  let result: CorridorResult;

  beforeAll(async () => {
    border = await naturalEarthBorder();
    data = generateIncidents(borderZoneSpec(20_000), seed);
    result = freeCorridors(data, { border });
  });

  it('finds every planted corridor: centrelines within 300 m over ≥ 80 % of each', () => {
    const centrelines = result.corridors.map((c) => c.centerline.coordinates as LonLat[]);
    for (const truth of data.truth.corridors) {
      const samples = sampleLine(truth.line, 0, lengthM(truth.line), 100);
      const covered = samples.filter((p) => centrelines.some((c) => shareWithin([p], c, 300) === 1)).length;
      expect(covered / samples.length, truth.id).toBeGreaterThanOrEqual(0.8);
      // One corridor carries most of it, not a patchwork.
      const best = Math.max(...centrelines.map((c) => shareWithin(samples, c, 300)));
      expect(best, truth.id).toBeGreaterThanOrEqual(0.6);
    }
  });

  it('reports nothing that is not a planted corridor', () => {
    const truths = data.truth.corridors.map((t) => t.line);
    for (const c of result.corridors) {
      const line = c.centerline.coordinates as LonLat[];
      const samples = sampleLine(line, 0, lengthM(line), 100);
      const onTruth = samples.filter((p) => truths.some((t) => shareWithin([p], t, 500) === 1)).length;
      expect(onTruth / samples.length, c.corridor_id).toBeGreaterThanOrEqual(0.9);
    }
  });

  it('measures the straight corridor: bearing, length, count', () => {
    const truth = data.truth.corridors.find((t) => t.kind === 'straight')!;
    const samples = sampleLine(truth.line, 0, lengthM(truth.line), 100);
    const c = result.corridors.reduce((a, b) =>
      shareWithin(samples, a.centerline.coordinates as LonLat[], 300) >= shareWithin(samples, b.centerline.coordinates as LonLat[], 300) ? a : b,
    );
    expect(angleDiff(c.bearing, endBearing(truth.line))).toBeLessThan(5);
    expect(c.lengthKm * 1000).toBeGreaterThan(0.8 * lengthM(truth.line));
    expect(c.lengthKm * 1000).toBeLessThan(1.1 * lengthM(truth.line));
    expect(c.count).toBeGreaterThan(0.7 * truth.count);
    expect(c.count).toBeLessThan(1.5 * truth.count);
    expect(c.perKm).toBeCloseTo(c.count / c.lengthKm, 9);
    expect(Object.values(c.countsByCategory).reduce((s, v) => s + v, 0)).toBe(c.count);
    // Truncated Gaussian offsets with σ = widthM: the 90th percentile is ≈ 1.64 σ a side.
    expect(c.meanWidthM).toBeGreaterThan(2 * truth.widthM);
    expect(c.meanWidthM).toBeLessThan(6 * truth.widthM);
    for (const i of c.members) expect(data.time[i]).toBeGreaterThanOrEqual(c.firstTime!);
  });

  it('gets the border metrics of the border-parallel corridor right', () => {
    const truth = data.truth.corridors.find((t) => t.kind === 'border-parallel')!;
    const samples = sampleLine(truth.line, 0, lengthM(truth.line), 100);
    const c = result.corridors.find((k) => shareWithin(samples, k.centerline.coordinates as LonLat[], 300) >= 0.8)!;
    expect(c).toBeDefined();
    expect(c.borderDistanceM).toBeLessThan(2000);
    expect(c.borderDistanceM).toBeGreaterThan(0);
    expect(c.shareWithin5km).toBeGreaterThan(0.95);
    expect(c.crossesBorder).toBe(false);
    // And the straight highway far south of the line is nowhere near it.
    const straight = data.truth.corridors.find((t) => t.kind === 'straight')!;
    const hs = sampleLine(straight.line, 0, lengthM(straight.line), 100);
    const h = result.corridors.find((k) => shareWithin(hs, k.centerline.coordinates as LonLat[], 300) >= 0.8)!;
    expect(h.shareWithin5km).toBeLessThan(0.2);
  });

  it('exports a centreline and a polygon per corridor', () => {
    const fc = toCorridorGeoJSON(result);
    expect(fc.features).toHaveLength(2 * result.corridors.length);
    for (const c of result.corridors) {
      const parts = fc.features.filter((f) => f.properties.corridor_id === c.corridor_id);
      expect(parts.map((f) => f.geometry.type).sort()).toEqual(['LineString', 'Polygon']);
    }
  });
});

describe('free corridors: nothing where there is none', () => {
  it.each([1, 2, 3])('round Gaussian blobs plus uniform noise give no corridor (seed %i)', (seed) => {
    const data = generateIncidents(blobsOnlySpec(20_000), seed);
    expect(freeCorridors(data).corridors).toHaveLength(0);
  });

  it('rejects bad parameters with one clear message', () => {
    const data = generateIncidents(blobsOnlySpec(2000), 1);
    expect(() => freeCorridors(data, { minLengthM: 0 })).toThrow(UserError);
    expect(() => freeCorridors(data, { epsM: -5 })).toThrow(/epsM must be a number greater than 0/);
    expect(() => freeCorridors(data, { minPoints: 1.5 })).toThrow(/minPoints/);
    expect(() => freeCorridors({ lon: Float64Array.of(-115), lat: Float64Array.of(32) })).toThrow(/at least 15 incidents/);
  });
});
