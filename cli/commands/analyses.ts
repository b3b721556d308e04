import type { Command } from '../command.ts';
import { cliEn } from '../../shared/i18n/cli.en.ts';
import { cliWords, flag, language, positional } from '../command.ts';
import type { Language } from '../../shared/i18n/languages.ts';
import { translator } from '../../shared/i18n/translator.ts';
import { openWorkspace } from '../../electron/backend/backend.ts';
import { formatValue, isRecord, table } from '../table.ts';

/** What a run selected, in words: `all`, or its window, categories and area. */
function selection(sel: unknown, language: Language): string {
  if (!isRecord(sel)) return '—';
  const t = translator(language, 'cli');
  const parts: string[] = [];
  if (sel.from !== null || sel.to !== null) parts.push(t('analyses.window', { from: sel.from ?? '…', to: sel.to ?? '…' }));
  if (Array.isArray(sel.categories)) parts.push(sel.categories.join(', '));
  if (sel.within !== null && sel.within !== undefined) parts.push(t('analyses.within', { where: String(sel.within) }));
  if (typeof sel.withinDistance === 'string') parts.push(t('analyses.withinDistance', { spec: sel.withinDistance }));
  if (typeof sel.where === 'string') parts.push(t('analyses.where', { filter: sel.where }));
  if (typeof sel.precisionMax === 'number') parts.push(t('analyses.precision', { max: sel.precisionMax }));
  if (sel.excludeStacked === true) parts.push(t('analyses.excludeStacked'));
  return parts.length ? parts.join('; ') : t('analyses.all');
}

export const analysesCommand: Command = {
  name: 'analyses',
  summary: cliEn.help.summaries.analyses,
  usage: 'analyses <workspace> [--json]',
  help: (t) => t('help.options.analyses'),
  options: { json: { type: 'boolean' } },
  async run(args, io) {
    const t = cliWords(args);
    const lang = language(args);
    const backend = await openWorkspace(positional(args, 0, 'workspace'));
    try {
      const list = await backend['analysis.list']({});
      if (flag(args, 'json')) {
        io.stdout(JSON.stringify(list, null, 2) + '\n');
        return;
      }
      if (!list.length) {
        io.stdout(`${t('analyses.none')}\n`);
        return;
      }
      const rows = list.map((a) => {
        const { kind: _k, layer, selection: sel, ...p } = a.params;
        const count = isRecord(sel) && typeof sel.count === 'number' ? sel.count : null;
        return [a.id, a.kind, formatValue(layer, lang), count, selection(sel, lang), a.createdAt.slice(0, 16).replace('T', ' '), formatValue(p, lang)];
      });
      const columns = (['id', 'kind', 'layer', 'incidents', 'selection', 'created', 'parameters'] as const).map((c) => t(`analyses.columns.${c}`));
      io.stdout(table(columns, rows, lang, ''));
    } finally {
      await backend.close();
    }
  },
};
