/**
 * Writes shared/geo/epsgTable.generated.ts, the offline CRS registry, from the epsg-index package
 * (EPSG's CRSs, and ESRI's above 32767, as PROJ exports them to proj strings):
 *
 *   npx tsx scripts/gen-epsg-table.ts            (rewrite the module)
 *   npx tsx scripts/gen-epsg-table.ts --check    (exit 1 when the module is not what it writes)
 *
 * One line per code, "code<TAB>name<TAB>definition", or "code<TAB>name<TAB>!why" for a CRS that
 * cannot place 2D features (vertical, engineering, geocentric, a projection proj4js lacks, a grid
 * shift with no Helmert replacement). Every definition kept is one proj4js reads and round-trips
 * at the centre of the CRS's area. Why a generated module rather than epsg-index itself: its
 * all.json is 7.8 MB (each CRS's WKT), parsed by every process that imports the CRS code; this
 * table is a fifth of that, and is one string split only when a code is first looked up.
 *
 * Grid shifts, which need files Frontera does not carry:
 *  - NAD27 (ntv2_0.gsb in epsg-index): written as +datum=NAD27, which shared/geo/crs.ts shifts
 *    point by point with EPSG's Helmert transformations by area (shared/geo/nad27.ts).
 *  - the other grid-shifted datums: EPSG's most accurate Helmert "… to WGS 84" transformation
 *    whose area holds the centre of the CRS's area of use replaces the grid (DATUM_HELMERT below,
 *    the one PROJ itself would use there without the grid); none → refused.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import proj4 from 'proj4';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const TABLE_PATH = path.join(root, 'shared', 'geo', 'epsgTable.generated.ts');

interface IndexEntry {
  code: string;
  kind: string;
  name: string;
  proj4?: string;
  /** [north, west, south, east] */
  bbox?: [number, number, number, number];
}

interface Helmert {
  code: number;
  /** [west, south, east, north] */
  box: [number, number, number, number];
  accuracy: number;
  /** Position vector convention (EPSG's Coordinate Frame rotations negated). */
  towgs84: string;
}

/**
 * EPSG's Helmert transformations to WGS 84 that Frontera puts in place of epsg-index's choice,
 * keyed by the datum's name as CRS names begin with it (values from PROJ 9.1's database;
 * test/unit/geo/epsgRegistry.test.ts checks a CRS of each against PROJ):
 *  - with `grid`: the datums epsg-index shifts with that grid file. Datums with a grid and absent
 *    here (NAD27(76), NAD27(CGQ77), ATS77, Corrego Alegre 1961, RD/83, PD/83) have no Helmert
 *    transformation in EPSG and are refused;
 *  - without: NAD83(HARN), which epsg-index gives the null transformation (EPSG:1580, 2 m) where
 *    PROJ uses EPSG:1901 (1 m) in the conterminous US: 1.2 m apart at Phoenix.
 */
const DATUM_HELMERT: Record<string, { grid?: string; helmert: Helmert[] }> = {
  OSGB36: {
    grid: 'OSTN15_NTv2_OSGBtoETRS.gsb',
    helmert: [{ code: 1314, box: [-8.82, 49.79, 1.92, 60.94], accuracy: 2, towgs84: '446.448,-125.157,542.06,0.15,0.247,0.842,-20.489' }],
  },
  NZGD49: {
    grid: 'nzgd2kgrid0005.gsb',
    helmert: [{ code: 1564, box: [165.87, -47.65, 179.27, -33.89], accuracy: 4, towgs84: '59.47,-5.04,187.44,0.47,-0.1,1.024,-4.5993' }],
  },
  DHDN: {
    grid: 'BETA2007.gsb',
    helmert: [
      { code: 15869, box: [9.92, 50.2, 15.04, 54.74], accuracy: 2, towgs84: '612.4,77,440.2,-0.054,0.057,-2.797,2.55' },
      { code: 1777, box: [5.86, 47.27, 13.84, 55.09], accuracy: 3, towgs84: '598.1,73.7,418.2,0.202,0.045,-2.455,6.7' },
    ],
  },
  AGD84: {
    grid: '"National 84 (02.07.01).gsb"',
    helmert: [{ code: 1669, box: [109.23, -38.53, 153.61, -9.37], accuracy: 3, towgs84: '-117.763,-51.51,139.061,0.292,0.443,0.277,-0.191' }],
  },
  'Corrego Alegre 1970-72': {
    grid: 'CA7072_003.gsb',
    helmert: [{ code: 6192, box: [-58.16, -33.78, -34.74, -2.68], accuracy: 5, towgs84: '-205.57,168.77,-4.12' }],
  },
  'NAD83(HARN)': {
    helmert: [
      {
        code: 1901,
        box: [-124.79, 24.41, -66.91, 49.38],
        accuracy: 1,
        towgs84: '-0.991,1.9072,0.5129,0.0257899075194932,0.0096500989602704,0.0116599432323421,0',
      },
    ],
  },
};

