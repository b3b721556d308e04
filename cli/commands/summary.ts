import type { Command } from '../command.ts';
import { cliEn } from '../../shared/i18n/cli.en.ts';
import { UsageError, cliWords, flag, language, positional, str } from '../command.ts';
import { layerSummary } from '../../electron/backend/analysis/summaryService.ts';
import { validateForCli } from '../apiErrors.ts';
import { SELECTION_OPTIONS, selectionFromArgs } from '../selectionArgs.ts';
import { formatInstant, formatNumber } from '../../shared/i18n/format.ts';
import { AREA_OPTIONS, runAreaSummary } from '../areaSummary.ts';
import { codeWithLabel } from '../../shared/analysis/categoryLabels.ts';
import { layerCategoryLabels } from '../../shared/api/categoryLabels.ts';

/** The app's Summary panel on the command line: `layers.summary` over the same back end. */
export const summaryCommand: Command = {
  name: 'summary',
  summary: cliEn.help.summaries.summary,
  usage:
    'summary <workspace> --layer L [--bbox=minLon,minLat,maxLon,maxLat] [--from D] [--to D] [--category C]... [--within LAYER[:ID]] [--within-distance LAYER:METRES] [--json]\n' +
    '       summary <workspace> --layer L --by POLYGON_LAYER [--name-field F] [--per FIELD] [--map-value count|density|per100k]\n' +
    '       [--classify natural-breaks|quantiles|equal-interval|manual] [--classes N] [--breaks B,...] [selection] [--json]',
  help: (t) => t('help.options.summary'),
  options: {
    layer: { type: 'string' },
    bbox: { type: 'string' },
    ...AREA_OPTIONS,
    ...SELECTION_OPTIONS,
    json: { type: 'boolean' },
  },
  async run(args, io) {
    const wsPath = positional(args, 0, 'workspace');
    const layer = str(args, 'layer');
    const t = cliWords(args);
    const lang = language(args);
    if (!layer) throw new UsageError(t('errors.missingLayer'));
    const by = str(args, 'by');
    if (by !== undefined) return runAreaSummary(args, io, wsPath, layer, by);
    const areaFlag = Object.keys(AREA_OPTIONS).find((f) => args.values[f] !== undefined);
    if (areaFlag) throw new UsageError(t('errors.areaOnly', { flag: areaFlag }));
    const raw: Record<string, unknown> = { layer, selection: selectionFromArgs(args) };
    const bbox = str(args, 'bbox');
    if (bbox !== undefined) {
      const parts = bbox.split(',').map((s) => Number(s.trim()));
      if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) {
        throw new UsageError(t('errors.bbox', { value: bbox }));
      }
      raw.bbox = parts;
    }
    const req = validateForCli('layers.summary', raw, lang);
    // Loaded here, not at the top: the whole back end (importers, exports, buffers: about 4 MB of
    // bundle) is not needed by --by, whose start-up it slowed by about 0.1 s.
    const { openWorkspace } = await import('../../electron/backend/backend.ts');
    const backend = await openWorkspace(wsPath);
    try {
      const s = await layerSummary(backend.store, req);
      if (flag(args, 'json')) {
        io.stdout(JSON.stringify(s, null, 2) + '\n');
        return;
      }
      const tz = await backend.store.timezone();
      const num = (n: number) => formatNumber(n, lang, 3);
      io.stdout(`${t('summary.head', { n: num(s.count), layer: s.layer, first: s.firstTime === null ? '—' : formatInstant(s.firstTime, tz, lang), last: s.lastTime === null ? '—' : formatInstant(s.lastTime, tz, lang), tz })}\n`);
      if (s.quantityByUnit.length) {
        io.stdout(`${t('summary.quantities')}\n`);
        for (const u of s.quantityByUnit) io.stdout(`  ${(u.unit || t('common.noUnit')).padEnd(12)} ${num(u.total).padStart(12)}  ${t('summary.records', { n: num(u.records) })}\n`);
      }
      if (s.byCategory.length) {
        io.stdout(`${t('summary.byCategory')}\n`);
        const labels = layerCategoryLabels(await backend.store.getLayer(s.layerId));
        for (const c of s.byCategory) {
          const q = s.quantityByCategory.filter((x) => x.category === c.category).map((x) => `${num(x.total)} ${x.unit}`.trim());
          io.stdout(`  ${codeWithLabel(c.category, lang, labels).padEnd(26)} ${num(c.count).padStart(7)}${q.length ? `  ${q.join(', ')}` : ''}\n`);
        }
      }
    } finally {
      await backend.close();
    }
  },
};
