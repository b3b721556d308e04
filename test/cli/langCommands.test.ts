/**
 * `--lang es` on every command (issue 18): its human output holds the Spanish catalogue's words
 * (read from RESOURCES: the literal parts of each template, between its placeholders) and none of
 * the English-only words of that command; numbers and dates as es-MX writes them (Intl's es-MX
 * formats are the reference); `--json` byte for byte the same in both languages; the common CLI
 * errors (missing or unknown flag, unknown layer, bad value, unknown command) in Spanish with the
 * same exit code. Runs the real CLI on the demo workspace and on a generated CSV.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESOURCES } from '../../shared/i18n/translator.ts';
import { writePoints } from '../../scripts/gen-points.ts';
import { commandNames } from '../../cli/main.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.join(repoRoot, 'bin', 'frontera.js');

let dir: string;
let ws: string;

function cli(...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, FRONTERA_DEBUG: '' } });
}

/**
 * Words a help line prints the same in both languages: the analyses' and filters' names, the values
 * of flags (week, hex …), JSON keys, format names, language codes.
 */
const SAME_WORDS = new Set(
  ('dbscan kde gistar nni corridors emerging convex concave auto week day month hex square quantity count density per100k ' +
    'natural breaks quantiles equal interval manual selection letter legal tabloid a4 a3 is empty not in GeoJSON Shapefile ' +
    'uncategorized undated outside wider dayHour counts unknownHour total aoristic on by windowed note en es').split(' '),
);

