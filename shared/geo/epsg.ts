/**
 * The EPSG registry offline: every EPSG CRS (and ESRI's codes above 32767) as a proj definition,
 * from the table scripts/gen-epsg-table.ts generates out of the epsg-index package. No lookup ever
 * needs the network or a PROJ database. Only the back end and the CLI import this module (the
 * renderer never resolves a CRS), so the table stays out of the renderer's bundle.
 *
 * NAD27 definitions say +datum=NAD27: shared/geo/crs.ts shifts them to WGS 84 with EPSG's Helmert
 * transformations by area (shared/geo/nad27.ts), as no grid shift file is at hand.
 */
import { EPSG_SOURCE, EPSG_TABLE } from './epsgTable.generated.ts';

export { EPSG_SOURCE };

export interface EpsgEntry {
  name: string;
  /** A proj definition, or null when the CRS cannot place 2D features (`refusal` says why). */
  proj: string | null;
  refusal: string | null;
}

const WEB_MERCATOR = 3857;

/** Codes analysts paste that name another entry: ESRI's Web Mercator codes. */
const ALIASES = new Map<number, number>([
  [102100, WEB_MERCATOR],
  [102113, WEB_MERCATOR],
]);

let table: Map<number, string> | null = null;

/** The table split into lines by code, once; an entry is parsed when it is looked up. */
function lines(): Map<number, string> {
  if (table) return table;
  table = new Map();
  for (const line of EPSG_TABLE.split('\n')) table.set(Number(line.slice(0, line.indexOf('\t'))), line);
  return table;
}

export function epsgEntry(code: number): EpsgEntry | undefined {
  const line = lines().get(ALIASES.get(code) ?? code);
  if (line === undefined) return undefined;
  const [, name, def] = line.split('\t');
  return def.startsWith('!') ? { name, proj: null, refusal: def.slice(1) } : { name, proj: def, refusal: null };
}
