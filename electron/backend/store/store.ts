/**
 * The workspace as the back end uses it, whatever engine holds it: an SQLite file on this machine
 * (sqliteStore.ts, over workspace.ts) or a schema of a PostGIS database a team shares
 * (postgis/postgisStore.ts). Every call is asynchronous: a database answers over the network and
 * the back end runs in Electron's main process, which must never block on it. The SQLite store
 * stays synchronous underneath and answers with settled promises.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import type { AuditEntry, LayerInfo } from '../../../shared/api/contract.ts';
import type { FieldInfo, NormalizedFeature } from '../../../shared/model/feature.ts';
import type { PointColumns } from '../../../shared/model/points.ts';
import type { BlockRow } from './pointBlocks.ts';
import type { PackedRows, StoredFeature } from './featureRows.ts';
import type { FeatureFilter } from './featureFilter.ts';
import type { LayerStats } from './layerWriter.ts';
import type { Pushdown } from './pushdown.ts';
import type { RawFieldValues } from './fieldValues.ts';
import type { AnalysisInput, AnalysisListing, LayerMeta, StoredAnalysis } from './workspace.ts';

export type { AnalysisInput, AnalysisListing, FeatureFilter, LayerMeta, LayerStats, PointColumns, StoredAnalysis, StoredFeature };

type StoreEngine = 'sqlite' | 'postgis';

/** An audit row to write; `at` and `role` are the store's unless copied from another workspace. */
export interface AuditInput {
  actor: string;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
  at?: string;
  role?: string | null;
}

/** The audit entry of a layer metadata change (its target is the layer's name). */
export interface LayerMetadataAudit {
  actor: string;
  action: string;
  details: Record<string, unknown>;
}

/** Rows per batch the stores hand out when streaming features: big enough that awaiting a batch costs nothing per row. */
export const FEATURE_BATCH = 4096;

/**
 * A layer being written in one transaction of its own: features go in as the reader hands them
 * over, then `finish` writes what is buffered and indexes, and `commit` stores the statistics and
 * ends the transaction — or `rollback` leaves the workspace exactly as it was.
 */
export interface LayerWrite {
  readonly layerId: number;
  readonly featureCount: number;
  readonly meta: LayerMeta;
  add(f: NormalizedFeature): void;
  /** Rows normalised and packed by an import worker. */
  addPacked(rows: PackedRows): void;
  /** A column block of points built by an import worker. */
  addBlock(block: BlockRow): void;
  /** Resolves when the writer can take more (a database connection's buffer has drained). */
  ready(): Promise<void>;
  /** Fields may only be known at the end of a file (GeoJSON); set them before commit. */
  setFields(fields: FieldInfo[]): void;
  /** Audit rows written in the layer's transaction: they commit or roll back with it. */
  audit(entries: AuditInput[]): Promise<void>;
  finish(): Promise<LayerStats>;
  /** The layer's points as written, read inside its transaction (after finish). */
  readPoints(stats: LayerStats): Promise<PointColumns>;
  commit(stats: LayerStats): Promise<LayerInfo>;
  rollback(): Promise<void>;
}

/** What a point read may be narrowed by besides the FeatureFilter. */
export interface PointReadOptions {
  /**
   * The `within` polygon: a store may leave out the points outside it where the data is (PostGIS
   * does, in SQL); the caller still applies the exact test, so a store may also ignore it.
   */
  within?: Polygon | MultiPolygon;
}

export interface WorkspaceStore {
  readonly engine: StoreEngine;
  /** Where it is, as shown to people: the file's path, or the connection URL (which never holds a password). */
  readonly location: string;
  /** A database role with SELECT only: it may read, analyse without storing, print and export. */
  readonly readOnly: boolean;
  /** The database role this connection acts as (recorded with every audit entry); null for a file. */
  readonly role: string | null;
  /** Engine-side work some analyses can hand over (postgis/pushdown.ts); absent for a file. */
  readonly pushdown?: Pushdown;

