import { writeFileSync } from 'node:fs';
import { cliEn } from '../../shared/i18n/cli.en.ts';
import type { Command, ParsedCommand } from '../command.ts';
import { UsageError, cliWords, composedLanguage, flag, language, num, positional, str } from '../command.ts';
import type { AnalysisRequest, AnalysisKind } from '../../shared/api/analysisInputs.ts';
import type { AnalysisOutput } from '../../shared/analysis/run/types.ts';
import type { AnalysisRun } from '../../shared/api/contract.ts';
import { openStore } from '../../electron/backend/store/openStore.ts';
import { runAnalysis } from '../../electron/backend/analysis/analysisService.ts';
import { utmPrjText } from '../../shared/geo/utmWkt.ts';
import { createProgress, interruptSignal } from '../progress.ts';
import { validateForCli } from '../apiErrors.ts';
import { SELECTION_OPTIONS, selectionFromArgs } from '../selectionArgs.ts';
import { summaryText } from '../summaryText.ts';
import { layerCategoryLabels } from '../../shared/api/categoryLabels.ts';
import { AORISTIC_OPTIONS, aoristicFromArgs } from '../aoristicArgs.ts';
import { clusterLabelsCsv } from '../clusterLabelsCsv.ts';

const KINDS: AnalysisKind[] = ['dbscan', 'kde', 'gistar', 'nni', 'corridors', 'emerging'];

/** Flags every analysis takes; the method's own come from METHOD_FLAGS. */
const COMMON = {
  layer: { type: 'string' },
  ...SELECTION_OPTIONS,
  weight: { type: 'string' },
  out: { type: 'string' },
  labels: { type: 'string' },
  'grid-out': { type: 'string' },
  json: { type: 'boolean' },
} as const;

const METHOD_FLAGS = {
  eps: { type: 'string' },
  'min-points': { type: 'string' },
  hull: { type: 'string' },
  bandwidth: { type: 'string' },
  'cell-size': { type: 'string' },
  grid: { type: 'string' },
  field: { type: 'string' },
  'distance-band': { type: 'string' },
  'no-fdr': { type: 'boolean' },
  area: { type: 'string' },
  network: { type: 'string' },
  snap: { type: 'string' },
  lixel: { type: 'string' },
  'min-length': { type: 'string' },
  border: { type: 'string' },
  step: { type: 'string' },
  contours: { type: 'string' },
  'study-area': { type: 'string' },
  ...AORISTIC_OPTIONS,
} as const;

/** Which method flags each kind accepts; anything else is a usage error naming the flag. */
const ALLOWED: Record<AnalysisKind, (keyof typeof METHOD_FLAGS)[]> = {
  dbscan: ['eps', 'min-points', 'hull'],
  kde: ['bandwidth', 'cell-size', 'contours', 'study-area'],
  gistar: ['cell-size', 'grid', 'field', 'distance-band', 'no-fdr', 'study-area'],
  nni: ['area', 'study-area'],
  corridors: ['network', 'snap', 'lixel', 'bandwidth', 'min-length', 'border'],
  emerging: ['cell-size', 'step', 'grid', 'study-area', 'aoristic', 'no-aoristic'],
  // Counts per area run from `frontera summary --by`, not from here (not in KINDS).
  areas: [],
};

function buildRequest(kind: AnalysisKind, args: ParsedCommand): AnalysisRequest {
  const t = cliWords(args);
  for (const f of Object.keys(METHOD_FLAGS) as (keyof typeof METHOD_FLAGS)[]) {
    if (args.values[f] !== undefined && !ALLOWED[kind].includes(f)) {
      const options = ALLOWED[kind].map((x) => `--${x}`).join(' ') || t('errors.optionsNone');
      throw new UsageError(t('errors.notApplicable', { flag: f, kind, options }));
    }
  }
  const layer = str(args, 'layer');
  if (!layer) throw new UsageError(t('errors.missingLayerAnalyse'));
  const selection = selectionFromArgs(args);
  const req: Record<string, unknown> = { kind, layer, selection };
  const weight = str(args, 'weight');
  if (weight !== undefined) {
    if (weight !== 'quantity') throw new UsageError(t('errors.weight', { value: weight }));
    req.weight = 'quantity';
  }
  const put = (key: string, flagName: string, value: unknown): void => {
    if (args.values[flagName] !== undefined) req[key] = value;
  };
  put('eps', 'eps', num(args, 'eps'));
  put('minPoints', 'min-points', num(args, 'min-points'));
  put('hull', 'hull', str(args, 'hull'));
  const bw = str(args, 'bandwidth');
  if (bw !== undefined) req.bandwidth = bw === 'auto' ? 'auto' : num(args, 'bandwidth');
  put('cellSize', 'cell-size', num(args, 'cell-size'));
  put('grid', 'grid', str(args, 'grid'));
  put('field', 'field', str(args, 'field'));
  put('distanceBand', 'distance-band', num(args, 'distance-band'));
  if (flag(args, 'no-fdr')) req.fdr = false;
  put('area', 'area', str(args, 'area'));
  put('network', 'network', str(args, 'network'));
  put('snap', 'snap', num(args, 'snap'));
  put('lixel', 'lixel', num(args, 'lixel'));
  put('minLength', 'min-length', num(args, 'min-length'));
  put('border', 'border', str(args, 'border'));
  put('step', 'step', str(args, 'step'));
  put('studyArea', 'study-area', str(args, 'study-area'));
  const aoristic = aoristicFromArgs(args);
  if (aoristic !== undefined) req.aoristic = aoristic;
  const contours = str(args, 'contours');
  if (contours !== undefined) {
    req.contours = contours.split(',').map((s) => {
      const v = Number(s);
      if (!Number.isFinite(v)) throw new UsageError(t('errors.contours', { value: contours }));
      return v;
    });
  }
  if (kind === 'dbscan') {
    if (req.eps === undefined) throw new UsageError(t('errors.dbscanEps'));
    if (req.minPoints === undefined) throw new UsageError(t('errors.dbscanMinPoints'));
  }
  if (kind === 'emerging' && req.cellSize === undefined) throw new UsageError(t('errors.emergingCellSize'));
  return validateForCli('analysis.run', req, language(args));
}

