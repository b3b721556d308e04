import { describe, expect, it } from 'vitest';
import type { Point } from 'geojson';
import { incidentsToFeatures } from '../../../shared/synth/features.ts';
import { generateIncidents } from '../../../shared/synth/incidents.ts';
import { borderZoneSpec } from '../../../shared/synth/presets.ts';

describe('incidentsToFeatures', () => {
  it('carries every column into a feature, NaN quantities as null', () => {
    const g = generateIncidents(borderZoneSpec(2000), 4);
    const fs = incidentsToFeatures(g);
    expect(fs).toHaveLength(2000);
    let withQuantity = 0;
    fs.forEach((f, i) => {
      expect(f.sourceIndex).toBe(i);
      expect((f.geometry as Point).coordinates).toEqual([g.lon[i], g.lat[i]]);
      expect(f.time).toBe(g.time[i]);
      expect(f.category).toBe(g.categoryNames[g.category[i]]);
      expect(f.properties.component).toBe(g.component[i]);
      if (f.category?.startsWith('seizure_')) {
        withQuantity++;
        expect(f.quantity).toBe(g.quantity[i]);
        expect(['kg', 'units']).toContain(f.unit);
      } else {
        expect(f.quantity).toBeNull();
        expect(f.unit).toBeNull();
      }
    });
    expect(withQuantity).toBeGreaterThan(100);
  });
});
