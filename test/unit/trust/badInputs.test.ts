/**
 * The bad-input corpus (test/corpus/generate.ts: ≥ 300 cases derived from the real fixtures and
 * from generated valid files) driven through the real import path — Backend['import.run'] over
 * a workspace that already holds layers. For every case: the call rejects with an ImportError
 * (a UserError) — never another exception, never a crash — whose first problem names the file,
 * the record/feature/row (or the whole file) and the reason the case expects; and the
 * workspace's content hash, layer list and counts are what they were before.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openBackend, type Backend } from '../../../electron/backend/backend.ts';
import { CHUNK_BYTES } from '../../../electron/backend/formats/streamSource.ts';
import { MAX_RECORD_CHARS } from '../../../shared/import/csv.ts';
import { UserError } from '../../../shared/errors.ts';
import { ImportError } from '../../../shared/import/problems.ts';
import {
  MANIFEST_PATH,
  SHAPEFILE_BASES,
  generateCorpus,
  manifestOf,
  mismatch,
  repoRoot,
  type CorpusCase,
  type GeneratedCorpus,
} from '../../corpus/generate.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-corpus-'));
// Generated at collection time so the cases can parametrise the tests; removed in afterAll.
const corpus: GeneratedCorpus = generateCorpus(path.join(tmp, 'corpus'));
const small = corpus.cases.filter((c) => c.cls !== '100 MB line');
const endless = corpus.cases.filter((c) => c.cls === '100 MB line');

let backend: Backend;
let before: { hash: string; layers: string };

function layerState(b: Backend): string {
  return JSON.stringify(b.workspace.listLayers().map((l) => [l.id, l.name, l.featureCount, l.fingerprint]));
}

beforeAll(async () => {
  backend = openBackend(path.join(tmp, 'w.frontera'), { create: true });
  // Layers of each kind already there: a shapefile, a CSV.
  await backend['import.run']({ paths: [`${SHAPEFILE_BASES.places}.shp`], options: { layer: 'poblaciones' } });
  const csv = path.join(tmp, 'base.csv');
  fs.writeFileSync(csv, 'id,lat,lon\n1,32.4561,-114.7717\n2,32.6245,-115.4545\n3,32.293,-115.104\n');
  await backend['import.run']({ paths: [csv] });
  before = { hash: backend.workspace.contentHash(), layers: layerState(backend) };
});

afterAll(() => {
  backend?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('bad-input corpus', () => {
  it('is the committed manifest: ≥ 200 cases over every class the brief names', () => {
    const committed = fs.readFileSync(MANIFEST_PATH, 'utf8');
    // A changed generator must come with its regenerated manifest (npx tsx scripts/gen-bad-inputs.ts --out DIR --update-manifest).
    expect(manifestOf(corpus.cases)).toBe(committed);
    expect(corpus.cases.length).toBeGreaterThanOrEqual(200);
    const classes = new Set(corpus.cases.map((c) => c.cls));
    for (const cls of [
      'truncated .shp', 'truncated .shx', 'truncated .dbf', 'lying record length', 'lying .dbf row count', 'wrong shape type',
      '.prj garbage', '.cpg unknown encoding', 'zip with missing parts', 'zip bomb', 'path traversal entry',
      'invalid JSON', 'wrong types', 'NaN/Infinity', 'nesting 100k deep', 'ends mid-feature', 'mixed geometries', 'lon/lat swapped',
      'ragged rows', 'wrong delimiter', 'binary garbage', '100 MB line', 'impossible date', 'lat/lon swapped',
    ]) {
      expect(classes, cls).toContain(cls);
    }
    expect(new Set(corpus.cases.map((c) => c.id)).size).toBe(corpus.cases.length);
    // Nothing of the corpus lives in the repository.
    expect(fs.existsSync(path.join(repoRoot, 'test', 'corpus', corpus.cases[0].id))).toBe(false);
  });

  it.each(small.map((c) => [c.id, c] as [string, CorpusCase]))('%s is refused whole, naming file, place and reason', async (_id, c) => {
    const file = path.join(corpus.dir, c.entry);
    const err = await backend['import.run']({ paths: [file], options: c.options ?? {} }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err, 'the import was accepted').not.toBeNull();
    expect(err).toBeInstanceOf(UserError);
    expect(err).toBeInstanceOf(ImportError);
    expect(mismatch(c, err)).toBeNull();
    // The message names the path the user gave (the file itself, or the folder/archive holding it).
    expect((err as Error).message.startsWith(path.dirname(file))).toBe(true);
    expect(backend.workspace.contentHash()).toBe(before.hash);
    expect(layerState(backend)).toBe(before.layers);
  });
});

describe('a 100 MB CSV line without a newline', () => {
  /** The import of `file`, refused: its error. */
  const refused = (file: string): Promise<unknown> =>
    backend['import.run']({ paths: [file] }).then(
      () => null,
      (e: unknown) => e,
    );

  /**
   * Bytes read from `file` while `run` runs, through fs.openSync/readSync: what the readers use
   * (fs.readFileSync reads through them too). A worker thread has an fs of its own, unseen here.
   */
  async function readsOf<T>(file: string, run: () => Promise<T>): Promise<{ bytes: number; result: T }> {
    const opened = vi.spyOn(fs, 'openSync');
    const read = vi.spyOn(fs, 'readSync');
    try {
      const result = await run();
      const fds = new Set(opened.mock.calls.flatMap((call, i) => (path.resolve(String(call[0])) === path.resolve(file) ? [opened.mock.results[i].value] : [])));
      const bytes = read.mock.calls.reduce((n, call, i) => n + (fds.has(call[0]) ? (read.mock.results[i].value as number) : 0), 0);
      return { bytes, result };
    } finally {
      opened.mockRestore();
      read.mockRestore();
    }
  }

  it('is refused after the first chunk read, the file never read whole, the workspace unchanged', async () => {
    await corpus.writeEndless();
    for (const c of endless) {
      const file = path.join(corpus.dir, c.entry);
      expect(fs.statSync(file).size, c.id).toBeGreaterThanOrEqual(100 * 1024 * 1024);
      // As the app reads a file this big: on the import worker.
      const err = await refused(file);
      expect(err, c.id).toBeInstanceOf(ImportError);
      expect((err as Error).message, c.id).toMatch(/linea\.csv: .*longer than 1 MB without a line end/);
      expect(mismatch(c, err), c.id).toBeNull();
      expect(backend.workspace.contentHash(), c.id).toBe(before.hash);
      expect(layerState(backend), c.id).toBe(before.layers);
      // The same reader on the importer's own thread, where its reads are counted: past the 1 MB
      // record bound, and no further than the first 4 MB chunk of the 100 MB.
      process.env.FRONTERA_IMPORT_WORKER_MIN_BYTES = String(Number.MAX_SAFE_INTEGER);
      try {
        const { bytes, result } = await readsOf(file, () => refused(file));
        expect((result as Error).message, c.id).toBe((err as Error).message);
        expect(bytes, c.id).toBeGreaterThan(MAX_RECORD_CHARS);
        expect(bytes, c.id).toBeLessThanOrEqual(CHUNK_BYTES);
      } finally {
        delete process.env.FRONTERA_IMPORT_WORKER_MIN_BYTES;
      }
      expect(backend.workspace.contentHash(), c.id).toBe(before.hash);
      fs.rmSync(file);
    }
  }, 120_000);
});
