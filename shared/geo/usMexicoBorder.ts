/**
 * Which side of the United States–Mexico border a point lies on, for choosing between EPSG's
 * NAD27 → WGS 84 transformations for Mexico and for the United States (shared/geo/nad27.ts):
 * their areas of use overlap as bounding boxes over all of northern Mexico and southern Texas,
 * so a box test (what PROJ does) cannot tell Hermosillo from Tucson.
 *
 * West of El Paso the border is straight treaty lines between boundary monuments (1848 and 1853
 * treaties), given here by their end points; the Colorado River stretch between monuments 206
 * and 204 is taken as straight. East of El Paso it follows the Rio Grande, drawn through the
 * river's crossing towns; test/unit/geo/nad27.test.ts measures this line against Natural Earth's
 * 1:10m boundary (the largest gap is stated there). A point closer to the line than that gap
 * may be put on the wrong side; the two transformations differ there by 1 to 11 m.
 */

/** The border from the Pacific to the Gulf of Mexico, [longitude, latitude], west to east. */
const BORDER: readonly (readonly [number, number])[] = [
  [-117.1243, 32.5343], // Pacific, monument 258
  [-114.7196, 32.7183], // Colorado River, monument 206 (the 1848 line)
  [-114.8131, 32.4943], // Colorado River, monument 204 (the 1853 line)
  [-111.0749, 31.3323], // monument 127, 31°20′ N
  [-108.2084, 31.3322], // monument 77
  [-108.2084, 31.7837], // monument 53, 31°47′ N
  [-106.5281, 31.7837], // Rio Grande, monument 1 (El Paso – Ciudad Juárez)
  [-106.4, 31.73],
  [-106.2, 31.48], // San Elizario
  [-105.85, 31.29], // Fort Hancock – El Porvenir
  [-105.35, 30.85],
  [-104.98, 30.62],
  [-104.68, 30.17], // Candelaria – San Antonio del Bravo
  [-104.38, 29.56], // Presidio – Ojinaga
  [-103.78, 29.27], // Lajitas
  [-103.5, 29.12], // Santa Elena canyon
  [-103.18, 28.98], // the southern tip of the Big Bend
  [-102.95, 29.18], // Boquillas
  [-102.68, 29.75],
  [-102.35, 29.87],
  [-101.56, 29.78], // Langtry
  [-101.05, 29.47], // Amistad reservoir
  [-100.91, 29.35], // Del Rio – Ciudad Acuña
  [-100.5, 28.7], // Eagle Pass – Piedras Negras
  [-100.25, 28.3],
  [-99.85, 27.85],
  [-99.51, 27.5], // Laredo – Nuevo Laredo
  [-99.45, 27.05], // San Ygnacio
  [-99.16, 26.57], // Falcón dam
  [-99.02, 26.41], // Roma – Ciudad Miguel Alemán
  [-98.6, 26.24],
  [-98.3, 26.11], // Hidalgo – Reynosa
  [-98.15, 26.064],
  [-97.8, 26.064],
  [-97.68, 26.035],
  [-97.5, 25.9], // Brownsville – Matamoros
  [-97.146, 25.956], // the river's mouth
];

/**
 * Mexico's side: the border, then round the south through the Gulf (below 24° N, south of the
 * Florida Keys) and the Pacific. Also the side the study area of a statistic keeps
 * (shared/analysis/studyArea.ts).
 */
export const MEXICO_SIDE: readonly (readonly [number, number])[] = [...BORDER, [-97.146, 24], [-80, 24], [-80, 0], [-125, 0], [-125, 32.5343]];

/** True when (lon, lat) is south of the US–Mexico border line (ray casting on the ring above). */
export function southOfUsMexicoBorder(lon: number, lat: number): boolean {
  let inside = false;
  for (let i = 0, j = MEXICO_SIDE.length - 1; i < MEXICO_SIDE.length; j = i++) {
    const [xi, yi] = MEXICO_SIDE[i];
    const [xj, yj] = MEXICO_SIDE[j];
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** The border line itself, for measuring it against an independent boundary. */
export const US_MEXICO_BORDER = BORDER;
