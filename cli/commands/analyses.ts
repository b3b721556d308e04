import type { Command } from '../command.ts';
import { flag, positional } from '../command.ts';
import { openBackend } from '../../electron/node/backend.ts';

export const analysesCommand: Command = {
  name: 'analyses',
  summary: 'List the analyses stored in a workspace with their parameters',
  usage: 'analyses <workspace> [--json]',
  help: '  --json   a JSON array: id, kind, layerId, params, inputFingerprint, summary, createdAt',
  options: { json: { type: 'boolean' } },
  async run(args, io) {
    const backend = openBackend(positional(args, 0, 'workspace'));
    try {
      const list = await backend['analysis.list']({});
      if (flag(args, 'json')) {
        io.stdout(JSON.stringify(list, null, 2) + '\n');
        return;
      }
      if (!list.length) io.stdout('no analyses yet (run one with `frontera analyze`)\n');
      for (const a of list) {
        const { selection: _s, ...p } = a.params;
        io.stdout(`${String(a.id).padStart(4)}  ${a.kind.padEnd(9)} ${a.createdAt}  ${JSON.stringify(p)}\n`);
      }
    } finally {
      backend.close();
    }
  },
};
