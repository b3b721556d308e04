/**
 * GPX (GPS tracks). In: waypoints, routes and tracks, a layer each (as GDAL reads them; the
 * option `table` picks one: waypoints, routes or tracks), streamed through shared/import/gpx.ts.
 * The file is read into memory once, to find which kinds it holds before the layers are offered:
 * GPS exports are megabytes, and each layer then reads the same bytes.
 */
import { GPX_KINDS, createGpxCounter, createGpxParser, gpxLocation } from '../../../shared/import/gpx.ts';
import { fileProblem } from '../../../shared/import/problems.ts';
import { readWhole } from '../sourceFiles.ts';
import { CHUNK_BYTES, streamSource } from './streamSource.ts';
import type { FormatModule } from './types.ts';

export const gpxFormat: FormatModule = {
  id: 'gpx',
  label: 'GPX (GPS waypoints, routes, tracks)',
  read: {
    extensions: ['gpx'],
    open(input, ctx) {
      const bytes = input.bytes ?? readWhole(input.path!);
      const counter = createGpxCounter({ fileName: input.name, encoding: ctx.options.encoding });
      for (let at = 0; at < bytes.length; at += CHUNK_BYTES) counter.push(bytes.subarray(at, at + CHUNK_BYTES));
      counter.end();
      const present = GPX_KINDS.filter((k) => counter.counts[k] > 0);
      const table = ctx.options.table;
      if (table !== undefined && !present.some((k) => k === table)) {
        throw fileProblem(input.name, `the GPX has no layer "${table}"; it holds ${present.join(', ')}`);
      }
      return present
        .filter((k) => table === undefined || k === table)
        .map((k) => ({
          ...streamSource('gpx', { name: input.name, bytes, defaultLayerName: present.length > 1 ? `${input.defaultLayerName}_${k}` : input.defaultLayerName }, createGpxParser(k), gpxLocation(k)),
          ...(present.length > 1 ? { layersInFile: present } : {}),
        }));
    },
  },
};
