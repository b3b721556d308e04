/**
 * Result styling: Gi* bins to ArcGIS's hot spot colours, the KDE ramp, the display raster
 * decoded byte for byte, every result kind's layers valid for MapLibre's style spec, and the
 * legend classes counted from the features.
 */
import { describe, expect, it } from 'vitest';
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import type { FeatureCollection, Geometry } from 'geojson';
import { basemapStyle } from '../../../renderer/map/basemapStyle.ts';
import {
  EMERGING_COLORS,
  GI_BIN_COLORS,
  decodeRaster,
  giBinColor,
  keepResultsOnTop,
  kdeColor,
  legendClasses,
  rasterToRgba,
  resultLayerSpecs,
  resultBounds,
  resultRasterSourceId,
  resultSourceId,
} from '../../../renderer/map/resultLayers.ts';
import { toBase64, type DisplayRaster } from '../../../shared/analysis/run/raster.ts';
import { runKde } from '../../../shared/analysis/run/runKde.ts';
import { EMERGING_LABELS } from '../../../shared/analysis/emerging.ts';
import type { AnalysisDetail } from '../../../shared/api/contract.ts';
import type { PointColumns } from '../../../shared/model/points.ts';

const square = (x: number, y: number): Geometry => ({
  type: 'Polygon',
  coordinates: [[[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y + 0.01], [x, y]]],
});

function detail(kind: AnalysisDetail['kind'], props: Record<string, unknown>[], raster?: DisplayRaster): AnalysisDetail {
  const geojson: FeatureCollection<Geometry | null> = {
    type: 'FeatureCollection',
    features: props.map((p, i) => ({ type: 'Feature', geometry: square(-115 + i * 0.01, 32.5), properties: p })),
  };
  return { id: 7, kind, layerId: 1, params: {}, inputFingerprint: 'x', summary: {}, createdAt: '2024-01-01T00:00:00Z', geojson, raster };
}

describe('Gi* colours', () => {
  it('maps bins −3..3 to the ArcGIS Pro hot spot palette, anything else to not significant', () => {
    expect(giBinColor(3)).toBe('#d62f27');
    expect(giBinColor(2)).toBe('#ed7551');
    expect(giBinColor(1)).toBe('#fab984');
    expect(giBinColor(0)).toBe('#ffffbf');
    expect(giBinColor(-1)).toBe('#c0ccbe');
    expect(giBinColor(-2)).toBe('#849eba');
    expect(giBinColor(-3)).toBe('#4575b5');
    for (const odd of [4, -4, 1.5, NaN, '3', null, undefined]) expect(giBinColor(odd)).toBe(GI_BIN_COLORS[0]);
  });

  it('counts the legend classes hot to cold from the features', () => {
    const d = detail('gistar', [{ gi_bin: 3 }, { gi_bin: 3 }, { gi_bin: 0 }, { gi_bin: -2 }]);
    const classes = legendClasses(d);
    expect(classes.map((c) => c.count)).toEqual([2, 0, 0, 1, 0, 1, 0]);
    expect(classes[0].label).toBe('Hot spot, 99 % confidence');
    expect(classes[6].color).toBe('#4575b5');
  });
});

describe('KDE raster', () => {
  it('decodes the base64 grid byte for byte and colours it through the ramp, 0 transparent', () => {
    const bytes = Uint8Array.from({ length: 12 }, (_, i) => i * 23);
    const raster: DisplayRaster = { corners: [[0, 1], [1, 1], [1, 0], [0, 0]], width: 4, height: 3, data: toBase64(bytes), max: 9 };
    expect(Array.from(decodeRaster(raster))).toEqual(Array.from(bytes));
    const rgba = rasterToRgba(raster);
    expect(rgba.length).toBe(48);
    expect(Array.from(rgba.slice(0, 4))).toEqual([0, 0, 0, 0]);
    expect(Array.from(rgba.slice(44, 48))).toEqual(kdeColor(bytes[11]));
    expect(kdeColor(255)).toEqual([128, 0, 38, 255]);
    expect(kdeColor(128)).toEqual([253, 141, 60, Math.round(60 + (195 * 128) / 255)]);
    // Alpha rises with density.
    expect(kdeColor(10)[3]).toBeLessThan(kdeColor(200)[3]);
  });

  it('refuses a raster whose bytes do not fill its size', () => {
    const raster: DisplayRaster = { corners: [], width: 5, height: 5, data: toBase64(new Uint8Array(10)), max: 1 };
    expect(() => decodeRaster(raster)).toThrow(/10 bytes for 5×5/);
  });

  it('decodes a real kernel density run: one byte per cell, the peak at 255', () => {
    const n = 200;
    let seed = 7;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const lon = Float64Array.from({ length: n }, () => -114.78 + (rand() - 0.5) * 0.05);
    const lat = Float64Array.from({ length: n }, () => 32.46 + (rand() - 0.5) * 0.05);
    const points: PointColumns = {
      count: n,
      ids: Float64Array.from({ length: n }, (_, i) => i + 1),
      lon,
      lat,
      time: new Float64Array(n).fill(NaN),
      timePrecision: new Uint8Array(n),
      category: new Int32Array(n).fill(-1),
      categories: [],
      quantity: new Float64Array(n).fill(NaN),
      unit: new Int32Array(n).fill(-1),
      units: [],
      sourceIndex: Float64Array.from({ length: n }, (_, i) => i),
    };
    const out = runKde({ kind: 'kde', layer: 1 }, { points, tz: 'America/Tijuana' }, {});
    const r = out.raster!;
    const bytes = decodeRaster(r);
    expect(bytes.length).toBe(r.width * r.height);
    expect(Math.max(...bytes)).toBe(255);
    expect(r.corners).toHaveLength(4);
  });
});

