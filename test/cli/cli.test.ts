import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeatureCollection } from 'geojson';
import { writePoints } from '../../scripts/gen-points.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.join(repoRoot, 'bin', 'frontera.js');
const FIX = path.resolve(repoRoot, '..', 'shared', 'fixtures');
const PLACES = path.join(FIX, 'natural-earth', 'clipped', 'ne_10m_populated_places_sonora_bc.shp');

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-cli-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, FRONTERA_DEBUG: '' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function cliAsync(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const noStack = (text: string): void => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);

// The first spawn after a source changed builds the CLI's bundle (a second or two; more on a busy
// machine): generous per-test limits.
const SLOW = 240_000;

describe('frontera CLI', () => {
  it('prints help with every command and exits 0; usage mistakes exit 1', () => {
    const help = cli('--help');
    expect(help.code).toBe(0);
    for (const c of ['init', 'import', 'layers', 'export', 'audit']) expect(help.stdout).toMatch(new RegExp(`^\\s+${c}\\s`, 'm'));
    const importHelp = cli('import', '--help');
    expect(importHelp.code).toBe(0);
    expect(importHelp.stdout).toMatch(/--skip-invalid/);
    expect(importHelp.stdout).toMatch(/own transaction/);
    const unknown = cli('frobnicate');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/unknown command "frobnicate"/);
    const badFlag = cli('layers', 'x.frontera', '--bogus');
    expect(badFlag.code).toBe(1);
    expect(badFlag.stderr).toMatch(/bogus/);
    noStack(badFlag.stderr);
  }, SLOW);

  it('init → import (shapefile, CSV) → layers → export, with --json results', () => {
    const ws = path.join(dir, 'a.frontera');
    expect(cli('init', ws).code).toBe(0);
    const again = cli('init', ws);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists/);

    const csv = path.join(dir, 'incidentes.csv');
    writePoints(csv, 300, 4);
    const imp = cli('import', ws, PLACES, csv, '--json');
    expect(imp.code).toBe(0);
    const summaries = JSON.parse(imp.stdout) as { layer: string; featureCount: number; mapping: Record<string, unknown> }[];
    expect(summaries.map((s) => [s.layer, s.featureCount])).toEqual([
      ['ne_10m_populated_places_sonora_bc', 12],
      ['incidentes', 300],
    ]);
    expect(summaries[1].mapping).toMatchObject({ time: ['fecha'], category: 'tipo', quantity: 'cantidad', unit: 'unidad' });

    const human = cli('import', ws, csv, '--layer', 'otra vez', '--category', 'municipio', '--unit-value', 'eventos');
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/mapping: time=fecha, category=municipio, quantity=cantidad, unit="eventos" \(fixed\)/);

    const layers = cli('layers', ws, '--json');
    expect(layers.code).toBe(0);
    const list = JSON.parse(layers.stdout) as Record<string, unknown>[];
    expect(list).toHaveLength(3);
    for (const l of list) {
      for (const k of ['id', 'name', 'geometryType', 'featureCount', 'bbox', 'fields', 'sourceCrs', 'fingerprint']) expect(l).toHaveProperty(k);
      expect(l.fingerprint).toMatch(/^[0-9a-f]{64}$/);
      expect((l.bbox as number[]).length).toBe(4);
    }
    expect(list[0]).toMatchObject({ name: 'ne_10m_populated_places_sonora_bc', geometryType: 'Point', featureCount: 12 });
    // The fingerprint is sha256 of the source bytes.
    expect(list[1].fingerprint).toBe(crypto.createHash('sha256').update(fs.readFileSync(csv)).digest('hex'));

    const out = path.join(dir, 'lugares.geojson');
    const exp = cli('export', ws, 'ne_10m_populated_places_sonora_bc', '--out', out);
    expect(exp.code).toBe(0);
    const fc = JSON.parse(fs.readFileSync(out, 'utf8')) as FeatureCollection;
    expect(fc.features).toHaveLength(12);
    expect(fc.features.map((f) => f.properties!.NAME)).toContain('Mexicali');
    const csvOut = path.join(dir, 'incidentes-out.csv');
    expect(cli('export', ws, 'incidentes', '--out', csvOut).code).toBe(0);
    expect(fs.readFileSync(csvOut, 'utf8').trim().split('\r\n')).toHaveLength(301);
    const bad = cli('export', ws, 'incidentes', '--out', path.join(dir, 'x.dxf'));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/unknown extension ".dxf"; the formats are .*shapefile \(\.shp, \.zip\)/);
    expect(fs.existsSync(path.join(dir, 'x.dxf'))).toBe(false);

    const audit = cli('audit', ws, '--json');
    expect(audit.code).toBe(0);
    expect((JSON.parse(audit.stdout) as { action: string }[]).map((e) => e.action)).toEqual(
      expect.arrayContaining(['workspace.init', 'import', 'export']),
    );
  }, SLOW);

  it('exits 1 with one clear message for bad input, leaving the workspace as it was', () => {
    const ws = path.join(dir, 'b.frontera');
    cli('init', ws);
    const broken = path.join(dir, 'roto.csv');
    fs.writeFileSync(broken, 'id,lat,lon\n1,32.4,-114.7\n2,32.5\n3,32.6,-114.8\n');
    const r = cli('import', ws, broken);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/roto\.csv: row 2: /);
    noStack(r.stderr);
    const j = cli('import', ws, broken, '--json');
    expect(j.code).toBe(1);
    const err = JSON.parse(j.stdout) as { error: { message: string; problems: { location: string }[] } };
    expect(err.error.problems[0].location).toBe('row 2');
    expect(JSON.parse(cli('layers', ws, '--json').stdout)).toEqual([]);
    const missing = cli('layers', path.join(dir, 'nope.frontera'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/workspace not found/);
    expect(fs.existsSync(path.join(dir, 'nope.frontera'))).toBe(false);
  }, SLOW);

  it('exits 2 on an internal error (a damaged workspace) without a stack trace', () => {
    const ws = path.join(dir, 'c.frontera');
    cli('init', ws);
    expect(cli('import', ws, PLACES).code).toBe(0);
    const db = new Database(ws);
    db.prepare("UPDATE layers SET fields = '{not json'").run();
    db.close();
    const r = cli('layers', ws);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/internal error/);
    noStack(r.stderr);
  }, SLOW);

  it('two processes importing into one workspace: the second waits (or is told the workspace is busy), nothing is lost', async () => {
    const ws = path.join(dir, 'd.frontera');
    cli('init', ws);
    const a = path.join(dir, 'uno.csv');
    const b = path.join(dir, 'dos.csv');
    writePoints(a, 20_000, 1);
    writePoints(b, 20_000, 2);
    const [ra, rb] = await Promise.all([cliAsync('import', ws, a, '--json'), cliAsync('import', ws, b, '--json')]);
    const results = [ra, rb];
    for (const r of results) {
      if (r.code !== 0) {
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(/workspace busy: another process is writing .*d\.frontera; try again when it finishes/);
      }
    }
    expect(results.some((r) => r.code === 0)).toBe(true);
    const layers = JSON.parse(cli('layers', ws, '--json').stdout) as { name: string; featureCount: number }[];
    const expected = [
      ['uno', ra.code],
      ['dos', rb.code],
    ]
      .filter(([, code]) => code === 0)
      .map(([name]) => name)
      .sort();
    expect(layers.map((l) => l.name).sort()).toEqual(expected);
    for (const l of layers) expect(l.featureCount).toBe(20_000);
  }, SLOW);
});
