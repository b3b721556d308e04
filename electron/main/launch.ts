/**
 * How the app was started: as the `frontera` command line (the installed binary with a CLI
 * subcommand, e.g. `frontera import ws.frontera incidentes.csv`: no window, exit code of the
 * command) or as the desktop app, maybe on a workspace file the desktop handed it (a double
 * click on a .frontera file). Pure, so it is tested without Electron.
 */
export type Launch = { mode: 'cli'; args: string[] } | { mode: 'gui'; workspace: string | null };

const CLI_WORDS = new Set(['--help', '-h', 'help', '--version', '-v']);
/** Command names are plain words ("import", "suggest-eps"): a path or a file name never asks. */
const COMMAND_LIKE = /^[a-z][a-z-]*$/;

/**
 * `argv` is process.argv: [binary, args…] installed, [electron, app folder, args…] from a
 * checkout (`defaultApp`). `isCommand` answers whether a word is a CLI command; it is asked only
 * for a bare word, so a plain desktop start never loads the command line.
 */
export function launchOf(argv: readonly string[], defaultApp: boolean, isCommand: (word: string) => boolean): Launch {
  const args = argv.slice(defaultApp ? 2 : 1);
  const first = args[0];
  if (first !== undefined && (CLI_WORDS.has(first) || (COMMAND_LIKE.test(first) && isCommand(first)))) {
    return { mode: 'cli', args };
  }
  return { mode: 'gui', workspace: args.find((a) => !a.startsWith('-') && /\.frontera$/i.test(a)) ?? null };
}