describe('result layers', () => {
  it('are valid MapLibre style for every kind, raster included', () => {
    const style = basemapStyle('http://127.0.0.1:1/basemap/');
    const kinds: AnalysisDetail['kind'][] = ['dbscan', 'kde', 'gistar', 'nni', 'corridors', 'emerging', 'areas'];
    kinds.forEach((kind, i) => {
      const raster: DisplayRaster | undefined =
        kind === 'kde' ? { corners: [[-115, 33], [-114, 33], [-114, 32], [-115, 32]], width: 1, height: 1, data: 'AA==', max: 1 } : undefined;
      const d = { ...detail(kind, []), id: i + 1, raster };
      style.sources[resultSourceId(d.id)] = { type: 'geojson', data: { type: 'FeatureCollection', features: [] } };
      if (raster) {
        style.sources[resultRasterSourceId(d.id)] = {
          type: 'image',
          url: 'data:image/png;base64,AA==',
          coordinates: raster.corners as [[number, number], [number, number], [number, number], [number, number]],
        };
      }
      const specs = resultLayerSpecs(d);
      expect(specs.length).toBeGreaterThan(0);
      for (const s of specs) expect(s.id.startsWith(`res-${d.id}-`)).toBe(true);
      style.layers.push(...specs);
    });
    expect(style.layers.some((l) => l.id === 'res-2-raster')).toBe(true);
    expect(validateStyleMin(style)).toEqual([]);
  });

  it('labels DBSCAN hulls with a symbol layer in the basemap font (drawn offline from system fonts)', () => {
    const label = resultLayerSpecs(detail('dbscan', [])).find((l) => l.type === 'symbol')!;
    const town = basemapStyle('http://x/').layers.find((l) => l.id === 'town-labels')!;
    expect((label.layout as Record<string, unknown>)['text-font']).toEqual((town.layout as Record<string, unknown>)['text-font']);
    expect((label.layout as Record<string, unknown>)['text-field']).toEqual(['get', 'label']);
  });

  it('has a colour for every emerging pattern but "no pattern", which is listed and not drawn', () => {
    for (const k of Object.keys(EMERGING_LABELS)) {
      if (k === 'no_pattern') expect(EMERGING_COLORS[k]).toBeUndefined();
      else expect(EMERGING_COLORS[k], k).toMatch(/^#[0-9a-f]{6}$/);
    }
    const d = detail('emerging', [
      { pattern: 'persistent_hot', pattern_label: 'Persistent hot spot' },
      { pattern: 'persistent_hot', pattern_label: 'Persistent hot spot' },
      { pattern: 'no_pattern', pattern_label: 'No pattern detected' },
    ]);
    expect(legendClasses(d)).toEqual([
      { color: EMERGING_COLORS.persistent_hot, label: 'Persistent hot spot', count: 2 },
      { color: 'transparent', label: 'No pattern detected (not drawn)', count: 1 },
    ]);
  });
});

describe('legend colours tell every class apart', () => {
  const luminance = (hex: string) => [1, 3, 5].map((j) => parseInt(hex.slice(j, j + 2), 16)).reduce((a, c, k) => a + c * [0.2126, 0.7152, 0.0722][k], 0);

  it('KDE: each contour level its own colour, densest darkest, the map drawing each as its legend entry says', () => {
    for (const percents of [[1, 5, 10], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [50]]) {
      const d = detail('kde', percents.map((p) => ({ contour_percent: p, density_level: 100 / p })));
      d.summary = { contourLevels: percents.map((p) => ({ percent: p, level: 100 / p })) };
      const legend = legendClasses(d);
      expect(legend).toHaveLength(percents.length);
      expect(new Set(legend.map((c) => c.color)).size, String(percents)).toBe(percents.length);
      for (let i = 1; i < legend.length; i++) expect(luminance(legend[i].color)).toBeGreaterThan(luminance(legend[i - 1].color));
      const contour = resultLayerSpecs(d).find((l) => l.id.endsWith('-contour'))!;
      const match = (contour.paint as Record<string, unknown>)['line-color'] as unknown[];
      legend.forEach((c, i) => expect(match[match.indexOf(percents[i], 2) + 1]).toBe(c.color));
    }
  });

  it('Gi*: seven bins, seven colours', () => {
    const legend = legendClasses(detail('gistar', [3, 2, 1, 0, -1, -2, -3].map((b) => ({ gi_bin: b }))));
    expect(new Set(legend.map((c) => c.color)).size).toBe(7);
  });

  it('emerging hot spots: 16 patterns, 16 colours, hot ones red and cold ones blue, the strongest trend darkest', () => {
    const patterns = Object.keys(EMERGING_LABELS).filter((k) => k !== 'no_pattern');
    const legend = legendClasses(detail('emerging', patterns.map((p) => ({ pattern: p, pattern_label: EMERGING_LABELS[p as keyof typeof EMERGING_LABELS] }))));
    expect(legend).toHaveLength(16);
    expect(new Set(legend.map((c) => c.color)).size).toBe(16);
    const rgb = (hex: string) => [1, 3, 5].map((j) => parseInt(hex.slice(j, j + 2), 16));
    for (const p of patterns) {
      const [r, , b] = rgb(EMERGING_COLORS[p]);
      if (p.endsWith('_hot')) expect(r, p).toBeGreaterThan(b);
      else expect(b, p).toBeGreaterThan(r);
    }
    for (const side of ['hot', 'cold']) {
      const order = ['intensifying', 'persistent', 'consecutive', 'new', 'oscillating', 'sporadic', 'diminishing', 'historical'].map((k) => luminance(EMERGING_COLORS[`${k}_${side}`]));
      for (let i = 1; i < order.length; i++) expect(order[i], side).toBeGreaterThan(order[i - 1]);
    }
  });
});

describe('result bounds', () => {
  it('spans every feature and the raster corners, null when nothing has a geometry', () => {
    const d = detail('dbscan', [{}, {}]);
    expect(resultBounds(d)).toEqual([-115, 32.5, -115 + 0.01 + 0.01, 32.51]);
    const raster: DisplayRaster = { corners: [[-116, 33], [-114, 33], [-114, 32], [-116, 32]], width: 1, height: 1, data: 'AA==', max: 1 };
    expect(resultBounds({ ...detail('kde', []), raster })).toEqual([-116, 32, -114, 33]);
    expect(resultBounds({ geojson: { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: null, properties: {} }] } })).toBeNull();
  });
});