/** The words of a help line that are not flags, <placeholders>, file names, references, quoted values, command names or SAME_WORDS. */
function englishWords(line: string): string[] {
  const bare = line.replace(/`[^`]*`|"[^"]*"|<[\w-]+>/g, ' ').replace(/--[\w-]+|\S*[.:]\w\S*/g, ' ');
  return (bare.match(/[A-Za-z]\w*/g) ?? []).filter((w) => !/^[A-Z][A-Z_]*$/.test(w) && !SAME_WORDS.has(w) && !commandNames.includes(w));
}

function ok(...args: string[]): string {
  const r = cli(...args);
  expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout;
}

type Tree = { [key: string]: string | Tree };
type Ns = 'cli' | 'analysis' | 'app';

/** The Spanish template of a key of the cli (or analysis) namespace. */
function template(key: string, ns: Ns = 'cli'): string {
  const v = key.split('.').reduce<string | Tree>((o, k) => (o as Tree)[k], RESOURCES.es[ns] as Tree);
  if (typeof v !== 'string') throw new Error(`es:${ns}:${key} is not a string`);
  return v;
}

/** Fails unless `out` holds every literal part (two characters or more) of each key's Spanish template. */
function holdsSpanish(out: string, keys: string[], ns: Ns = 'cli'): void {
  for (const key of keys) {
    const parts = template(key, ns)
      .split(/\{\{\w+\}\}/)
      .map((s) => s.trim())
      .filter((s) => s.length >= 2);
    expect(parts.length, key).toBeGreaterThan(0);
    for (const part of parts) expect(out, `es:${ns}:${key} "${part}"`).toContain(part);
  }
}

/** Fails on any of the command's English-only words (whole words, case as written). */
function noEnglish(out: string, words: string[]): void {
  const found = words.filter((w) => new RegExp(`(^|[^\\p{L}])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}])`, 'mu').test(out));
  expect(found, out).toEqual([]);
}

const esMX = (n: number, digits = 0) => new Intl.NumberFormat('es-MX', { maximumFractionDigits: digits }).format(n);

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-lang-all-'));
  ws = path.join(dir, 'demo.frontera');
}, 60_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('frontera --lang es on every command', () => {
  it('creates, imports, lists, exports and copies in Spanish', () => {
    const demo = ok('demo', ws, '--lang', 'es');
    holdsSpanish(demo, ['demo.created', 'demo.note', 'demo.features', 'demo.stacked']);
    holdsSpanish(demo, ['stacked.share', 'stacked.centre'], 'analysis');
    noEnglish(demo, ['created', 'features', 'seed', 'stacked', 'share one point', 'likely geocoded', 'SYNTHETIC']);

    const empty = path.join(dir, 'vacio.frontera');
    const init = ok('init', empty, '--lang', 'es');
    holdsSpanish(init, ['init.created']);
    noEnglish(init, ['created', 'time zone']);

    const csv = path.join(dir, 'incidentes.csv');
    writePoints(csv, 500, 3);
    const imported = ok('import', empty, csv, '--lang', 'es');
    holdsSpanish(imported, ['import.imported', 'import.crs', 'import.extent', 'import.mapping', 'import.fingerprint']);
    noEnglish(imported, ['imported', 'layer', 'features in', 'extent', 'mapping', 'fingerprint']);
    // The mapping's keys are the --flags' names: the same in both languages.
    expect(imported).toMatch(/asignación de campos: time=/);

    const layers = ok('layers', ws, '--lang', 'es');
    holdsSpanish(layers, ['layers.fields', 'layers.timeWindows']);
    holdsSpanish(layers, ['aoristic.windows_other', 'aoristic.widthDays'], 'analysis');
    noEnglish(layers, ['name', 'geometry', 'features', 'extent', 'fields', 'time windows', 'records known only']);

    const exported = ok('export', empty, 'incidentes', '--out', path.join(dir, 'out.geojson'), '--lang', 'es');
    holdsSpanish(exported, ['export.wroteFeatures']);
    noEnglish(exported, ['wrote', 'features of']);
    expect(exported).toMatch(/^se escribieron 500 elementos de "incidentes" en /m);

    const copied = ok('copy', ws, path.join(dir, 'copia.frontera'), '--layer', 'roads', '--lang', 'es');
    holdsSpanish(copied, ['copy.layer', 'copy.done']);
    noEnglish(copied, ['copied layer', 'features', 'analyses and', 'audit entries']);
  }, 240_000);

  it('summarises, by area too, with es-MX numbers and named-month dates', () => {
    const summary = ok('summary', ws, '--layer', 'incidents', '--lang', 'es');
    holdsSpanish(summary, ['summary.head', 'summary.quantities', 'summary.records', 'summary.byCategory']);
    noEnglish(summary, ['incidents in', 'first', 'last', 'quantities by unit', 'by category', 'records']);
    const s = JSON.parse(ok('summary', ws, '--layer', 'incidents', '--json')) as { count: number; firstTime: number };
    const tz = 'America/Tijuana';
    const day = new Intl.DateTimeFormat('es-MX', { day: 'numeric', month: 'short', year: 'numeric', timeZone: tz }).format(s.firstTime);
    expect(summary.split('\n')[0]).toContain(`${esMX(s.count)} incidentes en incidents; el primero ${day},`);
    expect(ok('summary', ws, '--layer', 'incidents', '--json', '--lang', 'es')).toBe(JSON.stringify(s, null, 2) + '\n');

    const areas = ok('summary', ws, '--layer', 'incidents', '--by', 'municipalities', '--lang', 'es');
    holdsSpanish(areas, ['areas.head', 'areas.columns.area', 'areas.columns.record', 'areas.columns.top', 'areas.columns.quantities', 'common.warning']);
    noEnglish(areas, ['areas of', 'stored as analysis', 'record', 'top category', 'quantities', 'warning']);
  }, 240_000);

  it('runs every analysis with Spanish figures, tables and sentences', () => {
    const dbscan = ok('analyze', 'dbscan', ws, '--layer', 'incidents', '--eps', '500', '--min-points', '5', '--lang', 'es');
    holdsSpanish(dbscan, ['analyze.stored', 'analyze.keys.clusters', 'analyze.keys.noise', 'analyze.top.rank', 'analyze.top.centroid', 'analyze.top.category']);
    noEnglish(dbscan, ['stored in', 'clusters', 'noise', 'rank', 'centroid lon', 'top category', 'warning']);
    // The selection's warnings are composed in the language of the run.
    holdsSpanish(dbscan, ['stacked.warningMany', 'stacked.share', 'stacked.centre'], 'analysis');
    holdsSpanish(dbscan, ['selection.excludeStacked'], 'app');
    noEnglish(dbscan, ['stacked points hold', 'A density method', 'share one point', 'leaves them out']);
    // --json is the same in both: its warnings are English whatever --lang says.
    const json = (lang: string[]) => JSON.parse(ok('analyze', 'nni', ws, '--layer', 'incidents', '--json', ...lang)) as { warnings: string[]; summary: object };
    const [jsonEs, jsonEn] = [json(['--lang', 'es']), json([])];
    expect(jsonEs.warnings).toEqual(jsonEn.warnings);
    expect(jsonEs.summary).toEqual(jsonEn.summary);
    const left = ok('analyze', 'nni', ws, '--layer', 'incidents', '--exclude-stacked', '--lang', 'es');
    holdsSpanish(left, ['stacked.leftOut_other'], 'analysis');
    noEnglish(left, ['left out', 'the largest']);
    const precise = ok('analyze', 'nni', ws, '--layer', 'incidents', '--precision-max', '1', '--lang', 'es');
    holdsSpanish(precise, ['precision.leftOut', 'precision.above', 'precision.coded'], 'analysis');
    noEnglish(precise, ['left out', 'with a precision code', 'coded']);
    // The figures are the same numbers, grouped as es-MX groups them.
    const run = JSON.parse(ok('analyze', 'dbscan', ws, '--layer', 'incidents', '--eps', '500', '--min-points', '5', '--json')) as { summary: { clusters: number; noise: number } };
    expect(dbscan).toMatch(new RegExp(`^ +${template('analyze.keys.clusters')}: +${esMX(run.summary.clusters)}$`, 'm'));
    expect(dbscan).toMatch(new RegExp(`^ +${template('analyze.keys.noise')}: +${esMX(run.summary.noise)}$`, 'm'));

    const nni = ok('analyze', 'nni', ws, '--layer', 'incidents', '--lang', 'es');
    holdsSpanish(nni, ['analyze.keys.sentence', 'analyze.keys.ratio']);
    holdsSpanish(nni, ['nni.sentence_clustered'], 'analysis');
    noEnglish(nni, ['The incidents are', 'nearest-neighbour ratio', 'sentence', 'pattern']);

    const kde = ok('analyze', 'kde', ws, '--layer', 'incidents', '--lang', 'es');
    holdsSpanish(kde, ['analyze.keys.contourLevels', 'analyze.contour.percent', 'analyze.contour.level', 'analyze.keys.bandwidthM']);
    noEnglish(kde, ['contour %', 'density level', 'contourLevels', 'bandwidthM', 'peakDensityPerKm2']);
    // The study area in words, composed in the language of the run.
    holdsSpanish(kde, ['studyArea.land', 'studyArea.windows.grid'], 'analysis');
    noEnglish(kde, ['land in', 'bounding box', 'density grid']);

    const gistar = ok('analyze', 'gistar', ws, '--layer', 'incidents', '--lang', 'es');
    holdsSpanish(gistar, ['analyze.keys.notSignificant', 'analyze.keys.distanceBand', 'analyze.keys.fdr']);
    expect(gistar).toMatch(new RegExp(`^ +${template('analyze.keys.fdr')}: +${template('common.yes')}$`, 'm'));
    noEnglish(gistar, ['notSignificant', 'distanceBand', 'cellSize', 'yes']);

    const corridors = ok('analyze', 'corridors', ws, '--layer', 'incidents', '--network', 'roads', '--lang', 'es');
    holdsSpanish(corridors, ['analyze.keys.corridors', 'analyze.list.length', 'analyze.list.crosses', 'analyze.sourceIndexes']);
    noEnglish(corridors, ['length km', 'crosses border', 'their source indexes', 'unsnapped:']);
    holdsSpanish(corridors, ['explain.unsnapped'], 'analysis');
    noEnglish(corridors, ['were not snapped', 'from every line']);

    // Why a run found nothing, with the app's button as labelled in Spanish.
    const none = ok('analyze', 'dbscan', ws, '--layer', 'incidents', '--eps', '1', '--min-points', '50', '--exclude-stacked', '--lang', 'es');
    holdsSpanish(none, ['explain.noCluster', 'explain.tightest'], 'analysis');
    holdsSpanish(none, ['params.dbscan.suggest'], 'app');
    noEnglish(none, ['clusters', 'no incident has', 'try a larger eps', 'Suggest']);

    const emerging = ok('analyze', 'emerging', ws, '--layer', 'incidents', '--cell-size', '2000', '--to', '2023-03-31', '--lang', 'es');
    holdsSpanish(emerging, ['analyze.keys.patterns', 'analyze.pattern.pattern', 'analyze.pattern.noPattern']);
    holdsSpanish(emerging, ['emerging.patterns.new_hot_other', 'emerging.rest_other'], 'analysis');
    noEnglish(emerging, ['Of', 'show no pattern', 'new hot', 'patterns', 'locations']);
    // Its steps' warnings (a week partly in the period, windows wider than a week), as Spanish says each step.
    holdsSpanish(emerging, ['steps.lastCovered_week', 'steps.firstCovered_week', 'steps.wider_week'], 'analysis');
    noEnglish(emerging, ['covered by the period', 'each spread over', 'wider than a week']);

    // One cluster swallowing the data: the warning and what Suggest (Sugerir) would give.
    const chained = ok('analyze', 'dbscan', ws, '--layer', 'incidents', '--eps', '3000', '--min-points', '5', '--lang', 'es');
    holdsSpanish(chained, ['eps.warning', 'eps.advice'], 'analysis');
    noEnglish(chained, ['one cluster spreads', 'too large for the density', 'gives', 'Suggest']);

    const eps = ok('suggest-eps', ws, '--layer', 'incidents', '--min-points', '5', '--lang', 'es');
    holdsSpanish(eps, ['suggestEps.line']);
    holdsSpanish(eps, ['suggestEps.lowered', 'suggestEps.locations'], 'analysis');
    noEnglish(eps, ['suggested', 'at the knee', 'distinct locations', 'records sharing']);
    const args = ['suggest-eps', ws, '--layer', 'incidents', '--min-points', '5', '--json'];
    expect(ok(...args, '--lang', 'es')).toBe(ok(...args));

    // The runs' selections in words: the stacked points and the precision codes left out above.
    const listed = ok('analyses', ws, '--lang', 'es');
    holdsSpanish(listed, ['analyses.excludeStacked', 'analyses.precision', 'analyses.all']);
    noEnglish(listed, ['stacked points left out', 'precision']);
    const analyses = listed.split('\n')[0];
    holdsSpanish(analyses, ['analyses.columns.kind', 'analyses.columns.selection', 'analyses.columns.created', 'analyses.columns.parameters']);
    noEnglish(analyses, ['kind', 'layer', 'selection', 'created', 'parameters']);

    const audit = ok('audit', ws, '--lang', 'es').split('\n')[0];
    holdsSpanish(audit, ['audit.columns.time', 'audit.columns.action', 'audit.columns.target', 'audit.columns.details']);
    noEnglish(audit, ['time', 'actor', 'action', 'target', 'details']);
  }, 600_000);

  it('says the comparison’s aoristic counts and the timeline’s note in Spanish', () => {
    const compare = ok('compare', ws, '--layer', 'incidents', '--split', '2023-07-22', '--before-days', '28', '--after-days', '28', '--lang', 'es');
    holdsSpanish(compare, ['compare.straddle', 'compare.expected']);
    holdsSpanish(compare, ['aoristic.spreadDefault'], 'analysis');
    noEnglish(compare, ['the test counts whole records', 'aoristic expected counts', 'each record spread', 'before', 'after', 'rate ratio']);

    const timeline = ok('timeline', ws, '--layer', 'incidents', '--bin', 'week', '--lang', 'es');
    holdsSpanish(timeline, ['aoristic.spreadDefault', 'aoristic.widerFirst_other'], 'analysis');
    noEnglish(timeline, ['each record spread', 'records known only', 'incidents', 'bins', 'weekday']);
  }, 240_000);

  it('buffers and measures distances in Spanish', () => {
    const buffer = ok('buffer', ws, '--layer', 'basemap:border', '--distance', '5000', '--out-layer', 'franja', '--dissolve', '--lang', 'es');
    expect(buffer).toMatch(/^capa "franja" \(núm\. \d+\): 1 polígono a 5,000 m o menos de basemap:border$/m);
    holdsSpanish(buffer, ['buffer.made_one']);
    noEnglish(buffer, ['layer', 'polygon', 'within']);

    const distances = ok('distances', ws, '--layer', 'incidents', '--out-layer', 'distancias', '--lang', 'es');
    holdsSpanish(distances, ['distances.made']);
    noEnglish(distances, ['layer', 'records of']);
    expect(distances).toContain(`${esMX(5512)} registros de incidents`);
  }, 240_000);

  it('prints a briefing and says so in Spanish', () => {
    const brief = ok('brief', ws, '--out', path.join(dir, 'informe.pdf'), '--lang', 'es');
    holdsSpanish(brief, ['brief.line', 'brief.pages_one', 'brief.portrait', 'brief.audit']);
    noEnglish(brief, ['page', 'portrait', 'incidents', 'audit']);
    expect(brief).toContain(`${esMX(5512)} incidentes`);
  }, 120_000);

  it('prints the address of serve in Spanish', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', ws, '--lang', 'es'], { cwd: dir });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', () => /Ctrl\+C/.test(out) && resolve());
        child.on('exit', (code) => reject(new Error(`serve exited with ${code} before printing: ${out}`)));
      });
    } finally {
      child.kill('SIGTERM');
    }
    holdsSpanish(out, ['serve.open', 'serve.stop']);
    noEnglish(out, ['Open', 'to stop']);
  }, 120_000);

  it('lists the commands and a command\'s usage in Spanish', () => {
    const help = ok('--help', '--lang', 'es');
    holdsSpanish(help, ['help.title', 'help.usage', 'help.commands', 'help.more', 'help.exit', 'help.summaries.analyze', 'help.summaries.suggest-eps']);
    noEnglish(help, ['Usage', 'Commands', 'Exit codes', 'Run a hotspot']);
    const timeline = ok('timeline', '--help', '--lang', 'es');
    holdsSpanish(timeline, ['help.commandUsage', 'help.summaries.timeline', 'help.langOption']);
    noEnglish(timeline, ['Usage', 'Count incidents per day']);
    // The formats' names, where they hold words, in the catalogue's Spanish.
    const exportHelp = ok('export', '--help', '--lang', 'es');
    expect(exportHelp).toContain(RESOURCES.es.import.formats.kmz);
    noEnglish(exportHelp, ['zipped']);
  });

  it("prints every command's options in Spanish, their flags and placeholders as in English", () => {
    for (const name of commandNames) {
      const en = ok(name, '--help');
      const es = ok(name, '--help', '--lang', 'es');
      const english = new Set(en.split('\n'));
      // A line printed the same in both languages may hold only what is the same in both: flags,
      // PLACEHOLDERS, file extensions, LAYER:… references, `commands`, "values" and SAME_WORDS.
      const untranslated = es.split('\n').filter((line) => english.has(line) && englishWords(line).length > 0);
      expect(untranslated, `${name} --help --lang es`).toEqual([]);
      // Every option of the English help is in the Spanish one.
      const flags = (text: string) => [...new Set(text.match(/--[a-z][\w-]*/g))].sort();
      expect(flags(es), name).toEqual(flags(en));
    }
  }, 240_000);

  it('says the common errors in Spanish, with the same exit codes', () => {
    const cases: { args: string[]; key: string; english: string[]; code: number }[] = [
      { args: ['summary', ws], key: 'errors.missingLayer', english: ['missing'], code: 1 },
      { args: ['summary', ws, '--layer', 'incidents', '--bogus'], key: 'errors.unknownOption', english: ['Unknown option'], code: 1 },
      { args: ['summary', ws, '--layer'], key: 'errors.optionValueMissing', english: ['argument missing'], code: 1 },
      { args: ['summary', ws, '--layer', 'nada'], key: 'errors.noLayerList', english: ['no layer', 'layers:'], code: 1 },
      { args: ['analyze', 'dbscan', ws, '--layer', 'incidents', '--eps', 'mucho', '--min-points', '5'], key: 'errors.notNumber', english: ['must be a number', 'got'], code: 1 },
      { args: ['analyze', 'dbscan', ws, '--layer', 'incidents', '--min-points', '5'], key: 'errors.dbscanEps', english: ['needs', 'proposes one'], code: 1 },
      { args: ['layers'], key: 'errors.missingArg', english: ['missing'], code: 1 },
      { args: ['frobnicate'], key: 'errors.unknownCommand', english: ['unknown command', 'Run'], code: 1 },
      { args: ['summary', ws, '--layer', 'incidents', '--within-distance', 'roads'], key: 'errors.withinDistance', english: ['takes', 'got'], code: 1 },
      { args: ['timeline', ws, '--layer', 'incidents', '--aoristic', '--no-aoristic'], key: 'errors.bothAoristic', english: ['use either', 'not both'], code: 1 },
    ];
    // A value the API's schema refuses: zod's own Spanish, the flag named.
    const bin = cli('timeline', ws, '--layer', 'incidents', '--bin', 'year', '--lang', 'es');
    expect(bin.status).toBe(1);
    expect(bin.stderr).toMatch(/^frontera timeline: --bin: \S/);
    noEnglish(bin.stderr, ['Invalid option', 'expected one of']);
    expect(cli('timeline', ws, '--layer', 'incidents', '--bin', 'year').stderr).toContain('--bin: Invalid option: expected one of');
    for (const c of cases) {
      const es = cli(...c.args, '--lang', 'es');
      const en = cli(...c.args);
      expect(es.status, c.args.join(' ')).toBe(c.code);
      expect(en.status, c.args.join(' ')).toBe(c.code);
      holdsSpanish(es.stderr, [c.key]);
      noEnglish(es.stderr, c.english);
      // Without --lang the same error is in English.
      for (const w of c.english) expect(en.stderr, c.args.join(' ')).toContain(w);
    }
  }, 240_000);
});
