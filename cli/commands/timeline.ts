import type { Command } from '../command.ts';
import { UsageError, flag, positional, str } from '../command.ts';
import { openBackend } from '../../electron/backend/backend.ts';
import { runTimeline } from '../../electron/backend/analysis/timelineService.ts';
import { validateForCli } from '../apiErrors.ts';
import { SELECTION_OPTIONS, selectionFromArgs } from '../selectionArgs.ts';
import { formatNumber, table } from '../table.ts';
import { AORISTIC_HELP, AORISTIC_OPTIONS, aoristicFromArgs } from '../aoristicArgs.ts';
import { widerSentence } from '../../shared/analysis/aoristic.ts';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export const timelineCommand: Command = {
  name: 'timeline',
  summary: 'Count incidents per day, week or month by category, and by weekday × hour',
  usage:
    'timeline <workspace> --layer L [--bin day|week|month] [--from D] [--to D] [--category C]... [--within LAYER[:ID]]\n' +
    '       [--aoristic | --no-aoristic] [--json]',
  help: [
    AORISTIC_HELP,
    '  --json               keys: timeline {bin, tz, names, bins [{start, end, label, total, byCategory,',
    '                       uncategorized}], undated, outside, wider?}, dayHour {counts, unknownHour, …},',
    '                       total, aoristic? {on, by, windowed, note}',
  ].join('\n'),
  options: {
    layer: { type: 'string' },
    bin: { type: 'string' },
    ...SELECTION_OPTIONS,
    ...AORISTIC_OPTIONS,
    json: { type: 'boolean' },
  },
  async run(args, io) {
    const wsPath = positional(args, 0, 'workspace');
    const layer = str(args, 'layer');
    if (!layer) throw new UsageError('missing --layer LAYER');
    const selection = selectionFromArgs(args);
    const raw: Record<string, unknown> = { layer, selection };
    if (str(args, 'bin')) raw.bin = str(args, 'bin');
    const aoristic = aoristicFromArgs(args);
    if (aoristic !== undefined) raw.aoristic = aoristic;
    const req = validateForCli('analysis.timeline', raw);
    const backend = openBackend(wsPath);
    try {
      const r = runTimeline(backend.workspace, req);
      if (flag(args, 'json')) {
        io.stdout(JSON.stringify(r, null, 2) + '\n');
        return;
      }
      io.stdout(`${r.total} incidents, ${r.timeline.bins.length} ${r.timeline.bin} bins (${r.timeline.tz})\n`);
      if (r.aoristic) io.stdout(`${r.aoristic.note}\n`);
      const wider = r.timeline.wider && widerSentence(r.timeline.wider);
      if (wider) io.stdout(`wider than a ${r.timeline.bin}, spread over several: ${wider}\n`);
      if (r.timeline.outside) io.stdout(`outside the period: ${formatNumber(r.timeline.outside)}\n`);
      io.stdout(table([r.timeline.bin, 'incidents'], r.timeline.bins.filter((b) => b.total).map((b) => [b.label, b.total])));
      const hours = Array.from({ length: 24 }, (_, h) => String(h));
      if (r.aoristic?.on) {
        io.stdout(`weekday × hour of day (aoristic: each record over the hours of its window, a date-only one over its day):\n`);
        io.stdout(table(['', ...hours], r.dayHour.counts.map((row, d) => [WEEKDAYS[d], ...row])));
      } else {
        io.stdout(`weekday × hour of day (unknown: date-only records):\n`);
        io.stdout(table(['', ...hours, 'unknown'], r.dayHour.counts.map((row, d) => [WEEKDAYS[d], ...row, r.dayHour.unknownHour[d]])));
      }
    } finally {
      backend.close();
    }
  },
};
