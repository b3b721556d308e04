/**
 * An attribute value as the popup and the attribute table show it. Numbers are written as the
 * source holds them, without thousands separators: an integer field is as often a code, an id
 * or a year ("2023", "507573") as a count, and QGIS and ArcGIS show them plain too; decimals
 * to at most 6 places (0.1 m at these latitudes for coordinates).
 */
export function attributeText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(6).replace(/\.?0+$/, '');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
