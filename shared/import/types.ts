import type { FieldInfo, RawRecord } from '../model/feature.ts';
import type { ImportProblem, Reason, Said } from './problems.ts';

/** A format's id in the back end's registry (electron/backend/formats/registry.ts): 'csv', 'shapefile' … */
export type FormatId = string;

/**
 * A source CRS as found in or given for a file: `definition` is anything proj4 accepts
 * (WKT, proj string, or a code registered by shared/geo/crs.ts), `label` is for display.
 */
export interface SourceCrs {
  definition: string;
  label: string;
}

/** Callbacks through which a parser hands its results over; keeps parsers free of storage. */
export interface RecordSink {
  /** Field list as soon as the parser knows it (CSV header, .dbf header); GeoJSON calls it at the end. */
  onFields?(fields: FieldInfo[]): void;
  /** The CRS the file declares (.prj, GeoJSON legacy `crs`). Called before the first record when possible. */
  onCrs?(crs: SourceCrs): void;
  onRecord(record: RawRecord): void;
  /** A record-level problem; the parser carries on with the next record. */
  onProblem(problem: ImportProblem): void;
}

/**
 * A push parser for formats read as a stream (CSV, GeoJSON): the caller feeds byte chunks
 * of any size in order, then calls end(). Memory stays bounded by the largest record, never
 * by the file. Fatal problems (file not of this format, structure broken) throw ImportError.
 */
export interface StreamParser {
  push(chunk: Uint8Array): void;
  end(): void;
  /** Bytes consumed so far, for progress. */
  readonly bytesRead: number;
  /** What the parser renamed (an empty or repeated column name), for the import's summary. */
  readonly notes?: readonly Reason[];
}

/** Options common to every format; format-specific ones are ignored by the others. */
export interface ParseOptions {
  /** Display name used in every problem message (the path the user gave). */
  fileName: string;
  /** Text encoding override (e.g. 'windows-1252'); otherwise detected per format. */
  encoding?: string;
  /** CSV coordinate columns; detected from common English/Spanish names when absent. */
  lat?: string;
  lon?: string;
  wkt?: string;
  /**
   * Import preview only: a table (CSV) without coordinate columns is then no fatal problem — this
   * is told why, and the rows come without geometry, so the import dialog can show them and ask
   * for the columns. Absent, such a file is refused.
   */
  onCoordinatesMissing?: (reason: Said) => void;
  /**
   * Sharded reading (several readers over one file, electron/backend/importer.ts): the records this
   * reader converts and reports on; the others it only counts, a sibling reader converts them.
   * Absent: every record.
   */
  wants?: (index: number) => boolean;
}

/**
 * Thrown by a sharded reader when the file's layout does not let it count records it skips
 * (a GeoJSON line that is not exactly one feature): the import is read again unsharded.
 */
export class ShardLayoutError extends Error {
  constructor(file: string) {
    super(`${file}: not one feature per line; read again by one reader`);
    this.name = 'ShardLayoutError';
  }
}
