/**
 * The offline basemap style. Its sources are GeoJSON files served by the app itself
 * (data/basemap, copied into the renderer build), never a tile server; the style has no `glyphs`
 * URL, so MapLibre draws label glyphs with the system's fonts.
 */
import type { StyleSpecification } from 'maplibre-gl';

/** The border zone, lon/lat: what the map shows first. */
export const REGION_BOUNDS: [[number, number], [number, number]] = [
  [-117.2, 31.6],
  [-112.8, 33.0],
];

export const BASEMAP_COLORS = {
  water: '#c6d9e4',
  land: '#f2efe6',
  coast: '#8fb0c2',
  border: '#9b2c2c',
  state: '#8d8576',
  county: '#bdb5a6',
  town: '#333333',
  /** Mexican state lines: darker and heavier than the US ones, the side the analysts work on. */
  mxState: '#6b6457',
  river: '#5b93b8',
  railroad: '#7a7a7a',
  port: '#7b2d8e',
};

export const BASEMAP_LAYER_IDS = [
  'background',
  'land',
  'rivers',
  'coast',
  'admin-county',
  'admin-state',
  'mx-states',
  'railroads',
  'border-casing',
  'border',
  'ports',
  'towns',
  // Data layers go in below the town labels (layerStyle.ts LABELS), so no label is covered.
  'town-labels',
  'state-labels',
  'river-labels',
  'port-labels',
] as const;

/**
 * Where each basemap layer comes from (data/basemap/SOURCES.md), for the map's attribution: names
 * only, which read the same in Spanish and English (the printed briefing says more, in its language).
 */
const BASEMAP_SOURCES = {
  land: 'Natural Earth · world-atlas',
  admin1: 'US Census · us-atlas',
  mxStates: 'INEGI, Marco Geoestadístico',
  rivers: 'Natural Earth',
  ports: 'CBP · BTS',
};

