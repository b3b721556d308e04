/**
 * Reference geography of the Mexicali – San Luis Río Colorado border zone, embedded because
 * shared/ cannot read files. Coordinates are WGS84 [lon, lat].
 *
 * - The US–Mexico border is Natural Earth 1:10m admin_0_boundary_lines_land (public domain),
 *   the stretch from lon −112 to the Pacific. Natural Earth draws the two land stretches as
 *   straight lines in lon/lat, so dropping their collinear vertices loses nothing; the Colorado
 *   River stretch keeps every vertex. A test checks this copy against the shapefile.
 * - Municipality outlines are INEGI's Marco Geoestadístico (already generalised to ~4.5 km by
 *   INEGI), rounded to 4 decimals: approximate, good for "which municipality" at city scale.
 * - Towns, ejidos and roads are approximate positions written by hand for synthetic data.
 */
import type { BBox } from '../model/feature.ts';

export type LonLat = [number, number];

/** Sonora–Arizona straight line, east to west, ending where the border meets the Colorado River. */
const BORDER_SONORA_ARIZONA: LonLat[] = [
  [-112, 31.6276], [-112.734, 31.8545], [-113.5524, 32.1076], [-114.3709, 32.3607], [-114.7801, 32.4872],
];

/** The limitrophe stretch: the border follows the Colorado River north to Los Algodones. */
const BORDER_COLORADO_RIVER: LonLat[] = [
  [-114.7801, 32.4872], [-114.8168, 32.4985], [-114.8194, 32.4994], [-114.8221, 32.5002], [-114.8094, 32.5113],
  [-114.7955, 32.5522], [-114.7942, 32.5741], [-114.8027, 32.5945], [-114.7868, 32.621], [-114.7815, 32.6281],
  [-114.7588, 32.6448], [-114.7512, 32.6522], [-114.7395, 32.6691], [-114.7312, 32.6866], [-114.7239, 32.7115],
  [-114.7243, 32.7128],
];

/** Baja California–California straight line, east to west, to the Pacific at Tijuana. */
const BORDER_BAJA_CALIFORNIA: LonLat[] = [
  [-114.7243, 32.7128], [-114.7645, 32.7098], [-115.2058, 32.6765], [-115.647, 32.6431], [-116.0882, 32.6097],
  [-116.5295, 32.5763], [-117.0442, 32.5374], [-117.1251, 32.5317],
];

/** The US–Mexico border from lon −112 west to the Pacific (east to west, one line). */
export const US_MEXICO_BORDER: readonly LonLat[] = [
  ...BORDER_SONORA_ARIZONA,
  ...BORDER_COLORADO_RIVER.slice(1),
  ...BORDER_BAJA_CALIFORNIA.slice(1),
];

export const BORDER_STRETCHES = {
  sonoraArizona: BORDER_SONORA_ARIZONA as readonly LonLat[],
  coloradoRiver: BORDER_COLORADO_RIVER as readonly LonLat[],
  bajaCalifornia: BORDER_BAJA_CALIFORNIA as readonly LonLat[],
};

/** Towns and ejidos (approximate centres; the first four are the README's public coordinates). */
export const PLACES = {
  sanLuisRioColorado: [-114.7717, 32.4561] as LonLat,
  mexicali: [-115.4545, 32.6245] as LonLat,
  ciudadGuadalupeVictoria: [-115.104, 32.293] as LonLat,
  losAlgodones: [-114.73, 32.7] as LonLat,
  ciudadMorelos: [-114.87, 32.63] as LonLat,
  ejidoHermosillo: [-115.03, 32.47] as LonLat,
  ejidoNuevoLeon: [-115.19, 32.405] as LonLat,
  estacionDelta: [-115.2, 32.357] as LonLat,
  islasAgrarias: [-115.29, 32.57] as LonLat,
  golfoDeSantaClara: [-114.94, 31.69] as LonLat,
} as const;

export type PlaceKey = keyof typeof PLACES;

