import type { ParseArgsConfig } from 'node:util';
import type { TFunction } from 'i18next';
import { UserError } from '../shared/errors.ts';
import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from '../shared/i18n/languages.ts';
import { translator } from '../shared/i18n/translator.ts';
import type { CliHost } from '../electron/backend/cliHost.ts';

/**
 * What the program running the CLI lends its commands: absent from a terminal (Node from a source
 * checkout); the Electron app, which runs `frontera` inside its own process, passes its renderer
 * and its briefing printer through it.
 */
export type { CliHost };

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface ParsedCommand {
  positionals: string[];
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
}

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stderr is a terminal: progress draws a bar, otherwise prints periodic lines. */
  isTTY: boolean;
}

export interface Command {
  name: string;
  summary: string;
  /** Usage line(s) after `frontera `, e.g. `init <workspace>`. */
  usage: string;
  /** Lines printed under the usage's syntax, in the language of `t` (the cli catalogue's `help.notes`). */
  usageNote?: (t: TFunction) => string;
  /** Longer help, one line per option, in the language of `t` (the cli catalogue's `help.options`). */
  help?: (t: TFunction) => string;
  options: OptionSpec;
  /** Returns the exit code (0 when omitted). */
  run(args: ParsedCommand, io: CliIO, host?: CliHost): Promise<number | void>;
}

/** Bad usage: unknown flag, missing argument. Exit code 1. */
export class UsageError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function str(args: ParsedCommand, key: string): string | undefined {
  const v = args.values[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new UsageError(errorWords(args)('errors.needsValue', { flag: key }));
  return v;
}

export function strs(args: ParsedCommand, key: string): string[] {
  const v = args.values[key];
  if (v === undefined) return [];
  if (Array.isArray(v)) return v.map(String);
  return [String(v)];
}

export function flag(args: ParsedCommand, key: string): boolean {
  return args.values[key] === true;
}

export function num(args: ParsedCommand, key: string): number | undefined {
  const v = str(args, key);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new UsageError(cliWords(args)('errors.notNumber', { flag: key, value: v }));
  return n;
}

/** Every command takes `--lang`: the language of its human output (runCli adds the option). */
export const LANG_OPTION: OptionSpec = { lang: { type: 'string' } };

/** `--lang en|es`, English when absent. */
export function language(args: ParsedCommand): Language {
  const v = str(args, 'lang')?.toLowerCase();
  if (v === undefined) return DEFAULT_LANGUAGE;
  if (!(LANGUAGES as readonly string[]).includes(v)) throw new UsageError(`--lang must be ${LANGUAGES.join(' or ')}, got "${v}"`);
  return v as Language;
}

/**
 * The language of the sentences the back end composes for a command (a run's warnings, the eps
 * suggestion's note): `--lang`'s, but English under `--json`, which is the same in every language.
 */
export function composedLanguage(args: ParsedCommand): Language {
  return flag(args, 'json') ? DEFAULT_LANGUAGE : language(args);
}

/** `t(key, values)` for the command line's words in the `--lang` language. */
export const cliWords = (args: ParsedCommand) => translator(language(args), 'cli');

/** cliWords for an error found while reading a flag: English when `--lang` itself is what is wrong. */
function errorWords(args: ParsedCommand) {
  return typeof args.values.lang === 'string' ? cliWords(args) : translator(DEFAULT_LANGUAGE, 'cli');
}

/** `--lang es` or `--lang=es` in arguments not parsed yet (an unknown command's or option's): English otherwise. */
export function rawLanguage(argv: readonly string[]): Language {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const v = (i < 0 ? undefined : argv[i].startsWith('--lang=') ? argv[i].slice(7) : argv[i + 1])?.toLowerCase();
  return (LANGUAGES as readonly (string | undefined)[]).includes(v) ? (v as Language) : DEFAULT_LANGUAGE;
}

export function positional(args: ParsedCommand, index: number, name: string): string {
  const v = args.positionals[index];
  if (v === undefined) throw new UsageError(cliWords(args)('errors.missingArg', { name }));
  return v;
}
