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
};

export const BASEMAP_LAYER_IDS = [
  'background',
  'land',
  'coast',
  'admin-county',
  'admin-state',
  'border-casing',
  'border',
  'towns',
  'town-labels',
] as const;

export function basemapStyle(base: string): StyleSpecification {
  const url = (name: string) => new URL(`${name}.geojson`, base).href;
  return {
    version: 8,
    name: 'Frontera offline basemap',
    sources: {
      land: { type: 'geojson', data: url('land'), attribution: 'Natural Earth via world-atlas' },
      borders: { type: 'geojson', data: url('borders') },
      admin1: { type: 'geojson', data: url('admin1'), attribution: 'US Census via us-atlas' },
      towns: { type: 'geojson', data: url('towns') },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': BASEMAP_COLORS.water } },
      { id: 'land', type: 'fill', source: 'land', paint: { 'fill-color': BASEMAP_COLORS.land } },
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
        id: 'border-casing',
        type: 'line',
        source: 'borders',
        paint: { 'line-color': '#ffffff', 'line-width': 4, 'line-opacity': 0.7 },
      },
      { id: 'border', type: 'line', source: 'borders', paint: { 'line-color': BASEMAP_COLORS.border, 'line-width': 2 } },
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
    ],
  };
}
