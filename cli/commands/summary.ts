import type { Command } from '../command.ts';
import { UsageError, flag, positional, str } from '../command.ts';
import { openWorkspace } from '../../electron/backend/backend.ts';
import { layerSummary } from '../../electron/backend/analysis/summaryService.ts';
import { validateForCli } from '../apiErrors.ts';
import { SELECTION_OPTIONS, selectionFromArgs } from '../selectionArgs.ts';
import { localParts } from '../../shared/time/zone.ts';
import { AREA_HELP, AREA_OPTIONS, runAreaSummary } from '../areaSummary.ts';

function localTime(ms: number | null, tz: string): string {
  if (ms === null) return '—';
  const p = localParts(ms, tz);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}`;
}

const num = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 3 });

/** The app's Summary panel on the command line: `layers.summary` over the same back end. */
export const summaryCommand: Command = {
  name: 'summary',
  summary: 'Count incidents by category and sum seized quantities by unit, with the first and last time',
  usage:
    'summary <workspace> --layer L [--bbox=minLon,minLat,maxLon,maxLat] [--from D] [--to D] [--category C]... [--within LAYER[:ID]] [--within-distance LAYER:METRES] [--json]\n' +
    '       summary <workspace> --layer L --by POLYGON_LAYER [--name-field F] [--per FIELD] [--map-value count|density|per100k]\n' +
    '       [--classify natural-breaks|quantiles|equal-interval|manual] [--classes N] [--breaks B,...] [selection] [--json]',
  help: AREA_HELP,
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
    if (!layer) throw new UsageError('missing --layer LAYER');
    const by = str(args, 'by');
    if (by !== undefined) return runAreaSummary(args, io, wsPath, layer, by);
    const areaFlag = Object.keys(AREA_OPTIONS).find((f) => args.values[f] !== undefined);
    if (areaFlag) throw new UsageError(`--${areaFlag} applies with --by POLYGON_LAYER only`);
    const raw: Record<string, unknown> = { layer, selection: selectionFromArgs(args) };
    const bbox = str(args, 'bbox');
    if (bbox !== undefined) {
      const parts = bbox.split(',').map((s) => Number(s.trim()));
      if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) {
        throw new UsageError(`--bbox "${bbox}": expected four numbers minLon,minLat,maxLon,maxLat`);
      }
      raw.bbox = parts;
    }
    const req = validateForCli('layers.summary', raw);
    const backend = await openWorkspace(wsPath);
    try {
      const s = await layerSummary(backend.store, req);
      if (flag(args, 'json')) {
        io.stdout(JSON.stringify(s, null, 2) + '\n');
        return;
      }
      const tz = await backend.store.timezone();
      io.stdout(`${num(s.count)} incidents in ${s.layer}; first ${localTime(s.firstTime, tz)}, last ${localTime(s.lastTime, tz)} (${tz})\n`);
      if (s.quantityByUnit.length) {
        io.stdout('quantities by unit:\n');
        for (const u of s.quantityByUnit) io.stdout(`  ${(u.unit || '(no unit)').padEnd(12)} ${num(u.total).padStart(12)}  (${num(u.records)} records)\n`);
      }
      if (s.byCategory.length) {
        io.stdout('by category:\n');
        for (const c of s.byCategory) {
          const q = s.quantityByCategory.filter((x) => x.category === c.category).map((x) => `${num(x.total)} ${x.unit}`.trim());
          io.stdout(`  ${c.category.padEnd(26)} ${num(c.count).padStart(7)}${q.length ? `  ${q.join(', ')}` : ''}\n`);
        }
      }
    } finally {
      await backend.close();
    }
  },
};
