/**
 * Seeded incident points as CSV or GeoJSON, for the import bench and tests: realistic columns of
 * a border-zone incident export (id, fecha, tipo, cantidad, unidad, municipio, lat, lon) around
 * San Luis Río Colorado, Mexicali, the Mexicali Valley and Los Algodones. Written in slices so a
 * million rows never sit in memory.
 *
 *   npx tsx scripts/gen-points.ts <out.csv|out.geojson> [count] [seed]
 */
import fs from 'node:fs';
import { createRng } from '../shared/synth/random.ts';
import { INCIDENT_CATEGORIES } from '../shared/synth/categories.ts';

const TOWNS = [
  { municipio: 'San Luis Río Colorado', lon: -114.7717, lat: 32.4561, weight: 0.35 },
  { municipio: 'Mexicali', lon: -115.4545, lat: 32.6245, weight: 0.4 },
  { municipio: 'Mexicali', lon: -115.104, lat: 32.293, weight: 0.15 }, // Ciudad Guadalupe Victoria
  { municipio: 'Mexicali', lon: -114.73, lat: 32.7, weight: 0.1 }, // Los Algodones
];

export interface PointRow {
  id: string;
  fecha: string;
  tipo: string;
  cantidad: number;
  unidad: string;
  municipio: string;
  lat: number;
  lon: number;
}

/** The i-th..(i+n-1)-th rows of the seeded sequence (rows depend only on the seed and order). */
export function* pointRows(count: number, seed: number): Generator<PointRow> {
  const rng = createRng(seed);
  const start = Date.UTC(2023, 0, 1);
  const span = 730 * 86_400_000;
  for (let i = 0; i < count; i++) {
    let r = rng.next();
    let town = TOWNS[0];
    for (const t of TOWNS) {
      if (r < t.weight) {
        town = t;
        break;
      }
      r -= t.weight;
    }
    const cat = INCIDENT_CATEGORIES[rng.int(INCIDENT_CATEGORIES.length)];
    const t = new Date(start + Math.floor(rng.next() * span));
    const p2 = (n: number): string => (n < 10 ? `0${n}` : String(n));
    const fecha = `${t.getUTCFullYear()}-${p2(t.getUTCMonth() + 1)}-${p2(t.getUTCDate())} ${p2(t.getUTCHours())}:${p2(t.getUTCMinutes())}`;
    const cantidad =
      cat.unit === 'kg' ? Math.round(rng.exponential() * 2500) / 100 : cat.unit === 'units' ? 1 + rng.int(40) : 1;
    yield {
      id: `INC-${String(i + 1).padStart(7, '0')}`,
      fecha,
      tipo: cat.label,
      cantidad,
      unidad: cat.unit === 'kg' ? 'kg' : cat.unit === 'units' ? 'piezas' : 'eventos',
      municipio: town.municipio,
      lat: Math.round((town.lat + rng.normal() * 0.04) * 1e6) / 1e6,
      lon: Math.round((town.lon + rng.normal() * 0.05) * 1e6) / 1e6,
    };
  }
}

function csvCell(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Writes `count` rows to `out` (.csv or .geojson); returns the bytes written. */
export function writePoints(out: string, count: number, seed = 1): number {
  const geojson = /\.(geo)?json$/i.test(out);
  const fd = fs.openSync(out, 'w');
  let bytes = 0;
  let buf: string[] = [];
  const flush = (): void => {
    const s = buf.join('');
    bytes += Buffer.byteLength(s);
    fs.writeSync(fd, s);
    buf = [];
  };
  try {
    buf.push(geojson ? '{"type":"FeatureCollection","features":[\n' : 'id,fecha,tipo,cantidad,unidad,municipio,lat,lon\n');
    let i = 0;
    for (const r of pointRows(count, seed)) {
      if (geojson) {
        const { lat, lon, ...props } = r;
        buf.push(
          `${i ? ',\n' : ''}{"type":"Feature","geometry":{"type":"Point","coordinates":[${lon},${lat}]},"properties":${JSON.stringify(props)}}`,
        );
      } else {
        buf.push(`${r.id},${r.fecha},${csvCell(r.tipo)},${r.cantidad},${r.unidad},${csvCell(r.municipio)},${r.lat},${r.lon}\n`);
      }
      if (++i % 20_000 === 0) flush();
    }
    if (geojson) buf.push('\n]}\n');
    flush();
  } finally {
    fs.closeSync(fd);
  }
  return bytes;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [out, count = '1000', seed = '1'] = process.argv.slice(2);
  if (!out) {
    process.stderr.write('usage: tsx scripts/gen-points.ts <out.csv|out.geojson> [count] [seed]\n');
    process.exit(1);
  }
  const bytes = writePoints(out, Number(count), Number(seed));
  process.stdout.write(`wrote ${count} points (${(bytes / 1e6).toFixed(1)} MB) to ${out}\n`);
}
