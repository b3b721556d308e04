import type { Command } from '../command.ts';
import { UsageError, flag, positional, str } from '../command.ts';
import { openWorkspace } from '../../electron/backend/backend.ts';
import { runTimeline } from '../../electron/backend/analysis/timelineService.ts';
import { validateForCli } from '../apiErrors.ts';
import { SELECTION_OPTIONS, selectionFromArgs } from '../selectionArgs.ts';
import { table } from '../table.ts';

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
    const backend = await openWorkspace(wsPath);
    try {
      const r = await runTimeline(backend.store, req);
      if (flag(args, 'json')) {
        io.stdout(JSON.stringify(r, null, 2) + '\n');
        return;
      }
      io.stdout(`${r.total} incidents, ${r.timeline.bins.length} ${r.timeline.bin} bins (${r.timeline.tz})\n`);
      io.stdout(table([r.timeline.bin, 'incidents'], r.timeline.bins.filter((b) => b.total).map((b) => [b.label, b.total])));
      io.stdout(`weekday × hour of day (unknown: date-only records):\n`);
      io.stdout(
        table(
          ['', ...Array.from({ length: 24 }, (_, h) => String(h)), 'unknown'],
          r.dayHour.counts.map((row, d) => [WEEKDAYS[d], ...row, r.dayHour.unknownHour[d]]),
        ),
      );
    } finally {
      await backend.close();
    }
  },
};
