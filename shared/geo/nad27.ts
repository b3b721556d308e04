/**
 * NAD27 → WGS 84 without grid shift files. PROJ and GDAL shift NAD27 with the NADCON/NTv2 grids
 * (conus, alaska, ntv2_0.gsb …), which a machine without network or PROJ data does not have; proj4
 * then silently leaves the datum alone (an error of 50–100 m in the border zone). Frontera uses
 * EPSG's published Helmert transformations "NAD27 to WGS 84 (n)" instead, each for its own area,
 * with EPSG's stated accuracy (the parameters are checked against PROJ's database in
 * test/unit/geo/nad27.test.ts).
 *
 * The choice, made for each point (a NAD27 UTM zone or EPSG:4267 spans several areas): among the
 * transformations whose area of use (as a longitude/latitude box) holds the point, the one with the
 * best stated accuracy, the first listed on a tie, an offshore area only where no onshore one
 * holds the point — PROJ's own rule when it has no grid — except that "Mexico - onshore"
 * (EPSG:1187) applies exactly south of the US–Mexico border and the US CONUS ones (EPSG:1173,
 * 1174, 1175) exactly north of it (shared/geo/usMexicoBorder.ts): PROJ's boxes give Hermosillo or
 * Monterrey the CONUS parameters, 1 to 11 m from Mexico's (most in Baja California). A point in
 * none of the areas is refused (no silent fallback).
 */
import { southOfUsMexicoBorder } from './usMexicoBorder.ts';

export interface Nad27Transformation {
  /** EPSG code of the transformation. */
  code: number;
  /** EPSG's name of its area of use. */
  area: string;
  /** The area of use as [west, south, east, north] degrees. */
  box: readonly [number, number, number, number];
  /** EPSG's stated accuracy, metres. */
  accuracy: number;
  /** proj's +towgs84 (position vector convention: Coordinate Frame rotations are negated). */
  towgs84: string;
  /** Applies only on that side of the US–Mexico border. */
  side?: 'mexico' | 'us';
  /** An offshore area ("- offshore" in EPSG's name): used only where no onshore one applies. */
  offshore?: true;
}

