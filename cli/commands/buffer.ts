import type { Command } from '../command.ts';
import { UsageError, flag, num, positional, str } from '../command.ts';
import { openWorkspace } from '../../electron/backend/backend.ts';
import { bufferLayer } from '../../electron/backend/layerBuffer.ts';
import { BASEMAP_LAYERS } from '../../shared/api/bufferInput.ts';
import { validateForCli } from '../apiErrors.ts';

export const bufferCommand: Command = {
  name: 'buffer',
  summary: 'Make a layer of the area within a distance of a layer, a feature, the border or the ports of entry',
  usage:
    `buffer <workspace> --layer L [--feature N] --distance METRES --out-layer NAME [--dissolve] [--json]\n` +
    `  L is a layer, or ${Object.keys(BASEMAP_LAYERS).join(' or ')} (the basemap's). Geodesic distances (WGS 84).\n` +
    `  One polygon per feature with its attributes, or one for all with --dissolve.`,
  options: {
    layer: { type: 'string' },
    feature: { type: 'string' },
    distance: { type: 'string' },
    'out-layer': { type: 'string' },
    dissolve: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run(args, io) {
    const wsPath = positional(args, 0, 'workspace');
    const layer = str(args, 'layer');
    if (!layer) throw new UsageError('missing --layer LAYER');
    const name = str(args, 'out-layer');
    if (!name) throw new UsageError('missing --out-layer NAME (the new layer)');
    const distance = num(args, 'distance');
    if (distance === undefined) throw new UsageError('missing --distance METRES');
    const feature = num(args, 'feature');
    const req = validateForCli('layers.buffer', {
      layer,
      distance,
      name,
      ...(feature !== undefined ? { feature } : {}),
      ...(flag(args, 'dissolve') ? { dissolve: true } : {}),
    });
    const backend = await openWorkspace(wsPath);
    try {
      const info = await bufferLayer(backend.store, req, 'cli:user');
      if (flag(args, 'json')) io.stdout(JSON.stringify(info, null, 2) + '\n');
      else {
        const n = info.featureCount.toLocaleString('en-US');
        io.stdout(`layer "${info.name}" (id ${info.id}): ${n} polygon${info.featureCount === 1 ? '' : 's'} within ${distance.toLocaleString('en-US')} m of ${layer}${feature !== undefined ? ` feature ${feature}` : ''}\n`);
      }
    } finally {
      await backend.close();
    }
  },
};
