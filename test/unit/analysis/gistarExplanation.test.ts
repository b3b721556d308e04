/**
 * A Gi* run with no hot or cold spot says why: the strongest z and its p, read back from the
 * features it drew, and whether the FDR correction took it — which a rerun without the
 * correction confirms (its bins appear) — or every value is the same.
 */
import { describe, expect, it } from 'vitest';
import { runGistar } from '../../../shared/analysis/run/runGistar.ts';
import type { PointColumns } from '../../../shared/model/points.ts';

/** 100 point features on a 10 × 10 lattice about 1 km apart, with these values (field mode). */
function run(values: number[], fdr = true) {
  const features = values.map((value, i) => ({
    id: i + 1,
    sourceIndex: i,
    value,
    geometry: { type: 'Point' as const, coordinates: [-115 + (i % 10) * 0.01, 32.5 + Math.floor(i / 10) * 0.01] },
  }));
  const noPoints = { count: 0 } as PointColumns;
  const out = runGistar({ kind: 'gistar', layer: 'x', field: 'v', distanceBand: 1200, fdr }, { points: noPoints, tz: 'UTC', features }, {});
  const props = out.geojson.features.map((f) => f.properties as { gi_z: number; gi_p: number; gi_bin: number });
  const strongest = props.reduce((b, q) => (Math.abs(q.gi_z) > Math.abs(b.gi_z) ? q : b));
  return { summary: out.summary, props, strongest };
}

const pText = (p: number) => (p < 0.001 ? '< 0.001' : p.toFixed(3));

describe('a Gi* run that finds nothing says why', () => {
  it('the FDR correction took the strongest: says so, and a run without it shows the bins', () => {
    const values = Array.from({ length: 100 }, (_, i) => (i * 7) % 5);
    const r = run(values);
    expect(r.props.every((q) => q.gi_bin === 0)).toBe(true);
    expect(r.strongest.gi_p).toBeLessThanOrEqual(0.1);
    expect(r.summary.explanation).toBe(
      `0 significant features of 100: the strongest is z = ${r.strongest.gi_z.toFixed(2)} (p = ${pText(r.strongest.gi_p)}), significant alone but not once ` +
        'the false discovery rate across all 100 is controlled (--no-fdr, or the FDR box unticked, shows the uncorrected bins); a larger distance band (--distance-band) gives each feature more neighbours',
    );
    const uncorrected = run(values, false);
    expect(uncorrected.props.some((q) => q.gi_bin !== 0)).toBe(true);
    expect(uncorrected.summary.explanation).toBeUndefined();
  });

  it('nothing reaches 90 % even alone: says how far the strongest got', () => {
    // A checkerboard: every neighbourhood mixes ones and twos.
    const r = run(Array.from({ length: 100 }, (_, i) => ((i + Math.floor(i / 10)) % 2) + 1));
    expect(r.strongest.gi_p).toBeGreaterThan(0.1);
    expect(r.summary.explanation).toBe(
      `0 significant features of 100: the strongest is z = ${r.strongest.gi_z.toFixed(2)} (p = ${pText(r.strongest.gi_p)}), short of 90 % confidence; ` +
        'a larger distance band (--distance-band) gives each feature more neighbours',
    );
  });

  it('every value the same: none can stand out', () => {
    expect(run(Array<number>(100).fill(3)).summary.explanation).toBe('0 significant features: all 100 have the same value, so none stands out');
  });
});
