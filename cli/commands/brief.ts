import type { Command } from '../command.ts';
import { cliEn } from '../../shared/i18n/cli.en.ts';
import { UsageError, cliWords, flag, language, num, positional, str, strs } from '../command.ts';
import { analysisId } from './export.ts';
import { LOCALE } from '../../shared/i18n/languages.ts';
import { validateForCli } from '../apiErrors.ts';
import { withinDistanceFromArg } from '../selectionArgs.ts';
import { openWorkspace } from '../../electron/backend/backend.ts';
import { checkBriefingOptions } from '../../electron/backend/briefing/briefingModel.ts';
import { briefingPrinter } from '../briefingPrinter.ts';

function parseBBox(text: string): [number, number, number, number] {
  const parts = text.split(',').map((s) => Number(s.trim()));
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) {
    throw new UsageError(`--bbox needs minLon,minLat,maxLon,maxLat, got "${text}"`);
  }
  const [w, s, e, n] = parts;
  if (w >= e || s >= n || w < -180 || e > 180 || s < -85 || n > 85) {
    throw new UsageError(`--bbox ${text}: expected minLon < maxLon and minLat < maxLat in degrees (lat within ±85)`);
  }
  return [w, s, e, n];
}

export const briefCommand: Command = {
  name: 'brief',
  summary: cliEn.help.summaries.brief,
  usage:
    'brief <workspace> --out FILE.pdf [--analysis ID]... [--layers L,...] [--bbox minLon,minLat,maxLon,maxLat | --fit]\n' +
    '       [--title T] [--subtitle S] [--banner TEXT] [--banner-color C] [--page letter|legal|tabloid|a4|a3]\n' +
    '       [--landscape] [--from D] [--to D] [--category C]... [--within LAYER[:ID]] [--within-distance LAYER:METRES] [--where EXPR]\n' +
    '       [--compare-split DATE --compare-days N]\n' +
    '       [--analyst NAME] [--unit UNIT] [--at ISO] [--lang en|es] [--no-timeline] [--png] [--json] [--browser PATH]',
  help: (t) => t('help.options.brief'),
  options: {
    out: { type: 'string' },
    analysis: { type: 'string', multiple: true },
    layers: { type: 'string' },
    bbox: { type: 'string' },
    fit: { type: 'boolean' },
    title: { type: 'string' },
    subtitle: { type: 'string' },
    banner: { type: 'string' },
    'banner-color': { type: 'string' },
    page: { type: 'string' },
    landscape: { type: 'boolean' },
    from: { type: 'string' },
    to: { type: 'string' },
    category: { type: 'string', multiple: true },
    within: { type: 'string' },
    'within-distance': { type: 'string' },
    where: { type: 'string' },
    'compare-split': { type: 'string' },
    'compare-days': { type: 'string' },
    analyst: { type: 'string' },
    unit: { type: 'string' },
    at: { type: 'string' },
    lang: { type: 'string' },
    'no-timeline': { type: 'boolean' },
    png: { type: 'boolean' },
    json: { type: 'boolean' },
    browser: { type: 'string' },
  },
  async run(args, io, host) {
    const wsPath = positional(args, 0, 'workspace');
    const out = str(args, 'out');
    if (!out) throw new UsageError('missing --out FILE.pdf (or FILE.png with --png)');
    const png = flag(args, 'png');
    if (png !== /\.png$/i.test(out)) {
      throw new UsageError(png ? `--png writes a PNG: name the file *.png, not ${out}` : `--out ${out}: a PDF goes to *.pdf (or add --png for a PNG)`);
    }
    const raw: Record<string, unknown> = {};
    const add = (key: string, value: unknown) => {
      if (value !== undefined) raw[key] = value;
    };
    const ids = strs(args, 'analysis').map((s) => analysisId(s, args));
    if (ids.length) raw.analyses = ids;
    const layers = str(args, 'layers');
    if (layers !== undefined) {
      raw.layers = layers.split(',').map((s) => s.trim()).filter(Boolean).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    }
    const bbox = str(args, 'bbox');
    if (bbox !== undefined && flag(args, 'fit')) throw new UsageError('--bbox and --fit both set the extent: give one');
    if (bbox !== undefined) raw.bbox = parseBBox(bbox);
    add('title', str(args, 'title'));
    add('subtitle', str(args, 'subtitle'));
    add('banner', str(args, 'banner'));
    add('bannerColor', str(args, 'banner-color'));
    add('page', str(args, 'page')?.toLowerCase());
    if (flag(args, 'landscape')) raw.orientation = 'landscape';
    add('from', str(args, 'from'));
    add('to', str(args, 'to'));
    if (strs(args, 'category').length) raw.categories = strs(args, 'category');
    add('within', str(args, 'within'));
    const withinDistance = str(args, 'within-distance');
    if (withinDistance !== undefined) raw.withinDistance = withinDistanceFromArg(withinDistance, args);
    add('where', str(args, 'where'));
    const split = str(args, 'compare-split');
    const days = num(args, 'compare-days');
    if (split !== undefined || days !== undefined) {
      if (split === undefined) throw new UsageError('--compare-days goes with --compare-split DATE');
      raw.compare = { split, days: days ?? 28 };
    }
    add('analyst', str(args, 'analyst'));
    add('unit', str(args, 'unit'));
    add('at', str(args, 'at'));
    add('language', str(args, 'lang')?.toLowerCase());
    if (flag(args, 'no-timeline')) raw.timeline = false;
    const options = validateForCli('briefing.model', raw, language(args));

    const backend = await openWorkspace(wsPath);
    try {
      // Mistakes in the request (unknown analysis or layer, bad dates) surface here, before a browser starts.
      await checkBriefingOptions(backend.store, options);
      // The map as the analyst left it in the app: its view is the default extent.
      let extent: 'given' | 'saved view' | 'fit' = options.bbox ? 'given' : 'fit';
      const saved = options.bbox || flag(args, 'fit') ? undefined : (await backend['mapState.get']({})).state?.view?.bounds;
      if (saved) {
        options.bbox = saved;
        extent = 'saved view';
      }
      const print = await briefingPrinter(host, { browserPath: str(args, 'browser') });
      const r = await print(backend, { options, out, format: png ? 'png' : 'pdf', actor: 'cli' });
      const summary = {
        out: r.out,
        pages: r.pages,
        pageSize: r.pageSize,
        orientation: r.orientation,
        analysisIds: r.analysisIds,
        auditId: r.auditId,
        millis: r.millis,
        extent,
      };
      if (flag(args, 'json')) io.stdout(JSON.stringify(summary, null, 2) + '\n');
      else {
        const t = cliWords(args);
        const locale = LOCALE[language(args)];
        const line = t('brief.line', {
          out: r.out,
          pages: t('brief.pages', { count: r.pages, n: r.pages }),
          size: r.pageSize,
          orientation: t(`brief.${r.orientation}`, { defaultValue: r.orientation }),
          incidents: r.incidentCount.toLocaleString(locale),
          analyses: r.analysisIds.length ? t('brief.analyses', { ids: r.analysisIds.join(', ') }) : '',
          view: extent === 'saved view' ? t('brief.savedView') : '',
          seconds: (r.millis / 1000).toLocaleString(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
          audit: r.auditId === null ? t('brief.noAudit') : t('brief.audit', { id: r.auditId }),
        });
        io.stdout(`${line}\n`);
        if (r.notice) io.stdout(`${t('common.note', { text: r.notice })}\n`);
      }
    } finally {
      await backend.close();
    }
  },
};
