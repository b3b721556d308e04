import type { Command } from '../command.ts';
import { initCommand } from './init.ts';
import { importCommand } from './import.ts';
import { layersCommand } from './layers.ts';
import { exportCommand } from './export.ts';
import { auditCommand } from './audit.ts';
import { serveCommand } from './serve.ts';

/** Every `frontera` sub-command. Each lives in its own module next to this one. */
export const commands: Command[] = [initCommand, importCommand, layersCommand, exportCommand, auditCommand, serveCommand];
