import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { booleanPointInPolygon } from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SEED, type DemoLayer } from '../../../shared/demo/layers.ts';
import { demoLayers } from '../../../electron/backend/demoWorkspace.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const inegiPath = path.resolve(repoRoot, '..', 'shared', 'fixtures', 'inegi-mun-lcc', 'expected', 'mun_02_26_epsg4326.geojson');

type MunFeature = Feature<Polygon | MultiPolygon, { CVEGEO: string; NOMGEO: string }>;
const inegi = JSON.parse(fs.readFileSync(inegiPath, 'utf8')) as FeatureCollection<Polygon | MultiPolygon, { CVEGEO: string; NOMGEO: string }>;
const munPolys = (cvegeo: string): MunFeature[] => inegi.features.filter((f) => f.properties.CVEGEO === cvegeo);
const SLRC = munPolys('26055');
const MEXICALI = munPolys('02002');
const inAny = (lonlat: number[], polys: MunFeature[]) => polys.some((p) => booleanPointInPolygon(lonlat, p));

// Our own local-date logic, independent of shared/time: Intl in the zone the demo uses.
const localDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Tijuana', year: 'numeric', month: '2-digit', day: '2-digit' });
const localClock = new Intl.DateTimeFormat('en-GB', { timeZone: 'America/Tijuana', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
const dateOf = (ms: number) => localDate.format(new Date(ms));
const clockOf = (ms: number) => localClock.format(new Date(ms));

const CATEGORIES = [
  'homicide', 'armed_confrontation', 'seizure_marijuana', 'seizure_cocaine', 'seizure_fentanyl',
  'seizure_methamphetamine', 'seizure_firearms', 'seizure_magazines', 'seizure_cartridges',
  'seizure_vehicles', 'seizure_armored_vehicles',
];

// The year's seizure totals as the task states them; kg in tenths so the comparison is exact.
const KG_TENTHS: Record<string, number> = {
  seizure_marijuana: 4030, seizure_cocaine: 5080, seizure_fentanyl: 910, seizure_methamphetamine: 16_620,
};
const UNITS: Record<string, number> = {
  seizure_firearms: 339, seizure_magazines: 1307, seizure_cartridges: 46_000, seizure_vehicles: 187, seizure_armored_vehicles: 13,
};

function layerNamed(layers: DemoLayer[], name: string): DemoLayer {
  const l = layers.find((x) => x.name === name);
  if (!l) throw new Error(`no layer ${name}`);
  return l;
}

function checkSpike(incidents: DemoLayer) {
  const inWindow = (d: string, a: string, b: string) => d >= a && d <= b;
  let before = 0;
  let after = 0;
  let elsewhere = 0;
  for (const f of incidents.features) {
    if (f.category !== 'homicide') continue;
    const d = dateOf(f.time as number);
    if (!inWindow(d, '2023-07-14', '2023-07-29')) continue;
    const inSlrc = inAny((f.geometry as Point).coordinates, SLRC);
    if (!inSlrc) elsewhere++;
    else if (inWindow(d, '2023-07-14', '2023-07-21')) before++;
    else after++;
  }
  return { before, after, elsewhere };
}

function seizureSums(incidents: DemoLayer) {
  const tenths: Record<string, number> = {};
  const units: Record<string, number> = {};
  for (const f of incidents.features) {
    const c = f.category as string;
    if (c in KG_TENTHS) {
      expect(f.unit).toBe('kg');
      const t = (f.quantity as number) * 10;
      expect(Math.abs(t - Math.round(t))).toBeLessThan(1e-9);
      tenths[c] = (tenths[c] ?? 0) + Math.round(t);
    } else if (c in UNITS) {
      expect(f.unit).toBe('units');
      expect(Number.isInteger(f.quantity)).toBe(true);
      units[c] = (units[c] ?? 0) + (f.quantity as number);
    }
  }
  return { tenths, units };
}

/** Checks every record's time, precision and fecha against Intl; returns the date-only share. */
function checkDates(incidents: DemoLayer): number {
  let dateOnly = 0;
  for (const f of incidents.features) {
    const t = f.time as number;
    expect(Number.isFinite(t)).toBe(true);
    const d = dateOf(t);
    expect(d.startsWith('2023-')).toBe(true);
    const fecha = f.properties.fecha as string;
    if (f.timePrecision === 'date') {
      dateOnly++;
      expect(fecha).toBe(d);
      expect(clockOf(t)).toBe('00:00:00');
    } else {
      expect(f.timePrecision).toBe('instant');
      expect(fecha).toBe(`${d} ${clockOf(t).slice(0, 5)}`);
    }
  }
  return dateOnly / incidents.features.length;
}

describe('buildDemoLayers', () => {
  let layers: DemoLayer[];
  let incidents: DemoLayer;
  beforeAll(() => {
    layers = demoLayers(DEMO_SEED);
    incidents = layerNamed(layers, 'incidents');
  });

  it('makes three synthetic layers marked as such', () => {
    expect(layers.map((l) => l.name)).toEqual(['incidents', 'roads', 'municipalities']);
    for (const l of layers) {
      expect(l.sourceFile).toBe('synthetic');
      expect(l.sourceFormat).toBe('synthetic');
      expect(l.sourceCrs).toBe('EPSG:4326');
      expect(l.metadata.synthetic).toBe(true);
      expect(l.metadata.note).toBe('SYNTHETIC — demonstration data');
      expect(l.metadata.seed).toBe(2023);
      expect(l.fingerprint).toMatch(/^[0-9a-f]{64}$/);
      l.features.forEach((f, i) => expect(f.sourceIndex).toBe(i));
    }
    expect(incidents.features.length).toBeGreaterThan(2000);
    expect(incidents.features.length).toBeLessThan(6000);
  });

  it('uses exactly the eleven categories, events without quantity', () => {
    const seen = new Set(incidents.features.map((f) => f.category));
    expect([...seen].sort()).toEqual([...CATEGORIES].sort());
    for (const f of incidents.features) {
      if (f.category === 'homicide' || f.category === 'armed_confrontation') {
        expect(f.quantity).toBeNull();
        expect(f.unit).toBeNull();
        expect(f.properties.cantidad).toBeNull();
      } else {
        expect(f.quantity).toBeGreaterThan(0);
        expect(f.properties.cantidad).toBe(f.quantity);
        expect(f.properties.unidad).toBe(f.unit);
      }
      expect(f.properties.categoria).toBe(f.category);
    }
  });

  it('sums the seizures of the year to the stated totals exactly', () => {
    const { tenths, units } = seizureSums(incidents);
    expect(tenths).toEqual(KG_TENTHS);
    expect(units).toEqual(UNITS);
    // Many records per category, not one big seizure.
    for (const c of Object.keys({ ...KG_TENTHS, ...UNITS })) {
      expect(incidents.features.filter((f) => f.category === c).length).toBeGreaterThanOrEqual(5);
    }
  });

  it('has 13 homicides in San Luis Río Colorado on 14–21 July, 6 on 22–29 July, none elsewhere then', () => {
    expect(checkSpike(incidents)).toEqual({ before: 13, after: 6, elsewhere: 0 });
  });

  it('dates every incident in 2023 (local) and keeps fecha, precision and time consistent', () => {
    const share = checkDates(incidents);
    expect(share).toBeGreaterThan(0.07);
    expect(share).toBeLessThan(0.13);
  });

  it('places every incident in the region, inside the municipality its record names (INEGI outlines)', () => {
    let disagree = 0;
    for (const f of incidents.features) {
      const [lon, lat] = (f.geometry as Point).coordinates;
      expect(lon).toBeGreaterThan(-116);
      expect(lon).toBeLessThan(-113.5);
      expect(lat).toBeGreaterThan(31.5);
      expect(lat).toBeLessThan(33);
      const inSlrc = inAny([lon, lat], SLRC);
      const inMxl = inAny([lon, lat], MEXICALI);
      const inegiName = inSlrc ? 'San Luis Río Colorado' : inMxl ? 'Mexicali' : null;
      if (inegiName !== f.properties.municipio) disagree++;
    }
    // Our outlines are INEGI's rounded to 4 decimals (~10 m): a point on the line may differ.
    expect(disagree).toBeLessThanOrEqual(Math.ceil(incidents.features.length * 0.002));
  });

  it('numbers folios uniquely in time order', () => {
    const folios = incidents.features.map((f) => f.properties.folio as string);
    expect(new Set(folios).size).toBe(folios.length);
    for (let i = 1; i < incidents.features.length; i++) {
      expect(incidents.features[i].time as number).toBeGreaterThanOrEqual(incidents.features[i - 1].time as number);
    }
  });

  it('has road and river lines, highways inside Mexico', () => {
    const roads = layerNamed(layers, 'roads');
    expect(roads.features.length).toBeGreaterThanOrEqual(4);
    const mexico = inegi.features as MunFeature[];
    for (const f of roads.features) {
      expect(f.geometry?.type).toBe('LineString');
      if (f.properties.tipo !== 'carretera') continue;
      for (const p of (f.geometry as { coordinates: number[][] }).coordinates) {
        expect(inAny(p, mexico), `${String(f.properties.nombre)} vertex ${p.join(',')}`).toBe(true);
      }
    }
    const hw2 = roads.features.find((f) => String(f.properties.nombre).includes('Mexicali–San Luis'));
    const coords = (hw2?.geometry as { coordinates: number[][] }).coordinates;
    expect(inAny(coords[0], MEXICALI)).toBe(true);
    expect(inAny(coords[coords.length - 1], SLRC)).toBe(true);
    expect(coords.length).toBeGreaterThanOrEqual(12);
  });

  it('has both municipalities, each containing its INEGI centroid town', () => {
    const muns = layerNamed(layers, 'municipalities');
    expect(muns.features.map((f) => f.properties.nombre).sort()).toEqual(['Mexicali', 'San Luis Río Colorado']);
    expect(muns.metadata.simplified).toBe(true);
    const slrc = muns.features.find((f) => f.properties.nombre === 'San Luis Río Colorado');
    const mxl = muns.features.find((f) => f.properties.nombre === 'Mexicali');
    expect(booleanPointInPolygon([-114.7717, 32.4561], slrc?.geometry as Polygon)).toBe(true);
    expect(booleanPointInPolygon([-115.4545, 32.6245], mxl?.geometry as MultiPolygon)).toBe(true);
    expect(booleanPointInPolygon([-115.4545, 32.6245], slrc?.geometry as Polygon)).toBe(false);
  });

  it('is reproducible per seed, and keeps the planted facts for another seed', () => {
    const again = demoLayers(2023);
    expect(again.map((l) => l.fingerprint)).toEqual(layers.map((l) => l.fingerprint));
    const other = demoLayers(7);
    const otherIncidents = layerNamed(other, 'incidents');
    expect(otherIncidents.fingerprint).not.toBe(incidents.fingerprint);
    expect(checkSpike(otherIncidents)).toEqual({ before: 13, after: 6, elsewhere: 0 });
    checkDates(otherIncidents);
    const { tenths, units } = seizureSums(otherIncidents);
    expect(tenths).toEqual(KG_TENTHS);
    expect(units).toEqual(UNITS);
  });
});
