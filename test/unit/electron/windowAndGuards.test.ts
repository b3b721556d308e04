import { describe, expect, it, vi } from 'vitest';
import { buildWindowOptions, APP_START_URL } from '../../../electron/main/windowOptions.ts';
import {
  denyPermissionCheck,
  denyPermissionRequest,
  denyWebview,
  denyWindowOpen,
  guardNavigation,
  isAllowedRequestUrl,
  isAppUrl,
} from '../../../electron/main/guards.ts';

describe('main window options', () => {
  it('isolates the page from Node and the network', () => {
    const o = buildWindowOptions('/app/dist-electron/preload.cjs');
    const w = o.webPreferences!;
    expect(w.preload).toBe('/app/dist-electron/preload.cjs');
    expect(w.contextIsolation).toBe(true);
    expect(w.sandbox).toBe(true);
    expect(w.nodeIntegration).toBe(false);
    expect(w.nodeIntegrationInWorker).toBe(false);
    expect(w.nodeIntegrationInSubFrames).toBe(false);
    expect(w.webSecurity).toBe(true);
    expect(w.allowRunningInsecureContent).toBe(false);
    expect(w.webviewTag).toBe(false);
    expect(APP_START_URL).toBe('app://frontera/index.html');
  });
});

describe('navigation and permission guards', () => {
  it('recognises only our own app:// origin', () => {
    expect(isAppUrl('app://frontera/index.html')).toBe(true);
    expect(isAppUrl('app://frontera/assets/x.js?v=1')).toBe(true);
    for (const url of [
      'app://evil/index.html',
      'app://frontera.evil.example/',
      'http://frontera/index.html',
      'https://example.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'not a url',
      '',
    ]) {
      expect(isAppUrl(url), url).toBe(false);
    }
  });

  it('cancels navigation away from the app and lets in-app navigation through', () => {
    const outside = { preventDefault: vi.fn() };
    guardNavigation(outside, 'https://example.com/');
    expect(outside.preventDefault).toHaveBeenCalledOnce();
    const file = { preventDefault: vi.fn() };
    guardNavigation(file, 'file:///home/analyst/');
    expect(file.preventDefault).toHaveBeenCalledOnce();
    const inside = { preventDefault: vi.fn() };
    guardNavigation(inside, 'app://frontera/index.html#layers');
    expect(inside.preventDefault).not.toHaveBeenCalled();
  });

  it('denies new windows, webviews and every permission', () => {
    expect(denyWindowOpen()).toEqual({ action: 'deny' });
    const e = { preventDefault: vi.fn() };
    denyWebview(e);
    expect(e.preventDefault).toHaveBeenCalledOnce();
    for (const permission of ['geolocation', 'media', 'notifications', 'clipboard-read', 'openExternal']) {
      const cb = vi.fn();
      denyPermissionRequest({}, permission, cb);
      expect(cb).toHaveBeenCalledWith(false);
    }
    expect(denyPermissionCheck()).toBe(false);
  });

  it('lets the session load only app://, its blobs and data: URLs', () => {
    expect(isAllowedRequestUrl('app://frontera/basemap/land.geojson')).toBe(true);
    expect(isAllowedRequestUrl('blob:app://frontera/8d7c1c2e-1111-4444-8888-000000000000')).toBe(true);
    expect(isAllowedRequestUrl('data:image/png;base64,AAAA')).toBe(true);
    for (const url of [
      'https://demotiles.maplibre.org/font/a.pbf',
      'http://127.0.0.1:8080/',
      'http://localhost/',
      'ws://127.0.0.1:9222/',
      'file:///etc/passwd',
      'blob:https://evil.example/x',
      'app://other/x',
    ]) {
      expect(isAllowedRequestUrl(url), url).toBe(false);
    }
  });
});
