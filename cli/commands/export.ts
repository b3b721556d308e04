import type { Command } from '../command.ts';
import { cliEn } from '../../shared/i18n/cli.en.ts';
import { UsageError, cliWords, language, positional, str, strs, flag, type ParsedCommand } from '../command.ts';
import { validateForCli } from '../apiErrors.ts';
import { formatsInfo } from '../../electron/backend/formats/registry.ts';
import { createProgress, interruptSignal } from '../progress.ts';

/** `--analysis ID`'s number (brief takes it too). */
export function analysisId(text: string, args: ParsedCommand): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(cliWords(args)('errors.analysisId', { value: text }));
  return n;
}

export const exportCommand: Command = {
  name: 'export',
  summary: cliEn.help.summaries.export,
  usage: 'export <workspace> [<layer>...] [--analysis ID]... --out FILE [--format F] [--json]',
  help: (t) => {
    const formats = formatsInfo().filter((f) => f.export);
    const list = formats.map((f) => {
      const extensions = f.export!.extensions.map((e) => `.${e}`).join(' ');
      const what = `${t(`import:formats.${f.id}`, { defaultValue: f.label })}${f.export!.geometry === 'points' ? t('help.options.formatPoints') : ''}${f.export!.multiple ? t('help.options.formatSeveral') : ''}`;
      return `                   ${extensions.padEnd(16)} ${what}`;
    });
    return t('help.options.export', { formats: list.join('\n'), formatIds: formats.map((f) => f.id).join(', ') });
  },
  options: { out: { type: 'string' }, analysis: { type: 'string', multiple: true }, format: { type: 'string' }, json: { type: 'boolean' } },
  async run(args, io) {
    const t = cliWords(args);
    const workspace = positional(args, 0, 'workspace');
    const layerRefs = args.positionals.slice(1);
    const analyses = strs(args, 'analysis').map((a) => analysisId(a, args));
    if (layerRefs.length === 0 && analyses.length === 0) throw new UsageError(t('errors.nameSomething'));
    const out = str(args, 'out');
    if (!out) throw new UsageError(t('errors.missingOut'));
    const format = str(args, 'format');
    const withFormat = format ? { format } : {};
    const { openWorkspace } = await import('../../electron/backend/backend.ts');
    const backend = await openWorkspace(workspace);
    const interrupt = interruptSignal(io, language(args));
    const what =
      layerRefs.length + analyses.length === 1 ? (layerRefs[0] ?? t('export.analysis', { id: analyses[0] })) : t('export.items', { n: layerRefs.length + analyses.length });
    const progress = createProgress(io, `export ${what}`, language(args));
    const ctx = { onProgress: progress.report, signal: interrupt.signal, actor: 'cli' };
    try {
      const layers = [];
      for (const ref of layerRefs) layers.push(await backend.store.getLayer(ref));
      const layerIds = layers.map((l) => l.id);
      const r =
        layerIds.length === 1 && analyses.length === 0
          ? await backend['export.layer'](validateForCli('export.layer', { layerId: layerIds[0], out, ...withFormat }, language(args)), ctx)
          : layerIds.length === 0 && analyses.length === 1
            ? await backend['export.analysis'](validateForCli('export.analysis', { id: analyses[0], out, ...withFormat }, language(args)), ctx)
            : await backend['export.items'](validateForCli('export.items', { layers: layerIds, analyses, out, ...withFormat }, language(args)), ctx);
      progress.done();
      if (flag(args, 'json')) io.stdout(JSON.stringify(r) + '\n');
      else {
        const name = layerIds.length === 1 && analyses.length === 0 ? `"${layers[0].name}"` : what;
        io.stdout(`${t(layerIds.length ? 'export.wroteFeatures' : 'export.wroteRows', { count: r.count, name, path: r.path })}\n`);
        for (const f of r.files.slice(1)) io.stdout(`  ${t('export.and', { file: f })}\n`);
        for (const n of r.notes ?? []) io.stdout(`  ${t('common.note', { text: n })}\n`);
      }
    } finally {
      progress.done();
      interrupt.dispose();
      await backend.close();
    }
  },
};
