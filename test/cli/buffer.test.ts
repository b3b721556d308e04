/**
 * `frontera buffer` and `--within-distance` on the demo: a 5 km buffer of the basemap's US–Mexico
 * border, the incidents within it counted three ways — Frontera's `--within` the buffer layer,
 * Frontera's `--within-distance basemap:border:5000` (no buffer: the geodesic distance of each
 * incident), and GDAL on the exported GeoPackage: SpatiaLite's ST_Intersects of the exported
 * points and polygon, and GEOS's own buffer of the border in UTM 11N (`ST_Buffer(ST_Transform(…,
 * 32611), 5000)`, its scale within 3·10⁻⁴ of true over the demo's area). Per-feature buffers of the
 * ports of entry keep their attributes; bad input is refused in the CLI's words with nothing stored.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeatureCollection } from 'geojson';
import { openBackend } from '../../electron/backend/backend.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.join(repoRoot, 'bin', 'frontera.js');
const BORDER = path.join(repoRoot, 'data', 'basemap', 'borders.geojson');

let dir: string;
let ws: string;

function cli(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** One integer from a SpatiaLite query through GDAL's SQLite dialect. */
function gdalCount(file: string, sql: string): number {
  const out = execFileSync('ogrinfo', ['-q', file, '-dialect', 'SQLite', '-sql', sql], { encoding: 'utf8' });
  const m = /= (\d+)/.exec(out);
  if (!m) throw new Error(`no count in ogrinfo's output: ${out}`);
  return Number(m[1]);
}

