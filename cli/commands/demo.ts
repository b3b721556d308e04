import fs from 'node:fs';
import { cliEn } from '../../shared/i18n/cli.en.ts';
import type { Command } from '../command.ts';
import { UsageError, cliWords, flag, language, positional, str } from '../command.ts';
import { UserError } from '../../shared/errors.ts';
import { DEMO_SEED } from '../../shared/demo/layers.ts';
import { stackSentence } from '../../shared/analysis/stackedPoints.ts';
import { Workspace } from '../../electron/backend/store/workspace.ts';
import { writeDemoWorkspace } from '../../electron/backend/demoWorkspace.ts';

/** --force may replace a Frontera workspace, never some other file the user pointed at by mistake. */
function assertReplaceable(file: string): void {
  if (fs.statSync(file).isDirectory()) throw new UserError(`${file} is a folder, not a workspace file`);
  if (fs.statSync(file).size === 0) return;
  try {
    Workspace.open(file).close();
  } catch (e) {
    const why = e instanceof UserError ? e.message : `it is not a Frontera workspace (${String(e)})`;
    throw new UserError(`refusing to replace ${file}: ${why}`);
  }
}

export const demoCommand: Command = {
  name: 'demo',
  summary: cliEn.help.summaries.demo,
  usage: 'demo <workspace> [--force] [--seed N] [--json]',
  help: (t) => t('help.options.demo', { seed: DEMO_SEED }),
  options: { force: { type: 'boolean' }, seed: { type: 'string' }, json: { type: 'boolean' } },
  async run(args, io) {
    const t = cliWords(args);
    const lang = language(args);
    const file = positional(args, 0, 'workspace');
    if (args.positionals.length > 1) throw new UsageError(`demo takes one workspace path, got ${args.positionals.length}`);
    const seedText = str(args, 'seed');
    const seed = seedText === undefined ? DEMO_SEED : Number(seedText);
    if (!Number.isSafeInteger(seed)) throw new UsageError(t('errors.seed', { value: seedText }));

    const exists = fs.existsSync(file);
    if (exists && !flag(args, 'force')) {
      throw new UserError(t('errors.existsDemo', { file }));
    }
    if (exists) assertReplaceable(file);

    const written = writeDemoWorkspace(file, { seed, actor: 'cli' });

    if (flag(args, 'json')) {
      io.stdout(JSON.stringify({ path: file, seed, synthetic: true, layers: written }) + '\n');
    } else {
      io.stdout(`${t('demo.created', { file, note: t('demo.note'), seed })}\n`);
      for (const w of written) {
        io.stdout(`  ${w.id}  ${w.name.padEnd(15)} ${t('demo.features', { n: w.featureCount })}\n`);
        for (const s of w.stackedPoints ?? []) io.stdout(`       ${t('demo.stacked', { text: stackSentence(s, lang) })}\n`);
      }
    }
  },
};
