/**
 * `--lang es|en` on the command line: the human output of layers, timeline and compare in Mexican
 * Spanish (the comparison's sentence as the briefing says it), English by default, `--json`
 * byte for byte the same in both languages, and a language Frontera does not speak refused with
 * the flag named. Runs the real CLI on the demo workspace.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.join(repoRoot, 'bin', 'frontera.js');

let dir: string;
let ws: string;

function cli(...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, FRONTERA_DEBUG: '' } });
}

function ok(...args: string[]): string {
  const r = cli(...args);
  expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout;
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-lang-'));
  ws = path.join(dir, 'demo.frontera');
  ok('demo', ws);
}, 180_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The demo's San Luis Río Colorado homicides either side of 2023-07-22 (13 → 6, the e2e's numbers). */
const COMPARE = ['--layer', 'incidents', '--split', '2023-07-22', '--before-days', '8', '--after-days', '8', '--category', 'homicide', '--within', 'municipalities:nombre=San Luis Río Colorado'];

describe('frontera --lang', () => {
  it('prints the layer table in Spanish, English by default, data as stored', () => {
    const es = ok('layers', ws, '--lang', 'es');
    expect(es).toMatch(/^núm\. +nombre +geometría +elementos +extensión \(lon\/lat: O, S, E, N\) +SRC de origen$/m);
    expect(es).toMatch(/^campos:$/m);
    // Layer and field names are data: the same in both languages.
    expect(es).toMatch(/^ +1 +incidents +Point +5,512 /m);
    const en = ok('layers', ws);
    expect(en).toMatch(/^id +name +geometry +features +extent/m);
    expect(ok('layers', ws, '--lang', 'en')).toBe(en);
  });

  it('prints the timeline with Spanish bins and weekdays, the same counts', () => {
    const es = ok('timeline', ws, '--layer', 'incidents', '--bin', 'month', '--no-aoristic', '--lang', 'es');
    const en = ok('timeline', ws, '--layer', 'incidents', '--bin', 'month', '--no-aoristic');
    expect(es).toMatch(/^5,512 incidentes, 12 intervalos por mes \(America\/Tijuana\)$/m);
    expect(en).toMatch(/^5,512 incidents, 12 month bins \(America\/Tijuana\)$/m);
    expect(es).toMatch(/^ +mes +incidentes$/m);
    expect(es).toMatch(/^ +lun +/m);
    expect(es).toMatch(/ desconocida$/m);
    // Every month's count is the same number in both (es-MX and en-US group alike).
    const counts = (text: string) => [...text.matchAll(/^ +(\d{4}-\d{2}) +([\d,]+)$/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(counts(es)).toHaveLength(12);
    expect(counts(es)).toEqual(counts(en));
  });

  it('prints the comparison and its sentence in Spanish', () => {
    const es = ok('compare', ws, ...COMPARE, '--lang', 'es');
    expect(es).toMatch(/^antes +2023-07-14\.\.2023-07-21 \(8 días\): 13$/m);
    expect(es).toMatch(/^después 2023-07-22\.\.2023-07-29 \(8 días\): 6$/m);
    expect(es).toMatch(/^razón de tasas 0\.462 IC 95 % \[0\.14, 1\.30\]; p = 0\.17; no significativo a 0\.05$/m);
    expect(es).toMatch(/^Los homicidios disminuyeron de 13 a 6 \(−54 %\)/m);
    const en = ok('compare', ws, ...COMPARE);
    expect(en).toMatch(/^rate ratio 0\.462 95 % CI \[0\.14, 1\.30\]; p = 0\.17; not significant at 0\.05$/m);
    expect(en).toMatch(/^Homicides fell from 13 to 6 \(−54 %\)/m);
  });

  it('keeps --json the same in every language', () => {
    for (const args of [['layers', ws], ['timeline', ws, '--layer', 'incidents', '--bin', 'week'], ['compare', ws, ...COMPARE]]) {
      const en = ok(...args, '--json');
      expect(ok(...args, '--json', '--lang', 'es')).toBe(en);
    }
  });

  it('refuses a language it does not speak, naming the flag, and documents --lang in every command', () => {
    const r = cli('layers', ws, '--lang', 'fr');
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('frontera layers: --lang must be en or es, got "fr"\n');
    expect(ok('timeline', '--help')).toMatch(/^ +--lang en\|es +language of the human output/m);
    expect(ok('--help')).toMatch(/--lang en\|es/);
  });
});
