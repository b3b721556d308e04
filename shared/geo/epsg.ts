/**
 * The EPSG codes analysts in the Sonora–Baja California zone meet, as proj strings, so no
 * lookup ever needs the network or a PROJ database. Families of UTM zones are generated.
 *
 * NAD27 has no grid shift files offline; it uses the 3-parameter NAD27 → WGS 84 shift for
 * Mexico (-12, 130, 190; accuracy about 10 m), which is the relevant one for this region.
 */

const NAD27_MEXICO = '+ellps=clrk66 +towgs84=-12,130,190,0,0,0,0';
const ITRF2008 = '+ellps=GRS80 +towgs84=0,0,0,0,0,0,0';

export interface EpsgEntry {
  name: string;
  proj: string;
}

function utm(zone: number, south: boolean, datum: string): string {
  return `+proj=utm +zone=${zone}${south ? ' +south' : ''} ${datum} +units=m +no_defs`;
}

function buildTable(): Map<number, EpsgEntry> {
  const t = new Map<number, EpsgEntry>();
  t.set(4326, { name: 'WGS 84', proj: '+proj=longlat +datum=WGS84 +no_defs' });
  t.set(4269, { name: 'NAD83', proj: '+proj=longlat +datum=NAD83 +no_defs' });
  t.set(4267, { name: 'NAD27', proj: `+proj=longlat ${NAD27_MEXICO} +no_defs` });
  t.set(4483, { name: 'Mexico ITRF92', proj: `+proj=longlat ${ITRF2008} +no_defs` });
  t.set(6365, { name: 'Mexico ITRF2008', proj: `+proj=longlat ${ITRF2008} +no_defs` });
  const webMercator =
    '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs';
  t.set(3857, { name: 'WGS 84 / Pseudo-Mercator', proj: webMercator });
  t.set(900913, { name: 'Google Mercator (legacy code of EPSG:3857)', proj: webMercator });
  t.set(102100, { name: 'ESRI Web Mercator (same as EPSG:3857)', proj: webMercator });
  const mexicoLcc = '+proj=lcc +lat_0=12 +lon_0=-102 +lat_1=17.5 +lat_2=29.5 +x_0=2500000 +y_0=0';
  t.set(6372, { name: 'Mexico ITRF2008 / LCC', proj: `${mexicoLcc} ${ITRF2008} +units=m +no_defs` });
  t.set(6362, { name: 'Mexico ITRF92 / LCC', proj: `${mexicoLcc} ${ITRF2008} +units=m +no_defs` });
  // Mexico ITRF92 / UTM 11N–16N are 4484–4489, Mexico ITRF2008 / UTM 11N–16N are 6366–6371.
  for (let zone = 11; zone <= 16; zone++) {
    t.set(4484 + zone - 11, { name: `Mexico ITRF92 / UTM zone ${zone}N`, proj: utm(zone, false, ITRF2008) });
    t.set(6366 + zone - 11, { name: `Mexico ITRF2008 / UTM zone ${zone}N`, proj: utm(zone, false, ITRF2008) });
  }
  for (let zone = 1; zone <= 60; zone++) {
    t.set(32600 + zone, { name: `WGS 84 / UTM zone ${zone}N`, proj: utm(zone, false, '+datum=WGS84') });
    t.set(32700 + zone, { name: `WGS 84 / UTM zone ${zone}S`, proj: utm(zone, true, '+datum=WGS84') });
  }
  for (let zone = 1; zone <= 23; zone++) {
    t.set(26900 + zone, { name: `NAD83 / UTM zone ${zone}N`, proj: utm(zone, false, '+datum=NAD83') });
  }
  for (let zone = 1; zone <= 22; zone++) {
    t.set(26700 + zone, { name: `NAD27 / UTM zone ${zone}N`, proj: utm(zone, false, NAD27_MEXICO) });
  }
  return t;
}

let table: Map<number, EpsgEntry> | null = null;

export function epsgEntry(code: number): EpsgEntry | undefined {
  table ??= buildTable();
  return table.get(code);
}
