/**
 * Crash safety of the workspace: a CLI import of a 2,000,000-row CSV (scripts/gen-points.ts) is
 * killed with SIGKILL at several moments inside its transaction — 0.5 s and 1.5 s after it took
 * the write lock, and after its first progress line on stderr. After every kill the file
 * passes PRAGMA integrity_check, opens, holds the earlier layers byte for byte (same content
 * hash, same layer list and counts) and no trace of the killed import. While the import runs,
 * a reader still sees the earlier state, and a second writer waits and then fails with a clear
 * "workspace busy" (or succeeds after the first one ends): nothing is lost either way.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openBackend } from '../../../electron/backend/backend.ts';
import { Workspace } from '../../../electron/backend/store/workspace.ts';
import { writePoints } from '../../../scripts/gen-points.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const BIN = path.join(repoRoot, 'bin', 'frontera.js');
const PLACES = path.resolve(repoRoot, '..', 'shared', 'fixtures', 'natural-earth', 'clipped', 'ne_10m_populated_places_sonora_bc.shp');

let dir: string;
let ws: string;
let million: string;
/** The kills use two million rows: they must land well before the end even on a machine faster than this one (a million rows take 2.5 s here). */
let twoMillion: string;
let before: State;

interface State {
  hash: string;
  layers: string;
  features: number;
}

function state(): State {
  const w = Workspace.open(ws);
  try {
    const layers = JSON.stringify(w.listLayers().map((l) => [l.id, l.name, l.featureCount, l.fingerprint, l.bbox]));
    return { hash: w.contentHash(), layers, features: w.listLayers().reduce((s, l) => s + l.featureCount, 0) };
  } finally {
    w.close();
  }
}

/** Features as stored (rows plus the points in column blocks), and R*Tree entries against rows with a geometry. */
function integrity(): { check: string; fk: unknown[]; features: number; rtree: number; rowsWithGeometry: number } {
  const db = new Database(ws);
  try {
    return {
      check: db.pragma('integrity_check', { simple: true }) as string,
      fk: db.pragma('foreign_key_check') as unknown[],
      features: (db.prepare('SELECT (SELECT count(*) FROM features) + (SELECT coalesce(sum(count), 0) FROM point_blocks) AS n').get() as { n: number }).n,
      rtree: (db.prepare('SELECT count(*) AS n FROM features_rtree').get() as { n: number }).n,
      rowsWithGeometry: (db.prepare('SELECT count(*) AS n FROM features WHERE lon IS NOT NULL OR geometry IS NOT NULL').get() as { n: number }).n,
    };
  } finally {
    db.close();
  }
}

