/**
 * The briefing page's entry. The model arrives either injected by the printing host
 * (`window.__briefingModel`) or through the typed API: Electron's preload bridge, or the
 * loopback server with `#token=…&options=<base64url JSON>` (the fragment never reaches a server
 * log). When the map image and every text block are in place, `window.__briefingReady` turns
 * true and the host prints.
 */
import '../map/worker.ts';
import './briefing.css';
import { createRoot } from 'react-dom/client';
import { useCallback } from 'react';
import { bridgeTransport, createApiClient, httpTransport, type ApiClient } from '../api/client.ts';
import type { BriefingModel } from '../../shared/report/model.ts';
import type { BriefingOptions } from '../../shared/report/options.ts';
import type { BriefingPageGlobals } from '../../shared/report/briefingPage.ts';
import { BriefingPage, type BriefingReadyInfo } from './BriefingPage.tsx';
import { mapErrors, startBasemap, type EarlyMap } from './printMap.ts';

declare global {
  // The globals the printing host reads and may set (shared/report/briefingPage.ts).
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Window extends BriefingPageGlobals {}
}

function decodeOptions(text: string): BriefingOptions {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as BriefingOptions;
}

async function loadModel(): Promise<BriefingModel> {
  if (window.__briefingModel) return window.__briefingModel;
  const params = new URLSearchParams(window.location.hash.slice(1));
  const options = window.__briefingOptions ?? decodeOptions(params.get('options') ?? 'e30');
  let api: ApiClient;
  if (window.frontera) api = createApiClient(bridgeTransport(window.frontera));
  else {
    const token = params.get('token');
    if (!token) throw new Error('no briefing model: open this page from `frontera brief` or the app');
    api = createApiClient(httpTransport(token));
  }
  return api['briefing.model'](options);
}

function fail(e: unknown): void {
  window.__briefingError = e instanceof Error ? e.message : String(e);
  document.body.setAttribute('data-error', window.__briefingError);
}

/** Where a print's time goes (page side): fetching the model, then drawing until ready. */
const timings = { modelMs: 0, drawMs: 0 };

function App({ model, basemapBase, drawStart, early }: { model: BriefingModel; basemapBase: string; drawStart: number; early: EarlyMap }) {
  const onReady = useCallback((info: BriefingReadyInfo) => {
    timings.drawMs = Math.round(performance.now() - drawStart);
    window.__briefingInfo = { ...info, lang: document.documentElement.lang, mapErrors: [...mapErrors], timings };
    window.__briefingReady = true;
  }, [drawStart]);
  return <BriefingPage model={model} basemapBase={basemapBase} onReady={onReady} onError={fail} early={early} />;
}

async function start(): Promise<void> {
  const t0 = performance.now();
  const basemapBase = new URL('basemap/', window.location.href).href;
  // The basemap map starts now: its WebGL context, shaders and sources load while the host
  // is still building the model (a million incidents take seconds).
  const early = startBasemap(basemapBase);
  const model = await loadModel();
  const drawStart = performance.now();
  timings.modelMs = Math.round(drawStart - t0);
  window.__briefingModel = model;
  const page = document.createElement('style');
  page.textContent = `@page { size: ${model.page.widthIn}in ${model.page.heightIn}in; margin: 0; }`;
  document.head.append(page);
  document.title = model.title;
  document.documentElement.lang = model.language;
  createRoot(document.getElementById('root')!).render(<App model={model} basemapBase={basemapBase} drawStart={drawStart} early={early} />);
}

start().catch(fail);