const NAD27_GRID = /\+ellps=clrk66 \+nadgrids=NTv2_0\.gsb/;
const WGS84 = '+proj=longlat +datum=WGS84 +no_defs';

/** The centre of an area of use given as [north, west, south, east] (across the antimeridian too). */
function centre(bbox: IndexEntry['bbox']): [number, number] {
  const [n, w, s, e] = bbox ?? [0, 0, 0, 0];
  const lon = w <= e ? (w + e) / 2 : (((w + e + 360) / 2 + 540) % 360) - 180;
  return [lon, (n + s) / 2];
}

/** The CRS's definition for the table, or '!' and why it cannot place 2D features. */
function tableDefinition(e: IndexEntry): string {
  if (e.kind === 'CRS-VERTCRS') return '!is a vertical CRS (heights only, no horizontal position)';
  if (e.kind === 'CRS-ENGCRS') return '!is an engineering CRS (a local grid not tied to the Earth)';
  if (e.kind === 'CRS-GCENCRS') return '!is a geocentric CRS (X, Y, Z from the Earth centre), not one of map coordinates';
  if (!e.proj4) return '!has no proj definition in the EPSG index';
  let def = e.proj4.replace(/ \+type=crs$/, '').replace(/ \+no_defs\b/, '');
  if (NAD27_GRID.test(def)) def = def.replace(NAD27_GRID, '+datum=NAD27');
  const grid = /\+nadgrids=("[^"]*"|\S+)/.exec(def)?.[1];
  const needsGrid = grid !== undefined && grid !== '@null';
  const datum = Object.keys(DATUM_HELMERT).find((d) => e.name.startsWith(d) && DATUM_HELMERT[d].grid === (needsGrid ? grid : undefined));
  const [lon, lat] = centre(e.bbox);
  const helmert = datum ? DATUM_HELMERT[datum].helmert.find(({ box }) => lon >= box[0] && lon <= box[2] && lat >= box[1] && lat <= box[3]) : undefined;
  if (needsGrid && !helmert) {
    return `!needs the grid shift file ${grid.replace(/"/g, '')}, which Frontera does not carry, and EPSG publishes no Helmert transformation to WGS 84 for its area`;
  }
  if (helmert) def = def.replace(needsGrid ? `+nadgrids=${grid}` : /\+towgs84=\S+/, `+towgs84=${helmert.towgs84}`);
  const projection = /\+proj=(\S+)/.exec(def)?.[1] ?? '?';
  let p: { projName?: string } | undefined;
  try {
    p = new proj4.Proj(def) as unknown as { projName?: string };
  } catch {
    p = undefined;
  }
  if (!p?.projName) return `!uses the projection "${projection}", which Frontera's projection library (proj4js) cannot compute`;
  if (!roundTrips(def, e.bbox)) return `!cannot be computed by Frontera's projection library (proj4js) in its area of use`;
  return def;
}

/** WGS84 → CRS → WGS84 at the centre of the area of use comes back within 1e-6°. */
function roundTrips(def: string, bbox: IndexEntry['bbox']): boolean {
  const [lon, lat] = centre(bbox);
  try {
    const conv = proj4(WGS84, def);
    const back = conv.inverse(conv.forward([lon, lat]));
    // Longitudes compared round the circle: a zone centred on 180° may come back as -180°.
    return Math.abs((((back[0] - lon) % 360) + 540) % 360 - 180) < 1e-6 && Math.abs(back[1] - lat) < 1e-6;
  } catch {
    return false;
  }
}

export function generateTable(): string {
  const pkgDir = path.join(root, 'node_modules', 'epsg-index');
  const version = (JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { version: string }).version;
  const all = JSON.parse(fs.readFileSync(path.join(pkgDir, 'all.json'), 'utf8')) as Record<string, IndexEntry>;
  const lines = Object.values(all)
    .sort((a, b) => Number(a.code) - Number(b.code))
    .map((e) => `${e.code}\t${e.name.replace(/[\t\n]/g, ' ')}\t${tableDefinition(e)}`);
  return [
    `// Generated by scripts/gen-epsg-table.ts from epsg-index ${version}: do not edit.`,
    '// One line per code: code, name, then a proj definition or "!" and why the CRS is refused.',
    `export const EPSG_SOURCE = ${JSON.stringify(`epsg-index ${version}`)};`,
    `export const EPSG_TABLE = ${JSON.stringify(lines.join('\n'))};`,
    '',
  ].join('\n');
}

function main(argv: string[]): void {
  const text = generateTable();
  if (argv.includes('--check')) {
    const same = fs.existsSync(TABLE_PATH) && fs.readFileSync(TABLE_PATH, 'utf8') === text;
    process.stdout.write(same ? 'up to date\n' : `${path.relative(root, TABLE_PATH)} differs: run npx tsx scripts/gen-epsg-table.ts\n`);
    process.exitCode = same ? 0 : 1;
    return;
  }
  fs.writeFileSync(TABLE_PATH, text);
  process.stdout.write(`wrote ${path.relative(root, TABLE_PATH)} (${(text.length / 1e6).toFixed(2)} MB)\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
