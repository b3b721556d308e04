/**
 * Builds the renderer into dist-renderer/ for both hosts (the loopback web server and Electron's
 * app:// protocol), with the offline basemap copied in under basemap/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const basemapDir = path.join(here, 'data', 'basemap');
const rendererDir = path.join(here, 'renderer');

/** Emits data/basemap/*.geojson as basemap/<name>.geojson (names unhashed: the style refers to them). */
function basemapFiles(): Plugin {
  return {
    name: 'frontera-basemap',
    generateBundle() {
      if (!fs.existsSync(basemapDir)) {
        this.error(`no basemap in ${basemapDir}: run \`node --import tsx scripts/build-basemap.ts\``);
      }
      for (const name of fs.readdirSync(basemapDir).filter((f) => f.endsWith('.geojson'))) {
        this.emitFile({ type: 'asset', fileName: `basemap/${name}`, source: fs.readFileSync(path.join(basemapDir, name)) });
      }
    },
  };
}

export default defineConfig({
  root: rendererDir,
  base: '/',
  publicDir: false,
  plugins: [basemapFiles()],
  build: {
    outDir: path.join(here, 'dist-renderer'),
    emptyOutDir: true,
    target: 'es2022',
    // The polyfill would be an inline script, which the CSP refuses.
    modulePreload: { polyfill: false },
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
    assetsInlineLimit: 0,
    // The app and the printed briefing page (renderer/briefing/) are separate entries; taken
    // from the pages present so a checkout without one of them still builds.
    rollupOptions: {
      input: Object.fromEntries(
        [
          ['main', 'index.html'],
          ['briefing', 'briefing.html'],
        ]
          .map(([name, file]) => [name, path.join(rendererDir, file)])
          .filter(([, file]) => fs.existsSync(file)),
      ),
    },
  },
});
