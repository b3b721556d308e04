/**
 * The demo's incident layer: a year (2023) of homicides, armed confrontations and seizures in
 * the municipalities of Mexicali and San Luis Río Colorado, shaped like a state export (folio,
 * fecha, municipio, tipo, cantidad, unidad, descripcion). Positions come from the planted-pattern
 * generator; the facts in facts.ts are planted exactly on top.
 *
 * Most armed confrontations and a share of the homicides lie along the trafficking routes
 * (CORRIDOR_EVENT_RECORDS), dense enough per km for corridor analysis to find them.
 *
 * Homicides and armed confrontations have quantity null: one record is one victim (homicide)
 * or one event (confrontation), so counts are record counts.
 */
import type { BBox, NormalizedFeature } from '../model/feature.ts';
import { addDays, localParts, zonedTimeToUtc } from '../time/zone.ts';
import { INCIDENT_CATEGORIES } from '../synth/categories.ts';
import { generateIncidents, type CorridorSpec, type HotspotSpec } from '../synth/incidents.ts';
import { distanceM, pointInRing } from '../synth/metric.ts';
import { borderParallelLine, splitCount } from '../synth/presets.ts';
import { createRng, weightedPicker, type Rng } from '../synth/random.ts';
import {
  COLORADO_RIVER_MEXICO,
  HIGHWAY_2_MEXICALI_SLRC,
  HIGHWAY_2_SLRC_SONOYTA,
  HIGHWAY_5_MEXICALI_SOUTH,
  MUNICIPALITIES,
  PLACE_NAMES,
  PLACES,
  ROAD_ALGODONES,
  type LonLat,
  type Municipality,
  type PlaceKey,
} from '../synth/region.ts';
import {
  DATE_ONLY_SHARE,
  DEMO_TIMEZONE,
  DEMO_YEAR,
  EVENT_RECORDS,
  LOCATION_PRECISION,
  SEIZURE_TOTALS,
  SLRC_SPIKE,
  TIME_WINDOWS,
  TOWN_CENTRE_STACKS,
} from './facts.ts';
import { splitTotal } from './exactSplit.ts';
import { southOfUsMexicoBorder } from '../geo/usMexicoBorder.ts';

/**
 * Incidents lie in this box, inside one of the two municipalities and south of the border: INEGI's
 * generalised outlines (~4.5 km) reach over the border line into Calexico and San Luis, Arizona,
 * and a register of Mexican incidents has none there (the study area's side test is the same).
 */
const DEMO_AREA_BBOX: BBox = [-115.9, 31.9, -114.0, 32.75];

function municipalityAt(lon: number, lat: number): Municipality | null {
  for (const m of MUNICIPALITIES) {
    if (m.polygons.some((ring) => pointInRing(lon, lat, ring))) return m;
  }
  return null;
}

function inDemoArea(lon: number, lat: number): boolean {
  const [x0, y0, x1, y1] = DEMO_AREA_BBOX;
  return lon >= x0 && lon <= x1 && lat >= y0 && lat <= y1 && municipalityAt(lon, lat) !== null && southOfUsMexicoBorder(lon, lat);
}

interface Placed {
  lon: number;
  lat: number;
  /** Where the generator put it: a place key, a corridor id, or 'noise'. */
  origin: string;
}

interface GroupSpec {
  hotspots: { place: PlaceKey; sigmaM: number; share: number }[];
  corridors: { id: string; line: readonly LonLat[]; widthM: number; share: number }[];
  noiseShare: number;
}

