/**
 * What the import dialog decides from a preview, apart from how it shows it: the options a
 * preview is read again with, the suggestions it starts from, how a file of several layers picks
 * one, what must still be chosen before Import, and the options the import runs with.
 */
import type { FieldMapping, ImportOptions, ImportPreview } from '../../shared/api/contract.ts';
import type { TFunction } from 'i18next';
import { wordsFor } from '../i18n/language.tsx';
import { importControls } from './controls.ts';

/** The options that change what a preview finds; a change of any of them reads the file again. */
const PREVIEWED = ['lat', 'lon', 'wkt', 'crs', 'encoding', 'table', 'sheet'] as const;

export function previewOptions(o: ImportOptions): ImportOptions {
  return Object.fromEntries(PREVIEWED.flatMap((k) => (o[k] ? [[k, o[k]]] : [])));
}

/** Identifies a preview by what it was read with. */
export function previewKey(o: ImportOptions): string {
  return JSON.stringify(PREVIEWED.map((k) => o[k] ?? null));
}

/**
 * How a file of several layers (ImportPreview.layers) picks one: a workbook by `sheet`, one
 * sheet at a time; the others (a GeoPackage's tables, a GPX's waypoints, routes and tracks) by
 * `table`, where picking none imports every layer, a layer each.
 */
export function layerPick(format: string): { option: 'table' | 'sheet'; all: boolean } {
  return format === 'xlsx' ? { option: 'sheet', all: false } : { option: 'table', all: true };
}

/** The coordinate columns a preview suggests. */
export function suggestedColumns(p: ImportPreview): Pick<ImportOptions, 'lat' | 'lon' | 'wkt'> {
  const s = p.suggestions;
  return { ...(s.lat ? { lat: s.lat } : {}), ...(s.lon ? { lon: s.lon } : {}), ...(s.wkt ? { wkt: s.wkt } : {}) };
}

export function suggestedMapping(p: ImportPreview): FieldMapping {
  const s = p.suggestions;
  return {
    ...(s.time?.length ? { time: s.time } : {}),
    ...(s.time?.length && s.timeEnd ? { timeEnd: s.timeEnd } : {}),
    ...(s.category ? { category: s.category } : {}),
    ...(s.quantity ? { quantity: s.quantity } : {}),
    ...(s.unit ? { unit: s.unit } : {}),
    ...(s.precision ? { precision: s.precision } : {}),
  };
}

/** What must still be chosen before the file can be imported, in the dialog's words; none: Import is allowed. */
export function stillToChoose(p: ImportPreview, o: ImportOptions, t: TFunction = wordsFor('en').t): string[] {
  const c = importControls(t);
  const out: string[] = [];
  if (p.coordinatesMissing !== undefined && !(o.lat && o.lon) && !o.wkt) {
    out.push(t('layerTools.import.chooseCoordinates', { lat: c.lat, lon: c.lon, wkt: c.wkt }));
  }
  if (p.crsNeeded && !o.crs) {
    out.push(t('layerTools.import.chooseCrs', { crs: c.crs }));
  }
  return out;
}

/** The options the import runs with: empty choices left out, the mapping only where one is chosen. */
export function runOptions(o: ImportOptions, mapping: FieldMapping): ImportOptions {
  const chosen = Object.fromEntries(
    Object.entries(mapping).filter(([, v]) => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0)),
  ) as FieldMapping;
  return {
    ...Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')),
    ...(Object.keys(chosen).length ? { mapping: chosen } : {}),
  };
}

/** Whether the file's points come from columns the analyst may choose (a CSV, a workbook's sheet). */
export function takesCoordinateColumns(p: ImportPreview): boolean {
  return p.coordinatesMissing !== undefined || p.format === 'csv' || p.format === 'xlsx';
}
