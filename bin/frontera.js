#!/usr/bin/env node
// The CLI runs from an esbuild bundle of its sources kept in node_modules/.cache/frontera: built
// by `npm ci` (the prepare script) and built again here first whenever a source changed, so
// `npx frontera` works right after `npm ci` and always runs the current sources (cli/bundle.mjs).
import { pathToFileURL } from 'node:url';
import { cliBundle } from '../cli/bundle.mjs';

let entry;
try {
  entry = cliBundle();
} catch (e) {
  // A source being edited that does not compile: say so in one line, as an internal error.
  process.stderr.write(`frontera: internal error: the CLI could not be built from the sources: ${e?.message ?? String(e)}\n`);
  process.exit(2);
}
await import(pathToFileURL(entry).href);