/** EPSG's NAD27 to WGS 84 Helmert transformations (EPSG dataset as in PROJ 9.1), best accuracy first. */
export const NAD27_TO_WGS84: readonly Nad27Transformation[] = [
  { code: 7698, area: 'Panama - onshore', box: [-83.04, 7.15, -77.19, 9.68], accuracy: 1, towgs84: '-32.3841359,180.4090461,120.8442577,-2.1545854,-0.1498782,0.5742915,8.1049164' },
  { code: 15978, area: 'Cuba - onshore and offshore', box: [-87.01, 18.83, -73.57, 25.51], accuracy: 1, towgs84: '2.478,149.752,197.726,0.526,0.498,-0.501,0.685' },
  { code: 1530, area: 'Cuba - onshore and offshore', box: [-87.01, 18.83, -73.57, 25.51], accuracy: 3, towgs84: '-4.2,135.4,181.9' },
  { code: 15699, area: 'Mexico - offshore GoM - Campeche area S', box: [-94.79, 17.85, -89.75, 20.89], accuracy: 5, towgs84: '-2,124.7,196', offshore: true },
  { code: 15852, area: 'USA - GoM - east of 87.25°W', box: [-87.25, 23.82, -81.17, 30.25], accuracy: 5, towgs84: '-3,154,177', offshore: true },
  { code: 15853, area: 'USA - GoM - 95°W to 87.25°W', box: [-95, 25.61, -87.25, 30.23], accuracy: 5, towgs84: '-7,151,175', offshore: true },
  { code: 15854, area: 'USA - GoM - west of 95°W', box: [-97.22, 25.97, -95, 28.97], accuracy: 5, towgs84: '-7,151,178', offshore: true },
  { code: 15855, area: 'Mexico - offshore GoM - Tampico area', box: [-98.1, 21.51, -96.89, 22.75], accuracy: 5, towgs84: '-8,125,190', offshore: true },
  { code: 15913, area: 'Mexico - offshore GoM - Campeche area N', box: [-94.33, 20.87, -88.67, 23.01], accuracy: 5, towgs84: '0,125,196', offshore: true },
  { code: 1175, area: 'USA - CONUS west of Mississippi River - onshore', box: [-124.79, 25.83, -89.64, 49.05], accuracy: 7, towgs84: '-8,159,175', side: 'us' },
  { code: 1177, area: 'Bahamas - main islands onshore', box: [-79.04, 20.86, -72.68, 27.29], accuracy: 8, towgs84: '-4,154,178' },
  { code: 1182, area: 'Canada - NWT; Nunavut; Saskatchewan', box: [-136.46, 49, -60.72, 83.17], accuracy: 8, towgs84: '4,159,188' },
  { code: 15856, area: 'USA - GoM OCS', box: [-97.22, 23.82, -81.17, 30.25], accuracy: 8, towgs84: '-7,158,172', offshore: true },
  { code: 1181, area: 'Canada - eastern provinces', box: [-79.85, 43.41, -52.54, 62.62], accuracy: 9, towgs84: '-22,160,190' },
  { code: 1171, area: 'Central America - Belize to Costa Rica', box: [-92.29, 7.98, -82.53, 18.49], accuracy: 10, towgs84: '0,125,194' },
  { code: 1173, area: 'USA - CONUS - onshore', box: [-124.79, 24.41, -66.91, 49.38], accuracy: 10, towgs84: '-8,160,176', side: 'us' },
  { code: 1183, area: 'Canada - Yukon', box: [-141.01, 59.99, -123.91, 69.7], accuracy: 10, towgs84: '-7,139,181' },
  { code: 1174, area: 'USA - CONUS east of Mississippi River - onshore', box: [-97.22, 24.41, -66.91, 49.38], accuracy: 11, towgs84: '-9,161,179', side: 'us' },
  { code: 1176, area: 'USA - Alaska mainland', box: [-168.26, 54.34, -129.99, 71.4], accuracy: 12, towgs84: '-5,135,172' },
  { code: 1180, area: 'Canada - Manitoba and Ontario', box: [-102, 41.67, -74.35, 60.01], accuracy: 12, towgs84: '-9,157,184' },
  { code: 1187, area: 'Mexico - onshore', box: [-118.47, 14.51, -86.68, 32.72], accuracy: 12, towgs84: '-12,130,190', side: 'mexico' },
  { code: 1179, area: 'Canada - Alberta and British Columbia', box: [-139.04, 48.25, -109.98, 60.01], accuracy: 13, towgs84: '-7,162,188' },
  { code: 1249, area: 'USA - Alaska - Aleutian Islands east of 180°E', box: [-178.3, 51.54, -164.84, 54.34], accuracy: 15, towgs84: '-2,152,149' },
  { code: 1170, area: 'Caribbean - central (DMA tfm)', box: [-85.01, 13, -59.37, 23.25], accuracy: 16, towgs84: '-3,142,183' },
  { code: 1250, area: 'USA - Alaska - Aleutian Islands west of 180°W', box: [172.42, 51.3, 179.86, 53.07], accuracy: 18, towgs84: '2,204,105' },
  { code: 1172, area: 'Canada - NAD27', box: [-141.01, 40, -44, 83.17], accuracy: 20, towgs84: '-10,158,187' },
  { code: 1184, area: 'Panama - Canal Zone', box: [-80.07, 8.82, -79.46, 9.45], accuracy: 35, towgs84: '0,125,201' },
  { code: 1178, area: 'Bahamas (San Salvador Island) - onshore', box: [-74.6, 23.9, -74.37, 24.19], accuracy: 44, towgs84: '1,140,165' },
  { code: 1185, area: 'Cuba - onshore', box: [-85.01, 19.77, -74.07, 23.25], accuracy: 44, towgs84: '-9,152,178' },
  { code: 1186, area: 'Greenland - Hayes Peninsula', box: [-73.29, 75.86, -60.98, 79.2], accuracy: 44, towgs84: '11,114,195' },
];

/** The transformation for a NAD27 longitude/latitude, or null where EPSG publishes none. */
export function nad27Transformation(lon: number, lat: number): Nad27Transformation | null {
  let south: boolean | null = null;
  let offshore: Nad27Transformation | null = null;
  for (const t of NAD27_TO_WGS84) {
    const [w, s, e, n] = t.box;
    if (lon < w || lon > e || lat < s || lat > n) continue;
    if (t.side) {
      south ??= southOfUsMexicoBorder(lon, lat);
      if (south !== (t.side === 'mexico')) continue;
    }
    if (!t.offshore) return t;
    offshore ??= t;
  }
  return offshore;
}
