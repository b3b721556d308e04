/**
 * The store of a workspace file: workspace.ts (better-sqlite3, synchronous) behind the
 * asynchronous WorkspaceStore. Each call does its work at once and answers with a settled
 * promise, so the SQLite paths cost what they did; only streamed features change shape, handed
 * out FEATURE_BATCH at a time so a million of them are not a million awaits.
 */
import type { AuditEntry, LayerInfo } from '../../../shared/api/contract.ts';
import type { FieldInfo, NormalizedFeature } from '../../../shared/model/feature.ts';
import type { BlockRow } from './pointBlocks.ts';
import type { PackedRows } from './featureRows.ts';
import type { RawFieldValues } from './fieldValues.ts';
import {
  FEATURE_BATCH,
  type AuditInput,
  type FeatureFilter,
  type LayerMeta,
  type LayerMetadataAudit,
  type LayerStats,
  type LayerWrite,
  type PointColumns,
  type StoredFeature,
  type WorkspaceStore,
} from './store.ts';
import type { AnalysisInput, AnalysisListing, LayerTransaction, StoredAnalysis, Workspace } from './workspace.ts';

class SqliteLayerWrite implements LayerWrite {
  constructor(
    private readonly ws: Workspace,
    private readonly tx: LayerTransaction,
  ) {}

  get layerId(): number {
    return this.tx.layerId;
  }

  get featureCount(): number {
    return this.tx.featureCount;
  }

  get meta(): LayerMeta {
    return this.tx.meta;
  }

  add(f: NormalizedFeature): void {
    this.tx.add(f);
  }

  addPacked(rows: PackedRows): void {
    this.tx.addPacked(rows);
  }

  addBlock(block: BlockRow): void {
    this.tx.addBlock(block);
  }

  ready(): Promise<void> {
    return Promise.resolve();
  }

  setFields(fields: FieldInfo[]): void {
    this.tx.setFields(fields);
  }

  async audit(entries: AuditInput[]): Promise<void> {
    this.ws.auditMany(entries);
  }

  async finish(): Promise<LayerStats> {
    return this.tx.finish();
  }

  async readPoints(stats: LayerStats): Promise<PointColumns> {
    return this.ws.readPoints(this.tx.layerId, {}, stats.storage);
  }

  async commit(stats: LayerStats): Promise<LayerInfo> {
    return this.tx.commit(stats);
  }

  async rollback(): Promise<void> {
    this.tx.rollback();
  }
}

export class SqliteStore implements WorkspaceStore {
  readonly engine = 'sqlite' as const;
  readonly readOnly = false;
  readonly role = null;

  constructor(readonly workspace: Workspace) {}

  get location(): string {
    return this.workspace.path;
  }

  async timezone(): Promise<string> {
    return this.workspace.timezone;
  }

  async setTimezone(tz: string, actor?: string): Promise<void> {
    this.workspace.setTimezone(tz, actor);
  }

  async schemaVersion(): Promise<number> {
    return this.workspace.schemaVersion;
  }

  async beginLayer(meta: LayerMeta): Promise<LayerWrite> {
    return new SqliteLayerWrite(this.workspace, this.workspace.beginLayer(meta));
  }

  inOneTransaction<T>(fn: () => Promise<T>): Promise<T> {
    return this.workspace.inOneTransaction(fn);
  }

  async listLayers(): Promise<LayerInfo[]> {
    return this.workspace.listLayers();
  }

  async findLayer(idOrName: number | string): Promise<LayerInfo | undefined> {
    return this.workspace.findLayer(idOrName);
  }

  async getLayer(idOrName: number | string): Promise<LayerInfo> {
    return this.workspace.getLayer(idOrName);
  }

  async removeLayer(id: number, actor: string): Promise<number> {
    return this.workspace.removeLayer(id, actor);
  }

  async setMetadataEntry(layerId: number, key: string, value: unknown, entry: LayerMetadataAudit): Promise<void> {
    this.workspace.setMetadataEntry(layerId, key, value, entry);
  }

  async *featureBatches(layerId: number, filter: FeatureFilter = {}): AsyncGenerator<StoredFeature[]> {
    let batch: StoredFeature[] = [];
    for (const f of this.workspace.iterateFeatures(layerId, filter)) {
      batch.push(f);
      if (batch.length === FEATURE_BATCH) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length) yield batch;
  }

  async countFeatures(layerId: number, filter?: FeatureFilter): Promise<number> {
    return this.workspace.countFeatures(layerId, filter);
  }

  async fieldValues(layerId: number, field: string, numbers: boolean, where?: FeatureFilter['where']): Promise<RawFieldValues> {
    return this.workspace.fieldValues(layerId, field, numbers, where);
  }

  async readPoints(layerId: number, filter?: FeatureFilter): Promise<PointColumns> {
    return this.workspace.readPoints(layerId, filter);
  }

  async saveAnalysis(a: AnalysisInput): Promise<number> {
    return this.workspace.saveAnalysis(a);
  }

  async listAnalyses(layerId?: number): Promise<AnalysisListing[]> {
    return this.workspace.listAnalyses(layerId);
  }

  async getAnalysis(id: number): Promise<StoredAnalysis> {
    return this.workspace.getAnalysis(id);
  }

  async removeAnalysis(id: number, actor: string): Promise<void> {
    this.workspace.removeAnalysis(id, actor);
  }

  async mapState(): Promise<{ state: string; savedAt: string } | null> {
    return this.workspace.mapState();
  }

  async saveMapState(state: string, actor: string): Promise<string> {
    return this.workspace.saveMapState(state, actor);
  }

  async audit(actor: string, action: string, target: string | null, details: Record<string, unknown> = {}): Promise<number | null> {
    return this.workspace.audit(actor, action, target, details);
  }

  async auditEntries(entries: AuditInput[]): Promise<void> {
    this.workspace.auditMany(entries);
  }

  async listAudit(limit?: number): Promise<AuditEntry[]> {
    return this.workspace.listAudit(limit);
  }

  async fingerprint(): Promise<string> {
    return this.workspace.fingerprint();
  }

  async close(): Promise<void> {
    this.workspace.close();
  }
}
