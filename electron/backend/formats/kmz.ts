/**
 * KMZ: KML zipped. In: its doc.kml (else its first .kml), read with the zip guards of
 * sourceFiles.ts (zip bombs, entries climbing out) and then as KML; the .kml files inside the
 * archive that it links to with NetworkLink are layers of their own (GDAL's LIBKML driver writes
 * a KMZ as a doc.kml linking to layers/NAME.kml; the option `table` picks one by NAME). Links out
 * of the archive are never followed. Out: the KML document (kmlWriter.ts) deflated into the
 * archive as doc.kml, as Google Earth writes it.
 */
import path from 'node:path';
import { Zip, ZipDeflate } from 'fflate';
import { extensionOf } from '../../../shared/api/formats.ts';
import { createKmlParser, kmlContents, placemarkLocation } from '../../../shared/import/kml.ts';
import { fileProblem, said } from '../../../shared/import/problems.ts';
import { readZipEntries } from '../sourceFiles.ts';
import { writeKml } from './kmlWriter.ts';
import { stemOf, streamSource } from './streamSource.ts';
import type { FormatModule } from './types.ts';

/** Text is deflated in pieces of about this many characters. */
const PIECE_CHARS = 1 << 20;

export const kmzFormat: FormatModule = {
  id: 'kmz',
  label: 'KMZ (zipped KML)',
  read: {
    extensions: ['kmz'],
    open(input, ctx) {
      if (!input.path) throw fileProblem(input.name, said('kmz.nested'));
      const entries = readZipEntries(input.path, (n) => extensionOf(n) === 'kml');
      const doc = entries.find((e) => e.name.toLowerCase() === 'doc.kml') ?? entries[0];
      if (!doc) throw fileProblem(input.name, said('kmz.noKml'));
      let members = [doc];
      // Only a document that names NetworkLink is walked twice (once here for its links).
      if (Buffer.from(doc.bytes.buffer, doc.bytes.byteOffset, doc.bytes.length).includes('NetworkLink')) {
        const { placemarks, links } = kmlContents(doc.bytes, `${input.name}/${doc.name}`);
        const inside = links.map((href) => path.posix.join(path.posix.dirname(doc.name), href));
        const linked = entries.filter((e) => e !== doc && inside.includes(e.name));
        members = placemarks > 0 ? [doc, ...linked] : linked;
        if (!members.length) throw fileProblem(`${input.name}/${doc.name}`, said('kmz.nothing'));
      }
      const names = members.map((m) => stemOf(m.name));
      const table = ctx.options.table;
      if (table !== undefined && !names.includes(table)) throw fileProblem(input.name, said('kmz.noLayer', { table, names: names.join(', ') }));
      return members
        .filter((_, k) => table === undefined || names[k] === table)
        .map((m) => ({
          ...streamSource(
            'kmz',
            { name: `${input.name}/${m.name}`, bytes: m.bytes, defaultLayerName: members.length > 1 ? `${input.defaultLayerName}_${stemOf(m.name)}` : input.defaultLayerName },
            createKmlParser,
            placemarkLocation,
          ),
          ...(members.length > 1 ? { layersInFile: names } : {}),
        }));
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
