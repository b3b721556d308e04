import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import proj4 from 'proj4';
import { dataCentre, localProjection, localProjectionFor } from '../../../shared/analysis/localProjection.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');
const refFile = path.resolve(repoRoot, '..', 'shared', 'fixtures', 'inegi-mun-lcc', 'expected', 'proj_reference_points.csv');

function readRefs() {
  const [header, ...lines] = readFileSync(refFile, 'utf8').trim().split(/\r?\n/);
  const cols = header.split(',');
  return lines.map((l) => {
    const v = l.split(',');
    const rec: Record<string, number | string> = {};
    cols.forEach((c, i) => (rec[c] = i === 0 ? v[i] : Number(v[i])));
    return rec as Record<string, number> & { name: string };
  });
}

describe('localProjection', () => {
  it('picks the UTM zone of the centre (Mexicali → 11N, Hermosillo → 12N, Fiji → 1S/60S)', () => {
    expect(localProjection(-115.4545, 32.6245).epsg).toBe(32611);
    expect(localProjection(-110.96, 29.07).epsg).toBe(32612);
    expect(localProjection(180.1, -16.5).epsg).toBe(32701);
    expect(localProjection(179.9, -16.5).epsg).toBe(32760);
  });

  it('matches GDAL/PROJ UTM 11N and 12N coordinates of the INEGI reference points to 1 mm', () => {
    const z11 = localProjection(-117, 32);
    const z12 = localProjection(-111, 32);
    const refs = readRefs();
    expect(refs.length).toBe(6);
    for (const r of refs) {
      const [x11, y11] = z11.forward(r.lon, r.lat);
      expect(Math.abs(x11 - r.utm11n_x), r.name).toBeLessThan(1e-3);
      expect(Math.abs(y11 - r.utm11n_y), r.name).toBeLessThan(1e-3);
      const [x12, y12] = z12.forward(r.lon, r.lat);
      expect(Math.abs(x12 - r.utm12n_x), r.name).toBeLessThan(1e-3);
      expect(Math.abs(y12 - r.utm12n_y), r.name).toBeLessThan(1e-3);
      const [lon, lat] = z11.inverse(r.utm11n_x, r.utm11n_y);
      expect(Math.abs(lon - r.lon)).toBeLessThan(1e-9);
      expect(Math.abs(lat - r.lat)).toBeLessThan(1e-9);
    }
  });

  it('agrees with proj4 on seeded random points across a southern zone and round-trips', () => {
    const p = localProjection(-57.3, -33.1);
    const def = `+proj=utm +zone=${p.zone} +south +datum=WGS84 +units=m +no_defs`;
    let s = 12345;
    const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = 0; i < 200; i++) {
      const lon = p.centralMeridian - 3 + 6 * rnd();
      const lat = -40 + 15 * rnd();
      const [x, y] = p.forward(lon, lat);
      const [px, py] = proj4('EPSG:4326', def, [lon, lat]);
      expect(Math.abs(x - px)).toBeLessThan(1e-3);
      expect(Math.abs(y - py)).toBeLessThan(1e-3);
      const [lon2, lat2] = p.inverse(x, y);
      expect(Math.abs(lon2 - lon)).toBeLessThan(1e-10);
      expect(Math.abs(lat2 - lat)).toBeLessThan(1e-10);
    }
  });

  it('keeps points across the antimeridian contiguous', () => {
    const lon = Float64Array.from([179.44, 179.01, 180.76, -178.8]);
    const lat = Float64Array.from([-16.55, -16.97, -16.41, -16.6]);
    const [cl] = dataCentre(lon, lat);
    expect(Math.abs(cl) > 179 || Math.abs(cl - 180) < 1).toBe(true);
    const proj = localProjectionFor(lon, lat);
    const { x } = proj.projectArrays(lon, lat);
    // 179.44° → 181.2°: ≈ 1.76° of longitude at 16.5°S ≈ 188 km, not 360° the other way.
    expect(Math.abs(x[3] - x[0])).toBeGreaterThan(170_000);
    expect(Math.abs(x[3] - x[0])).toBeLessThan(200_000);
  });
});
