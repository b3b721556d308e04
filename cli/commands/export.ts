import type { Command } from '../command.ts';
import { UsageError, positional, str, flag } from '../command.ts';
import { createProgress, interruptSignal } from '../progress.ts';

export const exportCommand: Command = {
  name: 'export',
  summary: 'Write a layer to GeoJSON or CSV',
  usage: 'export <workspace> <layer> --out FILE [--json]',
  help: [
    '  <layer>     layer name or id (see `frontera layers`)',
    '  --out FILE  .geojson (RFC 7946, any geometry) or .csv (point layers: lon, lat, properties);',
    '              stored fields are added as source_index, time, time_precision, category,',
    '              quantity, unit (prefixed frontera_ when the source has a property of that name)',
    '  --json      print {"path","count"} on stdout',
  ].join('\n'),
  options: { out: { type: 'string' }, json: { type: 'boolean' } },
  async run(args, io) {
    const workspace = positional(args, 0, 'workspace');
    const layerRef = positional(args, 1, 'layer');
    const out = str(args, 'out');
    if (!out) throw new UsageError('missing --out FILE (.geojson or .csv)');
    const { openBackend } = await import('../../electron/node/backend.ts');
    const backend = openBackend(workspace);
    const interrupt = interruptSignal(io);
    const progress = createProgress(io, `export ${layerRef}`);
    try {
      const layer = backend.workspace.getLayer(layerRef);
      const r = await backend['export.layer'](
        { layerId: layer.id, out },
        { onProgress: (p) => progress.report(p), signal: interrupt.signal, actor: 'cli' },
      );
      progress.done();
      if (flag(args, 'json')) io.stdout(JSON.stringify(r) + '\n');
      else io.stdout(`wrote ${r.count} features of "${layer.name}" to ${r.path}\n`);
    } finally {
      progress.done();
      interrupt.dispose();
      backend.close();
    }
  },
};
