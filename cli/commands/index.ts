import type { Command } from '../command.ts';
import { cliEn } from '../../shared/i18n/cli.en.ts';

/**
 * Every `frontera` sub-command, by name, each loaded from its own module only when it runs: some
 * (serve, brief) pull in the web server and the briefing printer at load time, which cost every
 * other command about 2.5 s of CPU at start-up (the 1M-point import bench waited for it). The
 * summary is here too, for `frontera --help`, which would otherwise load every command (the
 * whole back end) to list them; a test checks each equals its command's own.
 */
export const commandLoaders: { name: string; summary: string; load: () => Promise<Command> }[] = [
  { name: 'init', summary: cliEn.help.summaries.init, load: async () => (await import('./init.ts')).initCommand },
  {
    name: 'import',
    summary: cliEn.help.summaries.import,
    load: async () => (await import('./import.ts')).importCommand,
  },
  { name: 'layers', summary: cliEn.help.summaries.layers, load: async () => (await import('./layers.ts')).layersCommand },
  {
    name: 'labels',
    summary: cliEn.help.summaries.labels,
    load: async () => (await import('./labels.ts')).labelsCommand,
  },
  {
    name: 'copy',
    summary: cliEn.help.summaries.copy,
    load: async () => (await import('./copy.ts')).copyCommand,
  },
  { name: 'export', summary: cliEn.help.summaries.export, load: async () => (await import('./export.ts')).exportCommand },
  {
    name: 'audit',
    summary: cliEn.help.summaries.audit,
    load: async () => (await import('./audit.ts')).auditCommand,
  },
  {
    name: 'serve',
    summary: cliEn.help.summaries.serve,
    load: async () => (await import('./serve.ts')).serveCommand,
  },
  {
    name: 'demo',
    summary: cliEn.help.summaries.demo,
    load: async () => (await import('./demo.ts')).demoCommand,
  },
  {
    name: 'analyze',
    summary: cliEn.help.summaries.analyze,
    load: async () => (await import('./analyze.ts')).analyzeCommand,
  },
  {
    name: 'analyses',
    summary: cliEn.help.summaries.analyses,
    load: async () => (await import('./analyses.ts')).analysesCommand,
  },
  {
    name: 'compare',
    summary: cliEn.help.summaries.compare,
    load: async () => (await import('./compare.ts')).compareCommand,
  },
  {
    name: 'timeline',
    summary: cliEn.help.summaries.timeline,
    load: async () => (await import('./timeline.ts')).timelineCommand,
  },
  {
    name: 'summary',
    summary: cliEn.help.summaries.summary,
    load: async () => (await import('./summary.ts')).summaryCommand,
  },
  {
    name: 'suggest-eps',
    summary: cliEn.help.summaries['suggest-eps'],
    load: async () => (await import('./suggestEps.ts')).suggestEpsCommand,
  },
  {
    name: 'buffer',
    summary: cliEn.help.summaries.buffer,
    load: async () => (await import('./buffer.ts')).bufferCommand,
  },
  {
    name: 'distances',
    summary: cliEn.help.summaries.distances,
    load: async () => (await import('./distances.ts')).distancesCommand,
  },
  {
    name: 'brief',
    summary: cliEn.help.summaries.brief,
    load: async () => (await import('./brief.ts')).briefCommand,
  },
];
