import type { Command } from '../command.ts';
import { UsageError, positional, str, strs, flag } from '../command.ts';
import { validateForCli } from '../apiErrors.ts';
import { formatsInfo } from '../../electron/backend/formats/registry.ts';
import { createProgress, interruptSignal } from '../progress.ts';

function analysisId(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--analysis needs an analysis id (a whole number), got "${text}"`);
  return n;
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'Write layers or stored analyses to a file',
  usage: 'export <workspace> [<layer>...] [--analysis ID]... --out FILE [--format F] [--json]',
  help: [
    '  <layer>        layer name or id (see `frontera layers`)',
    '  --analysis ID  a stored analysis (see `frontera analyses`), with its provenance; repeat it, or',
    '                 give several layers, for a format that holds several (one file, a layer each)',
    '  --out FILE     the format follows the extension:',
    ...formatsInfo()
      .filter((f) => f.export)
      .map((f) => `                   ${f.export!.extensions.map((e) => `.${e}`).join(' ').padEnd(16)} ${f.label}${f.export!.geometry === 'points' ? ' (point layers)' : ''}${f.export!.multiple ? ', several in one file' : ''}`),
    '                 A layer gets its stored fields as source_index, time, time_precision, category,',
    '                 quantity, unit (prefixed frontera_ when the source has a property of that name).',
    '                 A result carries its provenance inside the file where the format has room,',
    '                 else beside it as NAME.provenance.json',
    `  --format F     ${formatsInfo().filter((f) => f.export).map((f) => f.id).join(', ')}; for one analysis also`,
    '                 labels (DBSCAN: the cluster of every incident, .csv) or grid (kernel density:',
    '                 an ESRI ASCII grid .asc with its .prj); default: from the file name',
    '  --json         print {"path","count","files"} on stdout',
  ].join('\n'),
  options: { out: { type: 'string' }, analysis: { type: 'string', multiple: true }, format: { type: 'string' }, json: { type: 'boolean' } },
  async run(args, io) {
    const workspace = positional(args, 0, 'workspace');
    const layerRefs = args.positionals.slice(1);
    const analyses = strs(args, 'analysis').map(analysisId);
    if (layerRefs.length === 0 && analyses.length === 0) throw new UsageError('name a layer, or a stored analysis with --analysis ID');
    const out = str(args, 'out');
    if (!out) throw new UsageError('missing --out FILE (.geojson, .csv …)');
    const format = str(args, 'format');
    const withFormat = format ? { format } : {};
    const { openWorkspace } = await import('../../electron/backend/backend.ts');
    const backend = await openWorkspace(workspace);
    const interrupt = interruptSignal(io);
    const what = layerRefs.length + analyses.length === 1 ? (layerRefs[0] ?? `analysis ${analyses[0]}`) : `${layerRefs.length + analyses.length} items`;
    const progress = createProgress(io, `export ${what}`);
    const ctx = { onProgress: progress.report, signal: interrupt.signal, actor: 'cli' };
    try {
      const layers = [];
      for (const ref of layerRefs) layers.push(await backend.store.getLayer(ref));
      const layerIds = layers.map((l) => l.id);
      const r =
        layerIds.length === 1 && analyses.length === 0
          ? await backend['export.layer'](validateForCli('export.layer', { layerId: layerIds[0], out, ...withFormat }), ctx)
          : layerIds.length === 0 && analyses.length === 1
            ? await backend['export.analysis'](validateForCli('export.analysis', { id: analyses[0], out, ...withFormat }), ctx)
            : await backend['export.items'](validateForCli('export.items', { layers: layerIds, analyses, out, ...withFormat }), ctx);
      progress.done();
      if (flag(args, 'json')) io.stdout(JSON.stringify(r) + '\n');
      else {
        const name = layerIds.length === 1 && analyses.length === 0 ? `"${layers[0].name}"` : what;
        io.stdout(`wrote ${r.count} ${layerIds.length ? 'features' : 'rows'} of ${name} to ${r.path}\n`);
        for (const f of r.files.slice(1)) io.stdout(`  and ${f}\n`);
        for (const n of r.notes ?? []) io.stdout(`  note: ${n}\n`);
      }
    } finally {
      progress.done();
      interrupt.dispose();
      await backend.close();
    }
  },
};