/** How a local export names each place. */
export const PLACE_NAMES: Record<PlaceKey, string> = {
  sanLuisRioColorado: 'San Luis Río Colorado',
  mexicali: 'Mexicali',
  ciudadGuadalupeVictoria: 'Ciudad Guadalupe Victoria (Km 43)',
  losAlgodones: 'Los Algodones',
  ciudadMorelos: 'Ciudad Morelos (Cuervos)',
  ejidoHermosillo: 'Ejido Hermosillo',
  ejidoNuevoLeon: 'Ejido Nuevo León',
  estacionDelta: 'Estación Delta',
  islasAgrarias: 'Islas Agrarias',
  golfoDeSantaClara: 'Golfo de Santa Clara',
};

/**
 * Federal Highway 2 from Mexicali east through the valley, past the junction of the road to
 * Los Algodones, over the Colorado River into San Luis Río Colorado (approximate path).
 */
export const HIGHWAY_2_MEXICALI_SLRC: readonly LonLat[] = [
  [-115.4545, 32.6245], [-115.41, 32.612], [-115.37, 32.598], [-115.33, 32.585], [-115.28, 32.57],
  [-115.23, 32.555], [-115.18, 32.54], [-115.13, 32.528], [-115.08, 32.518], [-115.03, 32.509],
  [-114.98, 32.5], [-114.93, 32.494], [-114.88, 32.489], [-114.835, 32.487], [-114.8, 32.47],
  [-114.7717, 32.4561],
];

/**
 * Road from Highway 2 north to Los Algodones, staying west of the river (approximate). It stops
 * 600 m short of the town centre, which INEGI's generalised outline leaves just outside Mexico.
 */
export const ROAD_ALGODONES: readonly LonLat[] = [
  [-114.9, 32.492], [-114.885, 32.55], [-114.87, 32.6], [-114.84, 32.625], [-114.8, 32.66],
  [-114.76, 32.69], [-114.736, 32.699],
];

/** Federal Highway 2 east of San Luis Río Colorado toward Sonoyta, near the border (approximate). */
export const HIGHWAY_2_SLRC_SONOYTA: readonly LonLat[] = [
  [-114.7717, 32.4561], [-114.7, 32.43], [-114.6, 32.398], [-114.5, 32.366], [-114.4, 32.335],
  [-114.3, 32.303], [-114.2, 32.271], [-114.1, 32.24],
];

/** Highway 5 from Mexicali south through the valley toward San Felipe (approximate). */
export const HIGHWAY_5_MEXICALI_SOUTH: readonly LonLat[] = [
  [-115.4, 32.6], [-115.37, 32.52], [-115.33, 32.44], [-115.29, 32.36], [-115.26, 32.28],
  [-115.24, 32.2], [-115.22, 32.1], [-115.2, 32.0],
];

/** Highway from San Luis Río Colorado south to Golfo de Santa Clara (approximate). */
export const ROAD_GOLFO_DE_SANTA_CLARA: readonly LonLat[] = [
  [-114.7717, 32.4561], [-114.79, 32.35], [-114.82, 32.2], [-114.86, 32.05], [-114.9, 31.9],
  [-114.93, 31.76], [-114.94, 31.69],
];

/**
 * The Colorado River below the limitrophe stretch, from where it leaves the border south-west
 * through the valley (Natural Earth rivers_lake_centerlines, every second vertex).
 */
export const COLORADO_RIVER_MEXICO: readonly LonLat[] = [
  [-114.8104, 32.5116], [-114.8328, 32.492], [-114.8537, 32.488], [-114.9059, 32.4918], [-114.9263, 32.4825],
  [-114.9452, 32.4628], [-114.9602, 32.4387], [-114.9686, 32.416], [-114.9695, 32.3817], [-114.9817, 32.3415],
  [-115.0001, 32.3231], [-115.0206, 32.3098], [-115.0371, 32.2917], [-115.0431, 32.259], [-115.0574, 32.2316],
  [-115.1002, 32.2154], [-115.1487, 32.2039], [-115.1803, 32.1907], [-115.1999, 32.1571], [-115.213, 32.1091],
];

export interface Municipality {
  cvegeo: string;
  name: string;
  state: string;
  /** Outer rings only (no holes in these two). */
  polygons: LonLat[][];
}

