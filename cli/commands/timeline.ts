import type { Command } from '../command.ts';
import { cliEn } from '../../shared/i18n/cli.en.ts';
import { UsageError, cliWords, flag, language, positional, str } from '../command.ts';
import { openWorkspace } from '../../electron/backend/backend.ts';
import { runTimeline } from '../../electron/backend/analysis/timelineService.ts';
import { validateForCli } from '../apiErrors.ts';
import { SELECTION_OPTIONS, selectionFromArgs } from '../selectionArgs.ts';
import { formatNumber, table } from '../table.ts';
import { aoristicNote } from '../../electron/backend/analysis/aoristicChoice.ts';
import { AORISTIC_OPTIONS, aoristicFromArgs } from '../aoristicArgs.ts';
import { widerSentence } from '../../shared/analysis/aoristic.ts';

/** Monday first, as the matrix's rows (keys of the catalogue's weekdays). */
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export const timelineCommand: Command = {
  name: 'timeline',
  summary: cliEn.help.summaries.timeline,
  usage:
    'timeline <workspace> --layer L [--bin day|week|month] [--from D] [--to D] [--category C]... [--within LAYER[:ID]]\n' +
    '       [--aoristic | --no-aoristic] [--json]',
  help: (t) => t('help.options.timeline', { aoristic: t('help.options.aoristic') }),
  options: {
    layer: { type: 'string' },
    bin: { type: 'string' },
    ...SELECTION_OPTIONS,
    ...AORISTIC_OPTIONS,
    json: { type: 'boolean' },
  },
  async run(args, io) {
    const t = cliWords(args);
    const lang = language(args);
    const wsPath = positional(args, 0, 'workspace');
    const layer = str(args, 'layer');
    if (!layer) throw new UsageError(t('errors.missingLayer'));
    const selection = selectionFromArgs(args);
    const raw: Record<string, unknown> = { layer, selection };
    if (str(args, 'bin')) raw.bin = str(args, 'bin');
    const aoristic = aoristicFromArgs(args);
    if (aoristic !== undefined) raw.aoristic = aoristic;
    const req = validateForCli('analysis.timeline', raw, lang);
    const backend = await openWorkspace(wsPath);
    try {
      const r = await runTimeline(backend.store, req);
      if (flag(args, 'json')) {
        io.stdout(JSON.stringify(r, null, 2) + '\n');
        return;
      }
      const bin = t(`bins.${r.timeline.bin}`);
      io.stdout(`${t('timeline.head', { count: r.total, n: formatNumber(r.total, lang), bins: r.timeline.bins.length, bin, tz: r.timeline.tz })}\n`);
      // The note said again in the language, from the layer's windows and how they were counted.
      if (r.aoristic) io.stdout(`${aoristicNote(await backend.store.getLayer(layer), r.aoristic, lang) ?? r.aoristic.note}\n`);
      const wider = r.timeline.wider && widerSentence(r.timeline.wider, lang);
      if (wider) io.stdout(`${t('timeline.wider', { bin, wider })}\n`);
      if (r.timeline.outside) io.stdout(`${t('timeline.outside', { n: formatNumber(r.timeline.outside, lang) })}\n`);
      io.stdout(table([bin, t('timeline.incidents')], r.timeline.bins.filter((b) => b.total).map((b) => [b.label, b.total]), lang));
      const day = (d: number) => t(`weekdays.${WEEKDAYS[d]}`);
      const hours = Array.from({ length: 24 }, (_, h) => String(h));
      if (r.aoristic?.on) {
        io.stdout(`${t('timeline.dayHourAoristic')}\n`);
        io.stdout(table(['', ...hours], r.dayHour.counts.map((row, d) => [day(d), ...row]), lang));
      } else {
        io.stdout(`${t('timeline.dayHour')}\n`);
        io.stdout(table(['', ...hours, t('timeline.unknown')], r.dayHour.counts.map((row, d) => [day(d), ...row, r.dayHour.unknownHour[d]]), lang));
      }
    } finally {
      await backend.close();
    }
  },
};
