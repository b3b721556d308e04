/**
 * What a file format is to Frontera: one module per format (its extensions, how it opens a file
 * as import sources, how it writes layers and results), listed in one table (registry.ts) that
 * the importer, the exporter, the CLI's help and — through the API — the app's dialogs read.
 * Adding a format is its module, its tests and one line of that table, as GDAL adds a driver.
 */
import type { Geometry } from 'geojson';
import type { CallContext, ImportOptions } from '../../../shared/api/contract.ts';
import type { FormatId, ParseOptions, RecordSink } from '../../../shared/import/types.ts';
import type { Reason } from '../../../shared/import/problems.ts';
import type { FieldInfo, GeometryType } from '../../../shared/model/feature.ts';
import type { ResultProvenance } from '../export/provenance.ts';
import type { OutputFiles } from '../export/outputFiles.ts';


/** Awaited after each chunk with the bytes read so far: progress and cancellation. */
export type Step = (bytesDone: number) => Promise<void>;

/**
 * One layer's worth of records in a file: a CSV, a shapefile, one table of a GeoPackage, one
 * sheet of a workbook. The importer writes each source in a transaction of its own.
 */
export interface Source {
  /** The data's format ('shapefile' also for a shapefile inside a .zip); stored with the layer. */
  format: FormatId;
  /** The path as the user gave it, with the member or table after it where there is one: every message names it. */
  fileName: string;
  size: number;
  defaultLayerName: string;
  /** Where a record sits, for messages: "row 12 (line 14)", "feature 3", "placemark 7". */
  locate(index: number): string;
  /**
   * Reads the whole source into the sink; `step` is awaited after each chunk with the bytes
   * read so far. A preview stops early by throwing from the sink.
   */
  feed(sink: RecordSink, opts: ParseOptions, step: Step): Promise<void>;
  /** sha256 of the bytes read so far (all of them once feed has finished). */
  fingerprint(): string;
  /**
   * A file on disk this source streams whole, which import workers may read themselves (big
   * CSV/GeoJSON); absent for sources read in memory (archive members, tables of a database).
   */
  streamedFile?: string;
  /**
   * Whether a reader of a sharded import (ParseOptions.wants) steps over the records it does not
   * want without reading them (a GeoPackage's rows, fetched by ranges of their primary key): two
   * import workers then split a big file that has no lines to split it by.
   */
  readsByRange?: boolean;
  /**
   * A file of several layers (a GeoPackage's tables, a workbook's sheets): all their names, so
   * the import dialog can offer them (ImportPreview.layers; ImportOptions.table / sheet picks one).
   */
  layersInFile?: string[];
  /** What the reader left out or changed (a GeoPackage's BLOB columns): shown with the import's summary. */
  notes?: Reason[];
}

/** A file to open: on disk, or a member of an archive already in memory. */
export interface SourceInput {
  /** Display path (for a member: "archive.zip/member.csv"). */
  name: string;
  /** The file on disk, when it is one. */
  path?: string;
  bytes?: Uint8Array;
  /** The layer name a source gets by default (an archive member takes the archive's). */
  defaultLayerName: string;
}

export interface OpenContext {
  options: ImportOptions;
  /** The reader for a name by its extension (archives open their members with it), or null. */
  readerFor(name: string): FormatReader | null;
  /** The extensions Frontera reads, for messages: ".shp, .zip, .geojson, …". */
  readable: string;
}

export interface FormatReader {
  /** Extensions without the dot, lower case. */
  extensions: string[];
  /** Files that travel with one of these (a shapefile's .shx, .dbf, .prj, .cpg): uploaded along, never imported alone. */
  companions?: string[];
  /** Opens a file as one source, or several (the tables of a GeoPackage); never none. */
  open(input: SourceInput, ctx: OpenContext): Source[];
}

/** A layer or an analysis result as a writer gets it: a schema and its features, streamed. */
export interface ExportItem {
  /** The layer's name in the file (a table of a GeoPackage, a folder of a KML). */
  name: string;
  fields: FieldInfo[];
  geometryType: GeometryType;
  count: number;
  /** `id`: the workspace's feature id, where the format keeps one (GeoJSON). Streamed from the store, which may be a database. */
  features(): AsyncIterable<{ id?: number; geometry: Geometry | null; properties: Record<string, unknown> }>;
  /** An analysis result's provenance (export/provenance.ts). */
  provenance?: ResultProvenance;
  /** The field whose value picks a feature's colour, and the colours (as on the map), where the format styles features. */
  style?: { field: string; colors: Record<string, string>; fallback: string };
}

export interface WriteContext extends CallContext {
  /** Counted and awaited as features are written: progress and cancellation. */
  step(written: number): Promise<void>;
  /** Tells the user what the format changed (field names cut to fit, a layer split by geometry type). */
  note(text: string): void;
}

export interface FormatWriter {
  /** Extensions without the dot; the first is the one a new file gets. */
  extensions: string[];
  /** Whether the format holds lines and polygons, or points only (CSV with lon/lat). */
  geometry: 'any' | 'points';
  /** Whether several layers and results go into one file (GeoPackage, KML). */
  multiple: boolean;
  /** Whether a result's provenance has room inside the file; when not, it goes beside it as NAME.provenance.json. */
  provenanceInFile: boolean;
  /** Writes `items` to `out` (and any sidecar the format needs) through `files`; resolves to the features written. */
  write(items: ExportItem[], out: string, files: OutputFiles, ctx: WriteContext): Promise<number>;
}

export interface FormatModule {
  id: FormatId;
  /** For people: "KML (Google Earth)". */
  label: string;
  read?: FormatReader;
  write?: FormatWriter;
}
