import type { Command } from '../command.ts';
import { UsageError, positional, str, flag, num } from '../command.ts';
import { validateForCli } from '../apiErrors.ts';
import { formatsInfo } from '../../electron/backend/formats/registry.ts';
import { createProgress, interruptSignal } from '../progress.ts';

export const exportCommand: Command = {
  name: 'export',
  summary: 'Write a layer or a stored analysis to a file',
  usage: 'export <workspace> (<layer> | --analysis ID) --out FILE [--format F] [--json]',
  help: [
    '  <layer>        layer name or id (see `frontera layers`)',
    '  --analysis ID  a stored analysis instead (see `frontera analyses`), with its provenance',
    '  --out FILE     a layer: .geojson (RFC 7946, any geometry) or .csv (point layers: lon, lat,',
    '                 properties); stored fields are added as source_index, time, time_precision,',
    '                 category, quantity, unit (prefixed frontera_ when the source has a property of',
    '                 that name)',
    '                 an analysis: .geojson (its map features; the provenance in the file\'s',
    '                 `frontera` member) or .csv (a row per feature, geometry as WKT); with',
    '                 --format labels, DBSCAN\'s cluster of every incident (.csv); with --format',
    '                 grid, kernel density\'s grid (.asc, with its .prj). Beside a CSV or a grid',
    '                 goes NAME.provenance.json',
    `  --format F     ${formatsInfo().filter((f) => f.export).map((f) => f.id).join(', ')} (layers and analyses), labels, grid`,
    '                 (analyses); default: from the file name',
    '  --json         print {"path","count","files"} on stdout',
  ].join('\n'),
  options: { out: { type: 'string' }, analysis: { type: 'string' }, format: { type: 'string' }, json: { type: 'boolean' } },
  async run(args, io) {
    const workspace = positional(args, 0, 'workspace');
    const analysisId = num(args, 'analysis');
    const layerRef = analysisId === undefined ? positional(args, 1, 'layer') : undefined;
    if (analysisId !== undefined && args.positionals[1] !== undefined) {
      throw new UsageError(`give a layer or --analysis, not both ("${args.positionals[1]}" and --analysis ${analysisId})`);
    }
    const out = str(args, 'out');
    if (!out) throw new UsageError('missing --out FILE (.geojson or .csv)');
    const format = str(args, 'format');
    const { openBackend } = await import('../../electron/backend/backend.ts');
    const backend = openBackend(workspace);
    const interrupt = interruptSignal(io);
    const progress = createProgress(io, layerRef === undefined ? `export analysis ${analysisId}` : `export ${layerRef}`);
    const ctx = { onProgress: progress.report, signal: interrupt.signal, actor: 'cli' };
    try {
      let what: string;
      let r;
      if (analysisId !== undefined) {
        r = await backend['export.analysis'](validateForCli('export.analysis', { id: analysisId, out, ...(format ? { format } : {}) }), ctx);
        what = `analysis ${analysisId}`;
      } else {
        const layer = backend.workspace.getLayer(layerRef!);
        r = await backend['export.layer'](validateForCli('export.layer', { layerId: layer.id, out, ...(format ? { format } : {}) }), ctx);
        what = `"${layer.name}"`;
      }
      progress.done();
      if (flag(args, 'json')) io.stdout(JSON.stringify(r) + '\n');
      else {
        io.stdout(`wrote ${r.count} ${analysisId === undefined ? 'features' : 'rows'} of ${what} to ${r.path}\n`);
        for (const f of r.files.slice(1)) io.stdout(`  and ${f}\n`);
      }
    } finally {
      progress.done();
      interrupt.dispose();
      backend.close();
    }
  },
};
