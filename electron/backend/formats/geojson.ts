/**
 * GeoJSON. In: RFC 7946 (and the legacy `crs` member), streamed (shared/import/geojson.ts).
 * Out: RFC 7946, one feature per line; a result's provenance in the `frontera` member, first, so
 * a reader that streams the file sees where it came from before the data.
 */
import { createGeoJsonParser, featureLocation } from '../../../shared/import/geojson.ts';
import { streamSource } from './streamSource.ts';
import type { FormatModule } from './types.ts';

export const geojsonFormat: FormatModule = {
  id: 'geojson',
  label: 'GeoJSON',
  read: {
    extensions: ['geojson', 'json'],
    open: (input) => [streamSource('geojson', input, createGeoJsonParser, featureLocation)],
  },
  write: {
    extensions: ['geojson', 'json'],
    geometry: 'any',
    multiple: false,
    provenanceInFile: true,
    async write([item], out, files, ctx) {
      const w = files.open(out);
      w.write(`{"type":"FeatureCollection",${item.provenance ? `"frontera":${JSON.stringify(item.provenance)},` : ''}"features":[\n`);
      let n = 0;
      for await (const f of item.features()) {
        w.write((n ? ',\n' : '') + JSON.stringify({ type: 'Feature', ...('id' in f ? { id: f.id } : {}), geometry: f.geometry, properties: f.properties }));
        await ctx.step(++n);
      }
      w.write('\n]}\n');
      return n;
    },
  },
};
