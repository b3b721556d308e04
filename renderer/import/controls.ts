/**
 * The import dialog's controls, named once: each by the `frontera import` option that sets the
 * same thing, so the back end's messages — worded for the command line — name the control the
 * analyst sees instead of a flag (importMessages.ts), and the fields show the same labels.
 */
import type { TFunction } from 'i18next';
import { appEn } from '../../shared/i18n/app.en.ts';
import { translator } from '../../shared/i18n/translator.ts';

export type ImportControls = Readonly<Record<keyof typeof appEn.import.controls, string>>;

/** The controls' labels in a language (the catalogue's import.controls). */
export function importControls(t: TFunction): ImportControls {
  const keys = Object.keys(appEn.import.controls) as (keyof ImportControls)[];
  return Object.fromEntries(keys.map((k) => [k, t(`import.controls.${k}`)])) as ImportControls;
}

/** In English: what messages name when the dialog's language is not known. */
export const IMPORT_CONTROLS = importControls(translator('en', 'app'));

/**
 * The systems an analyst of the Sonora–Baja California border meets: GPS and web exports, UTM
 * of the two zones the region straddles (11N west of −114°, 12N east), and INEGI's Lambert
 * conformal conic for Mexico. Any other EPSG code, proj string or WKT can be typed.
 */
export const CRS_CHOICES: { value: string; /** Its name in the catalogue's layerTools.import.crsChoices. */ key: string }[] = [
  { value: 'EPSG:4326', key: 'wgs84' },
  { value: 'EPSG:32611', key: 'utm11' },
  { value: 'EPSG:32612', key: 'utm12' },
  { value: 'EPSG:6372', key: 'inegiLambert' },
];

/** Encodings Mexican files come in besides UTF-8, which is detected with the others. */
export const ENCODINGS = ['UTF-8', 'windows-1252', 'ISO-8859-1'];