const MEXICALI_MAIN: LonLat[] = [
  [-114.8684, 31.3888], [-114.9966, 31.3797], [-115.0195, 31.4271], [-115.0545, 31.4431], [-115.0669, 31.4691], [-115.0717, 31.5089],
  [-115.0734, 31.538], [-115.0749, 31.5699], [-115.0733, 31.6203], [-115.072, 31.6619], [-115.0665, 31.6886], [-115.067, 31.7323],
  [-115.0818, 31.7596], [-115.1066, 31.8055], [-115.1262, 31.8151], [-115.1875, 31.8303], [-115.2277, 31.8176], [-115.2842, 31.7963],
  [-115.3119, 31.8046], [-115.3833, 31.7723], [-115.4475, 31.7316], [-115.453, 31.7282], [-115.5373, 31.6698], [-115.5666, 31.6434],
  [-115.6036, 31.6244], [-115.7095, 31.7824], [-115.7096, 31.7825], [-115.8478, 31.9901], [-115.856, 32.1131], [-115.8585, 32.15],
  [-115.8664, 32.2687], [-115.8702, 32.3245], [-115.8739, 32.3797], [-115.8743, 32.3862], [-115.8763, 32.4393], [-115.8784, 32.4941],
  [-115.8798, 32.5298], [-115.8814, 32.5712], [-115.8821, 32.5951], [-115.8793, 32.6361], [-115.7089, 32.6491], [-115.5192, 32.6633],
  [-115.5077, 32.6641], [-115.3034, 32.6789], [-115.3021, 32.679], [-115.2859, 32.6802], [-115.1235, 32.6915], [-115.1147, 32.6921],
  [-115.1072, 32.6926], [-114.8586, 32.7095], [-114.7469, 32.7169], [-114.7291, 32.7054], [-114.7515, 32.6602], [-114.7652, 32.6426],
  [-114.7753, 32.6361], [-114.7957, 32.6232], [-114.8071, 32.6029], [-114.8071, 32.5736], [-114.8042, 32.5643], [-114.8029, 32.5601],
  [-114.8028, 32.5463], [-114.8032, 32.53], [-114.8136, 32.4939], [-114.8647, 32.4802], [-114.917, 32.4832], [-114.9378, 32.4601],
  [-114.9456, 32.4232], [-114.9479, 32.417], [-114.9634, 32.375], [-114.9865, 32.3227], [-115.014, 32.298], [-115.033, 32.2805],
  [-115.0481, 32.2437], [-115.0108, 32.2085], [-115.0108, 32.2084], [-114.9847, 32.1573], [-114.9804, 32.1158], [-114.9695, 32.0797],
  [-114.9605, 32.0502], [-114.9626, 32.0343], [-114.9674, 31.997], [-114.9666, 31.9625], [-114.9655, 31.9184], [-114.9434, 31.9071],
  [-114.9119, 31.8791], [-114.8674, 31.8645], [-114.8369, 31.8524], [-114.8069, 31.8167], [-114.8084, 31.8012], [-114.8103, 31.7863],
  [-114.8197, 31.7656], [-114.8218, 31.7525], [-114.8215, 31.7372], [-114.8103, 31.7042], [-114.8012, 31.6902], [-114.7913, 31.6689],
  [-114.7906, 31.6657], [-114.7881, 31.6547], [-114.7859, 31.6395], [-114.7871, 31.6273], [-114.7971, 31.6119], [-114.8216, 31.615],
  [-114.8394, 31.6005], [-114.8506, 31.5869], [-114.8564, 31.5663], [-114.8597, 31.5483], [-114.8619, 31.5351], [-114.863, 31.5165],
  [-114.8567, 31.4978], [-114.8539, 31.4613], [-114.8623, 31.4201], [-114.8684, 31.3888],];

/** Isla Montague in the Colorado delta, part of Mexicali (further simplified, ~150 m). */
const MEXICALI_MONTAGUE: LonLat[] = [
  [-114.7194, 31.748], [-114.7225, 31.747], [-114.7153, 31.7279], [-114.7021, 31.7111], [-114.69, 31.6997], [-114.643, 31.6678],
  [-114.6279, 31.6417], [-114.6258, 31.6329], [-114.6284, 31.6296], [-114.6383, 31.6265], [-114.6742, 31.6305], [-114.7398, 31.6566],
  [-114.7671, 31.6809], [-114.7726, 31.6935], [-114.7762, 31.714], [-114.7777, 31.7519], [-114.7759, 31.763], [-114.7621, 31.7696],
  [-114.7419, 31.7668], [-114.7274, 31.7576], [-114.7194, 31.748],];

