import fs from 'node:fs';
import { cliEn } from '../../shared/i18n/cli.en.ts';
import path from 'node:path';
import type { Command } from '../command.ts';
import { cliWords, flag, num, positional, str, UsageError } from '../command.ts';
import { UserError } from '../../shared/errors.ts';
import { openWorkspace } from '../../electron/backend/backend.ts';
import { isTeamWorkspace } from '../../electron/backend/store/openStore.ts';
import { startWebServer } from '../../electron/backend/webServer.ts';
import { printerOnDemand, rendererDir } from '../briefingPrinter.ts';

export const serveCommand: Command = {
  name: 'serve',
  summary: cliEn.help.summaries.serve,
  usage: 'serve <workspace> [--port N] [--create] [--ui DIR]',
  help: (t) => t('help.options.serve'),
  options: { port: { type: 'string' }, create: { type: 'boolean' }, ui: { type: 'string' } },
  async run(args, io, host) {
    const t = cliWords(args);
    const file = positional(args, 0, 'workspace');
    const port = num(args, 'port');
    if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
      throw new UsageError(t('errors.port', { value: port }));
    }
    const staticRoot = path.resolve(str(args, 'ui') ?? rendererDir(host));
    if (!fs.existsSync(path.join(staticRoot, 'index.html'))) {
      throw new UserError(`the renderer is not built (${staticRoot} is missing): run \`npm run build:renderer\` or \`npm run web\``);
    }
    // The page's Print briefing prints as `brief` does.
    const backend = await openWorkspace(file, { create: flag(args, 'create'), printBriefing: printerOnDemand(host, staticRoot) });
    let server;
    try {
      server = await startWebServer({ api: backend, staticRoot, port, log: (l) => io.stderr(l + '\n') });
    } catch (e) {
      await backend.close();
      if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new UserError(`port ${port} is already in use`);
      throw e;
    }
    io.stdout(`Frontera: ${isTeamWorkspace(file) ? file : path.resolve(file)}\n${t('serve.open', { url: server.url })}\n${t('serve.stop')}\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await server.close();
    await backend.close();
  },
};
