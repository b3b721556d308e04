import type { Command } from '../command.ts';
import { cliEn } from '../../shared/i18n/cli.en.ts';
import { cliWords, flag, language, positional, strs } from '../command.ts';
import { LOCALE } from '../../shared/i18n/languages.ts';
import { UserError } from '../../shared/errors.ts';

export const copyCommand: Command = {
  name: 'copy',
  summary: cliEn.help.summaries.copy,
  usage: 'copy <from> <to> [--layer L]... [--analyses] [--json]',
  help: (t) => t('help.options.copy'),
  options: { layer: { type: 'string', multiple: true }, analyses: { type: 'boolean' }, json: { type: 'boolean' } },
  async run(args, io) {
    const t = cliWords(args);
    const locale = LOCALE[language(args)];
    const fromLocation = positional(args, 0, 'from');
    const toLocation = positional(args, 1, 'to');
    if (args.positionals.length > 2) throw new UserError(`copy takes a <from> and a <to> workspace, got ${args.positionals.length} arguments`);
    if (fromLocation === toLocation) throw new UserError('<from> and <to> are the same workspace');
    const { openStore, isTeamWorkspace } = await import('../../electron/backend/store/openStore.ts');
    const { copyWorkspace } = await import('../../electron/backend/store/copyWorkspace.ts');
    const from = await openStore(fromLocation);
    try {
      const to = await openStore(toLocation, { create: !isTeamWorkspace(toLocation) });
      try {
        const summary = await copyWorkspace(from, to, {
          layers: strs(args, 'layer'),
          analyses: flag(args, 'analyses'),
          actor: 'cli',
          onLayer: (name, n) => {
            if (!flag(args, 'json')) io.stdout(`${t('copy.layer', { name, n: n.toLocaleString(locale) })}\n`);
          },
        });
        if (flag(args, 'json')) io.stdout(JSON.stringify(summary) + '\n');
        else io.stdout(`${t('copy.done', { layers: summary.layers.length, analyses: summary.analyses, audit: summary.auditEntries, to: to.location })}\n`);
      } finally {
        await to.close();
      }
    } finally {
      await from.close();
    }
  },
};
