import type { Command } from '../command.ts';
import { cliEn } from '../../shared/i18n/cli.en.ts';
import { UsageError, cliWords, flag, language, positional, str } from '../command.ts';
import { LOCALE } from '../../shared/i18n/languages.ts';
import { openWorkspace } from '../../electron/backend/backend.ts';
import { distancesLayer } from '../../electron/backend/layerDistances.ts';
import { validateForCli } from '../apiErrors.ts';

export const distancesCommand: Command = {
  name: 'distances',
  summary: cliEn.help.summaries.distances,
  usage: 'distances <workspace> --layer L --out-layer NAME [--json]',
  usageNote: (t) => t('help.notes.distances'),
  options: {
    layer: { type: 'string' },
    'out-layer': { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(args, io) {
    const t = cliWords(args);
    const wsPath = positional(args, 0, 'workspace');
    const layer = str(args, 'layer');
    if (!layer) throw new UsageError(t('errors.missingLayer'));
    const name = str(args, 'out-layer');
    if (!name) throw new UsageError(t('errors.missingOutLayer'));
    const req = validateForCli('layers.distances', { layer, name }, language(args));
    const backend = await openWorkspace(wsPath);
    try {
      const info = await distancesLayer(backend.store, req, 'cli:user');
      if (flag(args, 'json')) io.stdout(JSON.stringify(info, null, 2) + '\n');
      else io.stdout(`${t('distances.made', { name: info.name, id: info.id, n: info.featureCount.toLocaleString(LOCALE[language(args)]), layer })}\n`);
    } finally {
      await backend.close();
    }
  },
};
