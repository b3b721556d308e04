/**
 * A layer's table of category labels (issue 18) on real data: UCDP GED's `type_of_violence`
 * holds the raw codes 1, 2, 3, which `frontera labels --from-csv` names as the UCDP codebook
 * does. The table lists each code with its records (equal to GDAL's own count of the CSV), keeps
 * the labels in the workspace file and in a team workspace on PostGIS alike, goes along with
 * `frontera copy` both ways, is audited (`layer.labels`), refused to a SELECT-only role, and names
 * the categories in the summary, the comparison, the briefing and an export's provenance.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/main.ts';
import type { CliIO } from '../../../cli/command.ts';
import { openBackend } from '../../../electron/backend/backend.ts';
import { openStore } from '../../../electron/backend/store/openStore.ts';
import { SCHEMA_VERSION } from '../../../electron/backend/store/migrations.ts';
import { setLayerLabels } from '../../../electron/backend/layerLabels.ts';
import { briefingModel } from '../../../electron/backend/briefing/briefingModel.ts';
import { layerCategoryLabels, type LabelTable } from '../../../shared/api/categoryLabels.ts';
import { FIXTURES, UCDP, gdal } from '../../support/gdalFiles.ts';
import { adminClient, createDatabase, startCluster, type Cluster } from '../../support/pgCluster.ts';
import { tempDir } from '../analysisService/helpers.ts';

const STATES = path.join(FIXTURES, 'mexico-states', 'mexico_states_4326.geojson');
const t = tempDir('frontera-labels-');
const ws = path.join(t.dir, 'ucdp.frontera');
const CODEBOOK = {
  '1': { en: 'State-based conflict', es: 'Conflicto con participación del Estado' },
  '2': { en: 'Non-state conflict', es: 'Conflicto no estatal' },
  '3': { en: 'One-sided violence', es: 'Violencia unilateral' },
};

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: (s: string) => void (stdout += s), stderr: (s: string) => void (stderr += s), isTTY: false } as CliIO;
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

/** GDAL's (SQLite dialect) count of the CSV's records per type_of_violence. */
function gdalCounts(): Record<string, number> {
  const out = gdal(
    'ogr2ogr', '-f', 'CSV', '/vsistdout/', UCDP, '-dialect', 'SQLite',
    '-sql', 'SELECT CAST(type_of_violence AS TEXT) AS v, COUNT(*) AS n FROM ucdp_ged_mexico_other_states GROUP BY type_of_violence',
  );
  const rows = out.trim().split(/\r?\n/).slice(1).map((l) => l.split(','));
  const unquote = (s: string) => s.replace(/"/g, '');
  return Object.fromEntries(rows.map(([v, n]) => [unquote(v), Number(unquote(n))]));
}

beforeAll(async () => {
  const backend = openBackend(ws, { create: true });
  try {
    await backend['import.run']({ paths: [UCDP], options: { layer: 'ucdp', mapping: { time: ['date_start'], category: 'type_of_violence' } } });
  } finally {
    await backend.close();
  }
}, 120_000);

afterAll(() => t.cleanup());

describe('category labels in a workspace file', () => {
  it('lists the codes with their records as GDAL counts them, without labels yet', async () => {
    const r = await cli('labels', ws, '--layer', 'ucdp', '--json');
    expect(r.code, r.stderr).toBe(0);
    const table = JSON.parse(r.stdout) as LabelTable;
    expect(table.categoryField).toBe('type_of_violence');
    const reference = gdalCounts();
    expect(Object.keys(reference).sort()).toEqual(['1', '2', '3']);
    expect(Object.fromEntries(table.rows.map((row) => [row.code, row.count]))).toEqual(reference);
    expect(table.rows.every((row) => row.en === undefined && row.es === undefined)).toBe(true);
  });

  it('sets them from a CSV of both languages, prints the table and audits the change', async () => {
    const csv = path.join(t.dir, 'codebook.csv');
    fs.writeFileSync(csv, 'code;en;es\n' + Object.entries(CODEBOOK).map(([c, l]) => `${c};${l.en};${l.es}`).join('\n') + '\n');
    const r = await cli('labels', ws, '--layer', 'ucdp', '--from-csv', csv);
    expect(r.code, r.stderr).toBe(0);
    const counts = gdalCounts();
    expect(r.stdout).toMatch(/category labels of layer "ucdp" \(category field: type_of_violence\)/);
    for (const [code, l] of Object.entries(CODEBOOK)) {
      const line = r.stdout.split('\n').find((x) => x.trim().startsWith(`${code} `))!;
      expect(line).toContain(counts[code].toLocaleString('en-US'));
      expect(line).toContain(l.en);
      expect(line).toContain(l.es);
    }
    const backend = openBackend(ws);
    try {
      expect(layerCategoryLabels(await backend.store.getLayer('ucdp'))).toEqual(CODEBOOK);
      const [entry] = await backend.store.listAudit(1);
      expect(entry).toMatchObject({ action: 'layer.labels', target: 'ucdp', actor: 'cli:user' });
      expect(entry.details.set).toHaveLength(3);
    } finally {
      await backend.close();
    }
  });

  it('changes one language with --lang, prints in it, and keeps the other', async () => {
    const r = await cli('labels', ws, '--layer', 'ucdp', '--lang', 'es', '--set', '2=Enfrentamiento entre grupos');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/etiquetas de categoría de la capa "ucdp"/);
    expect(r.stdout).toMatch(/código/);
    const line = r.stdout.split('\n').find((x) => x.trim().startsWith('2 '))!;
    expect(line).toContain('Non-state conflict');
    expect(line).toContain('Enfrentamiento entre grupos');
    const json = JSON.parse((await cli('labels', ws, '--layer', 'ucdp', '--json')).stdout) as LabelTable;
    expect(json.rows.find((row) => row.code === '2')).toMatchObject({ en: 'Non-state conflict', es: 'Enfrentamiento entre grupos' });
    // Back to the codebook's words for the tests below.
    expect((await cli('labels', ws, '--layer', 'ucdp', '--lang', 'es', '--set', `2=${CODEBOOK['2'].es}`)).code).toBe(0);
  });

  it('refuses bad input naming it, and leaves the workspace exactly as before', async () => {
    const before = fs.readFileSync(ws);
    const unknown = await cli('labels', ws, '--layer', 'ucdp', '--set', '9=Other');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/layer "ucdp" has no category "9" \(its categories: "\d", "\d", "\d"\); nothing was changed/);
    const noEq = await cli('labels', ws, '--layer', 'ucdp', '--set', 'State');
    expect(noEq.code).toBe(1);
    expect(noEq.stderr).toMatch(/--set "State": expected CODE=LABEL/);
    const clear = await cli('labels', ws, '--layer', 'ucdp', '--clear', '7');
    expect(clear.code).toBe(1);
    expect(clear.stderr).toMatch(/layer "ucdp" has no label for "7" to clear; nothing was changed/);
    const badCsv = path.join(t.dir, 'bad.csv');
    fs.writeFileSync(badCsv, 'valor,nombre\n1,x\n');
    const noColumn = await cli('labels', ws, '--layer', 'ucdp', '--from-csv', badCsv);
    expect(noColumn.code).toBe(1);
    expect(noColumn.stderr).toContain(`--from-csv ${badCsv}: needs a "code" column and a "label" column`);
    const dup = path.join(t.dir, 'dup.csv');
    fs.writeFileSync(dup, 'code,label\n1,a\n2,b\n1,c\n');
    const twice = await cli('labels', ws, '--layer', 'ucdp', '--from-csv', dup);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain(`--from-csv ${dup}: row 3: code "1" is already labelled on row 1`);
    const long = await cli('labels', ws, '--layer', 'ucdp', '--set', `1=${'x'.repeat(201)}`);
    expect(long.code).toBe(1);
    expect(long.stderr).toMatch(/a label is at most 200 characters/);
    expect(fs.readFileSync(ws).equals(before)).toBe(true);
  });

  it('names the categories by their labels in the summary, the comparison and the briefing', async () => {
    const summary = await cli('summary', ws, '--layer', 'ucdp');
    expect(summary.code, summary.stderr).toBe(0);
    expect(summary.stdout).toMatch(/One-sided violence \(3\) +\d/);
    const es = await cli('summary', ws, '--layer', 'ucdp', '--lang', 'es');
    expect(es.stdout).toMatch(/Violencia unilateral \(3\) +\d/);
    const cmp = await cli('compare', ws, '--layer', 'ucdp', '--category', '3', '--before', '2020-01-01..2020-12-31', '--after', '2021-01-01..2021-12-31', '--lang', 'es');
    expect(cmp.code, cmp.stderr).toBe(0);
    expect(cmp.stdout).toMatch(/Los incidentes de “Violencia unilateral”/);
    const backend = openBackend(ws);
    try {
      // Counts per state: the top category of each named by its label.
      await backend['import.run']({ paths: [STATES], options: { layer: 'states' } });
      const byState = await cli('summary', ws, '--layer', 'ucdp', '--by', 'states', '--name-field', 'NOMGEO', '--lang', 'es');
      expect(byState.code, byState.stderr).toBe(0);
      const chihuahua = byState.stdout.split('\n').find((l) => l.trim().startsWith('Chihuahua'))!;
      expect(chihuahua).toMatch(/Conflicto no estatal \(2\) [\d,]+/);
      const m = await briefingModel(backend.store, { layers: ['ucdp'], language: 'es', at: '2026-12-06T10:00:00Z' });
      const legend = m.legend.find((g) => g.title === 'ucdp')!;
      expect(legend.entries.map((e) => e.label)).toEqual(expect.arrayContaining(Object.values(CODEBOOK).map((l) => l.es)));
      const incidents = m.keyFigures[0].rows.map((row) => row.label);
      expect(incidents).toContain('Conflicto con participación del Estado');
    } finally {
      await backend.close();
    }
  }, 120_000);

  it('is kept in an exported result’s provenance, saying what its codes mean', async () => {
    const run = await cli('analyze', 'dbscan', ws, '--layer', 'ucdp', '--eps', '2000', '--min-points', '10', '--json');
    expect(run.code, run.stderr).toBe(0);
    const id = (JSON.parse(run.stdout) as { id: number }).id;
    const out = path.join(t.dir, 'clusters.geojson');
    const exp = await cli('export', ws, '--analysis', String(id), '--out', out);
    expect(exp.code, exp.stderr).toBe(0);
    const provenance = (JSON.parse(fs.readFileSync(out, 'utf8')) as { frontera: { input: { categoryLabels?: unknown } } }).frontera;
    expect(provenance.input.categoryLabels).toEqual(CODEBOOK);
    // The run's human output names each top cluster's commonest category by its label.
    const human = await cli('analyze', 'dbscan', ws, '--layer', 'ucdp', '--eps', '2000', '--min-points', '10', '--lang', 'es');
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/Conflicto no estatal \(2\) [\d,]+/);
  }, 120_000);

  it('goes along with frontera copy into another file', async () => {
    const copy = path.join(t.dir, 'copy.frontera');
    const r = await cli('copy', ws, copy);
    expect(r.code, r.stderr).toBe(0);
    const store = await openStore(copy);
    try {
      expect(layerCategoryLabels(await store.getLayer('ucdp'))).toEqual(CODEBOOK);
      expect(await store.schemaVersion()).toBe(SCHEMA_VERSION);
    } finally {
      await store.close();
    }
  });
});

