import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import type { FronteraBridge } from '../../../renderer/api/bridge.ts';
import type { PreloadBridge } from '../../../electron/main/preload.ts';

const exposed: Record<string, unknown> = {};
const invoke = vi.fn(async () => ({ result: 1 }));
const send = vi.fn();
const listeners = new Map<string, ((...a: unknown[]) => void)[]>();

vi.mock('electron', () => ({
  webUtils: { getPathForFile: (f: { name: string; fromDisk?: boolean }) => (f.fromDisk ? `/home/analyst/${f.name}` : '') },
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => void (exposed[key] = value) },
  ipcRenderer: {
    invoke,
    send,
    on: (ch: string, fn: (...a: unknown[]) => void) => void listeners.set(ch, [...(listeners.get(ch) ?? []), fn]),
    removeListener: (ch: string, fn: (...a: unknown[]) => void) => void listeners.set(ch, (listeners.get(ch) ?? []).filter((f) => f !== fn)),
  },
}));

describe('preload bridge', () => {
  it('has the shape the renderer expects', () => {
    // Compile-time check: the preload's object is assignable to what the renderer declares.
    const check = (b: PreloadBridge): FronteraBridge => b;
    expectTypeOf(check).returns.toEqualTypeOf<FronteraBridge>();
  });

  it('exposes only window.frontera, forwarding to fixed channels', async () => {
    await import('../../../electron/main/preload.ts');
    expect(Object.keys(exposed)).toEqual(['frontera']);
    const bridge = exposed.frontera as FronteraBridge;
    expect(Object.keys(bridge).sort()).toEqual(['call', 'cancel', 'onCommand', 'onProgress', 'openTeam', 'pathsOf', 'pickFiles', 'savePath', 'setLanguage', 'versions']);
    // Dropped files become paths; in-memory files (no path on disk) are left out.
    const dropped = [{ name: 'mun_02_26.shp', fromDisk: true }, { name: 'pasted.csv' }] as unknown as File[];
    expect(bridge.pathsOf(dropped)).toEqual(['/home/analyst/mun_02_26.shp']);
    await bridge.call('layers.list', {}, 'c1');
    expect(invoke).toHaveBeenCalledWith('api', 'layers.list', {}, 'c1');
    bridge.cancel('c1');
    expect(send).toHaveBeenCalledWith('api:cancel', 'c1');

    const got: unknown[] = [];
    const off = bridge.onProgress((id, p) => got.push([id, p]));
    for (const fn of listeners.get('api:progress') ?? []) fn({ sender: 'hidden' }, 'c1', { phase: 'read', done: 1 });
    off();
    for (const fn of listeners.get('api:progress') ?? []) fn({}, 'c1', { phase: 'read', done: 2 });
    // The IPC event (which carries the sender) never reaches the page.
    expect(got).toEqual([['c1', { phase: 'read', done: 1 }]]);
  });
});
