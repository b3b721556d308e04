import type { Command } from '../command.ts';
import { cliEn } from '../../shared/i18n/cli.en.ts';
import { UsageError, cliWords, composedLanguage, flag, language, num, positional, str } from '../command.ts';
import { LOCALE } from '../../shared/i18n/languages.ts';
import { openWorkspace } from '../../electron/backend/backend.ts';
import { suggestEpsFor } from '../../electron/backend/analysis/suggestEpsService.ts';
import { validateForCli } from '../apiErrors.ts';
import { SELECTION_OPTIONS, selectionFromArgs } from '../selectionArgs.ts';

export const suggestEpsCommand: Command = {
  name: 'suggest-eps',
  summary: cliEn.help.summaries['suggest-eps'],
  usage: 'suggest-eps <workspace> --layer L --min-points N [--from D] [--to D] [--category C]... [--within LAYER[:ID]] [--within-distance LAYER:METRES] [--json]',
  options: {
    layer: { type: 'string' },
    'min-points': { type: 'string' },
    ...SELECTION_OPTIONS,
    json: { type: 'boolean' },
  },
  async run(args, io) {
    const t = cliWords(args);
    const wsPath = positional(args, 0, 'workspace');
    const layer = str(args, 'layer');
    if (!layer) throw new UsageError(t('errors.missingLayer'));
    const selection = selectionFromArgs(args);
    const req = validateForCli('analysis.suggestEps', { layer, minPoints: num(args, 'min-points'), selection }, language(args));
    const backend = await openWorkspace(wsPath);
    try {
      const s = await suggestEpsFor(backend.store, req, composedLanguage(args));
      if (flag(args, 'json')) io.stdout(JSON.stringify(s, null, 2) + '\n');
      else {
        const why = s.note ?? t('suggestEps.knee', { k: s.k });
        io.stdout(`${t('suggestEps.line', { eps: Math.round(s.eps).toLocaleString(LOCALE[language(args)]), why })}\n`);
      }
    } finally {
      await backend.close();
    }
  },
};
