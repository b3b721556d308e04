/**
 * Where a result came from, written with every exported result (inside a GeoJSON file as its
 * `frontera` member, beside other formats as NAME.provenance.json): the method and its resolved
 * parameters, the incidents it ran on (layer, fingerprints, time window, categories, area), the
 * workspace, and when it was run and exported — what an analyst must be able to show of a
 * finding handed to another agency.
 */
import type { StoredAnalysis, WorkspaceStore } from '../store/store.ts';
import { workspaceName } from '../store/openStore.ts';
import { APP_VERSION } from '../briefing/briefingModel.ts';
import { layerCategoryLabels, type CategoryLabels } from '../../../shared/api/categoryLabels.ts';

export interface ResultProvenance {
  generator: string;
  exportedAt: string;
  analysisId: number;
  kind: string;
  /** The request as run, every default resolved (the selection included). */
  params: Record<string, unknown>;
  createdAt: string;
  input: {
    layer: string | null;
    layerId: number | null;
    /** The layer's content fingerprint now (equal to the one at run time unless it was re-imported). */
    layerFingerprint: string | null;
    /** The fingerprint of exactly the incidents the analysis read. */
    inputFingerprint: string;
    /** The time window as requested: null ends are open. */
    timeWindow: { from: string | null; to: string | null };
    categories: string[] | null;
    within: string | null;
    /** The layer's labels of its category codes (`frontera labels`), when it has any: what the codes in the result mean. */
    categoryLabels?: CategoryLabels;
  };
  summary: Record<string, unknown>;
  workspace: { file: string; fingerprint: string };
}

export async function resultProvenance(ws: WorkspaceStore, a: StoredAnalysis, now: Date = new Date()): Promise<ResultProvenance> {
  const params = (a.params ?? {}) as Record<string, unknown>;
  const selection = (params.selection ?? {}) as { from?: string; to?: string; categories?: string[]; within?: string };
  const layer = a.layerId === null ? undefined : await ws.findLayer(a.layerId);
  const categoryLabels = layerCategoryLabels(layer);
  return {
    generator: `Frontera ${APP_VERSION}`,
    exportedAt: now.toISOString(),
    analysisId: a.id,
    kind: a.kind,
    params,
    createdAt: a.createdAt,
    input: {
      layer: layer?.name ?? null,
      layerId: a.layerId,
      layerFingerprint: layer?.fingerprint ?? null,
      inputFingerprint: a.inputFingerprint,
      timeWindow: { from: selection.from ?? null, to: selection.to ?? null },
      categories: selection.categories ?? null,
      within: selection.within ?? null,
      ...(categoryLabels ? { categoryLabels } : {}),
    },
    summary: (a.summary ?? {}) as Record<string, unknown>,
    workspace: { file: workspaceName(ws.location), fingerprint: await ws.fingerprint() },
  };
}
