/**
 * What the analyst has selected: features of one layer at a time, as the attribute table and
 * the map make it. A click selects one feature; Ctrl/⌘- or Shift-click on the map, and Ctrl/⌘-
 * click in the table, add it or take it out again; Shift-click in the table selects the rows
 * from the last one clicked (the anchor) to it, as a spreadsheet or the QGIS table does.
 */
import type { Feature, Geometry } from 'geojson';

export type SelectedFeature = Feature<Geometry | null>;

export interface Selection {
  layerId: number;
  /** In the order they were selected. */
  ids: number[];
  /** The features as the table or the map gave them: a viewport layer is not held whole in the app. */
  features: ReadonlyMap<number, SelectedFeature>;
  /** The feature clicked last: a Shift-click in the table extends from it; the table scrolls to it. */
  anchor: number;
}

/** Only this feature. */
export function selectOnly(layerId: number, id: number, feature: SelectedFeature | null): Selection {
  return { layerId, ids: [id], features: feature ? new Map([[id, feature]]) : new Map(), anchor: id };
}

/** Adds the feature, or takes it out when it is selected already; another layer's starts afresh. */
export function toggleSelected(sel: Selection | null, layerId: number, id: number, feature: SelectedFeature | null): Selection | null {
  if (!sel || sel.layerId !== layerId) return selectOnly(layerId, id, feature);
  const features = new Map(sel.features);
  if (sel.ids.includes(id)) {
    const ids = sel.ids.filter((x) => x !== id);
    features.delete(id);
    return ids.length === 0 ? null : { layerId, ids, features, anchor: id };
  }
  if (feature) features.set(id, feature);
  return { layerId, ids: [...sel.ids, id], features, anchor: id };
}

/** The rows from the anchor to the clicked one (`rows` in table order, both ends included); the anchor stays. */
export function selectRows(layerId: number, rows: SelectedFeature[], anchor: number): Selection {
  const features = new Map<number, SelectedFeature>();
  for (const f of rows) features.set(Number(f.id), f);
  return { layerId, ids: [...features.keys()], features, anchor };
}

export function isSelected(sel: Selection | null, layerId: number, id: number): boolean {
  return sel !== null && sel.layerId === layerId && sel.ids.includes(id);
}
