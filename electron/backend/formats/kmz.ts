/**
 * KMZ: KML zipped. In: its doc.kml (else its first .kml), read with the zip guards of
 * sourceFiles.ts (zip bombs, entries climbing out) and then as KML. Out: the KML document
 * (kmlWriter.ts) deflated into the archive as doc.kml, as Google Earth writes it.
 */
import path from 'node:path';
import { Zip, ZipDeflate } from 'fflate';
import { extensionOf } from '../../../shared/api/formats.ts';
import { createKmlParser, placemarkLocation } from '../../../shared/import/kml.ts';
import { fileProblem } from '../../../shared/import/problems.ts';
import { readZipEntries } from '../sourceFiles.ts';
import { writeKml } from './kmlWriter.ts';
import { streamSource } from './streamSource.ts';
import type { FormatModule } from './types.ts';

/** Text is deflated in pieces of about this many characters. */
const PIECE_CHARS = 1 << 20;

export const kmzFormat: FormatModule = {
  id: 'kmz',
  label: 'KMZ (zipped KML)',
  read: {
    extensions: ['kmz'],
    open(input) {
      if (!input.path) throw fileProblem(input.name, 'a .kmz inside another archive: unzip that archive and import the .kmz');
      const entries = readZipEntries(input.path, (n) => extensionOf(n) === 'kml');
      const doc = entries.find((e) => e.name.toLowerCase() === 'doc.kml') ?? entries[0];
      if (!doc) throw fileProblem(input.name, 'the KMZ holds no .kml document');
      return [streamSource('kmz', { name: `${input.name}/${doc.name}`, bytes: doc.bytes, defaultLayerName: input.defaultLayerName }, createKmlParser, placemarkLocation)];
    },
  },
  write: {
    extensions: ['kmz'],
    geometry: 'any',
    multiple: true,
    provenanceInFile: true,
    async write(items, out, files, ctx) {
      const chunks: Uint8Array[] = [];
      let failure: Error | null = null;
      const zip = new Zip((err, chunk) => {
        if (err) failure = err;
        else chunks.push(chunk);
      });
      const doc = new ZipDeflate('doc.kml', { level: 6 });
      zip.add(doc);
      const encoder = new TextEncoder();
      let pending: string[] = [];
      let size = 0;
      const flush = (final: boolean): void => {
        doc.push(encoder.encode(pending.join('')), final);
        pending = [];
        size = 0;
      };
      const n = await writeKml(items, path.basename(out, path.extname(out)), (text) => {
        pending.push(text);
        size += text.length;
        if (size >= PIECE_CHARS) flush(false);
      }, ctx);
      flush(true);
      zip.end();
      if (failure) throw failure;
      const bytes = new Uint8Array(chunks.reduce((s, c) => s + c.length, 0));
      let at = 0;
      for (const c of chunks) {
        bytes.set(c, at);
        at += c.length;
      }
      files.writeBytes(out, bytes);
      return n;
    },
  },
};
