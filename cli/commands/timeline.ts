import type { Command } from '../command.ts';
import { UsageError, flag, positional, str } from '../command.ts';
import { openBackend } from '../../electron/node/backend.ts';
import { runTimeline } from '../../electron/node/analysis/timelineService.ts';
import { validateForCli } from '../apiErrors.ts';
import { SELECTION_OPTIONS, selectionFromArgs } from '../selectionArgs.ts';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export const timelineCommand: Command = {
  name: 'timeline',
  summary: 'Count incidents per day, week or month by category, and by weekday × hour',
  usage: 'timeline <workspace> --layer L [--bin day|week|month] [--from D] [--to D] [--category C]... [--within LAYER[:ID]] [--json]',
  options: {
    layer: { type: 'string' },
    bin: { type: 'string' },
    ...SELECTION_OPTIONS,
    json: { type: 'boolean' },
  },
  async run(args, io) {
    const wsPath = positional(args, 0, 'workspace');
    const layer = str(args, 'layer');
    if (!layer) throw new UsageError('missing --layer LAYER');
    const selection = selectionFromArgs(args);
    const raw: Record<string, unknown> = { layer, selection };
    if (str(args, 'bin')) raw.bin = str(args, 'bin');
    const req = validateForCli('analysis.timeline', raw);
    const backend = openBackend(wsPath);
    try {
      const r = runTimeline(backend.workspace, req);
      if (flag(args, 'json')) {
        io.stdout(JSON.stringify(r, null, 2) + '\n');
        return;
      }
      io.stdout(`${r.total} incidents, ${r.timeline.bins.length} ${r.timeline.bin} bins (${r.timeline.tz})\n`);
      for (const b of r.timeline.bins) if (b.total) io.stdout(`  ${b.label}  ${b.total}\n`);
      io.stdout(`weekday × hour (unknown hour = date-only records):\n`);
      r.dayHour.counts.forEach((row, d) => {
        io.stdout(`  ${WEEKDAYS[d]} ${row.map((n) => String(n).padStart(4)).join('')}  unknown ${r.dayHour.unknownHour[d]}\n`);
      });
    } finally {
      backend.close();
    }
  },
};
