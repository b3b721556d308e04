import type { Command } from '../command.ts';
import { UsageError, flag, num, positional } from '../command.ts';

export const auditCommand: Command = {
  name: 'audit',
  summary: 'Show the audit log (imports, skipped records, removals, exports)',
  usage: 'audit <workspace> [--limit N] [--json]',
  help: ['  --limit N   most recent N entries (default 100)', '  --json      print a JSON array, most recent first'].join('\n'),
  options: { limit: { type: 'string' }, json: { type: 'boolean' } },
  async run(args, io) {
    const limit = num(args, 'limit') ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new UsageError('--limit must be a whole number from 1 to 10000');
    const { openBackend } = await import('../../electron/node/backend.ts');
    const backend = openBackend(positional(args, 0, 'workspace'));
    try {
      const entries = await backend['audit.list']({ limit });
      if (flag(args, 'json')) {
        io.stdout(JSON.stringify(entries, null, 2) + '\n');
        return;
      }
      for (const e of entries) {
        const details = Object.keys(e.details).length ? ` ${JSON.stringify(e.details)}` : '';
        io.stdout(`${e.at}  ${e.actor}  ${e.action}${e.target ? ` ${e.target}` : ''}${details}\n`);
      }
    } finally {
      backend.close();
    }
  },
};
