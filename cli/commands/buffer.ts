import type { Command } from '../command.ts';
import { cliEn } from '../../shared/i18n/cli.en.ts';
import { UsageError, cliWords, flag, language, num, positional, str } from '../command.ts';
import { LOCALE } from '../../shared/i18n/languages.ts';
import { openWorkspace } from '../../electron/backend/backend.ts';
import { bufferLayer } from '../../electron/backend/layerBuffer.ts';
import { BASEMAP_LAYERS } from '../../shared/api/bufferInput.ts';
import { validateForCli } from '../apiErrors.ts';

export const bufferCommand: Command = {
  name: 'buffer',
  summary: cliEn.help.summaries.buffer,
  usage: 'buffer <workspace> --layer L [--feature N] --distance METRES --out-layer NAME [--dissolve] [--json]',
  usageNote: (t) => t('help.notes.buffer', { basemap: Object.keys(BASEMAP_LAYERS).join(t('help.notes.or')) }),
  options: {
    layer: { type: 'string' },
    feature: { type: 'string' },
    distance: { type: 'string' },
    'out-layer': { type: 'string' },
    dissolve: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run(args, io) {
    const t = cliWords(args);
    const locale = LOCALE[language(args)];
    const wsPath = positional(args, 0, 'workspace');
    const layer = str(args, 'layer');
    if (!layer) throw new UsageError(t('errors.missingLayer'));
    const name = str(args, 'out-layer');
    if (!name) throw new UsageError(t('errors.missingOutLayer'));
    const distance = num(args, 'distance');
    if (distance === undefined) throw new UsageError(t('errors.missingDistance'));
    const feature = num(args, 'feature');
    const req = validateForCli('layers.buffer', {
      layer,
      distance,
      name,
      ...(feature !== undefined ? { feature } : {}),
      ...(flag(args, 'dissolve') ? { dissolve: true } : {}),
    }, language(args));
    const backend = await openWorkspace(wsPath);
    try {
      const info = await bufferLayer(backend.store, req, 'cli:user');
      if (flag(args, 'json')) io.stdout(JSON.stringify(info, null, 2) + '\n');
      else {
        const values = {
          count: info.featureCount,
          n: info.featureCount.toLocaleString(locale),
          name: info.name,
          id: info.id,
          distance: distance.toLocaleString(locale),
          layer,
          feature: feature !== undefined ? t('buffer.feature', { n: feature }) : '',
        };
        io.stdout(`${t('buffer.made', values)}\n`);
      }
    } finally {
      await backend.close();
    }
  },
};
