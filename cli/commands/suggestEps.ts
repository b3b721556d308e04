import type { Command } from '../command.ts';
import { UsageError, flag, num, positional, str } from '../command.ts';
import { openWorkspace } from '../../electron/backend/backend.ts';
import { suggestEpsFor } from '../../electron/backend/analysis/suggestEpsService.ts';
import { validateForCli } from '../apiErrors.ts';
import { SELECTION_OPTIONS, selectionFromArgs } from '../selectionArgs.ts';

export const suggestEpsCommand: Command = {
  name: 'suggest-eps',
  summary: 'Suggest a DBSCAN eps from the knee of the k-nearest-neighbour distance curve, lowered where it chains',
  usage: 'suggest-eps <workspace> --layer L --min-points N [--from D] [--to D] [--category C]... [--within LAYER[:ID]] [--within-distance LAYER:METRES] [--json]',
  options: {
    layer: { type: 'string' },
    'min-points': { type: 'string' },
    ...SELECTION_OPTIONS,
    json: { type: 'boolean' },
  },
  async run(args, io) {
    const wsPath = positional(args, 0, 'workspace');
    const layer = str(args, 'layer');
    if (!layer) throw new UsageError('missing --layer LAYER');
    const selection = selectionFromArgs(args);
    const req = validateForCli('analysis.suggestEps', { layer, minPoints: num(args, 'min-points'), selection });
    const backend = await openWorkspace(wsPath);
    try {
      const s = await suggestEpsFor(backend.store, req);
      if (flag(args, 'json')) io.stdout(JSON.stringify(s, null, 2) + '\n');
      else {
        const why = s.note ?? `the knee of the ${s.k}-nearest-neighbour distance curve`;
        io.stdout(`suggested eps: ${Math.round(s.eps)} m (${why})\n`);
      }
    } finally {
      await backend.close();
    }
  },
};
