import fs from 'node:fs';
import { cliEn } from '../../shared/i18n/cli.en.ts';
import type { Command } from '../command.ts';
import { cliWords, flag, positional, str } from '../command.ts';
import { UserError } from '../../shared/errors.ts';
import { assertTimeZone } from '../../shared/time/zone.ts';
import { isTeamWorkspace } from '../../electron/backend/store/openStore.ts';

export const initCommand: Command = {
  name: 'init',
  summary: cliEn.help.summaries.init,
  usage: 'init <workspace> [--tz ZONE] [--json]',
  help: (t) => t('help.options.init'),
  options: { tz: { type: 'string' }, json: { type: 'boolean' } },
  async run(args, io) {
    const t = cliWords(args);
    const file = positional(args, 0, 'workspace');
    if (args.positionals.length > 1) throw new UserError(`init takes one workspace path, got ${args.positionals.length}`);
    if (!isTeamWorkspace(file) && fs.existsSync(file)) throw new UserError(t('errors.exists', { file }));
    const tz = str(args, 'tz');
    if (tz) assertTimeZone(tz);
    if (isTeamWorkspace(file)) {
      const { PostgisStore } = await import('../../electron/backend/store/postgis/postgisStore.ts');
      const store = await PostgisStore.open(file, { create: true, exclusive: true });
      try {
        if (tz) await store.setTimezone(tz, 'cli');
        const timezone = await store.timezone();
        await store.audit('cli', 'workspace.init', store.location, { timezone });
        const schemaVersion = await store.schemaVersion();
        if (flag(args, 'json')) io.stdout(JSON.stringify({ path: store.location, timezone, schemaVersion }) + '\n');
        else io.stdout(`${t('init.createdTeam', { location: store.location, tz: timezone, role: store.role })}\n`);
      } finally {
        await store.close();
      }
      return;
    }
    const { Workspace } = await import('../../electron/backend/store/workspace.ts');
    const ws = Workspace.open(file, { create: true });
    try {
      if (tz) ws.setTimezone(tz, 'cli');
      ws.audit('cli', 'workspace.init', file, { timezone: ws.timezone });
      if (flag(args, 'json')) {
        io.stdout(JSON.stringify({ path: file, timezone: ws.timezone, schemaVersion: ws.schemaVersion }) + '\n');
      } else {
        io.stdout(`${t('init.created', { file, tz: ws.timezone })}\n`);
      }
    } catch (e) {
      ws.close();
      for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
      throw e;
    }
    ws.close();
  },
};
