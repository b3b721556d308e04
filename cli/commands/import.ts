import type { Command } from '../command.ts';
import { cliEn } from '../../shared/i18n/cli.en.ts';
import { UsageError, cliWords, flag, language, positional, str } from '../command.ts';
import type { Language } from '../../shared/i18n/languages.ts';
import { LOCALE } from '../../shared/i18n/languages.ts';
import { translator } from '../../shared/i18n/translator.ts';
import type { FieldMapping, ImportOptions, ImportSummary } from '../../shared/api/contract.ts';
import { formatProblem, notesIn } from '../../shared/import/problems.ts';
import { stackSentence, type StackedPoint } from '../../shared/analysis/stackedPoints.ts';
import { formatsInfo } from '../../electron/backend/formats/registry.ts';
import { createProgress, interruptSignal } from '../progress.ts';
import { describeWindows } from '../../shared/analysis/aoristic.ts';
import { crsLabelIn } from '../../shared/geo/crsLabel.ts';

const SHOWN_SKIPS = 20;
const SHOWN_STACKS = 5;

/** The mapping as `time=fecha, category=tipo, …`: the keys are the --flags' names, the same in every language. */
function describeMapping(m: FieldMapping, language: Language): string {
  const t = translator(language, 'cli');
  const none = t('common.none');
  const parts: string[] = [];
  parts.push(`time=${m.time?.join('+') ?? none}${m.timeFormat ? ` ${t('import.format', { format: m.timeFormat })}` : ''}`);
  if (m.timeEnd) parts.push(`time_end=${m.timeEnd}`);
  parts.push(`category=${m.category ?? none}`);
  parts.push(`quantity=${m.quantity ?? none}`);
  parts.push(`unit=${m.unitValue ? t('import.fixed', { unit: m.unitValue }) : (m.unit ?? none)}`);
  if (m.precision) parts.push(`precision=${m.precision}`);
  return parts.join(', ');
}

/** The layer's stacked points, largest first: where many records share one coordinate. */
function stackLines(stacks: StackedPoint[], language: Language): string[] {
  if (!stacks.length) return [];
  const t = translator(language, 'cli');
  const records = stacks.reduce((n, p) => n + p.count, 0);
  const lines = [`  ${t('import.stacked', { n: stacks.length, records: records.toLocaleString(LOCALE[language]) })}`];
  for (const p of stacks.slice(0, SHOWN_STACKS)) lines.push(`    ${stackSentence(p, language)}`);
  if (stacks.length > SHOWN_STACKS) lines.push(`    ${t('import.moreStacks', { n: stacks.length - SHOWN_STACKS })}`);
  return lines;
}