export function basemapStyle(base: string): StyleSpecification {
  const url = (name: string) => new URL(`${name}.geojson`, base).href;
  return {
    version: 8,
    name: 'Frontera offline basemap',
    sources: {
      land: { type: 'geojson', data: url('land'), attribution: BASEMAP_SOURCES.land },
      borders: { type: 'geojson', data: url('borders') },
      admin1: { type: 'geojson', data: url('admin1'), attribution: BASEMAP_SOURCES.admin1 },
      mxStates: { type: 'geojson', data: url('mx-states'), attribution: BASEMAP_SOURCES.mxStates },
      mxStateLabels: { type: 'geojson', data: url('mx-state-labels') },
      rivers: { type: 'geojson', data: url('rivers'), attribution: BASEMAP_SOURCES.rivers },
      railroads: { type: 'geojson', data: url('railroads') },
      ports: { type: 'geojson', data: url('ports-of-entry'), attribution: BASEMAP_SOURCES.ports },
      towns: { type: 'geojson', data: url('towns') },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': BASEMAP_COLORS.water } },
      { id: 'land', type: 'fill', source: 'land', paint: { 'fill-color': BASEMAP_COLORS.land } },
      {
        id: 'rivers',
        type: 'line',
        source: 'rivers',
        // The big rivers (Colorado, Yaqui, Rio Grande) from the start, the small ones zoomed in.
        filter: ['<=', ['get', 'scalerank'], ['step', ['zoom'], 6, 6, 8, 8, 10]],
        layout: { 'line-join': 'round', 'line-cap': 'round' },
        paint: { 'line-color': BASEMAP_COLORS.river, 'line-width': ['interpolate', ['linear'], ['zoom'], 5, 0.8, 10, 2] },
      },
      { id: 'coast', type: 'line', source: 'land', paint: { 'line-color': BASEMAP_COLORS.coast, 'line-width': 0.8 } },
      {
        id: 'admin-county',
        type: 'line',
        source: 'admin1',
        minzoom: 6,
        filter: ['==', ['get', 'kind'], 'county'],
        paint: { 'line-color': BASEMAP_COLORS.county, 'line-width': 0.6, 'line-dasharray': [3, 2] },
      },
      {
        id: 'admin-state',
        type: 'line',
        source: 'admin1',
        filter: ['==', ['get', 'kind'], 'state'],
        paint: { 'line-color': BASEMAP_COLORS.state, 'line-width': 1, 'line-dasharray': [4, 2] },
      },
      {
        id: 'mx-states',
        type: 'line',
        source: 'mxStates',
        paint: { 'line-color': BASEMAP_COLORS.mxState, 'line-width': ['interpolate', ['linear'], ['zoom'], 5, 0.9, 10, 1.6], 'line-dasharray': [5, 2] },
      },
      {
        id: 'railroads',
        type: 'line',
        source: 'railroads',
        minzoom: 6,
        paint: { 'line-color': BASEMAP_COLORS.railroad, 'line-width': 1, 'line-dasharray': [1, 1.5] },
      },
      {
        id: 'border-casing',
        type: 'line',
        source: 'borders',
        paint: { 'line-color': '#ffffff', 'line-width': 4, 'line-opacity': 0.7 },
      },
      { id: 'border', type: 'line', source: 'borders', paint: { 'line-color': BASEMAP_COLORS.border, 'line-width': 2 } },
      {
        id: 'ports',
        type: 'circle',
        source: 'ports',
        minzoom: 6,
        paint: {
          'circle-radius': 4,
          'circle-color': BASEMAP_COLORS.port,
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 1.5,
        },
      },
      {
        id: 'towns',
        type: 'circle',
        source: 'towns',
        filter: ['<=', ['get', 'rank'], ['step', ['zoom'], 1, 7, 2, 8.5, 3]],
        paint: {
          'circle-radius': ['match', ['get', 'rank'], 1, 4, 2, 3, 2.5],
          'circle-color': '#ffffff',
          'circle-stroke-color': BASEMAP_COLORS.town,
          'circle-stroke-width': 1.5,
        },
      },
      {
        id: 'town-labels',
        type: 'symbol',
        source: 'towns',
        filter: ['<=', ['get', 'rank'], ['step', ['zoom'], 1, 7, 2, 8.5, 3]],
        layout: {
          'text-field': ['get', 'name'],
          'text-font': ['Noto Sans Regular'],
          'text-size': ['match', ['get', 'rank'], 1, 13, 2, 12, 11],
          'text-anchor': 'left',
          'text-offset': [0.6, 0],
          'text-optional': true,
        },
        paint: { 'text-color': BASEMAP_COLORS.town, 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
      },
      {
        id: 'state-labels',
        type: 'symbol',
        source: 'mxStateLabels',
        maxzoom: 9,
        layout: {
          'text-field': ['upcase', ['get', 'name']],
          'text-font': ['Noto Sans Regular'],
          'text-size': 12,
          'text-letter-spacing': 0.15,
          'text-max-width': 8,
          'text-optional': true,
        },
        paint: { 'text-color': BASEMAP_COLORS.mxState, 'text-halo-color': '#ffffff', 'text-halo-width': 1.2, 'text-opacity': 0.85 },
      },
      {
        id: 'river-labels',
        type: 'symbol',
        source: 'rivers',
        minzoom: 7,
        filter: ['all', ['!=', ['get', 'name'], ''], ['<=', ['get', 'scalerank'], 8]],
        layout: {
          'symbol-placement': 'line',
          'text-field': ['get', 'name'],
          'text-font': ['Noto Sans Regular'],
          'text-size': 11,
          'symbol-spacing': 400,
        },
        paint: { 'text-color': BASEMAP_COLORS.river, 'text-halo-color': '#ffffff', 'text-halo-width': 1.2 },
      },
      {
        id: 'port-labels',
        type: 'symbol',
        source: 'ports',
        minzoom: 8,
        layout: {
          'text-field': ['get', 'name_mx'],
          'text-font': ['Noto Sans Regular'],
          'text-size': 10.5,
          'text-anchor': 'top',
          'text-offset': [0, 0.7],
          'text-max-width': 9,
          'text-optional': true,
        },
        paint: { 'text-color': BASEMAP_COLORS.port, 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
      },
    ],
  };
}