  timezone(): Promise<string>;
  setTimezone(tz: string, actor?: string): Promise<void>;
  schemaVersion(): Promise<number>;

  beginLayer(meta: LayerMeta): Promise<LayerWrite>;
  /**
   * Runs `fn`, and every layer it begins, in one transaction: a file of several layers (a
   * GeoPackage's tables, a .zip of shapefiles) lands whole or not at all.
   */
  inOneTransaction<T>(fn: () => Promise<T>): Promise<T>;
  listLayers(): Promise<LayerInfo[]>;
  findLayer(idOrName: number | string): Promise<LayerInfo | undefined>;
  /** The layer by id, by name, or by an id written as text; a UserError when there is none. */
  getLayer(idOrName: number | string): Promise<LayerInfo>;
  /** Removes a layer with its features and analyses; resolves to the feature count removed. */
  removeLayer(id: number, actor: string): Promise<number>;
  /**
   * Sets one key of a layer's metadata (`undefined` removes it) and writes the audit entry, in one
   * transaction; neither the features nor the fingerprint change. Refused on a read-only workspace.
   */
  setMetadataEntry(layerId: number, key: string, value: unknown, entry: LayerMetadataAudit): Promise<void>;

  /** Features in id order (or the filter's), a batch at a time. */
  featureBatches(layerId: number, filter?: FeatureFilter): AsyncIterable<StoredFeature[]>;
  countFeatures(layerId: number, filter?: FeatureFilter): Promise<number>;
  /** A property's distinct values with counts, its nulls, and with `numbers` its numeric values (store/fieldValues.ts); of the records passing `where` when given. */
  fieldValues(layerId: number, field: string, numbers: boolean, where?: FeatureFilter['where']): Promise<RawFieldValues>;
  /** Point features as typed arrays: the path analyses over a million points take. */
  readPoints(layerId: number, filter?: FeatureFilter, options?: PointReadOptions): Promise<PointColumns>;

  saveAnalysis(a: AnalysisInput): Promise<number>;
  listAnalyses(layerId?: number): Promise<AnalysisListing[]>;
  getAnalysis(id: number): Promise<StoredAnalysis>;
  removeAnalysis(id: number, actor: string): Promise<void>;

  mapState(): Promise<{ state: string; savedAt: string } | null>;
  saveMapState(state: string, actor: string): Promise<string>;

  /** Resolves to the entry's id; null when a read-only role may not write the audit log. */
  audit(actor: string, action: string, target: string | null, details?: Record<string, unknown>): Promise<number | null>;
  /** Writes audit rows copied from another workspace (each keeps its time and role) in one transaction. */
  auditEntries(entries: AuditInput[]): Promise<void>;
  listAudit(limit?: number): Promise<AuditEntry[]>;

  /** Identifies the analysable content: every layer's fingerprint and id plus the stored analyses. */
  fingerprint(): Promise<string>;
  close(): Promise<void>;
}

/** Every feature of a layer (or of a filter's page) in one array. */
export async function readFeatures(store: WorkspaceStore, layerId: number, filter: FeatureFilter = {}): Promise<StoredFeature[]> {
  const out: StoredFeature[] = [];
  for await (const batch of store.featureBatches(layerId, filter)) for (const f of batch) out.push(f);
  return out;
}

/**
 * Stores a layer made in this process (a buffer, distances) in one transaction with its audit
 * entries (`audit` gets the new layer's id and feature count); the layer as stored.
 */
export async function insertLayer(
  store: WorkspaceStore,
  meta: LayerMeta,
  features: Iterable<NormalizedFeature>,
  audit: (layerId: number, features: number) => AuditInput[],
): Promise<LayerInfo> {
  const tx = await store.beginLayer(meta);
  try {
    for (const f of features) tx.add(f);
    const stats = await tx.finish();
    await tx.audit(audit(tx.layerId, stats.featureCount));
    return await tx.commit(stats);
  } catch (e) {
    await tx.rollback();
    throw e;
  }
}
