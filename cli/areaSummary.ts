/**
 * `frontera summary --by POLYGON_LAYER`: counts per area, run and stored as an analysis of kind
 * `areas` (the app's "Counts per area"), printed as a table or, with --json, as the array of its
 * rows (source_index, name, count, areaKm2, density, countsByCategory, quantityByUnit; population
 * and per100k with --per).
 */
import type { CliIO, ParsedCommand } from './command.ts';
import { UsageError, cliWords, composedLanguage, flag, language, num, str } from './command.ts';
import { openStore } from '../electron/backend/store/openStore.ts';
import { runAnalysis } from '../electron/backend/analysis/analysisService.ts';
import { codeWithLabel } from '../shared/analysis/categoryLabels.ts';
import { layerCategoryLabels, type CategoryLabels } from '../shared/api/categoryLabels.ts';
import { createProgress, interruptSignal } from './progress.ts';
import { validateForCli } from './apiErrors.ts';
import { selectionFromArgs } from './selectionArgs.ts';
import { formatNumber, table } from './table.ts';
import type { AreaRow } from '../shared/analysis/areaRows.ts';
import type { Language } from '../shared/i18n/languages.ts';

/** The flags only --by takes. */
export const AREA_OPTIONS = {
  by: { type: 'string' },
  'name-field': { type: 'string' },
  per: { type: 'string' },
  'map-value': { type: 'string' },
  classify: { type: 'string' },
  classes: { type: 'string' },
  breaks: { type: 'string' },
} as const;

function request(args: ParsedCommand, layer: string, by: string): unknown {
  const req: Record<string, unknown> = { kind: 'areas', layer, by, selection: selectionFromArgs(args) };
  const put = (key: string, value: unknown) => {
    if (value !== undefined) req[key] = value;
  };
  put('nameField', str(args, 'name-field'));
  put('per', str(args, 'per'));
  put('mapValue', str(args, 'map-value'));
  put('classify', str(args, 'classify'));
  put('classes', num(args, 'classes'));
  const breaks = str(args, 'breaks');
  if (breaks !== undefined) {
    req.breaks = breaks.split(',').map((s) => {
      const v = Number(s.trim());
      if (s.trim() === '' || !Number.isFinite(v)) throw new UsageError(cliWords(args)('errors.breaks', { value: breaks }));
      return v;
    });
    if (req.classify === undefined) req.classify = 'manual';
  }
  return req;
}

/** The most frequent category (with the incident layer's label for its code) and its count. */
function topCategory(counts: Record<string, number>, lang: Language, labels: CategoryLabels | undefined): string {
  const [best] = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  return best ? `${codeWithLabel(best[0], lang, labels)} ${formatNumber(best[1], lang)}` : '—';
}

export async function runAreaSummary(args: ParsedCommand, io: CliIO, wsPath: string, layer: string, by: string): Promise<void> {
  const t = cliWords(args);
  const lang = language(args);
  if (str(args, 'bbox') !== undefined) throw new UsageError(t('errors.bboxWithBy'));
  const req = validateForCli('analysis.run', request(args, layer, by), lang);
  const ws = await openStore(wsPath);
  const progress = createProgress(io, 'areas', lang);
  const interrupt = interruptSignal(io, lang);
  try {
    const { run, output } = await runAnalysis(ws, req, { actor: 'cli', language: composedLanguage(args), signal: interrupt.signal, onProgress: (p) => progress.report(p) });
    progress.done();
    const rows = output.geojson.features.map((f) => {
      const { class: _class, ...row } = (f.properties ?? {}) as AreaRow & { class?: unknown };
      return row as AreaRow;
    });
    if (flag(args, 'json')) {
      io.stdout(JSON.stringify(rows, null, 2) + '\n');
      return;
    }
    const s = run.summary;
    const incidents = (run.params.selection as { layer?: string } | null)?.layer ?? layer;
    const n = (v: unknown) => formatNumber(Number(v), lang);
    io.stdout(`${t('areas.head', { inAreas: n(s.inAreas), incidents: n(s.incidents), layer: incidents, areas: n(rows.length), by: String(run.params.by), id: run.id })}\n`);
    const withPer = req.kind === 'areas' && req.per !== undefined;
    const sorted = [...rows].sort((a, b) => b.count - a.count || a.source_index - b.source_index);
    const labels = run.layerId === null ? undefined : layerCategoryLabels(await ws.findLayer(run.layerId));
    io.stdout(
      table(
        ['area', 'record', 'incidents', 'km2', 'density', ...(withPer ? ['population', 'per100k'] : []), 'top', 'quantities'].map((c) => t(`areas.columns.${c}`)),
        sorted.map((r) => [
          r.name ?? '—',
          String(r.source_index),
          r.count,
          Number(r.areaKm2.toFixed(1)),
          r.density === null ? null : Number(r.density.toFixed(2)),
          ...(withPer ? [r.population ?? null, r.per100k === null || r.per100k === undefined ? null : Number(r.per100k.toFixed(1))] : []),
          topCategory(r.countsByCategory, lang, labels),
          Object.entries(r.quantityByUnit).map(([u, v]) => `${formatNumber(v, lang)} ${u || t('common.noUnit')}`.trim()).join(', ') || '—',
        ]),
        lang,
      ),
    );
    for (const w of run.warnings) io.stdout(`  ${t('common.warning', { text: w })}\n`);
  } finally {
    progress.done();
    interrupt.dispose();
    await ws.close();
  }
}
