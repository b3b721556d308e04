/**
 * The `frontera` command line as a function: arguments and output streams in, exit code out. It
 * runs nothing when imported, so a host can load it and run commands in its own process (the
 * Electron app's main process); cli/entry.ts runs it on this process's arguments and stdio.
 */
import { parseArgs } from 'node:util';
import { commandLoaders } from './commands/index.ts';
import { LANG_OPTION, UsageError, rawLanguage, type CliHost, type CliIO, type Command } from './command.ts';
import { translator } from '../shared/i18n/translator.ts';
import { isUserError } from '../shared/errors.ts';
import { ImportError } from '../shared/import/problems.ts';
import { userErrorText } from '../shared/i18n/userErrorText.ts';

type Words = ReturnType<typeof translator>;

/** A command's one-line summary in the language (a command the catalogue does not name: its own). */
const summaryOf = (c: { name: string; summary: string }, t: Words): string => t(`help.summaries.${c.name}`, { defaultValue: c.summary });

function usage(t: Words): string {
  const width = Math.max(...commandLoaders.map((c) => c.name.length));
  const lines = commandLoaders.map((c) => `  ${c.name.padEnd(width)}  ${summaryOf(c, t)}`);
  return [t('help.title'), '', t('help.usage'), '', t('help.commands'), ...lines, '', t('help.more'), t('help.lang'), t('help.exit'), ''].join('\n');
}

/** Its usage, summary and options, in the language; a command without a `--lang` of its own takes the global one. */
function commandHelp(c: Command, t: Words): string {
  const help = [c.help?.(t) ?? '', c.options.lang ? '' : t('help.langOption')].filter(Boolean).join('\n');
  return [t('help.commandUsage', { usage: [c.usage, c.usageNote?.(t)].filter(Boolean).join('\n') }), '', summaryOf(c, t), '', help].join('\n').trimEnd() + '\n';
}

/** Node's words for an unknown option or a missing value, in the catalogue's (the same in English). */
function parseErrorText(message: string, t: ReturnType<typeof translator>): string {
  const unknown = /^Unknown option '([^']+)'$/.exec(message);
  if (unknown) return t('errors.unknownOption', { option: unknown[1] });
  // "argument is ambiguous": the value looks like an option (`--layer --lang es`), i.e. it is missing.
  const missing = /^Option '([^']+)' argument (missing$|is ambiguous\.)/.exec(message);
  return missing ? t('errors.optionValueMissing', { option: missing[1] }) : message;
}

/** The sub-commands' names (the app tells a command line from a file to open by them). */
export const commandNames = commandLoaders.map((c) => c.name);

/** Runs `frontera <argv>`, writing to `io`; resolves to the exit code (0 success, 1 bad input or usage, 2 internal error). */
export async function runCli(argv: string[], io: CliIO, host?: CliHost): Promise<number> {
  const [name, ...rest] = argv;
  // Help, and the errors found before --lang is parsed (and those that carry their words), in its language.
  const t = translator(rawLanguage(rest), 'cli');
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage(t));
    return name ? 0 : 1;
  }
  if (name === '--version' || name === '-v') {
    const pkg = await import('../package.json', { with: { type: 'json' } });
    io.stdout(`${pkg.default.version}\n`);
    return 0;
  }
  const entry = commandLoaders.find((c) => c.name === name);
  if (!entry) {
    io.stderr(`frontera: ${t('errors.unknownCommand', { name })}\n`);
    return 1;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(commandHelp(command, t));
    return 0;
  }
  try {
    let parsed;
    try {
      parsed = parseArgs({ args: rest, options: { ...LANG_OPTION, ...command.options }, allowPositionals: true, strict: true });
    } catch (e) {
      throw new UsageError(parseErrorText((e as Error).message.replace(/\. To specify a positional.*$/s, ''), t));
    }
    const code = await command.run(
      { positionals: parsed.positionals, values: parsed.values as Record<string, string | boolean | string[]> },
      io,
      host,
    );
    return code ?? 0;
  } catch (e) {
    if (isUserError(e)) {
      const message = userErrorText(e, rawLanguage(rest));
      io.stderr(`frontera ${name}: ${message}\n`);
      // A script that asked for JSON gets the failure as JSON too, problems and all.
      if (rest.includes('--json')) {
        const problems = e instanceof ImportError ? { problems: e.problems, problemCount: e.total } : {};
        io.stdout(JSON.stringify({ error: { message: e.message, ...problems } }) + '\n');
      }
      return 1;
    }
    const err = e as Error;
    io.stderr(`frontera ${name}: ${t('errors.internal', { message: err?.message ?? String(e) })}\n`);
    if (process.env.FRONTERA_DEBUG) io.stderr(`${err?.stack ?? ''}\n`);
    return 2;
  }
}
