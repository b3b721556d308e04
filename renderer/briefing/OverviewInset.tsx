/**
 * Where the map sits on the border: the offline basemap's land and the international line as a
 * small static SVG (vector, no second WebGL map), with the map's extent as a red rectangle.
 */
import { geoMercator, geoPath } from 'd3';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { TFunction } from 'i18next';

/** The frame always shows the border zone and grows to include an extent outside it. */
const REGION: [number, number, number, number] = [-117.6, 30.4, -111.8, 33.6];

interface Basemap {
  land: FeatureCollection<Geometry>;
  borders: FeatureCollection<Geometry>;
  towns: FeatureCollection<Geometry, { name: string; rank: number }>;
}

export async function loadInsetBasemap(base: string): Promise<Basemap> {
  const get = async (name: string) => {
    const r = await fetch(new URL(`${name}.geojson`, base).href);
    if (!r.ok) throw new Error(`basemap ${name}: HTTP ${r.status}`);
    return r.json() as Promise<FeatureCollection<Geometry>>;
  };
  const [land, borders, towns] = await Promise.all([get('land'), get('borders'), get('towns')]);
  return { land, borders, towns: towns as Basemap['towns'] };
}

function countryLabel(p: [number, number] | null, text: string) {
  return p ? (
    <text x={p[0]} y={p[1]} fontSize={6.5} fill="#555" textAnchor="middle" letterSpacing={1}>
      {text}
    </text>
  ) : null;
}

const W = 220;
const H = 150;

export function OverviewInset({ basemap, bounds, t }: { basemap: Basemap; bounds: [number, number, number, number]; t: TFunction }) {
  const [w, s, e, n] = bounds;
  const frame: [number, number, number, number] = [Math.min(REGION[0], w), Math.min(REGION[1], s), Math.max(REGION[2], e), Math.max(REGION[3], n)];
  const outline: Feature = {
    type: 'Feature',
    properties: {},
    geometry: { type: 'LineString', coordinates: [[frame[0], frame[1]], [frame[2], frame[3]]] },
  };
  const projection = geoMercator().fitExtent([[2, 2], [W - 2, H - 2]], outline).clipExtent([[0, 0], [W, H]]);
  const path = geoPath(projection);
  const [x0, y0] = projection([w, n]) ?? [0, 0];
  const [x1, y1] = projection([e, s]) ?? [0, 0];
  return (
    <svg className="overview" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('overview.label')}>
      <rect x={0} y={0} width={W} height={H} fill="#c6d9e4" />
      {basemap.land.features.map((f, i) => (
        <path key={`l${i}`} d={path(f) ?? ''} fill="#f2efe6" stroke="#8fb0c2" strokeWidth={0.4} />
      ))}
      {basemap.borders.features.map((f, i) => (
        <path key={`b${i}`} d={path(f) ?? ''} fill="none" stroke="#9b2c2c" strokeWidth={1} />
      ))}
      {basemap.towns.features
        .filter((f) => f.properties.rank === 1)
        .map((f) => {
          const p = f.geometry.type === 'Point' ? projection(f.geometry.coordinates as [number, number]) : null;
          if (!p) return null;
          return (
            <g key={f.properties.name}>
              <circle cx={p[0]} cy={p[1]} r={1.6} fill="#333" />
              <text x={p[0] + 3} y={p[1] - 2} fontSize={6.5} fill="#333">
                {f.properties.name}
              </text>
            </g>
          );
        })}
      <rect x={x0} y={y0} width={Math.max(1.5, x1 - x0)} height={Math.max(1.5, y1 - y0)} fill="none" stroke="#e00000" strokeWidth={1.6} />
      {countryLabel(projection([-113.4, 31.0]), t('overview.mexico'))}
      {countryLabel(projection([-113.4, 33.25]), t('overview.us'))}
    </svg>
  );
}
