import type { Command } from '../command.ts';
import { cliEn } from '../../shared/i18n/cli.en.ts';
import { UsageError, cliWords, flag, language, positional, str, strs } from '../command.ts';
import { validateForCli } from '../apiErrors.ts';
import { table } from '../table.ts';
import { readLabelsCsv, type CsvLabel } from '../labelsCsv.ts';
import { categoryLabel } from '../../shared/analysis/categoryLabels.ts';
import type { CategoryLabels } from '../../shared/api/categoryLabels.ts';

/** The app's "Category labels…" on the command line: `layers.labels` / `layers.setLabels` over the same back end. */
export const labelsCommand: Command = {
  name: 'labels',
  summary: cliEn.help.summaries.labels,
  usage: 'labels <workspace> --layer L [--set CODE=LABEL]... [--lang es|en] [--clear CODE]... [--from-csv FILE] [--json]',
  help: (t) => t('help.options.labels'),
  options: {
    layer: { type: 'string' },
    set: { type: 'string', multiple: true },
    lang: { type: 'string' },
    clear: { type: 'string', multiple: true },
    'from-csv': { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(args, io) {
    const wsPath = positional(args, 0, 'workspace');
    const layer = str(args, 'layer');
    if (!layer) throw new UsageError('missing --layer LAYER');
    const lang = language(args);
    const set: CsvLabel[] = strs(args, 'set').map((s) => {
      const eq = s.indexOf('=');
      if (eq <= 0) throw new UsageError(`--set "${s}": expected CODE=LABEL, e.g. --set 2="Homicidio doloso"`);
      return { code: s.slice(0, eq), [lang]: s.slice(eq + 1) };
    });
    const csv = str(args, 'from-csv');
    if (csv !== undefined) set.unshift(...readLabelsCsv(csv, lang));
    const clear = strs(args, 'clear');
    const { openWorkspace } = await import('../../electron/backend/backend.ts');
    const changing = set.length + clear.length > 0;
    const req = changing ? validateForCli('layers.setLabels', { layer, set, clear }) : null;
    const backend = await openWorkspace(wsPath);
    try {
      const r = req ? await backend['layers.setLabels'](req, { actor: 'cli:user' }) : await backend['layers.labels'](validateForCli('layers.labels', { layer }));
      if (flag(args, 'json')) {
        io.stdout(JSON.stringify(r, null, 2) + '\n');
        return;
      }
      const t = cliWords(args);
      const labels: CategoryLabels = Object.fromEntries(r.rows.map(({ code, en, es }) => [code, { en, es }]));
      io.stdout(`${t('labels.head', { layer: r.layer, field: r.categoryField ?? t('labels.noField') })}\n`);
      io.stdout(
        table(
          (['code', 'records', 'en', 'es', 'shown'] as const).map((c) => t(`labels.columns.${c}`)),
          r.rows.map((row) => [row.code, row.count, row.en ?? '', row.es ?? '', categoryLabel(row.code, lang, labels)]),
          lang,
        ),
      );
    } finally {
      await backend.close();
    }
  },
};
