/**
 * ESRI shapefile. In: the .shp with its .shx, .dbf, .prj and .cpg found beside it whatever their
 * case (shared/import/shapefile/), or inside a .zip (zip.ts).
 */
import path from 'node:path';
import { parseShapefile, pickShapefileParts, type NamedBytes } from '../../../shared/import/shapefile/index.ts';
import { readShapefileFromFolder, shapefileFingerprint } from '../sourceFiles.ts';
import type { FormatModule, Source } from './types.ts';

/** A shapefile's parts (from its folder or an archive) as a source. */
export function shapefileSource(parts: NamedBytes[], shpName: string | undefined, where: string, fileName: string, defaultLayerName: string): Source {
  const picked = pickShapefileParts(parts, shpName, where);
  const size = [picked.shp, picked.shx, picked.dbf, picked.prj, picked.cpg].reduce((s, p) => s + (p?.length ?? 0), 0);
  return {
    format: 'shapefile',
    fileName,
    size,
    defaultLayerName,
    locate: (i) => `record ${i + 1}`,
    fingerprint: () => shapefileFingerprint(picked),
    async feed(sink, opts, step) {
      parseShapefile(picked, opts, sink);
      await step(size);
    },
  };
}

export const shapefileFormat: FormatModule = {
  id: 'shapefile',
  label: 'Shapefile',
  read: {
    extensions: ['shp'],
    companions: ['shx', 'dbf', 'prj', 'cpg'],
    open(input) {
      const { parts, shpName } = readShapefileFromFolder(input.path!);
      return [shapefileSource(parts, shpName, path.dirname(input.path!), input.name, input.defaultLayerName)];
    },
  },
};
