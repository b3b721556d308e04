import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildLineNetwork, type LineNetwork } from '../../../../shared/analysis/corridors/lineNetwork.ts';
import { groupByEdge, type EdgePoints } from '../../../../shared/analysis/corridors/lixels.ts';
import { networkKde } from '../../../../shared/analysis/corridors/networkKde.ts';
import { snapToNetwork } from '../../../../shared/analysis/corridors/snapToNetwork.ts';
import {
  adaptiveBandwidths,
  cvLikelihood,
  cvlScore,
} from '../../../../shared/analysis/corridors/bandwidthSelection.ts';
import { edgeCorrectionFactors, pointInRing } from '../../../../shared/analysis/corridors/edgeCorrection.ts';
import type { NkdeMethod } from '../../../../shared/analysis/corridors/types.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..', '..');
const fixture = path.resolve(repoRoot, '..', 'shared', 'fixtures', 'spnetwork-nkde-toy', 'toy_network_cases.json');

interface ToyCase {
  id: string;
  lines_wkt: string[];
  events: [number, number][];
  weights?: number[];
  samples?: [number, number][] | string;
  params: Record<string, unknown>;
  expected?: number[] | Record<string, number>;
  expected_event_bws?: number[];
  expected_factors?: number[];
  study_area_wkt?: string;
  pilot_densities?: number[];
  densities_at_events?: Record<string, number>;
}

const cases: ToyCase[] = JSON.parse(readFileSync(fixture, 'utf8')).cases;
const byId = (id: string): ToyCase => {
  const c = cases.find((k) => k.id === id);
  if (!c) throw new Error(`fixture has no case ${id}`);
  return c;
};

function parseWkt(wkt: string): [number, number][] {
  const body = /LINESTRING\s*\((.*)\)/.exec(wkt)?.[1];
  if (!body) throw new Error(`not a LINESTRING: ${wkt}`);
  return body.split(',').map((p) => p.trim().split(/\s+/).map(Number) as [number, number]);
}

function setup(c: ToyCase): { net: LineNetwork; events: EdgePoints & { order: Int32Array }; weights: Float64Array | undefined } {
  const net = buildLineNetwork(c.lines_wkt.map(parseWkt), { nodeTolerance: 1e-6 });
  const events = onNetwork(net, c.events);
  const weights = c.weights ? Float64Array.from(events.order, (i) => c.weights![i]) : undefined;
  return { net, events, weights };
}

function onNetwork(net: LineNetwork, pts: [number, number][]): EdgePoints & { order: Int32Array } {
  const snapped = snapToNetwork(
    net,
    Float64Array.from(pts, (p) => p[0]),
    Float64Array.from(pts, (p) => p[1]),
    1e-6,
  );
  expect(Array.from(snapped.edge).every((e) => e >= 0)).toBe(true);
  return groupByEdge(net, snapped.edge, snapped.offset);
}

function densityAt(id: string): { got: number[]; expected: number[] } {
  const c = byId(id);
  const { net, events, weights } = setup(c);
  const samples = onNetwork(net, c.samples as [number, number][]);
  const bw = c.params.bw as number | number[];
  const res = networkKde(net, events, samples, {
    bandwidth: typeof bw === 'number' ? bw : Float64Array.from(events.order, (i) => bw[i]),
    method: c.params.method as NkdeMethod,
    kernel: 'quartic',
    div: c.params.div as 'bw' | 'none',
    weights,
  });
  const got = new Array<number>(samples.order.length);
  samples.order.forEach((orig, j) => (got[orig] = res.density[j]));
  return { got, expected: c.expected as number[] };
}

describe('network KDE reproduces spNetwork toy cases', () => {
  for (const id of ['nkde_simple_star', 'nkde_discontinuous_star', 'nkde_continuous_star', 'nkde_discontinuous_manual_bws']) {
    it(id, () => {
      const { got, expected } = densityAt(id);
      expect(got.length).toBe(expected.length);
      got.forEach((g, i) => expect(g).toBeCloseTo(expected[i], 10));
    });
  }

  it('adaptive_bw_abramson_star: Abramson bandwidths to 6 decimals', () => {
    const c = byId('adaptive_bw_abramson_star');
    const { net, events, weights } = setup(c);
    const bws = adaptiveBandwidths(net, events, c.params.bw as number, c.params.trim_bw as number, {
      method: 'discontinuous',
      weights,
    });
    events.order.forEach((orig, j) => expect(bws[j]).toBeCloseTo(c.expected_event_bws![orig], 6));
  });

  const cv: [string, NkdeMethod, 'remove' | 'min_double'][] = [
    ['cv_likelihood_simple', 'simple', 'min_double'],
    ['cv_likelihood_simple_zero_removed', 'simple', 'remove'],
    ['cv_likelihood_discontinuous', 'discontinuous', 'min_double'],
    ['cv_likelihood_continuous', 'continuous', 'min_double'],
    ['cv_likelihood_continuous_T_network', 'continuous', 'min_double'],
  ];
  for (const [id, method, zero] of cv) {
    it(`${id}: leave-one-out likelihood`, () => {
      const c = byId(id);
      const { net, events, weights } = setup(c);
      for (const [key, value] of Object.entries(c.expected as Record<string, number>)) {
        const bw = Number(key.replace('bw=', ''));
        expect(cvLikelihood(net, events, bw, zero, { method, weights })).toBeCloseTo(value, 6);
      }
    });
  }

  for (const [id, method] of [
    ['cvl_simple', 'simple'],
    ['cvl_discontinuous', 'discontinuous'],
    ['cvl_continuous_T_network', 'continuous'],
  ] as [string, NkdeMethod][]) {
    it(`${id}: CVL score`, () => {
      const c = byId(id);
      const { net, events, weights } = setup(c);
      for (const [key, value] of Object.entries(c.expected as Record<string, number>)) {
        const bw = Number(key.replace('bw=', ''));
        expect(cvlScore(net, events, bw, { method, weights }) / value).toBeCloseTo(1, 8);
      }
    });
  }

  it('diggle_correction_simple_triangle: edge correction factors', () => {
    const c = byId('diggle_correction_simple_triangle');
    const { net, events } = setup(c);
    const ring = /POLYGON\s*\(\((.*)\)\)/.exec(c.study_area_wkt!)![1].split(',').map((p) => p.trim().split(/\s+/).map(Number));
    const f = edgeCorrectionFactors(net, events, c.params.bws as number, (x, y) => pointInRing(x, y, ring), 'triangle');
    events.order.forEach((orig, j) => expect(f[j]).toBeCloseTo(c.expected_factors![orig], 4));
  });

  it('cvl_continuous_T_network: densities at the events', () => {
    const c = byId('cvl_continuous_T_network');
    const { net, events } = setup(c);
    const res = networkKde(net, events, events, { bandwidth: 11, method: 'continuous', div: 'bw' });
    const expected = Object.values(c.densities_at_events!);
    events.order.forEach((orig, j) => expect(res.density[j]).toBeCloseTo(expected[orig], 10));
  });
});
