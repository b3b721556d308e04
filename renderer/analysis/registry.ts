/**
 * The slot analysis tools plug into. Each tool (hotspots, DBSCAN clusters, KDE, corridors …)
 * adds one entry here from its own file under renderer/analysis/; the right-hand panel lists
 * them and renders the chosen one with the shared context. Nothing else needs to change.
 */
import type { ComponentType } from 'react';
import type { LayerInfo } from '../../shared/api/contract.ts';
import type { ApiClient } from '../api/client.ts';
import type { MapController } from '../map/MapController.ts';
import type { TimeWindow } from '../timeline/timeWindow.ts';
import type { ResultsApi } from './results.ts';

export interface AnalysisContext {
  api: ApiClient;
  layers: LayerInfo[];
  /** The layer selected in the layer panel, if any. */
  activeLayerId: number | null;
  /** Reloads the layer list after a tool stored a result layer. */
  refreshLayers: () => Promise<void>;
  zoomTo: (layerId: number) => void;
  /** The map, once it exists: analysis results are drawn on it. */
  controller?: MapController | null;
  /** The timeline brush's window: the default time selection of every tool (null = all times). */
  timeWindow?: TimeWindow | null;
  /** Workspace time zone, for dates shown to the analyst. */
  timezone?: string;
  /** The layers' attribute filters by layer id: the default selection of every tool on that layer. */
  filters?: ReadonlyMap<number, string>;
}

/** What a tool panel gets: the app's context plus the results shown on the map. */
export interface ToolContext extends AnalysisContext {
  results: ResultsApi;
  /** Opens the Export dialog for a stored analysis. */
  onExport?: (analysisId: number) => void;
}

export interface AnalysisTool {
  id: string;
  title: string;
  description: string;
  Panel: ComponentType<ToolContext>;
}

export const analysisTools: AnalysisTool[] = [];

export function registerAnalysisTool(tool: AnalysisTool): void {
  if (analysisTools.some((t) => t.id === tool.id)) throw new Error(`analysis tool ${tool.id} registered twice`);
  analysisTools.push(tool);
}