const contentHash = () => {
  const b = openBackend(ws);
  try {
    return b.workspace.contentHash();
  } finally {
    b.close();
  }
};

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-buffer-'));
  ws = path.join(dir, 'demo.frontera');
  expect(cli('demo', ws).code).toBe(0);
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('frontera buffer and --within-distance', () => {
  it('counts the incidents within 5 km of the border as GDAL does', () => {
    const made = cli('buffer', ws, '--layer', 'basemap:border', '--distance', '5000', '--out-layer', 'border 5 km', '--dissolve');
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    expect(made.stdout).toMatch(/layer "border 5 km" \(id \d+\): 1 polygon within 5,000 m of basemap:border/);

    const count = (...flags: string[]) => (JSON.parse(cli('summary', ws, '--layer', 'incidents', ...flags, '--json').stdout) as { count: number }).count;
    const inBuffer = count('--within', 'border 5 km');
    const byDistance = count('--within-distance', 'basemap:border:5000');
    const all = count();

    const gpkg = path.join(dir, 'out.gpkg');
    expect(cli('export', ws, 'incidents', 'border 5 km', '--out', gpkg).code).toBe(0);
    const gdalInBuffer = gdalCount(gpkg, 'SELECT COUNT(*) FROM incidents i, "border 5 km" b WHERE ST_Intersects(i.geom, b.geom)');
    const border = JSON.stringify((JSON.parse(fs.readFileSync(BORDER, 'utf8')) as FeatureCollection).features[0].geometry);
    const gdalUtm = gdalCount(
      gpkg,
      `SELECT COUNT(*) FROM incidents i WHERE ST_Intersects(ST_Transform(i.geom, 32611), ` +
        `(SELECT ST_Buffer(ST_Transform(SetSRID(GeomFromGeoJSON('${border}'), 4326), 32611), 5000)))`,
    );
    console.log(`incidents within 5 km of the border: ours ${inBuffer} (in the buffer), ${byDistance} (by distance); GDAL ${gdalInBuffer} (exported), ${gdalUtm} (GEOS UTM 11N buffer); of ${all}`);
    expect(inBuffer).toBeGreaterThan(100);
    expect(inBuffer).toBeLessThan(all);
    expect(inBuffer).toBe(gdalInBuffer);
    expect(byDistance).toBe(gdalUtm);
    expect(inBuffer).toBe(byDistance);

    // Stored with its provenance, and audited.
    const b = openBackend(ws);
    try {
      const layer = b.workspace.getLayer('border 5 km');
      expect(layer.geometryType).toBe('Polygon');
      expect(layer.metadata.buffer).toMatchObject({ operation: 'buffer', source: 'basemap:border', distanceMetres: 5000, dissolve: true });
      expect(b.workspace.listAudit(5).some((a) => a.action === 'layer.buffer' && a.target === 'border 5 km')).toBe(true);
    } finally {
      b.close();
    }
  });

  it('takes --within-distance in compare as in summary', () => {
    const r = cli('compare', ws, '--layer', 'incidents', '--before', '2023-01-01..2023-06-30', '--after', '2023-07-01..2023-12-31',
      '--within-distance', 'basemap:border:5000', '--no-aoristic', '--json');
    expect(r.stderr).toBe('');
    const c = JSON.parse(r.stdout) as { withinDistance: string; before: { count: number }; after: { count: number } };
    expect(c.withinDistance).toBe('basemap:border:5000');
    const count = (from: string, to: string) =>
      (JSON.parse(cli('summary', ws, '--layer', 'incidents', '--from', from, '--to', to, '--within-distance', 'basemap:border:5000', '--json').stdout) as { count: number }).count;
    expect(c.before.count).toBe(count('2023-01-01', '2023-06-30'));
    expect(c.after.count).toBe(count('2023-07-01', '2023-12-31'));
    expect(c.before.count + c.after.count).toBe(count('2023-01-01', '2023-12-31'));
  });

  it('takes --within-distance in a briefing: its incidents, its provenance and its reprint command', async () => {
    const b = openBackend(ws);
    try {
      const withinDistance = { layer: 'basemap:border', metres: 5000 };
      const model = await b['briefing.model']({ withinDistance });
      const summary = await b['layers.summary']({ layer: 'incidents', selection: { withinDistance } });
      expect(model.provenance.selection.withinDistance).toBe('basemap:border:5000');
      expect(model.provenance.selection.count).toBe(summary.count);
      expect(model.provenance.reproduce).toContain('--within-distance basemap:border:5000');
    } finally {
      b.close();
    }
  });

  it('buffers each port of entry with its attributes, or one of them with --feature', () => {
    const r = cli('buffer', ws, '--layer', 'basemap:ports-of-entry', '--distance', '2000', '--out-layer', 'ports 2 km', '--json');
    expect(r.code).toBe(0);
    const info = JSON.parse(r.stdout) as { featureCount: number; fields: { name: string }[] };
    expect(info.featureCount).toBe(14);
    expect(info.fields.map((f) => f.name)).toEqual(expect.arrayContaining(['source_index', 'name', 'cbp_code', 'buffer_m']));
    const one = cli('buffer', ws, '--layer', 'basemap:ports-of-entry', '--feature', '2', '--distance', '2000', '--out-layer', 'tecate 2 km', '--json');
    expect(one.code).toBe(0);
    expect((JSON.parse(one.stdout) as { featureCount: number }).featureCount).toBe(1);
  });

  it('refuses bad input in the CLI words and stores nothing', () => {
    const before = contentHash();
    const cases: [string[], RegExp][] = [
      [['--layer', 'basemap:border', '--distance', '-5', '--out-layer', 'x'], /--distance/],
      [['--layer', 'basemap:border', '--distance', '5000'], /missing --out-layer/],
      [['--layer', 'nosuch', '--distance', '5000', '--out-layer', 'x'], /nosuch/],
      [['--layer', 'basemap:border', '--distance', '5000', '--out-layer', 'border 5 km'], /^frontera buffer: a layer named "border 5 km" already exists; choose another name for the buffer$/m],
      [
        ['--layer', 'basemap:border', '--distance', '5000', '--out-layer', 'border 5 km', '--lang', 'es'],
        /^frontera buffer: ya existe una capa llamada "border 5 km"; elija otro nombre para el área de influencia$/m,
      ],
      [['--layer', 'municipalities', '--feature', '9999', '--distance', '5000', '--out-layer', 'x'], /no feature 9999/],
    ];
    for (const [args, message] of cases) {
      const r = cli('buffer', ws, ...args);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
    const bad = cli('summary', ws, '--layer', 'incidents', '--within-distance', 'basemap:border');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--within-distance takes LAYER:METRES/);
    expect(contentHash()).toBe(before);
  });
});
