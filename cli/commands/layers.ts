import type { Command } from '../command.ts';
import { cliEn } from '../../shared/i18n/cli.en.ts';
import { cliWords, flag, language, positional } from '../command.ts';
import { table } from '../table.ts';
import { describeWindows } from '../../shared/analysis/aoristic.ts';
import { crsLabelIn } from '../../shared/geo/crsLabel.ts';

export const layersCommand: Command = {
  name: 'layers',
  summary: cliEn.help.summaries.layers,
  usage: 'layers <workspace> [--json]',
  help: (t) => t('help.options.layers'),
  options: { json: { type: 'boolean' } },
  async run(args, io) {
    const t = cliWords(args);
    const lang = language(args);
    const { openWorkspace } = await import('../../electron/backend/backend.ts');
    const backend = await openWorkspace(positional(args, 0, 'workspace'));
    try {
      const layers = await backend['layers.list']({});
      if (flag(args, 'json')) {
        io.stdout(JSON.stringify(layers, null, 2) + '\n');
        return;
      }
      if (!layers.length) {
        io.stdout(`${t('layers.none')}\n`);
        return;
      }
      io.stdout(
        table(
          (['id', 'name', 'geometry', 'features', 'extent', 'crs'] as const).map((c) => t(`layers.columns.${c}`)),
          layers.map((l) => [l.id, l.name, l.geometryType, l.featureCount, l.bbox ? l.bbox.map((v) => v.toFixed(4)).join(', ') : t('layers.empty'), crsLabelIn(l.sourceCrs, lang)]),
          lang,
          '',
        ),
      );
      io.stdout(`\n${t('layers.fields')}\n`);
      io.stdout(
        table(
          [t('layers.layer'), t('layers.fields').replace(/:$/, '')],
          layers.map((l) => [l.name, l.fields.map((f) => `${f.name} (${f.type})`).join(', ') || t('layers.noFields')]),
          lang,
        ),
      );
      const windowed = layers.filter((l) => l.mapping.timeEnd && l.timeWindows);
      if (windowed.length) {
        io.stdout(`\n${t('layers.timeWindows')}\n`);
        io.stdout(table([t('layers.layer'), 'time_end', t('layers.windows')], windowed.map((l) => [l.name, l.mapping.timeEnd!, describeWindows(l.timeWindows!, lang)]), lang));
      }
    } finally {
      await backend.close();
    }
  },
};
