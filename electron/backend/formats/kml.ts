/**
 * KML (Google Earth). In: every Placemark, streamed (shared/import/kml.ts); WGS 84 by definition.
 * Out: layers and results as one document, a Folder each when there are several, styled by
 * category in the map's colours, the provenance of results in the Document (kmlWriter.ts).
 */
import path from 'node:path';
import { createKmlParser, placemarkLocation } from '../../../shared/import/kml.ts';
import { writeKml } from './kmlWriter.ts';
import { streamSource } from './streamSource.ts';
import type { FormatModule } from './types.ts';

export const kmlFormat: FormatModule = {
  id: 'kml',
  label: 'KML (Google Earth)',
  read: {
    extensions: ['kml'],
    open: (input) => [streamSource('kml', input, createKmlParser, placemarkLocation)],
  },
  write: {
    extensions: ['kml'],
    geometry: 'any',
    multiple: true,
    provenanceInFile: true,
    async write(items, out, files, ctx) {
      const w = files.open(out);
      return writeKml(items, path.basename(out, path.extname(out)), (text) => w.write(text), ctx);
    },
  },
};
