/**
 * Real street-network data for the corridor tests: PySAL's `geodanet` example (GeoDa Center) —
 * 287 crimes and the 293 street segments they lie on in Mesa, Arizona (NIJ-funded study data,
 * NAD83 Arizona Central, US feet) — as Debian's python3-libpysal 4.7.0-1 ships it (BSD-3).
 * Never committed: the package is fetched once with apt-get into the OS temp dir and unpacked
 * there; GDAL writes the layers as GeoJSON in WGS 84 beside it.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FeatureCollection, LineString, MultiLineString, Point } from 'geojson';
import { gdal } from './gdalFiles.ts';

const PACKAGE = 'python3-libpysal';
const VERSION = '4.7.0-1';
const CACHE = path.join(os.tmpdir(), 'frontera-test-data', `${PACKAGE}_${VERSION}`);
const EXAMPLES = path.join(CACHE, 'root', 'usr', 'lib', 'python3', 'dist-packages', 'libpysal', 'examples');

function unpacked(): string {
  if (fs.existsSync(path.join(EXAMPLES, 'geodanet', 'streets.shp'))) return EXAMPLES;
  fs.mkdirSync(CACHE, { recursive: true });
  let dl = spawnSync('apt-get', ['download', `${PACKAGE}=${VERSION}`], { cwd: CACHE, encoding: 'utf8' });
  // A fresh machine may have no package lists yet.
  if (dl.status !== 0) {
    spawnSync('apt-get', ['update', '-qq'], { encoding: 'utf8' });
    dl = spawnSync('apt-get', ['download', `${PACKAGE}=${VERSION}`], { cwd: CACHE, encoding: 'utf8' });
  }
  const deb = fs.readdirSync(CACHE).find((f) => f.startsWith(`${PACKAGE}_`) && f.endsWith('.deb'));
  if (!deb) throw new Error(`apt-get download ${PACKAGE}=${VERSION} into ${CACHE} failed: ${dl.stderr || dl.error?.message}`);
  const x = spawnSync('dpkg-deb', ['-x', path.join(CACHE, deb), path.join(CACHE, 'root')], { encoding: 'utf8' });
  if (x.status !== 0) throw new Error(`dpkg-deb -x ${deb}: ${x.stderr}`);
  return EXAMPLES;
}

/** An example layer (e.g. 'geodanet/streets') as GeoJSON in WGS 84, written by ogr2ogr. */
export function libpysalLayer<G extends Point | LineString | MultiLineString>(name: string): FeatureCollection<G> {
  const src = path.join(unpacked(), `${name}.shp`);
  const out = path.join(CACHE, `${name.replace('/', '_')}.4326.geojson`);
  if (!fs.existsSync(out)) gdal('ogr2ogr', '-f', 'GeoJSON', '-t_srs', 'EPSG:4326', '-lco', 'COORDINATE_PRECISION=9', out, src);
  return JSON.parse(fs.readFileSync(out, 'utf8')) as FeatureCollection<G>;
}
