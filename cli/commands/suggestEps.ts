import type { Command } from '../command.ts';
import { UsageError, flag, num, positional, str, strs } from '../command.ts';
import { openBackend } from '../../electron/node/backend.ts';
import { suggestEpsFor } from '../../electron/node/analysis/suggestEpsService.ts';
import { validateForCli } from '../apiErrors.ts';

export const suggestEpsCommand: Command = {
  name: 'suggest-eps',
  summary: 'Suggest a DBSCAN eps from the knee of the k-nearest-neighbour distance curve',
  usage: 'suggest-eps <workspace> --layer L --min-points N [--from D] [--to D] [--category C]... [--within LAYER[:ID]] [--json]',
  options: {
    layer: { type: 'string' },
    'min-points': { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    category: { type: 'string', multiple: true },
    within: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(args, io) {
    const wsPath = positional(args, 0, 'workspace');
    const layer = str(args, 'layer');
    if (!layer) throw new UsageError('missing --layer LAYER');
    const selection: Record<string, unknown> = {};
    if (str(args, 'from')) selection.from = str(args, 'from');
    if (str(args, 'to')) selection.to = str(args, 'to');
    if (strs(args, 'category').length) selection.categories = strs(args, 'category');
    if (str(args, 'within')) selection.within = str(args, 'within');
    const req = validateForCli('analysis.suggestEps', { layer, minPoints: num(args, 'min-points'), selection });
    const backend = openBackend(wsPath);
    try {
      const s = suggestEpsFor(backend.workspace, req);
      if (flag(args, 'json')) io.stdout(JSON.stringify(s, null, 2) + '\n');
      else io.stdout(`suggested eps: ${Math.round(s.eps)} m (knee of the ${s.k}-nearest-neighbour distance curve)\n`);
    } finally {
      backend.close();
    }
  },
};
