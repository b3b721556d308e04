/**
 * ESRI shapefile. In: the .shp with its .shx, .dbf, .prj and .cpg found beside it whatever their
 * case (shared/import/shapefile/), or inside a .zip (zip.ts). Out: NAME.shp with its .shx, .dbf,
 * .prj (WGS 84, as every feature is stored) and .cpg (UTF-8) beside it, or the same parts in
 * NAME.zip (shapefile/shapefileSets.ts); a layer of several geometry types as one shapefile per
 * type. A result's provenance goes beside the file, and inside a .zip too, so it travels with it.
 */
import path from 'node:path';
import { zipSync } from 'fflate';
import { extensionOf } from '../../../shared/api/formats.ts';
import { parseShapefile, pickShapefileParts, type NamedBytes } from '../../../shared/import/shapefile/index.ts';
import { readShapefileFromFolder, shapefileFingerprint } from '../sourceFiles.ts';
import { provenanceSidecarPath } from '../export/outputFiles.ts';
import { shapefileSets } from './shapefile/shapefileSets.ts';
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
      const notes = parseShapefile(picked, opts, sink);
      if (notes.length) this.notes = notes;
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
  write: {
    extensions: ['shp', 'zip'],
    geometry: 'any',
    multiple: false,
    provenanceInFile: false,
    async write([item], out, files, ctx) {
      const zip = extensionOf(out) === 'zip';
      const stem = out.slice(0, -path.extname(out).length);
      const sets = await shapefileSets(item, ctx, path.basename(stem));
      if (!zip) {
        for (const set of sets) for (const f of set.files) files.writeBytes(`${stem}${set.suffix}.${f.ext}`, f.bytes);
      } else {
        const members: Record<string, Uint8Array> = {};
        for (const set of sets) for (const f of set.files) members[`${path.basename(stem)}${set.suffix}.${f.ext}`] = f.bytes;
        if (item.provenance) {
          members[path.basename(provenanceSidecarPath(out))] = new TextEncoder().encode(JSON.stringify(item.provenance, null, 2) + '\n');
        }
        files.writeBytes(out, zipSync(members, { level: 6 }));
      }
      return sets.reduce((n, s) => n + s.count, 0);
    },
  },
};
