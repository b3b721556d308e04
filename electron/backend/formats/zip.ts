/**
 * A .zip as the way a dataset travels: a shapefile (its parts inside, macOS litter ignored),
 * several shapefiles (a layer each), or a single file of another format, read from memory with that format's reader. Members are read
 * with the guards of sourceFiles.ts (zip bombs, paths that climb out).
 */
import path from 'node:path';
import { fileProblem, said } from '../../../shared/import/problems.ts';
import { extensionOf } from '../../../shared/api/formats.ts';
import { isShapefilePart, readZipEntries } from '../sourceFiles.ts';
import { shapefileSource } from './shapefile.ts';
import type { FormatModule } from './types.ts';

const litter = (n: string): boolean => n.includes('__MACOSX/') || path.posix.basename(n).startsWith('._');

/** "data/municipios.shp" → "municipios": the layer a shapefile of an archive becomes. */
const shapefileStem = (name: string): string => path.posix.basename(name.replace(/\\/g, '/')).replace(/\.shp$/i, '');

function pickLayer(layers: string[], wanted: string, file: string): number {
  const exact = layers.indexOf(wanted);
  const i = exact >= 0 ? exact : layers.findIndex((l) => l.toLowerCase() === wanted.toLowerCase().replace(/\.shp$/, ''));
  if (i < 0) throw fileProblem(file, said('zip.noShapefile', { wanted, layers: layers.join(', ') }));
  return i;
}

export const zipFormat: FormatModule = {
  id: 'zip',
  label: 'Zip archive (a shapefile, or one data file)',
  read: {
    extensions: ['zip'],
    open(input, ctx) {
      const file = input.path!;
      const readable = (n: string) => ctx.readerFor(n) !== null && extensionOf(n) !== 'zip';
      const entries = readZipEntries(file, (n) => isShapefilePart(n) || readable(n));
      const shps = entries.filter((e) => extensionOf(e.name) === 'shp' && !litter(e.name)).map((e) => e.name);
      if (shps.length === 1) return [shapefileSource(entries, undefined, file, input.name, input.defaultLayerName)];
      if (shps.length > 1) {
        // Several shapefiles (a layer exported by type as NAME_points, NAME_lines …, or a
        // dataset's themes): each a layer named for its .shp, as GDAL opens such an archive;
        // --table picks one.
        // Two in different folders with one name (a/rios.shp, b/rios.shp) would be two layers
        // of one name, and the second refused: those are named for their path (a_rios, b_rios).
        const stems = shps.map(shapefileStem);
        const layers = shps.map((shp, i) =>
          stems.indexOf(stems[i]) === stems.lastIndexOf(stems[i]) ? stems[i] : shp.replace(/\.shp$/i, '').replace(/[\\/]+/g, '_'),
        );
        const wanted = ctx.options.table;
        const chosen = wanted === undefined ? shps.map((_, i) => i) : [pickLayer(layers, wanted, input.name)];
        return chosen.map((i) => ({
          ...shapefileSource(entries, shps[i], file, `${input.name}/${shps[i]}`, layers[i]),
          layersInFile: layers,
        }));
      }
      const data = entries.filter((e) => !litter(e.name) && !isShapefilePart(e.name) && readable(e.name));
      if (data.length === 1) {
        const member = data[0];
        return ctx.readerFor(member.name)!.open({ name: `${input.name}/${member.name}`, bytes: member.bytes, defaultLayerName: input.defaultLayerName }, ctx);
      }
      throw fileProblem(
        input.name,
        data.length
          ? said('zip.severalData', { names: data.map((d) => d.name).join(', ') })
          : said('zip.nothingReadable', { readable: ctx.readable }),
      );
    },
  },
};