/** Positions for one group of records from the planted-pattern generator, masked to the demo area. */
function placeGroup(n: number, g: GroupSpec, seed: number): Placed[] {
  const counts = splitCount(n, [...g.hotspots.map((h) => h.share), ...g.corridors.map((c) => c.share), g.noiseShare]);
  const hotspots: HotspotSpec[] = g.hotspots.map((h, i) => ({ center: PLACES[h.place], sigmaM: h.sigmaM, count: counts[i] }));
  const corridors: CorridorSpec[] = g.corridors.map((c, j) => ({
    id: c.id,
    kind: c.id === 'border' ? 'border-parallel' : 'curved',
    line: [...c.line],
    widthM: c.widthM,
    count: counts[g.hotspots.length + j],
  }));
  const gen = generateIncidents(
    {
      bbox: DEMO_AREA_BBOX,
      timeRange: [0, 1],
      categories: [{ name: 'any', weight: 1 }],
      hotspots,
      corridors,
      noiseCount: counts[counts.length - 1],
      within: inDemoArea,
    },
    seed,
  );
  const origins = [...g.hotspots.map((h) => h.place as string), ...g.corridors.map((c) => c.id)];
  return Array.from({ length: gen.count }, (_, i) => ({
    lon: round6(gen.lon[i]),
    lat: round6(gen.lat[i]),
    origin: gen.component[i] < 0 ? 'noise' : origins[gen.component[i]],
  }));
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

const BORDER_LINE = borderParallelLine();

const HOMICIDES: GroupSpec = {
  hotspots: [
    { place: 'mexicali', sigmaM: 3000, share: 44 },
    { place: 'sanLuisRioColorado', sigmaM: 1800, share: 26 },
    { place: 'ciudadGuadalupeVictoria', sigmaM: 1000, share: 6 },
    { place: 'ejidoNuevoLeon', sigmaM: 800, share: 3 },
    { place: 'ejidoHermosillo', sigmaM: 800, share: 3 },
    { place: 'losAlgodones', sigmaM: 500, share: 2 },
    { place: 'ciudadMorelos', sigmaM: 700, share: 3 },
    { place: 'estacionDelta', sigmaM: 700, share: 2 },
  ],
  corridors: [
    { id: 'highway-2', line: HIGHWAY_2_MEXICALI_SLRC, widthM: 150, share: 8 },
    { id: 'colorado-river', line: COLORADO_RIVER_MEXICO, widthM: 200, share: 6 },
    { id: 'border', line: BORDER_LINE, widthM: 200, share: 4 },
  ],
  noiseShare: 5,
};

const CONFRONTATIONS: GroupSpec = {
  hotspots: [
    { place: 'sanLuisRioColorado', sigmaM: 2000, share: 12 },
    { place: 'mexicali', sigmaM: 3500, share: 12 },
    { place: 'ciudadGuadalupeVictoria', sigmaM: 1200, share: 8 },
    { place: 'ejidoNuevoLeon', sigmaM: 1000, share: 7 },
    { place: 'ejidoHermosillo', sigmaM: 1000, share: 7 },
    { place: 'ciudadMorelos', sigmaM: 900, share: 5 },
  ],
  corridors: [
    { id: 'highway-2', line: HIGHWAY_2_MEXICALI_SLRC, widthM: 150, share: 25 },
    { id: 'colorado-river', line: COLORADO_RIVER_MEXICO, widthM: 200, share: 10 },
    { id: 'border', line: BORDER_LINE, widthM: 200, share: 10 },
    { id: 'highway-2-east', line: HIGHWAY_2_SLRC_SONOYTA, widthM: 150, share: 8 },
    { id: 'highway-5', line: HIGHWAY_5_MEXICALI_SOUTH, widthM: 150, share: 5 },
    { id: 'road-algodones', line: ROAD_ALGODONES, widthM: 150, share: 2 },
  ],
  noiseShare: 10,
};

/**
 * Events along the trafficking routes, on top of EVENT_RECORDS' events in the towns and the
 * countryside: armed confrontations and homicides strung along the highways, the river and the
 * border strip, as routes that are fought over show in real registers. Without them the routes
 * held 2–3.5 incidents per km a year within 750 m of the line (river, border; Highway 2 8.6, most
 * of it the two towns at its ends), under the ~4.6 per km that free corridor detection needs for a
 * 3.25 km window to count as dense (15 incidents), and too few for network mode to tell them from
 * the rest of the network. With them: Highway 2 ~20 per km, the river and the border strip ~13,
 * the road to Los Algodones ~9, against ~0.2 per km² of background. Highway incidents lie closer
 * to the line (σ 150 m) than those on the river banks or in the border strip (σ 200 m).
 */
const CORRIDOR_EVENT_RECORDS = { armed_confrontation: 1600, homicide: 800 } as const;

const CORRIDOR_EVENTS: GroupSpec = {
  hotspots: [],
  corridors: [
    { id: 'highway-2', line: HIGHWAY_2_MEXICALI_SLRC, widthM: 150, share: 36 },
    { id: 'colorado-river', line: COLORADO_RIVER_MEXICO, widthM: 200, share: 25 },
    { id: 'border', line: BORDER_LINE, widthM: 200, share: 19 },
    { id: 'highway-2-east', line: HIGHWAY_2_SLRC_SONOYTA, widthM: 150, share: 8 },
    { id: 'road-algodones', line: ROAD_ALGODONES, widthM: 150, share: 7 },
    { id: 'highway-5', line: HIGHWAY_5_MEXICALI_SOUTH, widthM: 150, share: 5 },
  ],
  noiseShare: 0,
};

const SEIZURES: GroupSpec = {
  hotspots: [
    { place: 'sanLuisRioColorado', sigmaM: 1500, share: 10 },
    { place: 'mexicali', sigmaM: 2500, share: 10 },
    { place: 'losAlgodones', sigmaM: 600, share: 8 },
  ],
  corridors: [
    { id: 'border', line: BORDER_LINE, widthM: 200, share: 30 },
    { id: 'highway-2', line: HIGHWAY_2_MEXICALI_SLRC, widthM: 150, share: 20 },
    { id: 'colorado-river', line: COLORADO_RIVER_MEXICO, widthM: 200, share: 20 },
    { id: 'road-algodones', line: ROAD_ALGODONES, widthM: 150, share: 6 },
    { id: 'highway-2-east', line: HIGHWAY_2_SLRC_SONOYTA, widthM: 150, share: 4 },
  ],
  noiseShare: 5,
};

const ORIGIN_TEXT: Record<string, string> = {
  border: 'en la franja fronteriza',
  'highway-2': 'sobre la Carretera Federal 2 Mexicali–San Luis Río Colorado',
  'highway-2-east': 'sobre la Carretera Federal 2 tramo San Luis Río Colorado–Sonoyta',
  'highway-5': 'sobre la Carretera Federal 5',
  'colorado-river': 'en la margen del Río Colorado',
  'road-algodones': 'sobre la carretera a Los Algodones',
};

// Hour-of-day weights: violence peaks at night, checkpoints and searches in daylight.
const NIGHT_HOURS = [7, 6, 5, 4, 3, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 4, 4, 5, 6, 7, 8, 8, 8, 8];
const DAY_HOURS = [1, 1, 1, 1, 1, 2, 3, 5, 6, 7, 7, 7, 7, 7, 6, 6, 5, 4, 3, 3, 2, 2, 1, 1];

interface Stamp {
  time: number;
  precision: 'instant' | 'date';
  fecha: string;
  /** A window's end (fecha_fin, a date): `time` is then its first day's start. */
  end?: { time: number; fecha: string };
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** Local dates ('YYYY-MM-DD') from `from` to `to`, inclusive. */
function dateRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/**
 * Local wall time → instant in the demo zone, or null for a wall time the clock skips (the
 * spring DST change). Intl is slow (tens of µs a call), so each date's UTC offset is looked up
 * once; only on the two DST-change days, where the offset at the start and the end of the day
 * differ, do we ask zonedTimeToUtc and check the result.
 */
const dayOffsets = new Map<string, [number, number]>();
function localToUtc(date: string, hour: number, minute: number): number | null {
  const [y, m, d] = date.split('-').map(Number);
  let offs = dayOffsets.get(date);
  if (!offs) {
    const start = Date.UTC(y, m - 1, d) - zonedTimeToUtc(y, m, d, 0, 0, 0, 0, DEMO_TIMEZONE);
    const end = Date.UTC(y, m - 1, d, 23) - zonedTimeToUtc(y, m, d, 23, 0, 0, 0, DEMO_TIMEZONE);
    offs = [start, end];
    dayOffsets.set(date, offs);
  }
  const naive = Date.UTC(y, m - 1, d, hour, minute);
  if (offs[0] === offs[1]) return naive - offs[0];
  const t = zonedTimeToUtc(y, m, d, hour, minute, 0, 0, DEMO_TIMEZONE);
  const p = localParts(t, DEMO_TIMEZONE);
  return p.day === d && p.hour === hour && p.minute === minute ? t : null;
}

/** A wall-clock time on one of `dates`, in the demo zone; a share of records keep the date only. */
function stamper(dates: string[], hourWeights: number[], rng: Rng): () => Stamp {
  // Mild seasonality: more incidents in the hot months, as the region's statistics show.
  const dayWeights = dates.map((d) => {
    const month = Number(d.slice(5, 7));
    return 1 + 0.25 * Math.sin(((month - 4) / 12) * 2 * Math.PI);
  });
  const pickDay = weightedPicker(dayWeights);
  const pickHour = weightedPicker(hourWeights);
  return () => {
    const date = dates[pickDay(rng)];
    if (rng.next() < DATE_ONLY_SHARE) {
      // Midnight exists on every day in this zone (changes happen at 02:00).
      return { time: localToUtc(date, 0, 0) as number, precision: 'date', fecha: date };
    }
    let hour: number;
    let minute: number;
    let time: number | null;
    do {
      hour = pickHour(rng);
      minute = rng.int(60);
      time = localToUtc(date, hour, minute);
    } while (time === null);
    return { time, precision: 'instant', fecha: `${date} ${pad(hour)}:${pad(minute)}` };
  };
}

interface Draft {
  lon: number;
  lat: number;
  origin: string;
  category: string;
  stamp: Stamp;
  quantity: number | null;
  unit: 'kg' | 'units' | null;
  detail: string;
  /** LOCATION_PRECISION's code; exact unless said. */
  precision?: number;
}

const LABEL = new Map(INCIDENT_CATEGORIES.map((c) => [c.id, c.label]));

const SEIZED_WHAT: Record<string, [string, string]> = {
  seizure_marijuana: ['marihuana', 'kg'],
  seizure_cocaine: ['cocaína', 'kg'],
  seizure_fentanyl: ['fentanilo', 'kg'],
  seizure_methamphetamine: ['metanfetamina', 'kg'],
  seizure_firearms: ['armas de fuego', 'piezas'],
  seizure_magazines: ['cargadores', 'piezas'],
  seizure_cartridges: ['cartuchos útiles', 'piezas'],
  seizure_vehicles: ['vehículos', 'unidades'],
  seizure_armored_vehicles: ['vehículos con blindaje artesanal', 'unidades'],
};

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[rng.int(items.length)];
}

function homicideDetail(rng: Rng): string {
  const weapon = pick(rng, ['arma de fuego', 'arma de fuego', 'arma de fuego', 'arma de fuego', 'arma blanca', 'golpes']);
  const victim = pick(rng, ['hombre', 'hombre', 'hombre', 'hombre', 'mujer']);
  const where = pick(rng, ['en la vía pública', 'en domicilio particular', 'en un vehículo', 'en un terreno baldío']);
  return `Homicidio doloso de un ${victim} con ${weapon}, ${where}; 1 víctima`;
}

function confrontationDetail(rng: Rng): string {
  return pick(rng, [
    'Enfrentamiento entre grupos armados; se reportan detonaciones',
    'Agresión armada contra elementos de seguridad',
    'Enfrentamiento entre civiles armados y fuerzas federales',
    'Persecución y enfrentamiento con civiles armados',
  ]);
}

function seizureDetail(category: string, qty: number, origin: string): string {
  const [what, unitText] = SEIZED_WHAT[category];
  const amount = unitText === 'kg' ? `${qty.toFixed(1)} kg` : `${qty} ${qty === 1 ? singular(unitText) : unitText}`;
  const where = ORIGIN_TEXT[origin] ?? 'durante revisión en punto de inspección';
  return `Aseguramiento de ${amount} de ${what} ${where}`;
}

function singular(unitText: string): string {
  return unitText === 'piezas' ? 'pieza' : 'unidad';
}

function nearestPlace(lon: number, lat: number): string {
  let best = 'Zona rural';
  let bestD = 5000;
  for (const key of Object.keys(PLACES) as PlaceKey[]) {
    const d = distanceM([lon, lat], PLACES[key]);
    if (d < bestD) {
      bestD = d;
      best = PLACE_NAMES[key];
    }
  }
  return best;
}

const inSlrc = (p: { lon: number; lat: number }): boolean => municipalityAt(p.lon, p.lat)?.cvegeo === SLRC_SPIKE.cvegeo;

/**
 * Homicide dates: those placed inside San Luis Río Colorado fall outside the spike's 16 days, so
 * the planted 13 and 6 are that municipality's whole count then; everywhere else any day of the
 * year, and the region's weekly series keeps its own rhythm through the spike.
 */
function homicideStamper(year: string[], outsideSpike: string[], rng: Rng): (p: Placed) => Stamp {
  const anyDay = stamper(year, NIGHT_HOURS, rng);
  const slrcDay = stamper(outsideSpike, NIGHT_HOURS, rng);
  return (p) => (inSlrc(p) ? slrcDay() : anyDay());
}

const NO_ADDRESS = '; sin domicilio registrado, ubicado en la cabecera municipal';

/** The town-centre stacks (TOWN_CENTRE_STACKS), from a random stream of their own: adding them moves no other record. */
function townCentreStacks(seed: number, year: string[], outsideSpike: string[]): Draft[] {
  const rng = createRng(`demo-stacks:${seed}`);
  const homicideTime = homicideStamper(year, outsideSpike, rng);
  const confrontationTime = stamper(year, NIGHT_HOURS, rng);
  const out: Draft[] = [];
  for (const s of TOWN_CENTRE_STACKS) {
    const [lon, lat] = PLACES[s.place];
    const p = { lon, lat, origin: s.place, precision: LOCATION_PRECISION.municipality };
    for (let i = 0; i < s.homicide; i++) {
      out.push({ ...p, category: 'homicide', stamp: homicideTime(p), quantity: null, unit: null, detail: homicideDetail(rng) + NO_ADDRESS });
    }
    for (let i = 0; i < s.armed_confrontation; i++) {
      const detail = confrontationDetail(rng) + NO_ADDRESS;
      out.push({ ...p, category: 'armed_confrontation', stamp: confrontationTime(), quantity: null, unit: null, detail });
    }
  }
  return out;
}

/** The spike's homicides: within 2 km of the centre of San Luis Río Colorado, inside the municipality. */
function spikePositions(n: number, rng: Rng): Placed[] {
  const center = PLACES.sanLuisRioColorado;
  const slrc = MUNICIPALITIES.find((m) => m.cvegeo === SLRC_SPIKE.cvegeo);
  if (!slrc) throw new Error('San Luis Río Colorado is missing from the embedded municipalities');
  const out: Placed[] = [];
  while (out.length < n) {
    const lon = round6(center[0] + (rng.normal() * 1000) / (111_195 * Math.cos((center[1] * Math.PI) / 180)));
    const lat = round6(center[1] + (rng.normal() * 1000) / 111_195);
    if (distanceM([lon, lat], center) <= 2000 && slrc.polygons.some((r) => pointInRing(lon, lat, r))) {
      out.push({ lon, lat, origin: 'sanLuisRioColorado' });
    }
  }
  return out;
}

const MONTH_NAMES = ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'];

/** The start of a local date's day, as an instant (midnight exists on every day in this zone). */
const dayStart = (date: string) => localToUtc(date, 0, 0) as number;

/**
 * TIME_WINDOWS: a share of the events becomes known only to the week (homicides: the body found
 * on the record's date, the death within the 7 days up to it) or to the month, from a random
 * stream of its own (the other records keep their dates). The window's start is the record's
 * `time`, as a date; its end is fecha_fin, a date, whose day it includes.
 */
function addTimeWindows(drafts: Draft[], planted: Set<Draft>, seed: number): void {
  const rng = createRng(`demo-windows:${seed}`);
  const spike = { from: SLRC_SPIKE.before.from, to: SLRC_SPIKE.after.to };
  for (const d of drafts) {
    if (planted.has(d) || (d.category !== 'homicide' && d.category !== 'armed_confrontation')) continue;
    const u = rng.next();
    const date = d.stamp.fecha.slice(0, 10);
    let from: string;
    let to: string;
    let note: string;
    if (d.category === 'homicide' && u < TIME_WINDOWS.week) {
      [from, to] = [addDays(date, -6), date];
      note = `; cuerpo localizado el ${to}, hecho ocurrido entre el ${from} y el ${to}`;
    } else if (u >= 1 - TIME_WINDOWS.month) {
      const [y, m] = date.split('-').map(Number);
      [from, to] = [`${date.slice(0, 8)}01`, `${date.slice(0, 8)}${pad(new Date(Date.UTC(y, m, 0)).getUTCDate())}`];
      note = `; registro del informe mensual de ${MONTH_NAMES[m - 1]} sin día del hecho`;
    } else continue;
    if (from < `${DEMO_YEAR}-01-01`) continue;
    if (d.category === 'homicide' && inSlrc(d) && to >= spike.from && from <= spike.to) continue;
    d.stamp = { time: dayStart(from), precision: 'date', fecha: from, end: { time: dayStart(addDays(to, 1)), fecha: to } };
    d.detail += note;
  }
}

export function buildDemoIncidents(seed: number): NormalizedFeature[] {
  const rng = createRng(`demo-incidents:${seed}`);
  const year = dateRange(`${DEMO_YEAR}-01-01`, `${DEMO_YEAR}-12-31`);
  const spikeDays = new Set(dateRange(SLRC_SPIKE.before.from, SLRC_SPIKE.after.to));
  const outsideSpike = year.filter((d) => !spikeDays.has(d));
  const drafts: Draft[] = [];

  const homicideStamp = homicideStamper(year, outsideSpike, rng);
  for (const p of placeGroup(EVENT_RECORDS.homicide, HOMICIDES, rng.int(2 ** 31))) {
    drafts.push({ ...p, category: 'homicide', stamp: homicideStamp(p), quantity: null, unit: null, detail: homicideDetail(rng) });
  }
  const planted = new Set<Draft>();
  for (const week of [SLRC_SPIKE.before, SLRC_SPIKE.after]) {
    const stamp = stamper(dateRange(week.from, week.to), NIGHT_HOURS, rng);
    for (const p of spikePositions(week.count, rng)) {
      const d: Draft = { ...p, category: 'homicide', stamp: stamp(), quantity: null, unit: null, detail: homicideDetail(rng) };
      planted.add(d);
      drafts.push(d);
    }
  }

  const confrontationTime = stamper(year, NIGHT_HOURS, rng);
  for (const p of placeGroup(EVENT_RECORDS.armed_confrontation, CONFRONTATIONS, rng.int(2 ** 31))) {
    drafts.push({
      ...p,
      category: 'armed_confrontation',
      stamp: confrontationTime(),
      quantity: null,
      unit: null,
      detail: confrontationDetail(rng),
    });
  }

  for (const p of placeGroup(CORRIDOR_EVENT_RECORDS.homicide, CORRIDOR_EVENTS, rng.int(2 ** 31))) {
    drafts.push({ ...p, category: 'homicide', stamp: homicideStamp(p), quantity: null, unit: null, detail: homicideDetail(rng) });
  }
  for (const p of placeGroup(CORRIDOR_EVENT_RECORDS.armed_confrontation, CORRIDOR_EVENTS, rng.int(2 ** 31))) {
    drafts.push({
      ...p,
      category: 'armed_confrontation',
      stamp: confrontationTime(),
      quantity: null,
      unit: null,
      detail: confrontationDetail(rng),
    });
  }

  drafts.push(...townCentreStacks(seed, year, outsideSpike));
  addTimeWindows(drafts, planted, seed);

  const seizureTime = stamper(year, DAY_HOURS, rng);
  const seizureCats = Object.keys(SEIZURE_TOTALS) as (keyof typeof SEIZURE_TOTALS)[];
  const nSeizures = seizureCats.reduce((s, c) => s + SEIZURE_TOTALS[c].records, 0);
  const seizurePlaces = placeGroup(nSeizures, SEIZURES, rng.int(2 ** 31));
  let k = 0;
  for (const cat of seizureCats) {
    const { total, unit, records } = SEIZURE_TOTALS[cat];
    // Kilograms are split in tenths so every record has one decimal and the sum stays exact.
    const scale = unit === 'kg' ? 10 : 1;
    for (const units of splitTotal(total * scale, records, rng, unit === 'kg' ? 1.3 : 0.9)) {
      const p = seizurePlaces[k++];
      const quantity = units / scale;
      drafts.push({ ...p, category: cat, stamp: seizureTime(), quantity, unit, detail: seizureDetail(cat, quantity, p.origin) });
    }
  }

  // Folios follow time order, as a register numbers its cases.
  drafts.sort((a, b) => a.stamp.time - b.stamp.time || a.lon - b.lon);
  return drafts.map((d, i) => {
    const mun = municipalityAt(d.lon, d.lat);
    return {
      sourceIndex: i,
      geometry: { type: 'Point', coordinates: [d.lon, d.lat] },
      properties: {
        folio: `INC-${DEMO_YEAR}-${pad(i + 1, 5)}`,
        fecha: d.stamp.fecha,
        municipio: mun?.name ?? null,
        estado: mun?.state ?? null,
        localidad: nearestPlace(d.lon, d.lat),
        categoria: d.category,
        tipo: LABEL.get(d.category) ?? d.category,
        cantidad: d.quantity,
        unidad: d.unit,
        descripcion: d.detail,
        fecha_fin: d.stamp.end?.fecha ?? null,
        precision_ubicacion: d.precision ?? LOCATION_PRECISION.exact,
      },
      time: d.stamp.time,
      timePrecision: d.stamp.precision,
      timeEnd: d.stamp.end?.time ?? null,
      timeEndPrecision: d.stamp.end ? 'date' : null,
      category: d.category,
      quantity: d.quantity,
      unit: d.unit,
      precision: String(d.precision ?? LOCATION_PRECISION.exact),
    };
  });
}
