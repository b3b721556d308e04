/**
 * The attribute filter over a million incidents (shared/analysis/attributeFilter.ts as the store
 * applies it, electron/backend/store/blockReader.ts): the selection read with and without a
 * filter on the properties, beside SQLite's json_extract over the same properties' JSON in one
 * table (the SQL prefilter a row store would run), in the same run.
 *
 *   npm run bench -- where
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Workspace } from '../../electron/backend/store/workspace.ts';
import { compileFilter } from '../../shared/analysis/attributeFilter.ts';
import { generateIncidents } from '../../shared/synth/incidents.ts';
import { iterateIncidentFeatures } from '../../shared/synth/features.ts';
import { borderZoneSpec } from '../../shared/synth/presets.ts';
import type { FieldInfo, NormalizedFeature } from '../../shared/model/feature.ts';

const N = 1_000_000;
const RUNS = 3;
const TOWNS = ['Mexicali', 'San Luis Río Colorado', 'Tijuana', 'Tecate', 'Ensenada', 'Puerto Peñasco', 'Sonoyta', 'Los Algodones'];
const FIELDS: FieldInfo[] = [
  { name: 'folio', type: 'string' },
  { name: 'municipio', type: 'string' },
  { name: 'tipo', type: 'string' },
  { name: 'victimas', type: 'integer' },
  { name: 'fecha', type: 'date' },
  { name: 'fuente', type: 'string' },
];
/** Text (accents folded) and a number: what an analyst's filter looks like. */
const FILTER = 'municipio contains "rio" and victimas >= 2';
const NUMBER_ONLY = 'victimas >= 2';

/** The synthetic incidents with a realistic record's properties (≈ 150 bytes of JSON each). */
function* incidents(): Generator<NormalizedFeature> {
  let i = 0;
  for (const f of iterateIncidentFeatures(generateIncidents(borderZoneSpec(N), 20261206), { properties: false })) {
    f.properties = {
      folio: `FGE-BC-${String(i).padStart(7, '0')}`,
      municipio: TOWNS[(i * 7919) % TOWNS.length],
      tipo: f.category,
      victimas: (i * 104729) % 5,
      fecha: new Date(f.time!).toISOString().slice(0, 10),
      fuente: i % 3 ? 'Fiscalía General del Estado' : 'Secretaría de Seguridad Ciudadana',
    };
    i++;
    yield f;
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function timed<T>(fn: () => T): { ms: number; value: T } {
  let value!: T;
  const times: number[] = [];
  for (let k = 0; k < RUNS; k++) {
    const t = performance.now();
    value = fn();
    times.push(performance.now() - t);
  }
  return { ms: median(times), value };
}

export function bench(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-bench-where-'));
  try {
    const ws = Workspace.open(path.join(dir, 'w.frontera'), { create: true });
    const id = ws.insertLayer(
      { name: 'incidents', sourceFile: 'synthetic', sourceFormat: 'synthetic', sourceCrs: 'EPSG:4326', fields: FIELDS, fingerprint: 'where'.padEnd(64, '0'), mapping: {}, metadata: {} },
      incidents(),
    );
    const plain = timed(() => ws.readPoints(id).count);
    const filtered = timed(() => ws.readPoints(id, { where: compileFilter(FILTER, FIELDS, 'incidents') }).count);
    const numeric = timed(() => ws.readPoints(id, { where: compileFilter(NUMBER_ONLY, FIELDS, 'incidents') }).count);
    ws.close();

    // The peer: the same JSON in one SQLite table, filtered by json_extract (LIKE folds ASCII
    // case only, so its text condition keeps fewer records: a cost peer, not a semantic one).
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, properties TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO t (properties) VALUES (?)');
    db.transaction(() => {
      for (const f of incidents()) insert.run(JSON.stringify(f.properties));
    })();
    const sqlText = db.prepare("SELECT id FROM t WHERE json_extract(properties, '$.municipio') LIKE '%rio%' AND json_extract(properties, '$.victimas') >= 2").pluck();
    const sqlNumber = db.prepare("SELECT id FROM t WHERE json_extract(properties, '$.victimas') >= 2").pluck();
    const peerText = timed(() => sqlText.all().length);
    const peerNumber = timed(() => sqlNumber.all().length);
    db.close();

    const n = (v: number) => v.toLocaleString('en-US');
    process.stdout.write(`  1M incidents, the selection read as typed columns (median of ${RUNS}):\n`);
    process.stdout.write(`    no filter                      ${plain.ms.toFixed(0)} ms, ${n(plain.value)} records\n`);
    process.stdout.write(`    --where '${FILTER}'  ${filtered.ms.toFixed(0)} ms, ${n(filtered.value)} records\n`);
    process.stdout.write(`    --where '${NUMBER_ONLY}'          ${numeric.ms.toFixed(0)} ms, ${n(numeric.value)} records\n`);
    process.stdout.write(`  peer, SQLite json_extract over the same JSON (ids only):\n`);
    process.stdout.write(`    municipio LIKE '%rio%' and victimas >= 2  ${peerText.ms.toFixed(0)} ms, ${n(peerText.value)} records (no accent folding)\n`);
    process.stdout.write(`    victimas >= 2                             ${peerNumber.ms.toFixed(0)} ms, ${n(peerNumber.value)} records\n`);
    if (peerNumber.value !== numeric.value) throw new Error(`victimas >= 2: ${numeric.value} records against SQLite's ${peerNumber.value}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
