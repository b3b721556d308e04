/**
 * Copies layers (and with them, on request, their stored analyses) from one workspace to another,
 * whatever the engines: a file into a team workspace to publish it, a team workspace into a file
 * to take it into the field. Each layer keeps its source file's fingerprint, import time, field
 * mapping and metadata, so the provenance of what is printed from the copy names the same
 * source; the audit entries about the copied layers go along with their times and roles, and
 * the copy itself is audited in the target. Each layer is one transaction in the target: a
 * failure leaves the layers copied before it and nothing of its own.
 */
import type { LayerInfo } from '../../../shared/api/contract.ts';
import { UserError } from '../../../shared/errors.ts';
import type { AuditInput, WorkspaceStore } from './store.ts';

export interface CopyOptions {
  /** Layers by name or id; all of them when empty. */
  layers?: string[];
  /** Also the analyses stored on the copied layers (and, copying everything, those on none). */
  analyses?: boolean;
  actor?: string;
  onLayer?: (name: string, features: number) => void;
}

export interface CopySummary {
  layers: { name: string; from: number; to: number; features: number }[];
  analyses: number;
  auditEntries: number;
}

export async function copyWorkspace(from: WorkspaceStore, to: WorkspaceStore, opts: CopyOptions = {}): Promise<CopySummary> {
  const all = await from.listLayers();
  const chosen: LayerInfo[] = opts.layers?.length ? await Promise.all(opts.layers.map((l) => from.getLayer(l))) : all;
  for (const l of chosen) {
    if (await to.findLayer(l.name)) throw new UserError(`${to.location} already has a layer named "${l.name}": nothing was copied`);
  }
  const names = new Set(chosen.map((l) => l.name));
  // The source's entries about these layers (all of them when everything is copied), oldest first.
  const history = (await from.listAudit(Number.MAX_SAFE_INTEGER))
    .filter((e) => !opts.layers?.length || (e.target !== null && names.has(e.target)))
    .reverse();
  const summary: CopySummary = { layers: [], analyses: 0, auditEntries: 0 };
  const idMap = new Map<number, number>();
  for (const layer of chosen) {
    const { stackedPoints, ...rest } = layer;
    const tx = await to.beginLayer({
      name: layer.name,
      sourceFile: layer.sourceFile,
      sourceFormat: layer.sourceFormat,
      sourceCrs: layer.sourceCrs,
      fields: layer.fields,
      fingerprint: layer.fingerprint,
      mapping: layer.mapping,
      metadata: { ...rest.metadata, ...(stackedPoints ? { stackedPoints } : {}) },
      importedAt: layer.importedAt,
    });
    try {
      for await (const batch of from.featureBatches(layer.id)) {
        for (const f of batch) tx.add(f);
        await tx.ready();
      }
      const stats = await tx.finish();
      if (stats.featureCount !== layer.featureCount) {
        throw new Error(`layer "${layer.name}": ${stats.featureCount} features copied of ${layer.featureCount}`);
      }
      const entries: AuditInput[] = history
        .filter((e) => e.target === layer.name)
        .map((e) => ({ actor: e.actor, action: e.action, target: e.target, details: e.details, at: e.at, role: e.role ?? null }));
      entries.push({ actor: opts.actor ?? 'system', action: 'layer.copy', target: layer.name, details: { from: from.location, fromLayerId: layer.id, features: stats.featureCount } });
      await tx.audit(entries);
      const info = await tx.commit(stats);
      summary.auditEntries += entries.length - 1;
      idMap.set(layer.id, info.id);
      summary.layers.push({ name: layer.name, from: layer.id, to: info.id, features: info.featureCount });
      opts.onLayer?.(layer.name, info.featureCount);
    } catch (e) {
      await tx.rollback();
      throw e;
    }
  }
  if (!opts.layers?.length) {
    // Entries about the workspace itself (its creation, settings) when everything is copied.
    const general = history.filter((e) => e.target === null || !names.has(e.target));
    await to.auditEntries(general.map((e) => ({ actor: e.actor, action: e.action, target: e.target, details: e.details, at: e.at, role: e.role ?? null })));
    summary.auditEntries += general.length;
  }
  if (opts.analyses) {
    for (const a of await from.listAnalyses()) {
      if (a.layerId === null ? !!opts.layers?.length : !idMap.has(a.layerId)) continue;
      const full = await from.getAnalysis(a.id);
      await to.saveAnalysis({
        kind: full.kind,
        layerId: full.layerId === null ? null : (idMap.get(full.layerId) as number),
        params: full.params,
        inputFingerprint: full.inputFingerprint,
        result: full.result,
        summary: full.summary,
        createdAt: full.createdAt,
      });
      summary.analyses++;
    }
  }
  await to.audit(opts.actor ?? 'system', 'workspace.copy', null, {
    from: from.location,
    layers: summary.layers.map((l) => l.name),
    analyses: summary.analyses,
  });
  return summary;
}
