/**
 * Style by attribute's values (layers.fieldValues, electron/backend/store/fieldValues.ts) over a
 * million incidents stored as column blocks: a text field's distinct values with counts, and a
 * number field's values for the classes — beside SQLite's json_extract … GROUP BY over the same
 * properties' JSON in one uncompressed table (what the row store runs), in the same run; and
 * the same counts of the records passing an attribute filter (the style legend of a filtered
 * layer) beside SQLite's GROUP BY … WHERE over the same table.
 *
 *   npm run bench -- fieldValues
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Workspace } from '../../electron/backend/store/workspace.ts';
import { generateIncidents } from '../../shared/synth/incidents.ts';
import { iterateIncidentFeatures } from '../../shared/synth/features.ts';
import { borderZoneSpec } from '../../shared/synth/presets.ts';
import type { FieldInfo, NormalizedFeature } from '../../shared/model/feature.ts';
import { compileFilter } from '../../shared/analysis/attributeFilter.ts';

const N = 1_000_000;
const RUNS = 3;
const TOWNS = ['Mexicali', 'San Luis Río Colorado', 'Tijuana', 'Tecate', 'Ensenada', 'Puerto Peñasco', 'Sonoyta', 'Los Algodones'];
const FIELDS: FieldInfo[] = [
  { name: 'folio', type: 'string' },
  { name: 'municipio', type: 'string' },
  { name: 'tipo', type: 'string' },
  { name: 'victimas', type: 'integer' },
];

/** The synthetic incidents with a realistic record's properties. */
function* incidents(): Generator<NormalizedFeature> {
  let i = 0;
  for (const f of iterateIncidentFeatures(generateIncidents(borderZoneSpec(N), 20261206), { properties: false })) {
    f.properties = { folio: `FGE-BC-${String(i).padStart(7, '0')}`, municipio: TOWNS[(i * 7919) % TOWNS.length], tipo: f.category, victimas: (i * 104729) % 5 };
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
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-bench-field-values-'));
  try {
    const ws = Workspace.open(path.join(dir, 'w.frontera'), { create: true });
    const id = ws.insertLayer(
      { name: 'incidents', sourceFile: 'synthetic', sourceFormat: 'synthetic', sourceCrs: 'EPSG:4326', fields: FIELDS, fingerprint: 'values'.padEnd(64, '0'), mapping: {}, metadata: {} },
      incidents(),
    );
    const text = timed(() => ws.fieldValues(id, 'municipio', false));
    const numbers = timed(() => ws.fieldValues(id, 'victimas', true));
    const rio = compileFilter('municipio contains "rio"', FIELDS, 'incidents');
    const filtered = timed(() => ws.fieldValues(id, 'tipo', false, rio));
    ws.close();

    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, properties TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO t (properties) VALUES (?)');
    db.transaction(() => {
      for (const f of incidents()) insert.run(JSON.stringify(f.properties));
    })();
    const groups = db.prepare("SELECT json_extract(properties, '$.municipio') AS v, count(*) AS n FROM t GROUP BY v");
    const values = db.prepare("SELECT json_extract(properties, '$.victimas') FROM t WHERE json_type(properties, '$.victimas') IN ('integer', 'real')").pluck();
    const peerText = timed(() => groups.all() as { v: string; n: number }[]);
    const peerNumbers = timed(() => values.all() as number[]);
    // The peer's accent folding spelt out: SQLite's LIKE folds ASCII case only.
    const filteredGroups = db.prepare(
      "SELECT json_extract(properties, '$.tipo') AS v, count(*) AS n FROM t WHERE json_extract(properties, '$.municipio') LIKE '%rio%' OR json_extract(properties, '$.municipio') LIKE '%río%' GROUP BY v",
    );
    const peerFiltered = timed(() => filteredGroups.all() as { v: string; n: number }[]);
    db.close();

    process.stdout.write(`  1M incidents (median of ${RUNS}):\n`);
    process.stdout.write(`    municipio, distinct values with counts   ours (blocks) ${text.ms.toFixed(0)} ms, ${text.value.counts.size} values\n`);
    process.stdout.write(`                                             peer SQLite GROUP BY json_extract ${peerText.ms.toFixed(0)} ms, ${peerText.value.length} values\n`);
    process.stdout.write(`    victimas, counts and every number        ours (blocks) ${numbers.ms.toFixed(0)} ms, ${numbers.value.numbers!.length} numbers\n`);
    process.stdout.write(`                                             peer SQLite json_extract ${peerNumbers.ms.toFixed(0)} ms, ${peerNumbers.value.length} numbers\n`);
    const sum = (m: Iterable<number>) => [...m].reduce((a, b) => a + b, 0);
    process.stdout.write(`    tipo where municipio contains "rio"      ours (blocks) ${filtered.ms.toFixed(0)} ms, ${sum(filtered.value.counts.values())} records\n`);
    process.stdout.write(`                                             peer SQLite GROUP BY … WHERE LIKE ${peerFiltered.ms.toFixed(0)} ms, ${sum(peerFiltered.value.map((r) => r.n))} records\n`);
    for (const r of peerFiltered.value) {
      if (filtered.value.counts.get(r.v) !== r.n) throw new Error(`tipo ${r.v} where municipio contains "rio": ${filtered.value.counts.get(r.v)} against SQLite's ${r.n}`);
    }
    for (const r of peerText.value) {
      if (text.value.counts.get(r.v) !== r.n) throw new Error(`municipio ${r.v}: ${text.value.counts.get(r.v)} against SQLite's ${r.n}`);
    }
    if (numbers.value.numbers!.length !== peerNumbers.value.length) throw new Error(`victimas: ${numbers.value.numbers!.length} numbers against SQLite's ${peerNumbers.value.length}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
