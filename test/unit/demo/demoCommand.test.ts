import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIO, ParsedCommand } from '../../../cli/command.ts';
import { demoCommand } from '../../../cli/commands/demo.ts';
import { UserError } from '../../../shared/errors.ts';
import { Workspace } from '../../../electron/backend/store/workspace.ts';
import { SqliteStore } from '../../../electron/backend/store/sqliteStore.ts';
import { importFile } from '../../../electron/backend/importer.ts';
import { TOWN_CENTRE_STACKS } from '../../../shared/demo/facts.ts';
import { DEMO_SEED } from '../../../shared/demo/layers.ts';
import { demoLayers } from '../../../electron/backend/demoWorkspace.ts';
import { PLACE_NAMES, PLACES } from '../../../shared/synth/region.ts';

function capture(): CliIO & { out: string[] } {
  const out: string[] = [];
  return { out, stdout: (t) => out.push(t), stderr: () => {}, isTTY: false };
}

function args(positionals: string[], values: ParsedCommand['values'] = {}): ParsedCommand {
  return { positionals, values };
}

describe('frontera demo', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-demo-'));
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates a workspace holding the three synthetic layers', async () => {
    const file = path.join(dir, 'demo.frontera');
    const io = capture();
    await demoCommand.run(args([file], { json: true }), io);
    const report = JSON.parse(io.out.join('')) as { layers: { name: string; featureCount: number; stackedPoints?: unknown }[]; synthetic: boolean };
    expect(report.synthetic).toBe(true);
    expect(report.layers.map((l) => l.name)).toEqual(['incidents', 'roads', 'municipalities']);

    const ws = Workspace.open(file);
    try {
      const layers = ws.listLayers();
      expect(layers.map((l) => l.name)).toEqual(['incidents', 'roads', 'municipalities']);
      const incidents = layers[0];
      expect(incidents.geometryType).toBe('Point');
      expect(incidents.featureCount).toBe(report.layers[0].featureCount);
      expect(incidents.metadata.synthetic).toBe(true);
      expect(incidents.metadata.note).toBe('SYNTHETIC — demonstration data');
      // The store's own category statistics, computed from what it stored.
      expect(incidents.categories).toHaveLength(11);
      expect(incidents.categories.find((c) => c.category === 'seizure_armored_vehicles')?.count).toBe(9);
      // The town-centre stacks, found and kept with the layer as an import keeps them.
      expect(incidents.stackedPoints).toEqual(
        TOWN_CENTRE_STACKS.map((s) => {
          const count = s.homicide + s.armed_confrontation;
          const [lon, lat] = PLACES[s.place];
          return { lon, lat, count, share: count / incidents.featureCount, near: expect.objectContaining({ town: PLACE_NAMES[s.place] }) };
        }),
      );
      for (const s of incidents.stackedPoints ?? []) expect(s.near!.km).toBeLessThan(1);
      expect(layers[1].stackedPoints).toBeUndefined();
      expect(report.layers[0].stackedPoints).toEqual(incidents.stackedPoints);
      // The records known only to a window, counted by the store, against the generated layer.
      const windows = demoLayers(DEMO_SEED)[0].features.filter((f) => f.timeEnd != null);
      expect(windows.length).toBeGreaterThan(0);
      expect(incidents.timeWindows).toEqual({
        count: windows.length,
        widestMs: Math.max(...windows.map((f) => (f.timeEnd as number) - (f.time as number))),
      });
      expect(incidents.mapping).toMatchObject({ timeEnd: 'fecha_fin', precision: 'precision_ubicacion' });
      const [t0, t1] = incidents.timeRange as [number, number];
      expect(t0).toBeGreaterThanOrEqual(Date.UTC(2023, 0, 1, 8));
      expect(t1).toBeLessThan(Date.UTC(2024, 0, 1, 8));
      expect(layers[1].geometryType).toBe('LineString');
      const actions = ws.listAudit(100).map((a) => a.action);
      expect(actions).toContain('demo.create');
    } finally {
      ws.close();
    }
    expect(fs.readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('holds windows and precision codes an import of its own columns reads the same (fecha … fecha_fin, precision_ubicacion)', async () => {
    // The register as a state would send it: the demo's columns as text, read by the importer.
    const features = demoLayers(DEMO_SEED)[0].features;
    const csv = path.join(dir, 'registro.csv');
    const rows = features.map((f) => {
      const [lon, lat] = (f.geometry as { coordinates: number[] }).coordinates;
      const p = f.properties;
      return [lon, lat, p.folio, p.fecha, p.fecha_fin ?? '', p.categoria, p.precision_ubicacion].join(',');
    });
    fs.writeFileSync(csv, ['lon,lat,folio,fecha,fecha_fin,categoria,precision_ubicacion', ...rows].join('\n'));
    const ws = Workspace.open(path.join(dir, 'registro.frontera'), { create: true });
    try {
      const [s] = await importFile(new SqliteStore(ws), csv, { tz: 'America/Tijuana' });
      expect(s.mapping).toMatchObject({ time: ['fecha'], timeEnd: 'fecha_fin', precision: 'precision_ubicacion' });
      const read = [...ws.iterateFeatures(s.layerId)];
      expect(read).toHaveLength(features.length);
      read.forEach((r, i) => {
        const f = features[i];
        expect([r.time, r.timeEnd ?? null, r.precision], String(f.properties.folio)).toEqual([f.time, f.timeEnd ?? null, f.precision]);
      });
      expect(ws.getLayer(s.layerId).timeWindows?.count).toBe(features.filter((f) => f.timeEnd != null).length);
    } finally {
      ws.close();
    }
  });

  it('refuses an existing path without --force', async () => {
    const file = path.join(dir, 'demo.frontera');
    await expect(demoCommand.run(args([file]), capture())).rejects.toThrow(UserError);
    await expect(demoCommand.run(args([file]), capture())).rejects.toThrow(/already exists.*--force/);
  });

  it('replaces a workspace with --force, and never a file that is not one', async () => {
    const file = path.join(dir, 'demo.frontera');
    const before = Workspace.open(file);
    const oldPrint = before.listLayers()[0].fingerprint;
    before.close();
    const io = capture();
    await demoCommand.run(args([file], { force: true, seed: '99' }), io);
    // The stacks as the import summary words them, under the incidents line.
    expect(io.out.join('')).toMatch(/incidents +\d+ features\n +stacked: 240 records \(4\.\d %\) share one point [\d.]+ km from Mexicali \(Baja California\)'s centre/);
    const after = Workspace.open(file);
    expect(after.listLayers()[0].fingerprint).not.toBe(oldPrint);
    expect(after.listLayers()).toHaveLength(3);
    after.close();

    const notes = path.join(dir, 'notes.txt');
    fs.writeFileSync(notes, 'field notes, not a workspace');
    await expect(demoCommand.run(args([notes], { force: true }), capture())).rejects.toThrow(/refusing to replace/);
    expect(fs.readFileSync(notes, 'utf8')).toBe('field notes, not a workspace');
  });

  it('rejects a seed that is not a whole number', async () => {
    await expect(demoCommand.run(args([path.join(dir, 'x.frontera')], { seed: '1.5' }), capture())).rejects.toThrow(/--seed/);
    expect(fs.existsSync(path.join(dir, 'x.frontera'))).toBe(false);
  });
});
