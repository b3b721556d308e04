import type { Command } from '../command.ts';

/** Every `frontera` sub-command. Each lives in its own module next to this one. */
export const commands: Command[] = [];
