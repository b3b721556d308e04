import type { Command } from '../command.ts';
import { cliEn } from '../../shared/i18n/cli.en.ts';
import { UsageError, cliWords, flag, language, num, positional } from '../command.ts';
import { formatValue, table } from '../table.ts';

/** Details longer than this are cut (all of them: --json). */
const DETAILS_SHOWN = 100;

export const auditCommand: Command = {
  name: 'audit',
  summary: cliEn.help.summaries.audit,
  usage: 'audit <workspace> [--limit N] [--json]',
  help: (t) => t('help.options.audit'),
  options: { limit: { type: 'string' }, json: { type: 'boolean' } },
  async run(args, io) {
    const t = cliWords(args);
    const lang = language(args);
    const limit = num(args, 'limit') ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new UsageError(t('errors.limit'));
    const { openWorkspace } = await import('../../electron/backend/backend.ts');
    const backend = await openWorkspace(positional(args, 0, 'workspace'));
    try {
      const entries = await backend['audit.list']({ limit });
      if (flag(args, 'json')) {
        io.stdout(JSON.stringify(entries, null, 2) + '\n');
        return;
      }
      if (!entries.length) {
        io.stdout(`${t('audit.empty')}\n`);
        return;
      }
      const withRoles = entries.some((e) => e.role !== undefined);
      const rows = entries.map((e) => {
        const details = Object.keys(e.details).length ? formatValue(e.details, lang) : '';
        const shown = details.length > DETAILS_SHOWN ? `${details.slice(0, DETAILS_SHOWN - 1)}…` : details;
        // The database role of each entry: a team workspace's, or those copied into a file with theirs.
        return [e.at.slice(0, 19).replace('T', ' '), ...(withRoles ? [e.role ?? ''] : []), e.actor, e.action, e.target ?? '', shown];
      });
      const header = (['time', ...(withRoles ? ['role'] : []), 'actor', 'action', 'target', 'details'] as const).map((c) => t(`audit.columns.${c}`));
      io.stdout(table(header, rows, lang, ''));
    } finally {
      await backend.close();
    }
  },
};