const SAN_LUIS_RIO_COLORADO: LonLat[] = [
  [-113.5765, 32.1153], [-113.6069, 32.0592], [-113.5478, 32.0447], [-113.612, 32.0], [-113.6188, 31.9807], [-113.646, 31.9036],
  [-113.6667, 31.888], [-113.7152, 31.8551], [-113.7226, 31.8195], [-113.6879, 31.7586], [-113.6873, 31.75], [-113.6845, 31.5834],
  [-113.6971, 31.6103], [-113.7147, 31.6479], [-113.7311, 31.683], [-113.7607, 31.6893], [-113.8028, 31.6822], [-113.8476, 31.9814],
  [-113.849, 31.991], [-113.9756, 31.75], [-113.9984, 31.7134], [-113.9932, 31.5908], [-113.9906, 31.5308], [-114.006, 31.5238],
  [-113.9895, 31.5284], [-113.9686, 31.5567], [-113.9878, 31.5291], [-114.0238, 31.5009], [-114.0401, 31.4911], [-114.1321, 31.492],
  [-114.1541, 31.4948], [-114.1806, 31.5027], [-114.2007, 31.5098], [-114.2733, 31.5428], [-114.2854, 31.5484], [-114.2868, 31.5497],
  [-114.2984, 31.5602], [-114.308, 31.5697], [-114.314, 31.5758], [-114.3641, 31.6086], [-114.3796, 31.6188], [-114.3828, 31.6204],
  [-114.4113, 31.6347], [-114.4387, 31.6485], [-114.4911, 31.6748], [-114.5364, 31.7149], [-114.5479, 31.7275], [-114.558, 31.7383],
  [-114.5922, 31.7565], [-114.6068, 31.7605], [-114.6239, 31.7633], [-114.647, 31.7625], [-114.6614, 31.7617], [-114.6782, 31.7603],
  [-114.7006, 31.7663], [-114.7227, 31.7771], [-114.7357, 31.7959], [-114.7466, 31.8089], [-114.7684, 31.8209], [-114.793, 31.8223],
  [-114.8069, 31.8167], [-114.8369, 31.8524], [-114.8674, 31.8645], [-114.9119, 31.8791], [-114.9434, 31.9071], [-114.9655, 31.9184],
  [-114.9666, 31.9625], [-114.9674, 31.997], [-114.9626, 32.0343], [-114.9605, 32.0502], [-114.9695, 32.0797], [-114.9804, 32.1158],
  [-114.9847, 32.1573], [-115.0108, 32.2084], [-115.0108, 32.2085], [-115.0481, 32.2437], [-115.033, 32.2805], [-115.014, 32.298],
  [-114.9865, 32.3227], [-114.9634, 32.375], [-114.9479, 32.417], [-114.9456, 32.4232], [-114.9378, 32.4601], [-114.917, 32.4832],
  [-114.8647, 32.4802], [-114.8136, 32.4939], [-114.7908, 32.4875], [-114.7405, 32.4725], [-114.6669, 32.4504], [-114.5372, 32.4111],
  [-114.4155, 32.3741], [-114.352, 32.3548], [-114.2223, 32.3152], [-114.201, 32.3087], [-114.1893, 32.3051], [-114.1014, 32.278],
  [-113.9713, 32.2379], [-113.9093, 32.2187], [-113.673, 32.1454], [-113.5784, 32.1159], [-113.5765, 32.1153],];

export const MUNICIPALITIES: readonly Municipality[] = [
  { cvegeo: '02002', name: 'Mexicali', state: 'Baja California', polygons: [MEXICALI_MAIN, MEXICALI_MONTAGUE] },
  { cvegeo: '26055', name: 'San Luis Río Colorado', state: 'Sonora', polygons: [SAN_LUIS_RIO_COLORADO] },
];

/** ~150 × 100 km around Mexicali – San Luis Río Colorado: the frame of the synthetic presets. */
export const BORDER_ZONE_BBOX: BBox = [-115.75, 31.95, -114.15, 32.85];