describe('result stacking', () => {
  /** Just enough of a MapLibre map: an ordered layer list with moveLayer semantics. */
  function fakeMap(ids: string[]) {
    let layers = ids.map((id) => ({ id, type: id.endsWith('-label') ? 'symbol' : 'fill' }));
    let moves = 0;
    return {
      getStyle: () => ({ layers }),
      getLayer: (id: string) => layers.find((l) => l.id === id),
      moveLayer(id: string, before?: string) {
        moves++;
        const l = layers.find((x) => x.id === id)!;
        layers = layers.filter((x) => x.id !== id);
        const at = before ? layers.findIndex((x) => x.id === before) : layers.length;
        layers.splice(at, 0, l);
      },
      ids: () => layers.map((l) => l.id),
      moves: () => moves,
    };
  }

  it('puts results back over workspace layers after a re-stack, labels last, and then does nothing', () => {
    const m = fakeMap(['land', 'res-1-fill', 'res-1-line', 'lyr-1-circle', 'lyr-2-fill', 'town-labels', 'res-1-label']);
    keepResultsOnTop(m as never);
    expect(m.ids()).toEqual(['land', 'lyr-1-circle', 'lyr-2-fill', 'res-1-fill', 'res-1-line', 'town-labels', 'res-1-label']);
    const moves = m.moves();
    keepResultsOnTop(m as never);
    expect(m.moves()).toBe(moves);
  });
});