/** True while another connection holds the write lock (probes with BEGIN IMMEDIATE, no waiting). */
function writeLocked(probe: Database.Database): boolean {
  try {
    probe.exec('BEGIN IMMEDIATE');
    probe.exec('ROLLBACK');
    return false;
  } catch (e) {
    if ((e as { code?: string }).code?.startsWith('SQLITE_BUSY')) return true;
    throw e;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Running {
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startImport(file: string, ...extra: string[]): Running {
  const child = spawn(process.execPath, [BIN, 'import', ws, file, ...extra], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  child.stdout!.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const run = { child, stderr: () => err, exited };
  running.add(run);
  return run;
}

/** Waits until the child holds the write lock: its import transaction is open. */
async function untilInsideTransaction(run: Running, timeoutMs = 90_000): Promise<number> {
  const probe = new Database(ws, { timeout: 0 });
  try {
    const deadline = Date.now() + timeoutMs;
    let exited = false;
    void run.exited.then(() => (exited = true));
    while (Date.now() < deadline) {
      if (exited) throw new Error(`the import ended before it was killed: ${run.stderr()}`);
      if (writeLocked(probe)) return Date.now();
      await sleep(20);
    }
    throw new Error('the import never took the write lock');
  } finally {
    probe.close();
  }
}

const running = new Set<Running>();
afterEach(async () => {
  // A failed test must not leave its import holding the workspace for the next one.
  for (const r of running) {
    if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
    await r.exited;
  }
  running.clear();
});

async function killAt(run: Running, when: () => Promise<void>): Promise<void> {
  await when();
  const probe = new Database(ws, { timeout: 0 });
  // Still inside its transaction at the moment of the kill.
  expect(writeLocked(probe)).toBe(true);
  probe.close();
  run.child.kill('SIGKILL');
  const end = await run.exited;
  expect(end.signal).toBe('SIGKILL');
}

function expectIntact(): void {
  const ic = integrity();
  expect(ic.check).toBe('ok');
  expect(ic.fk).toEqual([]);
  expect(ic.features).toBe(before.features);
  expect(ic.rtree).toBe(ic.rowsWithGeometry);
  const now = state();
  expect(now.layers).toBe(before.layers);
  expect(now.hash).toBe(before.hash);
  expect(now.layers).not.toMatch(/million/);
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-crash-'));
  ws = path.join(dir, 'ws.frontera');
  million = path.join(dir, 'million.csv');
  writePoints(million, 1_000_000, 42);
  twoMillion = path.join(dir, 'two-million.csv');
  writePoints(twoMillion, 2_000_000, 43);
}, 120_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('SIGKILL during a CLI import of millions of rows', () => {
  beforeAll(async () => {
    const b = openBackend(ws, { create: true });
    await b['import.run']({ paths: [PLACES] });
    const small = path.join(dir, 'previas.csv');
    writePoints(small, 2_000, 7);
    await b['import.run']({ paths: [small] });
    b.close();
    before = state();
    expect(JSON.parse(before.layers)).toHaveLength(2);
  }, 60_000);

  it.each([500, 1500])('killed %i ms into its transaction: integrity ok, earlier layers intact, no partial layer', async (ms) => {
    const run = startImport(twoMillion);
    await killAt(run, async () => {
      const t0 = await untilInsideTransaction(run);
      await sleep(Math.max(0, t0 + ms - Date.now()));
    });
    expectIntact();
  }, 150_000);

  it('killed late in its transaction, once it has printed a read progress line on stderr: same', async () => {
    // The first progress line comes 2 s into the import (LINE_EVERY_MS).
    const run = startImport(twoMillion);
    await killAt(run, async () => {
      await untilInsideTransaction(run);
      while (!/two-million\.csv: read \d+%/.test(run.stderr())) {
        if (run.child.exitCode !== null || run.child.signalCode !== null) throw new Error(`the import ended before it printed a progress line: ${run.stderr()}`);
        await sleep(10);
      }
      // Frozen at once: the lock check and the kill then see the same moment.
      run.child.kill('SIGSTOP');
      expect(run.stderr()).toMatch(/^import .*two-million\.csv: read \d+% \([\d.]+ MB of [\d.]+ MB\)/m);
    });
    expectIntact();
  }, 150_000);

  it('while one import holds the transaction, readers see the earlier state and a second writer waits, then reports "workspace busy"; after the kill it succeeds', async () => {
    const run = startImport(million);
    await untilInsideTransaction(run);
    // Stopped inside its transaction, it holds the write lock for as long as the test needs: a
    // million-point import takes less than the second writer's 5 s busy timeout.
    run.child.kill('SIGSTOP');
    // A reader is not blocked (WAL) and sees only committed layers.
    const reader = new Database(ws, { readonly: true });
    const names = (reader.prepare('SELECT name, feature_count FROM layers ORDER BY id').all() as { name: string; feature_count: number }[]).map(
      (l) => `${l.name}:${l.feature_count}`,
    );
    reader.close();
    expect(names).toEqual(JSON.parse(before.layers).map((l: [number, string, number]) => `${l[1]}:${l[2]}`));
    const second = path.join(dir, 'segunda.csv');
    writePoints(second, 500, 9);
    const t = Date.now();
    const r = spawnSync(process.execPath, [BIN, 'import', ws, second], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    const firstStillRunning = run.child.exitCode === null && run.child.signalCode === null;
    if (firstStillRunning) {
      // It waited (the busy timeout, 5 s) and then said so, in one line, without a stack.
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/workspace busy: another process is writing .*ws\.frontera; try again when it finishes/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(Date.now() - t).toBeGreaterThanOrEqual(5000);
      run.child.kill('SIGKILL');
      await run.exited;
      expectIntact();
      // The lock died with the process: the next writer goes straight in.
      const b = openBackend(ws);
      const [again] = await b['import.run']({ paths: [second] });
      b.close();
      expect(again.featureCount).toBe(500);
    } else {
      // The first finished while the second waited: then the second went in after it.
      expect(r.status, r.stderr).toBe(0);
    }
    const after = integrity();
    expect(after.check).toBe('ok');
    const w = Workspace.open(ws);
    const layers = w.listLayers().map((l) => [l.name, l.featureCount]);
    w.close();
    expect(layers).toEqual(expect.arrayContaining([...JSON.parse(before.layers).map((l: [number, string, number]) => [l[1], l[2]]), ['segunda', 500]]));
    if (firstStillRunning) expect(layers.map((l) => l[0])).not.toContain('million');
  }, 240_000);
});
