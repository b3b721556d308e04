import type { GeometryType } from '../../shared/model/feature.ts';

/** Points over lines over polygons, as in a GIS's default drawing order; mixed layers go with points. */
function geometryRank(t: GeometryType): number {
  if (t === 'Polygon' || t === 'MultiPolygon') return 2;
  if (t === 'LineString' || t === 'MultiLineString') return 1;
  return 0;
}

/**
 * The panel's order (top first = drawn on top). Layers the user already placed keep their
 * place; a new layer goes to the top of its geometry group, so a fresh polygon import never
 * hides the incidents under its fill.
 */
export function arrangeLayers<L extends { id: number; geometryType: GeometryType }>(current: number[], layers: L[]): number[] {
  const present = new Set(layers.map((l) => l.id));
  const order = current.filter((id) => present.has(id));
  const rank = new Map(layers.map((l) => [l.id, geometryRank(l.geometryType)]));
  const fresh = layers.filter((l) => !order.includes(l.id)).sort((a, b) => a.id - b.id);
  for (const l of fresh) {
    const r = geometryRank(l.geometryType);
    const at = order.findIndex((id) => (rank.get(id) ?? 0) >= r);
    order.splice(at < 0 ? order.length : at, 0, l.id);
  }
  return order;
}

/** Moves `id` one place up (-1) or down (+1). */
export function moveLayer(order: number[], id: number, delta: -1 | 1): number[] {
  const i = order.indexOf(id);
  const j = i + delta;
  if (i < 0 || j < 0 || j >= order.length) return order;
  const next = [...order];
  [next[i], next[j]] = [next[j], next[i]];
  return next;
}

/** Moves `id` to position `index` of the order as it will be after the move (drag and drop). */
export function reorderLayer(order: number[], id: number, index: number): number[] {
  const i = order.indexOf(id);
  if (i < 0) return order;
  const rest = order.filter((x) => x !== id);
  const at = Math.max(0, Math.min(rest.length, Math.round(index)));
  if (at === i) return order;
  rest.splice(at, 0, id);
  return rest;
}
