/** Default layer colours: distinguishable on the pale basemap and for common colour blindness (Okabe–Ito). */
const LAYER_COLORS = ['#d55e00', '#0072b2', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#000000', '#f0e442'];

export function defaultLayerColor(layerId: number): string {
  return LAYER_COLORS[(layerId - 1) % LAYER_COLORS.length];
}
