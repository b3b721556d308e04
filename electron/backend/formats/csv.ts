/**
 * Delimited text. In: rows to points (latitude/longitude columns) or any geometry (a WKT column),
 * streamed (shared/import/csv.ts). Out: points as lon, lat columns, any other geometry as WKT —
 * the columns GDAL's CSV driver, QGIS and ArcGIS read — and every property as a column.
 */
import { createCsvParser, csvRowLocation } from '../../../shared/import/csv.ts';
import { toWkt } from '../../../shared/geo/wkt.ts';
import { csvCell } from '../export/outputFiles.ts';
import { streamSource } from './streamSource.ts';
import type { FormatModule } from './types.ts';

export const csvFormat: FormatModule = {
  id: 'csv',
  label: 'CSV',
  read: {
    extensions: ['csv', 'tsv', 'txt'],
    open: (input) => [streamSource('csv', input, createCsvParser, (i) => csvRowLocation(i))],
  },
  write: {
    extensions: ['csv'],
    geometry: 'any',
    multiple: false,
    provenanceInFile: false,
    async write([item], out, files, ctx) {
      const w = files.open(out);
      const points = item.geometryType === 'Point' || item.geometryType === 'None';
      const geomCols = points ? ['lon', 'lat'] : ['wkt'];
      const names = item.fields.map((f) => f.name);
      // A property that happens to share a geometry column's name keeps its value under a prefixed name.
      w.write([...geomCols, ...names.map((n) => (geomCols.includes(n) ? `frontera_${n}` : n))].map(csvCell).join(',') + '\r\n');
      let n = 0;
      for await (const f of item.features()) {
        const g = f.geometry;
        const geom = points ? (g?.type === 'Point' ? [g.coordinates[0], g.coordinates[1]] : [null, null]) : [toWkt(g)];
        w.write([...geom, ...names.map((k) => f.properties[k])].map(csvCell).join(',') + '\r\n');
        await ctx.step(++n);
      }
      return n;
    },
  },
};
