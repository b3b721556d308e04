/**
 * A seeded border-zone incident layer written straight into a workspace (no file, no import):
 * how the briefing bench and the big-layer e2e get a million incidents in seconds.
 */
import type { Workspace } from '../../electron/backend/store/workspace.ts';
import { iterateIncidentFeatures } from '../../shared/synth/features.ts';
import { generateIncidents } from '../../shared/synth/incidents.ts';
import { borderZoneSpec } from '../../shared/synth/presets.ts';

export function insertSyntheticIncidents(ws: Workspace, n: number, seed: number, fingerprint: string, note: string): void {
  ws.insertLayer(
    {
      name: 'incidents',
      sourceFile: 'synthetic',
      sourceFormat: 'synthetic',
      sourceCrs: 'EPSG:4326',
      fields: [],
      fingerprint,
      mapping: {},
      metadata: { synthetic: true, note },
    },
    iterateIncidentFeatures(generateIncidents(borderZoneSpec(n), seed), { properties: false }),
  );
}
