/**
 * What people read: every command's output without --json is tables and `key: value` lines, never
 * a JSON object or array printed raw (JSON.stringify writes `{"key":`, `["`, `[{` or `[1,2`;
 * people write `[0.14, 1.30]`). Runs the real CLI on the demo workspace, as the analyst would.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { writePoints } from '../../scripts/gen-points.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.join(repoRoot, 'bin', 'frontera.js');

let dir: string;
let ws: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-human-'));
  ws = path.join(dir, 'demo.frontera');
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const JSON_DUMP = /\{"|\["|\[\{|"\s*:\s*[[{"\d-]|\[-?\d[\d.e+-]*,-?\d/;

/** Runs `frontera ...args`; fails unless it succeeds and prints something with no JSON dump in it. */
function human(...args: string[]): string {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8' });
  expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  expect(r.stdout.trim().length).toBeGreaterThan(0);
  expect(r.stdout.split('\n').filter((l) => JSON_DUMP.test(l))).toEqual([]);
  return r.stdout;
}

it('tells a JSON dump from what people write', () => {
  for (const dump of ['top: [{"cluster_id":0}]', '{"a":1}', 'ids ["x"]', 'centroid [-115.1,32.4]', 'x":{']) expect(dump).toMatch(JSON_DUMP);
  for (const words of ['rate ratio 0.462 95 % CI [0.14, 1.30]', 'unit="eventos" (fixed)', 'params (eps 500, minPoints 5)']) expect(words).not.toMatch(JSON_DUMP);
});

it('prints no JSON without --json, in any command', () => {
  const init = path.join(dir, 'empty.frontera');
  human('init', init);
  const csv = path.join(dir, 'incidentes.csv');
  writePoints(csv, 500, 3);
  human('import', init, csv);
  human('export', init, 'incidentes', '--out', path.join(dir, 'out.geojson'));
  human('demo', ws);
  human('layers', ws);
  human('summary', ws, '--layer', 'incidents');
  human('timeline', ws, '--layer', 'incidents', '--bin', 'month');
  human('suggest-eps', ws, '--layer', 'incidents', '--min-points', '5');
  const dbscan = human('analyze', 'dbscan', ws, '--layer', 'incidents', '--eps', '500', '--min-points', '5');
  expect(dbscan).toMatch(/^ +rank +cluster +incidents/m);
  // The clusters' periods in the workspace's zone, as the summary writes instants (here from
  // Intl by hand, beside the run's stored UTC instants).
  const run = JSON.parse(spawnSync(process.execPath, [BIN, 'analyses', ws, '--json'], { cwd: dir, encoding: 'utf8' }).stdout) as { kind: string; summary: { top?: { firstTime: string; lastTime: string }[] } }[];
  const top = run.filter((a) => a.kind === 'dbscan').at(-1)!.summary.top![0];
  const tz = /period \(([^)]+)\)/.exec(dbscan)?.[1] ?? '';
  const local = (iso: string) =>
    new Intl.DateTimeFormat('sv-SE', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(Date.parse(iso));
  expect(tz).toBe('America/Tijuana');
  expect(dbscan).toContain(`${local(top.firstTime)} – ${local(top.lastTime)}`);
  human('analyze', 'kde', ws, '--layer', 'incidents');
  human('analyze', 'gistar', ws, '--layer', 'incidents');
  human('analyze', 'nni', ws, '--layer', 'incidents');
  human('analyze', 'corridors', ws, '--layer', 'incidents', '--network', 'roads');
  human('analyze', 'corridors', ws, '--layer', 'incidents');
  human('analyze', 'emerging', ws, '--layer', 'incidents', '--cell-size', '2000', '--to', '2023-03-31');
  human('compare', ws, '--layer', 'incidents', '--split', '2023-07-22', '--before-days', '8', '--after-days', '8', '--by-analysis', '1');
  expect(human('summary', ws, '--layer', 'incidents', '--by', 'municipalities')).toMatch(/^ +area +record +incidents/m);
  human('analyses', ws);
  human('audit', ws);
}, 240_000);
