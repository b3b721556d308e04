/**
 * `--aoristic` / `--no-aoristic` of timeline, compare and analyze emerging: spread records known
 * only to a time window over it, or count each at its time; neither: the default (on when the
 * layer has windows), which the output states.
 */
import { UsageError, cliWords, flag, type OptionSpec, type ParsedCommand } from './command.ts';

export const AORISTIC_OPTIONS = {
  aoristic: { type: 'boolean' },
  'no-aoristic': { type: 'boolean' },
} as const satisfies OptionSpec;

export function aoristicFromArgs(args: ParsedCommand): boolean | undefined {
  const on = flag(args, 'aoristic');
  const off = flag(args, 'no-aoristic');
  if (on && off) throw new UsageError(cliWords(args)('errors.bothAoristic'));
  return on ? true : off ? false : undefined;
}
