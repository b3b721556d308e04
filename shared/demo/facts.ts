/**
 * The planted facts of the demo workspace: figures a demonstration (and its tests) can point to.
 * Everything else in the demo is random around them.
 */
export const DEMO_YEAR = 2023;
export const DEMO_TIMEZONE = 'America/Tijuana';

/** Seizure totals for the year, exact: quantities are whole units or tenths of a kg. */
export const SEIZURE_TOTALS = {
  seizure_marijuana: { total: 403, unit: 'kg', records: 55 },
  seizure_cocaine: { total: 508, unit: 'kg', records: 38 },
  seizure_fentanyl: { total: 91, unit: 'kg', records: 30 },
  seizure_methamphetamine: { total: 1662, unit: 'kg', records: 72 },
  seizure_firearms: { total: 339, unit: 'units', records: 140 },
  seizure_magazines: { total: 1307, unit: 'units', records: 118 },
  seizure_cartridges: { total: 46_000, unit: 'units', records: 131 },
  seizure_vehicles: { total: 187, unit: 'units', records: 150 },
  seizure_armored_vehicles: { total: 13, unit: 'units', records: 9 },
} as const satisfies Record<string, { total: number; unit: 'kg' | 'units'; records: number }>;

/**
 * The public figures for San Luis Río Colorado: 13 homicides in the week of 14–21 July 2023, 6 in
 * the week after (local dates, inclusive), inside that municipality — the demo's municipalities
 * layer, `nombre` = `municipality`, INEGI's outline — and no other homicide inside it in those 16
 * days. The rest of the region keeps its own weekly rhythm (no dip made to fit).
 */
export const SLRC_SPIKE = {
  municipality: 'San Luis Río Colorado',
  cvegeo: '26055',
  before: { from: '2023-07-14', to: '2023-07-21', count: 13 },
  after: { from: '2023-07-22', to: '2023-07-29', count: 6 },
} as const;

/**
 * Homicides and armed confrontations outside the spike and away from the corridors, one record
 * per victim / event; the corridors add their own (CORRIDOR_EVENT_RECORDS in incidents.ts).
 */
export const EVENT_RECORDS = { homicide: 1400, armed_confrontation: 650 } as const;

/**
 * Events whose record gives no address, geocoded to the municipal seat's centre (PLACES in
 * shared/synth/region.ts), every one on that one coordinate: the stacks town-centre geocoding
 * leaves in real registers, which density methods read as "the hot spot". On top of the events
 * above; dated as the municipality's other events (never inside the spike's days in San Luis Río
 * Colorado).
 */
export const TOWN_CENTRE_STACKS = [
  { place: 'mexicali', homicide: 160, armed_confrontation: 80 },
  { place: 'sanLuisRioColorado', homicide: 40, armed_confrontation: 20 },
] as const;

/**
 * Records known only to a window (fecha … fecha_fin, both dates), as registers hold them: a
 * homicide whose body was found days later is known only to the week (the 7 days up to the
 * finding), an event a monthly report lists without its day only to the month. Shares of the
 * homicides (week) and of the homicides and armed confrontations (month), drawn from a stream of
 * their own. The planted spike's records have none, and no San Luis Río Colorado homicide's window
 * reaches into the spike's days: 13 → 6 stays whole records, with nothing straddling the split.
 */
export const TIME_WINDOWS = { week: 0.03, month: 0.015 } as const;

/**
 * Location precision (precision_ubicacion), coded as UCDP GED's where_prec: 1 the place itself, 3
 * only the municipality known (the record geocoded to its seat: the town-centre stacks).
 */
export const LOCATION_PRECISION = { exact: 1, municipality: 3 } as const;

/** Share of records that carry a date but no clock time. */
export const DATE_ONLY_SHARE = 0.1;
