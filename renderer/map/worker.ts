/**
 * MapLibre 6 starts its workers from a separate module file. Vite copies the package's worker
 * bundle next to ours and gives us its same-origin URL, which the CSP's `worker-src 'self'`
 * allows both on http://127.0.0.1 and on app://frontera.
 */
import { setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';

setWorkerUrl(new URL(workerUrl, window.location.href).href);
