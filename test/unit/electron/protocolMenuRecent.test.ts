import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { serveAppRequest } from '../../../electron/main/protocol.ts';
import { aboutText, buildMenuTemplate, type MenuActions } from '../../../electron/main/menu.ts';
import { addRecent, MAX_RECENT, parseRecent } from '../../../electron/main/recent.ts';

describe('app:// protocol', () => {
  let tmp: string;
  let root: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-proto-'));
    root = path.join(tmp, 'dist-renderer');
    fs.mkdirSync(path.join(root, 'basemap'), { recursive: true });
    fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Frontera</title>');
    fs.writeFileSync(path.join(root, 'basemap', 'land.geojson'), '{"type":"FeatureCollection","features":[]}');
    fs.writeFileSync(path.join(tmp, 'secret.txt'), 'TOP SECRET');
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('serves the renderer with the CSP', async () => {
    const r = await serveAppRequest(root, { url: 'app://frontera/index.html', method: 'GET' });
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('<title>Frontera</title>');
    expect(r.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(r.headers.get('content-security-policy')).toContain("worker-src 'self' blob:");
    const geo = await serveAppRequest(root, { url: 'app://frontera/basemap/land.geojson?v=2', method: 'GET' });
    expect(geo.headers.get('content-type')).toMatch(/geo\+json/);
  });

  it('rejects traversal, other hosts and writes', async () => {
    for (const url of [
      'app://frontera/../secret.txt',
      'app://frontera/%2e%2e/secret.txt',
      'app://frontera/basemap/..%2f..%2fsecret.txt',
      'app://frontera/..%5csecret.txt',
      'app://other/index.html',
      'app://frontera/missing.js',
    ]) {
      const r = await serveAppRequest(root, { url, method: 'GET' });
      expect(r.status, url).toBe(404);
      expect(await r.text()).not.toContain('TOP SECRET');
    }
    expect((await serveAppRequest(root, { url: 'app://frontera/index.html', method: 'POST' })).status).toBe(405);
  });
});

describe('application menu', () => {
  it('wires File, View, Analysis and Help to the actions', () => {
    const actions: MenuActions = {
      newWorkspace: vi.fn(),
      openWorkspace: vi.fn(),
      openRecent: vi.fn(),
      command: vi.fn(),
      about: vi.fn(),
    };
    const template = buildMenuTemplate(actions, ['/data/sonora.frontera'], false);
    expect(template.map((m) => m.label)).toEqual(['File', 'View', 'Analysis', 'Help']);
    const file = template[0].submenu as { label?: string; click?: () => void; submenu?: unknown }[];
    const byLabel = (label: string) => file.find((i) => i.label === label)!;
    byLabel('Import Data…').click!();
    byLabel('Print Briefing…').click!();
    byLabel('Open Workspace…').click!();
    (byLabel('Open Recent').submenu as { click: () => void }[])[0].click();
    expect(actions.command).toHaveBeenCalledWith('import');
    expect(actions.command).toHaveBeenCalledWith('print-briefing');
    expect(actions.openWorkspace).toHaveBeenCalledOnce();
    expect(actions.openRecent).toHaveBeenCalledWith('/data/sonora.frontera');
    const help = template[3].submenu as { click: () => void }[];
    help[0].click();
    expect(actions.about).toHaveBeenCalledOnce();
    // macOS: the application menu first, About in it too.
    const mac = buildMenuTemplate(actions, [], true);
    expect(mac[0].label).toBe('Frontera');
    const appItems = mac[0].submenu as { label?: string; role?: string; click?: () => void }[];
    expect(appItems.map((i) => i.role).filter(Boolean)).toEqual(['services', 'hide', 'hideOthers', 'unhide', 'quit']);
    appItems[0].click!();
    expect(actions.about).toHaveBeenCalledTimes(2);
  });

  it('names the versions in the About box', () => {
    const text = aboutText('0.1.0', { electron: '41.7.1', chrome: '140.0.1', node: '22.1.0', v8: '14.0' });
    expect(text).toContain('Frontera 0.1.0');
    expect(text).toContain('Electron 41.7.1');
    expect(text).toContain('Chromium 140.0.1');
  });
});

describe('recent workspaces', () => {
  it('keeps newest first without duplicates, bounded', () => {
    let list: string[] = [];
    for (let i = 0; i < 12; i++) list = addRecent(list, `/w/${i}.frontera`);
    list = addRecent(list, '/w/7.frontera');
    expect(list[0]).toBe('/w/7.frontera');
    expect(list).toHaveLength(MAX_RECENT);
    expect(new Set(list).size).toBe(list.length);
    expect(parseRecent('{"not":"a list"}')).toEqual([]);
    expect(parseRecent('not json')).toEqual([]);
    expect(parseRecent('["/a.frontera", 3, null, "/b.frontera"]')).toEqual(['/a.frontera', '/b.frontera']);
  });
});