describe('category labels in a team workspace on PostGIS', () => {
  let cluster: Cluster;
  let db: string;
  const tag = `${process.pid}_${Date.now() % 100000}`;
  const roles = { team: `labels_team_${tag}`, a: `labels_a_${tag}`, viewer: `labels_viewer_${tag}` };
  const passwords = { a: 'Lb-a-4kQ9x', viewer: 'Lb-v-8pW2z' };
  const url = (role: string) => `postgresql://${role}@127.0.0.1:${cluster.port}/${db}?schema=team&sslmode=disable`;

  beforeAll(async () => {
    cluster = await startCluster();
    db = await createDatabase(cluster, 'labels');
    const admin = await adminClient(cluster, db);
    try {
      for (const sql of [
        `CREATE ROLE ${roles.team} NOLOGIN`,
        `CREATE ROLE ${roles.a} LOGIN PASSWORD '${passwords.a}' IN ROLE ${roles.team}`,
        `CREATE ROLE ${roles.viewer} LOGIN PASSWORD '${passwords.viewer}'`,
        `CREATE SCHEMA team AUTHORIZATION ${roles.team}`,
        `GRANT USAGE ON SCHEMA team TO ${roles.viewer}`,
        `ALTER DEFAULT PRIVILEGES FOR ROLE ${roles.team} IN SCHEMA team GRANT SELECT ON TABLES TO ${roles.viewer}`,
      ]) {
        await admin.query(sql);
      }
    } finally {
      await admin.end();
    }
    const passfile = path.join(t.dir, 'pgpass');
    fs.writeFileSync(
      passfile,
      `127.0.0.1:${cluster.port}:${db}:${roles.a}:${passwords.a}\n127.0.0.1:${cluster.port}:${db}:${roles.viewer}:${passwords.viewer}\n`,
      { mode: 0o600 },
    );
    process.env.PGPASSFILE = passfile;
    delete process.env.PGPASSWORD;
  }, 240_000);

  it('keeps the labels a copy brings, changes them like the file does, and copies them back', async () => {
    expect((await cli('init', url(roles.a))).code).toBe(0);
    const up = await cli('copy', ws, url(roles.a), '--layer', 'ucdp');
    expect(up.code, up.stderr).toBe(0);
    const team = await openStore(url(roles.a));
    try {
      expect(layerCategoryLabels(await team.getLayer('ucdp'))).toEqual(CODEBOOK);
      const stacked = (await team.getLayer('ucdp')).stackedPoints;
      await setLayerLabels(team, { layer: 'ucdp', set: [{ code: '1', es: 'Conflicto estatal' }], clear: ['3'] }, 'test');
      const after = await team.getLayer('ucdp');
      expect(layerCategoryLabels(after)).toEqual({ '1': { en: CODEBOOK['1'].en, es: 'Conflicto estatal' }, '2': CODEBOOK['2'] });
      // The rest of the metadata is untouched.
      expect(after.stackedPoints).toEqual(stacked);
      expect((await team.listAudit(1))[0]).toMatchObject({ action: 'layer.labels', target: 'ucdp', role: roles.a, details: { cleared: ['3'] } });
    } finally {
      await team.close();
    }
    const back = path.join(t.dir, 'back.frontera');
    const down = await cli('copy', url(roles.a), back);
    expect(down.code, down.stderr).toBe(0);
    const table = JSON.parse((await cli('labels', back, '--layer', 'ucdp', '--json')).stdout) as LabelTable;
    expect(table.rows.map(({ code, en, es }) => ({ code, en, es }))).toEqual(
      expect.arrayContaining([
        { code: '1', en: CODEBOOK['1'].en, es: 'Conflicto estatal' },
        { code: '3', en: undefined, es: undefined },
      ]),
    );
  }, 300_000);

  it('refuses a SELECT-only role, which still reads the labels', async () => {
    const admin = await adminClient(cluster, db);
    try {
      await admin.query(`GRANT SELECT ON ALL TABLES IN SCHEMA team TO ${roles.viewer}`);
    } finally {
      await admin.end();
    }
    const read = await cli('labels', url(roles.viewer), '--layer', 'ucdp', '--json');
    expect(read.code, read.stderr).toBe(0);
    expect((JSON.parse(read.stdout) as LabelTable).rows.find((r) => r.code === '1')?.es).toBe('Conflicto estatal');
    const write = await cli('labels', url(roles.viewer), '--layer', 'ucdp', '--set', '1=State');
    expect(write.code).toBe(1);
    expect(write.stderr).toMatch(/read-only team workspace: role "labels_viewer_\w+" may read, analyse without storing, print and export, not change layer "ucdp"/);
    const team = await openStore(url(roles.a));
    try {
      expect(layerCategoryLabels(await team.getLayer('ucdp'))?.['1']).toEqual({ en: CODEBOOK['1'].en, es: 'Conflicto estatal' });
    } finally {
      await team.close();
    }
  }, 120_000);
});
