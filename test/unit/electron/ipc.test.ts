import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { openBackend } from '../../../electron/backend/backend.ts';
import { repoRoot } from '../../../scripts/web.ts';
import type { Api, CallContext } from '../../../shared/api/contract.ts';
import { layerTakenError } from '../../../electron/backend/store/layerTakenError.ts';
import { UserError } from '../../../shared/errors.ts';
import { ImportError } from '../../../shared/import/problems.ts';
import { createIpcHandlers, isTrustedSender, type IpcEventLike } from '../../../electron/main/ipc.ts';
import { PROGRESS_CHANNEL } from '../../../electron/main/channels.ts';

const PLACES = path.resolve(repoRoot, '..', 'shared', 'fixtures', 'natural-earth', 'clipped', 'ne_10m_populated_places_sonora_bc.shp');

function event(url: string | null, opts: { parent?: unknown; id?: number } = {}) {
  const sent: unknown[][] = [];
  const e: IpcEventLike = {
    senderFrame: url === null ? null : { url, parent: opts.parent ?? null },
    sender: { id: opts.id ?? 1, send: (...args: unknown[]) => void sent.push(args) },
  };
  return { e, sent };
}

function backend() {
  const calls: { method: string; input: unknown; ctx?: CallContext }[] = [];
  const api = {
    'layers.get': async (input: unknown, ctx?: CallContext) => {
      calls.push({ method: 'layers.get', input, ctx });
      const { layerId } = input as { layerId: number };
      if (layerId === 404) throw new UserError('no layer with id 404');
      if (layerId === 409) throw layerTakenError('homicidios', 'buffer');
      if (layerId === 500) throw new Error('SQLITE_CORRUPT at /home/analyst/x.frontera');
      return { id: layerId, name: 'homicidios' };
    },
    'import.preview': async ({ path }: { path: string }) => {
      throw new ImportError([{ file: path, location: 'row 9', index: 8, reason: 'longitude 514.2 is out of range' }]);
    },
    'layers.features': async (input: unknown, ctx?: CallContext) => {
      calls.push({ method: 'layers.features', input, ctx });
      ctx?.onProgress?.({ phase: 'read', done: 1, total: 2 });
      await new Promise((r) => setTimeout(r, 30));
      if (ctx?.signal?.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
      return { type: 'FeatureCollection', features: [] };
    },
  } as unknown as Api;
  return { api, calls };
}

describe('IPC sender check', () => {
  it('trusts only the app:// main frame', () => {
    expect(isTrustedSender(event('app://frontera/index.html').e)).toBe(true);
    expect(isTrustedSender(event('app://frontera/index.html', { parent: {} }).e)).toBe(false);
    expect(isTrustedSender(event('https://evil.example/').e)).toBe(false);
    expect(isTrustedSender(event('file:///tmp/x.html').e)).toBe(false);
    expect(isTrustedSender(event(null).e)).toBe(false);
  });
});

describe('IPC API handler', () => {
  it('refuses foreign senders and sub-frames without calling the back end', async () => {
    const { api, calls } = backend();
    const log = vi.fn();
    const h = createIpcHandlers(api, log);
    for (const { e } of [event('https://evil.example/'), event('app://frontera/index.html', { parent: {} }), event(null)]) {
      expect(await h.call(e, 'layers.get', { layerId: 1 }, 'c1')).toEqual({ error: { status: 403, message: 'forbidden' } });
    }
    expect(calls).toHaveLength(0);
    expect(log).toHaveBeenCalledTimes(3);
  });

  it('refuses unknown methods and invalid arguments', async () => {
    const { api, calls } = backend();
    const h = createIpcHandlers(api, () => {});
    const { e } = event('app://frontera/index.html');
    expect(await h.call(e, 'fs.readFile', { path: '/etc/passwd' }, 'c1')).toMatchObject({ error: { status: 404 } });
    expect(await h.call(e, 'constructor', {}, 'c1')).toMatchObject({ error: { status: 404 } });
    const bad = await h.call(e, 'layers.get', { layerId: 'one' }, 'c1');
    expect(bad).toMatchObject({ error: { status: 400, name: 'ApiInputError' } });
    expect((bad as { error: { message: string } }).error.message).toMatch(/layerId/);
    expect(await h.call(e, 'layers.get', { layerId: 1, extra: true }, 'c1')).toMatchObject({ error: { status: 400 } });
    expect(await h.call(e, 'layers.get', { layerId: 1 }, '../../x')).toMatchObject({ error: { status: 400 } });
    expect(calls).toHaveLength(0);
  });

  it('returns results and readable errors as envelopes', async () => {
    const { api, calls } = backend();
    const h = createIpcHandlers(api, () => {});
    const { e } = event('app://frontera/index.html');
    expect(await h.call(e, 'layers.get', { layerId: 3 }, 'c1')).toEqual({ result: { id: 3, name: 'homicidios' } });
    expect(calls[0].ctx?.actor).toBe('app');
    expect(await h.call(e, 'layers.get', { layerId: 404 }, 'c2')).toEqual({
      // A message without catalogue words reads the same in every language.
      error: { status: 400, name: 'UserError', message: 'no layer with id 404', messages: { en: 'no layer with id 404', es: 'no layer with id 404' } },
    });
    // One with words: in each language, for the window to show the one it speaks.
    expect(await h.call(e, 'layers.get', { layerId: 409 }, 'c2')).toMatchObject({
      error: {
        status: 400,
        message: 'a layer named "homicidios" already exists; choose another name for the buffer',
        messages: { es: 'ya existe una capa llamada "homicidios"; elija otro nombre para el área de influencia' },
      },
    });
    const internal = await h.call(e, 'layers.get', { layerId: 500 }, 'c3');
    expect(internal).toMatchObject({ error: { status: 500 } });
    expect(JSON.stringify(internal)).not.toContain('SQLITE_CORRUPT');
    const imp = await h.call(e, 'import.preview', { path: '/data/x.csv' }, 'c4');
    expect(imp).toMatchObject({
      error: { status: 400, problems: [{ file: '/data/x.csv', location: 'row 9', index: 8, reason: 'longitude 514.2 is out of range' }] },
    });
  });

  it('forwards progress to the calling page and cancels on request', async () => {
    const { api } = backend();
    const h = createIpcHandlers(api, () => {});
    const { e, sent } = event('app://frontera/index.html');
    const pending = h.call(e, 'layers.features', { layerId: 1 }, 'call-7');
    // A foreign frame cannot cancel someone else's call.
    h.cancel(event('https://evil.example/').e, 'call-7');
    h.cancel(e, 'call-7');
    expect(await pending).toEqual({ error: { status: 499, name: 'AbortError', message: 'cancelled' } });
    expect(sent).toEqual([[PROGRESS_CHANNEL, 'call-7', { phase: 'read', done: 1, total: 2 }]]);
    expect(h.running.size).toBe(0);
  });
});

describe('IPC routing: print windows and files the page may write', () => {
  it('a page being printed reaches its own back end, and only for its model', async () => {
    const main = backend();
    const printing = backend();
    const log = vi.fn();
    const h = createIpcHandlers(main.api, log, {
      route: (ev) => (ev.sender.id === 7 ? { api: printing.api, methods: ['layers.get'] } : { api: main.api }),
    });
    const page = event('app://frontera/briefing.html', { id: 7 }).e;
    expect(await h.call(page, 'layers.get', { layerId: 3 }, 'c1')).toEqual({ result: { id: 3, name: 'homicidios' } });
    expect(printing.calls).toHaveLength(1);
    expect(main.calls).toHaveLength(0);
    expect(await h.call(page, 'layers.features', { layerId: 3 }, 'c2')).toEqual({ error: { status: 403, message: 'forbidden' } });
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/layers\.features from app:\/\/frontera\/briefing\.html was refused/));
    await h.call(event('app://frontera/index.html', { id: 1 }).e, 'layers.get', { layerId: 4 }, 'c3');
    expect(main.calls.map((c) => c.input)).toEqual([{ layerId: 4 }]);
  });

  it('an export or a print writes only a file the user chose in the save dialog', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-ipc-'));
    const real = openBackend(path.join(dir, 'w.frontera'), { create: true });
    try {
      const [{ layerId }] = await real['import.run']({ paths: [PLACES], options: { layer: 'poblaciones' } });
      const chosen = new Set([path.join(dir, 'chosen.geojson')]);
      const h = createIpcHandlers(real, () => {}, { mayWrite: (out) => chosen.has(path.resolve(out)) });
      const page = event('app://frontera/index.html').e;
      const other = path.join(dir, 'other.geojson');
      expect(await h.call(page, 'export.layer', { layerId, out: other }, 'c1')).toEqual({
        error: { status: 403, message: 'forbidden: choose the file in the save dialog' },
      });
      expect(fs.existsSync(other)).toBe(false);
      const ok = (await h.call(page, 'export.layer', { layerId, out: path.join(dir, 'chosen.geojson') }, 'c2')) as { result: { count: number } };
      expect(ok.result.count).toBe(12);
      expect(fs.existsSync(path.join(dir, 'chosen.geojson'))).toBe(true);
      // Without a save dialog (no mayWrite), nothing is written at all.
      const bare = createIpcHandlers(real, () => {});
      expect(await bare.call(page, 'briefing.print', { options: {}, format: 'pdf', out: path.join(dir, 'chosen.pdf') }, 'c3')).toMatchObject({
        error: { status: 403 },
      });
    } finally {
      real.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