function writeOutputs(kind: AnalysisKind, args: ParsedCommand, run: AnalysisRun, out: AnalysisOutput): Record<string, string> {
  const written: Record<string, string> = {};
  const outPath = str(args, 'out');
  if (outPath) {
    if (!/\.(geo)?json$/i.test(outPath)) throw new UsageError(`--out writes GeoJSON: give a .geojson file, got "${outPath}"`);
    const fc = { ...out.geojson, frontera: { analysisId: run.id, kind, params: run.params, createdAt: run.createdAt } };
    writeFileSync(outPath, JSON.stringify(fc));
    written.out = outPath;
  }
  const labelsPath = str(args, 'labels');
  if (labelsPath) {
    if (!out.labels) throw new UsageError(`--labels applies to dbscan only`);
    writeFileSync(labelsPath, clusterLabelsCsv(out.labels.sourceIndex, out.labels.cluster));
    written.labels = labelsPath;
  }
  const gridPath = str(args, 'grid-out');
  if (gridPath) {
    if (out.asciiGrid === undefined || out.projectionEpsg === undefined) throw new UsageError('--grid-out applies to kde only');
    writeFileSync(gridPath, out.asciiGrid);
    // The .asc format has no CRS; QGIS and ArcGIS read it from the .prj beside it.
    writeFileSync(gridPath.replace(/\.asc$/i, '') + '.prj', utmPrjText(out.projectionEpsg));
    written.grid = gridPath;
  }
  return written;
}

export const analyzeCommand: Command = {
  name: 'analyze',
  summary: cliEn.help.summaries.analyze,
  usage:
    'analyze <dbscan|kde|gistar|nni|corridors|emerging> <workspace> --layer L [method options]\n' +
    '       [--from D] [--to D] [--category C]... [--within LAYER[:ID]] [--within-distance LAYER:METRES] [--exclude-stacked] [--precision-max N] [--where EXPR]\n' +
    '       [--weight quantity]\n' +
    '       [--out FILE.geojson] [--labels FILE.csv] [--grid-out FILE.asc] [--json]',
  help: (t) => t('help.options.analyze', { aoristic: t('help.options.aoristic') }),
  options: { ...COMMON, ...METHOD_FLAGS },
  async run(args, io) {
    const t = cliWords(args);
    const lang = language(args);
    const kind = args.positionals[0] as AnalysisKind | undefined;
    if (!kind || !KINDS.includes(kind)) {
      throw new UsageError(kind ? t('errors.methodGot', { kinds: KINDS.join(', '), kind }) : t('errors.method', { kinds: KINDS.join(', ') }));
    }
    const wsPath = positional(args, 1, 'workspace');
    if (args.positionals.length > 2) throw new UsageError(t('errors.unexpected', { value: args.positionals[2] }));
    const req = buildRequest(kind, args);
    // The workspace and the analysis only, not the whole back end (openBackend): its importer,
    // exporters and briefing modules took a fifth of a 200k-incident DBSCAN run to load.
    const ws = await openStore(wsPath);
    const progress = createProgress(io, kind, lang);
    const interrupt = interruptSignal(io, lang);
    try {
      const { run, output } = await runAnalysis(ws, req, {
        actor: 'cli',
        language: composedLanguage(args),
        signal: interrupt.signal,
        onProgress: (p) => progress.report(p),
      });
      progress.done();
      const outputs = writeOutputs(kind, args, run, output);
      if (flag(args, 'json')) {
        io.stdout(JSON.stringify({ ...run, outputs }, null, 2) + '\n');
      } else {
        io.stdout(`${ws.readOnly ? t('analyze.notStored', { kind }) : t('analyze.stored', { kind, id: run.id, path: wsPath })}\n`);
        io.stdout(summaryText(run.summary, lang, await ws.timezone(), ['warnings'], run.layerId === null ? undefined : layerCategoryLabels(await ws.findLayer(run.layerId))));
        for (const w of run.warnings) io.stdout(`  ${t('common.warning', { text: w })}\n`);
        for (const [k, v] of Object.entries(outputs)) io.stdout(`  ${t('common.wrote', { what: k, path: v })}\n`);
      }
    } finally {
      progress.done();
      interrupt.dispose();
      await ws.close();
    }
  },
};
