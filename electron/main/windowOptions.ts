import type { BrowserWindowConstructorOptions } from 'electron';

/** The one origin the app's pages come from (see protocol.ts). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'frontera';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

/**
 * The main window's options. Everything the renderer could use to reach Node or the network is
 * off; the preload is the only bridge, exposed through contextIsolation.
 */
export function buildWindowOptions(preloadPath: string, title = 'Frontera'): BrowserWindowConstructorOptions {
  return {
    title,
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    backgroundColor: '#f7f7f5',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      backgroundThrottling: true,
    },
  };
}
