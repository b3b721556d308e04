import type { Command } from '../command.ts';
import { flag, positional } from '../command.ts';
import { openWorkspace } from '../../electron/backend/backend.ts';
import { formatValue, isRecord, table } from '../table.ts';

/** What a run selected, in words: `all`, or its window, categories and area. */
function selection(sel: unknown): string {
  if (!isRecord(sel)) return '—';
  const parts: string[] = [];
  if (sel.from !== null || sel.to !== null) parts.push(`${sel.from ?? '…'} to ${sel.to ?? '…'}`);
  if (Array.isArray(sel.categories)) parts.push(sel.categories.join(', '));
  if (sel.within !== null && sel.within !== undefined) parts.push(`within ${String(sel.within)}`);
  return parts.length ? parts.join('; ') : 'all';
}

export const analysesCommand: Command = {
  name: 'analyses',
  summary: 'List the analyses stored in a workspace with their parameters',
  usage: 'analyses <workspace> [--json]',
  help: '  --json   a JSON array: id, kind, layerId, params, inputFingerprint, summary, createdAt',
  options: { json: { type: 'boolean' } },
  async run(args, io) {
    const backend = await openWorkspace(positional(args, 0, 'workspace'));
    try {
      const list = await backend['analysis.list']({});
      if (flag(args, 'json')) {
        io.stdout(JSON.stringify(list, null, 2) + '\n');
        return;
      }
      if (!list.length) {
        io.stdout('no analyses yet (run one with `frontera analyze`)\n');
        return;
      }
      const rows = list.map((a) => {
        const { kind: _k, layer, selection: sel, ...p } = a.params;
        const count = isRecord(sel) && typeof sel.count === 'number' ? sel.count : null;
        return [a.id, a.kind, formatValue(layer), count, selection(sel), a.createdAt.slice(0, 16).replace('T', ' '), formatValue(p)];
      });
      io.stdout(table(['id', 'kind', 'layer', 'incidents', 'selection', 'created (UTC)', 'parameters'], rows, ''));
    } finally {
      await backend.close();
    }
  },
};
