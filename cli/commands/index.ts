import type { Command } from '../command.ts';
import { initCommand } from './init.ts';
import { importCommand } from './import.ts';
import { layersCommand } from './layers.ts';
import { exportCommand } from './export.ts';
import { auditCommand } from './audit.ts';
import { serveCommand } from './serve.ts';
import { demoCommand } from './demo.ts';
import { analyzeCommand } from './analyze.ts';
import { analysesCommand } from './analyses.ts';
import { compareCommand } from './compare.ts';
import { timelineCommand } from './timeline.ts';
import { suggestEpsCommand } from './suggestEps.ts';
import { briefCommand } from './brief.ts';

/** Every `frontera` sub-command. Each lives in its own module next to this one. */
export const commands: Command[] = [initCommand, importCommand, layersCommand, exportCommand, auditCommand, serveCommand, demoCommand,
  analyzeCommand, analysesCommand, compareCommand, timelineCommand, suggestEpsCommand, briefCommand];
