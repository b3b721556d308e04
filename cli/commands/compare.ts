import type { Command } from '../command.ts';
import { cliEn } from '../../shared/i18n/cli.en.ts';
import { UsageError, cliWords, flag, language, num, positional, str, strs } from '../command.ts';
import { openWorkspace } from '../../electron/backend/backend.ts';
import { runCompare } from '../../electron/backend/analysis/compareService.ts';
import { comparisonSentence, formatP } from '../../shared/analysis/compare.ts';
import { validateForCli } from '../apiErrors.ts';
import { formatNumber, table } from '../table.ts';
import { AORISTIC_OPTIONS, aoristicFromArgs } from '../aoristicArgs.ts';
import { withinDistanceFromArg } from '../selectionArgs.ts';
import type { CompareResult, LayerInfo } from '../../shared/api/contract.ts';
import type { Language } from '../../shared/i18n/languages.ts';
import { translator } from '../../shared/i18n/translator.ts';
import { widerSentence } from '../../shared/analysis/aoristic.ts';
import { aoristicNote } from '../../electron/backend/analysis/aoristicChoice.ts';
import { layerCategoryLabels } from '../../shared/api/categoryLabels.ts';

/** `p = 0.17` → `0.17`, `p < 0.001` → `< 0.001`: the column says which it is. */
const bare = (formatted: string): string => formatted.replace(/^p (= )?/, '');

function ci(c: [number | null, number | null]): string {
  const f = (v: number | null, unbounded: string) => (v === null ? unbounded : v.toFixed(2));
  return `[${f(c[0], '0')}, ${f(c[1], '∞')}]`;
}

/**
 * How records known only to a time window were counted, and the aoristic expected counts beside
 * the test; the note and the wider windows said again in the language from the layer and the counts.
 */
function aoristicLines(r: CompareResult, layer: Pick<LayerInfo, 'timeWindows'>, lang: Language): string {
  const a = r.aoristic;
  if (!a) return '';
  const t = translator(lang, 'cli');
  const note = aoristicNote(layer, a, lang) ?? a.note;
  if (!a.on) return `${note}\n`;
  const n = (v: number) => formatNumber(v, lang);
  const lines = [
    note,
    t('compare.straddle', {
      straddling: n(a.straddling),
      overlap: t('compare.overlap', { count: a.straddling }),
      partly: n(a.partlyOutside),
      lie: t('compare.lie', { count: a.partlyOutside }),
    }),
    t('compare.expected', { before: n(a.before), after: n(a.after) }),
  ];
  const wider = widerSentence(a.wider, lang);
  if (wider) lines.push(t('compare.wider', { wider }));
  return lines.join('\n') + '\n';
}

export const compareCommand: Command = {
  name: 'compare',
  summary: cliEn.help.summaries.compare,
  usage:
    'compare <workspace> --layer L --split DATE [--before-days N] [--after-days N]\n' +
    '       | --before FROM..TO --after FROM..TO   [--category C]... [--within LAYER[:ID]] [--within-distance LAYER:METRES]\n' +
    '       [--by-analysis ID] [--aoristic | --no-aoristic] [--json]',
  help: (t) => t('help.options.compare', { aoristic: t('help.options.aoristic') }),
  options: {
    layer: { type: 'string' },
    split: { type: 'string' },
    'before-days': { type: 'string' },
    'after-days': { type: 'string' },
    before: { type: 'string' },
    after: { type: 'string' },
    category: { type: 'string', multiple: true },
    within: { type: 'string' },
    'within-distance': { type: 'string' },
    where: { type: 'string' },
    'by-analysis': { type: 'string' },
    ...AORISTIC_OPTIONS,
    json: { type: 'boolean' },
  },
  async run(args, io) {
    const t = cliWords(args);
    const lang = language(args);
    const wsPath = positional(args, 0, 'workspace');
    const layer = str(args, 'layer');
    if (!layer) throw new UsageError(t('errors.missingLayer'));
    const raw: Record<string, unknown> = { layer };
    const add = (key: string, value: unknown) => {
      if (value !== undefined) raw[key] = value;
    };
    add('split', str(args, 'split'));
    add('beforeDays', num(args, 'before-days'));
    add('afterDays', num(args, 'after-days'));
    add('before', str(args, 'before'));
    add('after', str(args, 'after'));
    if (strs(args, 'category').length) raw.categories = strs(args, 'category');
    add('within', str(args, 'within'));
    const withinDistance = str(args, 'within-distance');
    if (withinDistance !== undefined) raw.withinDistance = withinDistanceFromArg(withinDistance, args);
    add('where', str(args, 'where'));
    add('byAnalysis', num(args, 'by-analysis'));
    add('aoristic', aoristicFromArgs(args));
    const req = validateForCli('analysis.compare', raw, lang);
    const backend = await openWorkspace(wsPath);
    try {
      const r = await runCompare(backend.store, req);
      await backend.store.audit('cli', 'analysis.compare', r.layer, { request: req, pValue: r.pValue });
      if (flag(args, 'json')) {
        io.stdout(JSON.stringify(r, null, 2) + '\n');
        return;
      }
      io.stdout(
        [
          t('compare.before', { ...r.before }),
          t('compare.after', { ...r.after }),
          t('compare.rate', {
            ratio: r.rateRatio === null ? t('compare.na') : r.rateRatio.toFixed(3),
            ci: ci(r.rateRatioCI95),
            test: r.pValue === null ? t('compare.noTest') : formatP(r.pValue),
            significance: t(r.significant ? 'compare.significant' : 'compare.notSignificant'),
          }),
          // The back end's sentence is English; the briefing's words say it in the other language.
          lang === 'en' ? r.sentence : comparisonSentence(r, req.categories, lang, layerCategoryLabels(await backend.store.getLayer(r.layer))),
        ].join('\n') + '\n',
      );
      io.stdout(aoristicLines(r, await backend.store.getLayer(r.layer), lang));
      if (r.zones?.length) {
        io.stdout(`${t('compare.zones', { id: req.byAnalysis })}\n`);
        io.stdout(
          table(
            [t('compare.columns.zone'), t('compare.columns.before'), t('compare.columns.after'), 'p', 'q', t('compare.columns.significant')],
            r.zones.map((z) => [
              z.id,
              z.before.count,
              z.after.count,
              z.pValue === null ? t('compare.zoneNoTest') : bare(formatP(z.pValue)),
              z.qValue === null ? '—' : bare(formatP(z.qValue)),
              t(z.significant ? 'common.yes' : 'common.no'),
            ]),
            lang,
          ),
        );
      }
    } finally {
      await backend.close();
    }
  },
};
