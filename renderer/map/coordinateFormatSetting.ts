/**
 * The coordinate format the analyst chose for the read-out and the feature popup. Kept in the
 * browser profile like the language: it belongs to the person, not to the workspace.
 */
import type { TFunction } from 'i18next';
import { COORDINATE_FORMATS, type CoordinateFormat } from '../../shared/geo/coordinateFormats.ts';

const STORAGE_KEY = 'frontera.coordinateFormat';
/** UTM beside decimal degrees: what the read-out showed before there was a choice. */
const DEFAULT_FORMAT: CoordinateFormat = 'UTM';

export function storedCoordinateFormat(): CoordinateFormat {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return (COORDINATE_FORMATS as readonly (string | null)[]).includes(v) ? (v as CoordinateFormat) : DEFAULT_FORMAT;
  } catch {
    return DEFAULT_FORMAT;
  }
}

export function storeCoordinateFormat(format: CoordinateFormat): void {
  try {
    localStorage.setItem(STORAGE_KEY, format);
  } catch {
    // Not remembered (a locked-down profile), but the read-out still switches.
  }
}

/** A format's short name in the language: GD and GMS in Spanish; UTM and MGRS are the same in both. */
export function formatShortName(format: CoordinateFormat, t: TFunction): string {
  return t(`layerTools.status.formats.${format}`, { defaultValue: format });
}

/** What formatCoordinate says in the window's language: the letter for west, and "no UTM here" beyond its latitudes. */
export function coordinateWords(t: TFunction): { west: string; beyondUtm: (format: CoordinateFormat) => string } {
  return { west: t('layerTools.status.west'), beyondUtm: (format) => t('layerTools.status.beyondUtm', { format: formatShortName(format, t) }) };
}
