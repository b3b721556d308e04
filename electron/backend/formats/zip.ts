/**
 * A .zip as the way a dataset travels: a shapefile (its parts inside, macOS litter ignored), or a
 * single file of another format, read from memory with that format's reader. Members are read
 * with the guards of sourceFiles.ts (zip bombs, paths that climb out).
 */
import path from 'node:path';
import { fileProblem } from '../../../shared/import/problems.ts';
import { extensionOf } from '../../../shared/api/formats.ts';
import { isShapefilePart, readZipEntries } from '../sourceFiles.ts';
import { shapefileSource } from './shapefile.ts';
import type { FormatModule } from './types.ts';

const litter = (n: string): boolean => n.includes('__MACOSX/') || path.posix.basename(n).startsWith('._');

export const zipFormat: FormatModule = {
  id: 'zip',
  label: 'Zip archive (a shapefile, or one data file)',
  read: {
    extensions: ['zip'],
    open(input, ctx) {
      const file = input.path!;
      const readable = (n: string) => ctx.readerFor(n) !== null && extensionOf(n) !== 'zip';
      const entries = readZipEntries(file, (n) => isShapefilePart(n) || readable(n));
      if (entries.some((e) => extensionOf(e.name) === 'shp' && !litter(e.name))) {
        return [shapefileSource(entries, undefined, file, input.name, input.defaultLayerName)];
      }
      const data = entries.filter((e) => !litter(e.name) && !isShapefilePart(e.name) && readable(e.name));
      if (data.length === 1) {
        const member = data[0];
        return ctx.readerFor(member.name)!.open({ name: `${input.name}/${member.name}`, bytes: member.bytes, defaultLayerName: input.defaultLayerName }, ctx);
      }
      throw fileProblem(
        input.name,
        data.length
          ? `the archive holds several data files (${data.map((d) => d.name).join(', ')}); unzip it and import them one by one`
          : `the archive holds no .shp and no other file Frontera reads (${ctx.readable})`,
      );
    },
  },
};
