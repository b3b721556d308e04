/**
 * The printed scale bar. MapLibre draws 512-px tiles in Web Mercator, so one CSS pixel spans
 * C·cos φ / (512·2^z) metres at latitude φ (C = the equator's length); the bar is true at the
 * latitude it is computed for (the map centre) and only there, which the label does not hide.
 */
const EARTH_CIRCUMFERENCE_M = 40075016.686;

export function metresPerCssPixel(zoom: number, latitude: number): number {
  return (EARTH_CIRCUMFERENCE_M * Math.cos((latitude * Math.PI) / 180)) / (512 * 2 ** zoom);
}

/** The largest 1/2/5·10^k metres not longer than `maxMetres`. */
export function roundScaleLength(maxMetres: number): number {
  if (!(maxMetres > 0) || !Number.isFinite(maxMetres)) throw new RangeError(`roundScaleLength: ${maxMetres}`);
  const k = Math.floor(Math.log10(maxMetres));
  const base = 10 ** k;
  for (const m of [5, 2, 1]) if (m * base <= maxMetres * (1 + 1e-12)) return m * base;
  return base;
}

function formatDistance(metres: number): string {
  if (metres >= 1000) {
    const km = metres / 1000;
    return `${Number.isInteger(km) ? km : km.toFixed(1)} km`;
  }
  return `${Math.round(metres)} m`;
}

export interface ScaleBar {
  /** Bar length in CSS pixels (1/96 in on paper). */
  px: number;
  metres: number;
  label: string;
  /** Labels under the bar's ticks, from 0 to the full length. */
  ticks: { px: number; label: string }[];
}

/** A bar of a round length at most `maxPx` CSS pixels long, with a tick at its half. */
export function scaleBar(metresPerPx: number, maxPx: number): ScaleBar {
  const metres = roundScaleLength(metresPerPx * maxPx);
  const px = metres / metresPerPx;
  const label = formatDistance(metres);
  return {
    px,
    metres,
    label,
    ticks: [
      { px: 0, label: '0' },
      { px: px / 2, label: formatDistance(metres / 2).replace(/ (k?m)$/, '') },
      { px, label },
    ],
  };
}
