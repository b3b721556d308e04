import type { Command } from '../command.ts';

/**
 * Every `frontera` sub-command, by name, each loaded from its own module only when it runs: some
 * (serve, brief) pull in the web server and the briefing printer at load time, which cost every
 * other command about 2.5 s of CPU at start-up (the 1M-point import bench waited for it). The
 * summary is here too, for `frontera --help`, which would otherwise load every command (the
 * whole back end) to list them; a test checks each equals its command's own.
 */
export const commandLoaders: { name: string; summary: string; load: () => Promise<Command> }[] = [
  { name: 'init', summary: 'Create an empty workspace file', load: async () => (await import('./init.ts')).initCommand },
  {
    name: 'import',
    summary: 'Import files as layers (shapefile, GeoJSON, CSV …: see import --help)',
    load: async () => (await import('./import.ts')).importCommand,
  },
  { name: 'layers', summary: 'List the layers of a workspace', load: async () => (await import('./layers.ts')).layersCommand },
  {
    name: 'labels',
    summary: "Show or set the labels of a layer's category codes, in English and Spanish",
    load: async () => (await import('./labels.ts')).labelsCommand,
  },
  {
    name: 'copy',
    summary: 'Copy layers (and their analyses) between a workspace file and a team workspace',
    load: async () => (await import('./copy.ts')).copyCommand,
  },
  { name: 'export', summary: 'Write layers or stored analyses to a file', load: async () => (await import('./export.ts')).exportCommand },
  {
    name: 'audit',
    summary: 'Show the audit log (imports, skipped records, removals, exports)',
    load: async () => (await import('./audit.ts')).auditCommand,
  },
  {
    name: 'serve',
    summary: 'Open a workspace in the browser UI (loopback web server)',
    load: async () => (await import('./serve.ts')).serveCommand,
  },
  {
    name: 'demo',
    summary: 'Create a workspace with SYNTHETIC demonstration data (incidents, roads, municipalities)',
    load: async () => (await import('./demo.ts')).demoCommand,
  },
  {
    name: 'analyze',
    summary: 'Run a hotspot, density, Gi*, nearest-neighbour, corridor or emerging analysis',
    load: async () => (await import('./analyze.ts')).analyzeCommand,
  },
  {
    name: 'analyses',
    summary: 'List the analyses stored in a workspace with their parameters',
    load: async () => (await import('./analyses.ts')).analysesCommand,
  },
  {
    name: 'compare',
    summary: 'Compare incident counts before and after a date, with an exact test',
    load: async () => (await import('./compare.ts')).compareCommand,
  },
  {
    name: 'timeline',
    summary: 'Count incidents per day, week or month by category, and by weekday × hour',
    load: async () => (await import('./timeline.ts')).timelineCommand,
  },
  {
    name: 'summary',
    summary: 'Count incidents by category and sum seized quantities by unit, with the first and last time',
    load: async () => (await import('./summary.ts')).summaryCommand,
  },
  {
    name: 'suggest-eps',
    summary: 'Suggest a DBSCAN eps from the knee of the k-nearest-neighbour distance curve, lowered where it chains',
    load: async () => (await import('./suggestEps.ts')).suggestEpsCommand,
  },
  {
    name: 'buffer',
    summary: 'Make a layer of the area within a distance of a layer, a feature, the border or the ports of entry',
    load: async () => (await import('./buffer.ts')).bufferCommand,
  },
  {
    name: 'distances',
    summary: 'Make a copy of a point layer with each point\'s distance to the border and the nearest port of entry',
    load: async () => (await import('./distances.ts')).distancesCommand,
  },
  {
    name: 'brief',
    summary: 'Print a briefing map (PDF or PNG) with legend, key figures, timeline and provenance',
    load: async () => (await import('./brief.ts')).briefCommand,
  },
];
