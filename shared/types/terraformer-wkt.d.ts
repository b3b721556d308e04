// @terraformer/wkt ships no types; the one function Frontera uses.
declare module '@terraformer/wkt' {
  import type { Geometry } from 'geojson';
  export function geojsonToWKT(geometry: Geometry): string;
}
