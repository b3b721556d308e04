import './map/worker.ts';
import 'maplibre-gl/dist/maplibre-gl.css';
import './styles.css';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { bridgeTransport, createApiClient, httpTransport, uploadFiles } from './api/client.ts';
import { browserOutputs, desktopOutputs } from './api/outputs.ts';
import type { FileSource } from './panels/ImportDialog.tsx';

const TOKEN_KEY = 'frontera.token';

/**
 * The web server prints `/?token=…`. Keep the token for this tab only and take it out of the
 * address bar, so it is not left in history or shown on screen.
 */
function webToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

function start() {
  const root = createRoot(document.getElementById('root')!);
  const basemapBase = new URL('basemap/', window.location.href).href;
  const bridge = window.frontera;
  if (bridge) {
    const files: FileSource = { pickPaths: () => bridge.pickFiles(), pathsOf: (list) => bridge.pathsOf(list) };
    root.render(
      <App
        api={createApiClient(bridgeTransport(bridge))}
        files={files}
        outputs={desktopOutputs(bridge)}
        basemapBase={basemapBase}
        subscribeCommands={bridge.onCommand}
      />,
    );
    return;
  }
  const token = webToken();
  if (!token) {
    root.render(
      <div className="fatal">
        <h1>Frontera</h1>
        <p>Open the address that <code>npm run web</code> printed (it carries this session's access token).</p>
      </div>,
    );
    return;
  }
  const files: FileSource = { upload: (list, onProgress) => uploadFiles(token, list, onProgress) };
  root.render(<App api={createApiClient(httpTransport(token))} files={files} outputs={browserOutputs(token)} basemapBase={basemapBase} />);
}

start();
