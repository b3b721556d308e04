/**
 * The NAD27 → WGS 84 table against PROJ's database (projinfo), the US–Mexico border line against
 * Natural Earth's 1:10m boundary, and the choice by area against cs2cs wherever PROJ and
 * Frontera mean to agree (everywhere but Mexico's side of the CONUS boxes).
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as shapefile from 'shapefile';
import { describe, expect, it } from 'vitest';
import type { MultiLineString, LineString } from 'geojson';
import { NAD27_TO_WGS84, nad27Transformation } from '../../../shared/geo/nad27.ts';
import { US_MEXICO_BORDER, southOfUsMexicoBorder } from '../../../shared/geo/usMexicoBorder.ts';
import { createTransformer, resolveCrs } from '../../../shared/geo/crs.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const BOUNDARIES = path.resolve(repoRoot, '..', 'shared', 'fixtures', 'natural-earth', 'full', 'ne_10m_admin_0_boundary_lines_land');

const projinfo = (...args: string[]): string => execFileSync('projinfo', [...args, '-q'], { encoding: 'utf8' });

describe('EPSG NAD27 to WGS 84 Helmert transformations', () => {
  it('carry the parameters, accuracy and area of use of PROJ\'s database', () => {
    for (const t of NAD27_TO_WGS84) {
      const pipeline = projinfo('-k', 'operation', `EPSG:${t.code}`, '-o', 'PROJ', '--single-line');
      const param = (k: string) => Number(new RegExp(`\\+${k}=(\\S+)`).exec(pipeline)?.[1] ?? 0);
      const frame = pipeline.includes('+convention=coordinate_frame') ? -1 : 1;
      const expected = [param('x'), param('y'), param('z'), frame * param('rx'), frame * param('ry'), frame * param('rz'), param('s')];
      const ours = t.towgs84.split(',').map(Number);
      expect([...ours, 0, 0, 0, 0].slice(0, 7), `EPSG:${t.code}`).toEqual(expected.map((v) => v + 0));
      const wkt = projinfo('-k', 'operation', `EPSG:${t.code}`, '-o', 'WKT2_2019', '--single-line');
      expect(wkt, `EPSG:${t.code}`).toContain('SOURCECRS[GEOGCRS["NAD27"');
      expect(Number(/OPERATIONACCURACY\[([\d.]+)\]/.exec(wkt)![1]), `EPSG:${t.code}`).toBe(t.accuracy);
      const [s, w, n, e] = /BBOX\[([^\]]+)\]/.exec(wkt)![1].split(',').map(Number);
      expect(t.box, `EPSG:${t.code}`).toEqual([w, s, e, n]);
    }
    // Best stated accuracy first: the first whose area holds a point is the most accurate there.
    const accuracies = NAD27_TO_WGS84.map((t) => t.accuracy);
    expect(accuracies).toEqual([...accuracies].sort((a, b) => a - b));
  });

  it('agrees with cs2cs (no NAD27 grid installed) on a 2° grid over North America, off the Mexican side', () => {
    const fn = createTransformer(resolveCrs('EPSG:4267'))!;
    const points: [number, number][] = [];
    for (let lon = -166; lon <= -54; lon += 2) for (let lat = 9; lat <= 81; lat += 2) if (nad27Transformation(lon, lat)) points.push([lon, lat]);
    const input = points.map(([lon, lat]) => `${lat} ${lon}`).join('\n') + '\n';
    const out = execFileSync('cs2cs', ['-f', '%.9f', 'EPSG:4267', 'EPSG:4326'], { input, encoding: 'utf8' }).trim().split('\n');
    let same = 0;
    const differ: string[] = [];
    points.forEach(([lon, lat], i) => {
      const [pLat, pLon] = out[i].split(/\s+/).map(Number);
      const [oLon, oLat] = fn(lon, lat);
      const d = Math.hypot((oLon - pLon) * 111_320 * Math.cos((lat * Math.PI) / 180), (oLat - pLat) * 110_574);
      const t = nad27Transformation(lon, lat)!;
      if (d < 0.01) same++;
      else differ.push(`${lon},${lat} EPSG:${t.code} ${d.toFixed(1)} m`);
    });
    // Where they differ, Frontera applies Mexico's transformation on Mexico's side of the border
    // and PROJ the CONUS one its box gives.
    for (const d of differ) expect(d, d).toMatch(/ EPSG:1187 /);
    expect(same).toBeGreaterThan(300);
    console.log(`NAD27 by area: ${same} of ${points.length} grid points equal to cs2cs; on Mexico's side ${differ.length} differ by ${differ.map((d) => d.split(' ').at(-2)).join(', ')} m`);
  });
});

describe('the US–Mexico border line', () => {
  it('stays close to Natural Earth\'s 1:10m boundary and puts border towns on their side', async () => {
    const lines: [number, number][][] = [];
    const source = await shapefile.open(`${BOUNDARIES}.shp`, `${BOUNDARIES}.dbf`, { encoding: 'utf-8' });
    for (let r = await source.read(); !r.done; r = await source.read()) {
      const p = r.value.properties as Record<string, unknown>;
      const pair = [p.adm0_left, p.adm0_right].sort().join('|');
      if (pair !== 'Mexico|United States of America') continue;
      const g = r.value.geometry as LineString | MultiLineString;
      const parts = g.type === 'LineString' ? [g.coordinates] : g.coordinates;
      for (const part of parts) lines.push(part as [number, number][]);
    }
    expect(lines.length).toBeGreaterThan(0);
    // Largest distance (km) from a Natural Earth border vertex to our line.
    const km = (a: [number, number], b: readonly [number, number], c: readonly [number, number]): number => {
      const k = Math.cos((a[1] * Math.PI) / 180) * 111.32;
      const [ax, ay, bx, by, cx, cy] = [a[0] * k, a[1] * 110.57, b[0] * k, b[1] * 110.57, c[0] * k, c[1] * 110.57];
      const t = Math.max(0, Math.min(1, ((ax - bx) * (cx - bx) + (ay - by) * (cy - by)) / ((cx - bx) ** 2 + (cy - by) ** 2 || 1)));
      return Math.hypot(ax - (bx + t * (cx - bx)), ay - (by + t * (cy - by)));
    };
    let worst = 0;
    for (const line of lines) {
      for (const v of line) {
        let best = Infinity;
        for (let i = 1; i < US_MEXICO_BORDER.length; i++) best = Math.min(best, km(v, US_MEXICO_BORDER[i - 1], US_MEXICO_BORDER[i]));
        worst = Math.max(worst, best);
      }
    }
    console.log(`US–Mexico border line: at most ${worst.toFixed(1)} km from Natural Earth's`);
    expect(worst).toBeLessThan(12);
    const mexico: [number, number][] = [[-115.4545, 32.6245], [-114.7717, 32.4561], [-110.942, 31.308], [-106.487, 31.69], [-104.417, 29.546], [-100.52, 28.7], [-99.507, 27.476], [-98.28, 26.07], [-97.504, 25.869], [-110.961, 29.073], [-100.31, 25.67]];
    const us: [number, number][] = [[-115.499, 32.679], [-114.628, 32.693], [-110.938, 31.34], [-106.443, 31.772], [-104.372, 29.56], [-100.499, 28.709], [-99.507, 27.531], [-98.23, 26.203], [-97.497, 25.902], [-117.161, 32.716], [-95.37, 29.76], [-81.78, 24.555]];
    for (const [lon, lat] of mexico) expect(southOfUsMexicoBorder(lon, lat), `${lon},${lat}`).toBe(true);
    for (const [lon, lat] of us) expect(southOfUsMexicoBorder(lon, lat), `${lon},${lat}`).toBe(false);
  });
});
