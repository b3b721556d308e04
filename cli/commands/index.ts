import type { Command } from '../command.ts';

/**
 * Every `frontera` sub-command, by name, each loaded from its own module only when it runs: some
 * (serve, brief) pull in the web server and the briefing printer at load time, which cost every
 * other command about 2.5 s of CPU at start-up (the 1M-point import bench waited for it).
 */
export const commandLoaders: { name: string; load: () => Promise<Command> }[] = [
  { name: 'init', load: async () => (await import('./init.ts')).initCommand },
  { name: 'import', load: async () => (await import('./import.ts')).importCommand },
  { name: 'layers', load: async () => (await import('./layers.ts')).layersCommand },
  { name: 'export', load: async () => (await import('./export.ts')).exportCommand },
  { name: 'audit', load: async () => (await import('./audit.ts')).auditCommand },
  { name: 'serve', load: async () => (await import('./serve.ts')).serveCommand },
  { name: 'demo', load: async () => (await import('./demo.ts')).demoCommand },
  { name: 'analyze', load: async () => (await import('./analyze.ts')).analyzeCommand },
  { name: 'analyses', load: async () => (await import('./analyses.ts')).analysesCommand },
  { name: 'compare', load: async () => (await import('./compare.ts')).compareCommand },
  { name: 'timeline', load: async () => (await import('./timeline.ts')).timelineCommand },
  { name: 'summary', load: async () => (await import('./summary.ts')).summaryCommand },
  { name: 'suggest-eps', load: async () => (await import('./suggestEps.ts')).suggestEpsCommand },
  { name: 'brief', load: async () => (await import('./brief.ts')).briefCommand },
];

/** Every command, loaded (for the overall help). */
export async function loadCommands(): Promise<Command[]> {
  return Promise.all(commandLoaders.map((c) => c.load()));
}
