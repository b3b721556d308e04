import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDegrees, formatUtm, toUtm } from '../../../renderer/map/coords.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');
const csv = path.resolve(repoRoot, '..', 'shared', 'fixtures', 'inegi-mun-lcc', 'expected', 'proj_reference_points.csv');

describe('cursor read-out', () => {
  it('gives UTM in the point’s own zone, as GDAL/PROJ compute it (±1 cm)', () => {
    const [header, ...rows] = fs.readFileSync(csv, 'utf8').trim().split('\n');
    const cols = header.split(',');
    const col = (row: string[], name: string) => Number(row[cols.indexOf(name)]);
    expect(rows.length).toBeGreaterThanOrEqual(6);
    for (const line of rows) {
      const row = line.split(',');
      const lon = col(row, 'lon');
      const lat = col(row, 'lat');
      const u = toUtm(lon, lat);
      const zone = lon < -114 ? 11 : 12;
      expect(u.zone, row[0]).toBe(zone);
      expect(u.hemisphere).toBe('N');
      expect(u.easting).toBeCloseTo(col(row, `utm${zone}n_x`), 2);
      expect(u.northing).toBeCloseTo(col(row, `utm${zone}n_y`), 2);
    }
  });

  it('formats degrees with hemispheres and UTM in whole metres', () => {
    expect(formatDegrees(-114.7717, 32.4561)).toBe('32.45610° N, 114.77170° W');
    expect(formatUtm({ zone: 11, hemisphere: 'N', easting: 709448.84, northing: 3593179.15 })).toBe('UTM 11N 709 449 E 3 593 179 N');
  });
});
