/**
 * Every file format Frontera reads or writes, one line each. The importer opens files through
 * it, the exporter writes through it, `frontera import/export --help` and the app's import and
 * export dialogs (API `formats.list`) list from it.
 */
import { fileProblem, said } from '../../../shared/import/problems.ts';
import type { FormatInfo } from '../../../shared/api/formats.ts';
import { extensionOf } from '../../../shared/api/formats.ts';
import { csvFormat } from './csv.ts';
import { fgbFormat } from './fgb.ts';
import { geojsonFormat } from './geojson.ts';
import { gpkgFormat } from './gpkg.ts';
import { gpxFormat } from './gpx.ts';
import { kmlFormat } from './kml.ts';
import { kmzFormat } from './kmz.ts';
import { shapefileFormat } from './shapefile.ts';
import { stemOf } from './streamSource.ts';
import type { FormatModule, FormatReader, FormatWriter, OpenContext, Source } from './types.ts';
import { xlsxFormat } from './xlsx.ts';
import { zipFormat } from './zip.ts';

// The order lists (help, dialogs, messages) show: the common exchange formats first.
export const FORMATS: FormatModule[] = [geojsonFormat, csvFormat, shapefileFormat, zipFormat, gpkgFormat, kmlFormat, kmzFormat, gpxFormat, fgbFormat, xlsxFormat];

function readerByExtension(ext: string): FormatReader | null {
  return FORMATS.find((f) => f.read?.extensions.includes(ext))?.read ?? null;
}

/** ".shp, .zip, .geojson, .json, .csv …" */
function readableExtensions(): string {
  return FORMATS.flatMap((f) => f.read?.extensions ?? []).map((e) => `.${e}`).join(', ');
}

/** Opens a file by its extension as one source or several (tables, sheets); ImportError naming it otherwise. */
export function openSources(file: string, options: OpenContext['options'] = {}): Source[] {
  const ext = extensionOf(file);
  const reader = readerByExtension(ext);
  if (!reader) throw fileProblem(file, said('refusal.unknownType', { types: readableExtensions() }));
  return reader.open(
    { name: file, path: file, defaultLayerName: stemOf(file) },
    { options, readerFor: (name) => readerByExtension(extensionOf(name)), readable: readableExtensions() },
  );
}

export function formatById(id: string): FormatModule | undefined {
  return FORMATS.find((f) => f.id === id);
}

/** The writer a file name asks for, by its extension. */
export function writerForPath(file: string): (FormatModule & { write: FormatWriter }) | null {
  const ext = extensionOf(file);
  const f = FORMATS.find((m) => m.write?.extensions.includes(ext));
  return f?.write ? (f as FormatModule & { write: FormatWriter }) : null;
}

/** What the app's dialogs and the CLI's help list. */
export function formatsInfo(): FormatInfo[] {
  return FORMATS.map((f) => ({
    id: f.id,
    label: f.label,
    import: f.read ? { extensions: f.read.extensions, companions: f.read.companions ?? [] } : null,
    export: f.write
      ? { extensions: f.write.extensions, geometry: f.write.geometry, multiple: f.write.multiple, provenanceInFile: f.write.provenanceInFile }
      : null,
  }));
}
