import type { Command } from '../command.ts';
import { flag, positional } from '../command.ts';
import { table } from '../table.ts';
import { describeWindows } from '../../shared/analysis/aoristic.ts';

export const layersCommand: Command = {
  name: 'layers',
  summary: 'List the layers of a workspace',
  usage: 'layers <workspace> [--json]',
  help: [
    '  --json   print a JSON array; each layer has id, name, geometryType, featureCount,',
    '           bbox [minLon,minLat,maxLon,maxLat], fields, sourceCrs, fingerprint (and more;',
    '           timeWindows {count, widestMs}: the records known only to a time window, and the widest)',
  ].join('\n'),
  options: { json: { type: 'boolean' } },
  async run(args, io) {
    const { openWorkspace } = await import('../../electron/backend/backend.ts');
    const backend = await openWorkspace(positional(args, 0, 'workspace'));
    try {
      const layers = await backend['layers.list']({});
      if (flag(args, 'json')) {
        io.stdout(JSON.stringify(layers, null, 2) + '\n');
        return;
      }
      if (!layers.length) {
        io.stdout('no layers (import some with `frontera import`)\n');
        return;
      }
      io.stdout(
        table(
          ['id', 'name', 'geometry', 'features', 'extent (lon/lat: W, S, E, N)', 'source CRS'],
          layers.map((l) => [l.id, l.name, l.geometryType, l.featureCount, l.bbox ? l.bbox.map((v) => v.toFixed(4)).join(', ') : '(empty)', l.sourceCrs]),
          '',
        ),
      );
      io.stdout('\nfields:\n');
      io.stdout(table(['layer', 'fields'], layers.map((l) => [l.name, l.fields.map((f) => `${f.name} (${f.type})`).join(', ') || '(none)'])));
      const windowed = layers.filter((l) => l.mapping.timeEnd && l.timeWindows);
      if (windowed.length) {
        io.stdout('\ntime windows:\n');
        io.stdout(table(['layer', 'time_end', 'windows'], windowed.map((l) => [l.name, l.mapping.timeEnd!, describeWindows(l.timeWindows!)])));
      }
    } finally {
      await backend.close();
    }
  },
};