function describe(s: ImportSummary, language: Language): string {
  const t = translator(language, 'cli');
  const seconds = (s.millis / 1000).toLocaleString(LOCALE[language], { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const lines = [
    t('import.imported', { file: s.file, layer: s.layer, id: s.layerId, count: s.featureCount, geometry: s.geometryType, seconds }),
    `  ${t('import.crs', { crs: crsLabelIn(s.sourceCrs, language) })}`,
    `  ${t('import.extent', { extent: s.bbox ? s.bbox.map((v) => v.toFixed(5)).join(', ') : t('import.empty') })}`,
    `  ${t('import.mapping', { mapping: describeMapping(s.mapping, language) })}`,
    `  ${t('import.fingerprint', { fingerprint: s.fingerprint })}`,
  ];
  if (s.timeWindows) lines.push(`  ${t('import.timeWindows', { windows: describeWindows(s.timeWindows, language) })}`);
  if (s.skippedCount) {
    lines.push(`  ${t('import.skipped', { n: s.skippedCount })}`);
    for (const p of s.skipped.slice(0, SHOWN_SKIPS)) lines.push(`    ${formatProblem(p, language)}`);
    if (s.skippedCount > SHOWN_SKIPS) lines.push(`    ${t('import.moreSkipped', { n: s.skippedCount - SHOWN_SKIPS })}`);
  }
  lines.push(...stackLines(s.stackedPoints ?? [], language));
  for (const n of notesIn(s, language)) lines.push(`  ${t('common.note', { text: n })}`);
  return lines.join('\n') + '\n';
}

export const importCommand: Command = {
  name: 'import',
  summary: cliEn.help.summaries.import,
  usage:
    'import <workspace> <file>... [--layer NAME] [--lat COL --lon COL | --wkt COL] [--table NAME] [--sheet NAME] [--crs CRS] [--encoding ENC]\n' +
    '       [--time COL[,COL]] [--time-end COL] [--time-format FMT] [--tz ZONE] [--category COL] [--quantity COL]\n' +
    '       [--unit COL | --unit-value U] [--precision COL] [--skip-invalid] [--json]',
  help: (t) => {
    const list = formatsInfo()
      .filter((f) => f.import)
      .map((f, i) => `${i === 0 ? t('help.options.formatsHeading') : ' '.repeat(t('help.options.formatsHeading').length)}${f.label} (${f.import!.extensions.map((e) => `.${e}`).join(' ')})`);
    return t('help.options.import', { formats: list.join('\n') });
  },
  options: {
    layer: { type: 'string' },
    lat: { type: 'string' },
    lon: { type: 'string' },
    wkt: { type: 'string' },
    table: { type: 'string' },
    sheet: { type: 'string' },
    crs: { type: 'string' },
    encoding: { type: 'string' },
    time: { type: 'string' },
    'time-end': { type: 'string' },
    'time-format': { type: 'string' },
    tz: { type: 'string' },
    category: { type: 'string' },
    quantity: { type: 'string' },
    unit: { type: 'string' },
    'unit-value': { type: 'string' },
    precision: { type: 'string' },
    'skip-invalid': { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run(args, io) {
    const t = cliWords(args);
    const lang = language(args);
    const workspace = positional(args, 0, 'workspace');
    const files = args.positionals.slice(1);
    if (!files.length) throw new UsageError(t('errors.missingFile'));
    if (files.length > 1 && str(args, 'layer')) {
      throw new UsageError('--layer names one layer: import several files without it (each gets its file name) or one at a time');
    }
    const lat = str(args, 'lat');
    const lon = str(args, 'lon');
    if ((lat === undefined) !== (lon === undefined)) throw new UsageError('--lat and --lon go together');
    if (str(args, 'wkt') && lat) throw new UsageError('use either --lat/--lon or --wkt, not both');
    if (str(args, 'unit') && str(args, 'unit-value')) throw new UsageError('use either --unit or --unit-value, not both');
    const mapping: FieldMapping = {};
    const time = str(args, 'time');
    if (time !== undefined) {
      const cols = time.split(',').map((c) => c.trim());
      if (cols.length > 2 || cols.some((c) => !c)) throw new UsageError('--time takes COL or DATECOL,TIMECOL');
      mapping.time = cols;
    }
    const set = (key: keyof FieldMapping, flagName: string): void => {
      const v = str(args, flagName);
      if (v !== undefined) (mapping as Record<string, unknown>)[key] = v;
    };
    set('timeFormat', 'time-format');
    set('timeEnd', 'time-end');
    set('category', 'category');
    set('quantity', 'quantity');
    set('unit', 'unit');
    set('unitValue', 'unit-value');
    set('precision', 'precision');
    const options: ImportOptions = {
      layer: str(args, 'layer'),
      lat,
      lon,
      wkt: str(args, 'wkt'),
      table: str(args, 'table'),
      sheet: str(args, 'sheet'),
      crs: str(args, 'crs'),
      encoding: str(args, 'encoding'),
      tz: str(args, 'tz'),
      mapping: Object.keys(mapping).length ? mapping : undefined,
      skipInvalid: flag(args, 'skip-invalid'),
    };
    for (const k of Object.keys(options) as (keyof ImportOptions)[]) if (options[k] === undefined) delete options[k];

    // The workspace and importer only, not the whole backend (openBackend): its analysis and
    // briefing modules cost ~1.7 s CPU to load, which every import waited for.
    const { openStore } = await import('../../electron/backend/store/openStore.ts');
    const { importFiles } = await import('../../electron/backend/importer.ts');
    const ws = await openStore(workspace);
    const interrupt = interruptSignal(io, lang);
    const summaries: ImportSummary[] = [];
    try {
      for (const file of files) {
        const progress = createProgress(io, `import ${file}`, lang);
        try {
          // A file of several layers (a GeoPackage's tables) gives a summary for each.
          const done = await importFiles(ws, [file], options, {
            onProgress: (p) => progress.report(p),
            signal: interrupt.signal,
            actor: 'cli',
          });
          summaries.push(...done);
          progress.done();
          if (!flag(args, 'json')) for (const s of done) io.stdout(describe(s, lang));
        } catch (e) {
          progress.done();
          if (summaries.length && !flag(args, 'json')) {
            io.stderr(`${t('import.partly', { done: summaries.map((s) => s.file).join(', '), file })}\n`);
          }
          throw e;
        }
      }
      if (flag(args, 'json')) io.stdout(JSON.stringify(summaries, null, 2) + '\n');
    } finally {
      interrupt.dispose();
      await ws.close();
    }
  },
};
