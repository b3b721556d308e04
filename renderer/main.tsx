import './map/worker.ts';
import 'maplibre-gl/dist/maplibre-gl.css';
import './styles.css';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { bridgeTransport, createApiClient, httpTransport, uploadFiles } from './api/client.ts';
import { browserOutputs, desktopOutputs } from './api/outputs.ts';
import { LanguageProvider, useWords } from './i18n/language.tsx';
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

/** The browser shell opened without its token: where to find the right address. */
function NoToken() {
  const { t } = useWords();
  return (
    <div className="fatal">
      <h1>Frontera</h1>
      <p>{t('web.openPrinted', { command: 'npm run web' })}</p>
    </div>
  );
}

function start() {
  const root = createRoot(document.getElementById('root')!);
  const basemapBase = new URL('basemap/', window.location.href).href;
  const bridge = window.frontera;
  if (bridge) {
    const files: FileSource = { pickPaths: () => bridge.pickFiles(), pathsOf: (list) => bridge.pathsOf(list) };
    root.render(
      <LanguageProvider>
        <App
          api={createApiClient(bridgeTransport(bridge))}
          files={files}
          outputs={desktopOutputs(bridge)}
          basemapBase={basemapBase}
          subscribeCommands={bridge.onCommand}
          openTeam={bridge.openTeam}
        />
      </LanguageProvider>,
    );
    return;
  }
  const token = webToken();
  if (!token) {
    root.render(
      <LanguageProvider>
        <NoToken />
      </LanguageProvider>,
    );
    return;
  }
  const files: FileSource = { upload: (list, onProgress) => uploadFiles(token, list, onProgress) };
  root.render(
    <LanguageProvider>
      <App api={createApiClient(httpTransport(token))} files={files} outputs={browserOutputs(token)} basemapBase={basemapBase} />
    </LanguageProvider>,
  );
}

start();
