/**
 * Electron main process, kept thin: it wires the pure pieces next to it (window options,
 * guards, IPC handlers, the app:// protocol, the menu) to Electron and hosts the back end.
 * Compiled by esbuild into dist-electron/main.cjs (`npm run build:electron`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { BrowserWindow, Menu, app, dialog, ipcMain, protocol, session, type WebContents } from 'electron';
import { apiMethods, type Api, type ApiName } from '../../shared/api/contract.ts';
import { isUserError } from '../../shared/errors.ts';
import { openBackend, type Backend } from '../node/backend.ts';
import { API_CHANNEL, CANCEL_CHANNEL, COMMAND_CHANNEL, PICK_FILES_CHANNEL } from './channels.ts';
import {
  denyPermissionCheck,
  denyPermissionRequest,
  denyWebview,
  denyWindowOpen,
  guardNavigation,
  isAllowedRequestUrl,
} from './guards.ts';
import { createIpcHandlers, isTrustedSender } from './ipc.ts';
import { aboutText, buildMenuTemplate } from './menu.ts';
import { serveAppRequest } from './protocol.ts';
import { addRecent, parseRecent } from './recent.ts';
import { APP_SCHEME, APP_START_URL, buildWindowOptions } from './windowOptions.ts';
import { demoWorkspacePath, ensureDemoWorkspace, ensureHome, recentListPath } from './workspaceLocation.ts';

const distElectron = __dirname;
const rendererRoot = path.join(distElectron, '..', 'dist-renderer');
const preloadPath = path.join(distElectron, 'preload.cjs');
const isMac = process.platform === 'darwin';

// Must run before `ready`: app:// behaves like an https origin (fetch, workers, storage).
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } },
]);

let backend: Backend | null = null;
let window: BrowserWindow | null = null;
let recent: string[] = [];

/** The IPC handlers call whatever workspace is open now, so switching needs no re-registration. */
const currentApi = Object.fromEntries(
  (Object.keys(apiMethods) as ApiName[]).map((name) => [
    name,
    (input: unknown, ctx: unknown) => {
      if (!backend) throw new Error('no workspace is open');
      return (backend[name] as (i: unknown, c: unknown) => Promise<unknown>).call(backend, input, ctx);
    },
  ]),
) as unknown as Api;

function loadRecent(): string[] {
  try {
    return parseRecent(fs.readFileSync(recentListPath(), 'utf8'));
  } catch {
    return [];
  }
}

function saveRecent(): void {
  ensureHome();
  fs.writeFileSync(recentListPath(), JSON.stringify(recent, null, 2));
}

function openWorkspace(file: string, create: boolean): boolean {
  try {
    const next = openBackend(file, { create });
    backend?.close();
    backend = next;
    recent = addRecent(recent, file);
    saveRecent();
    window?.setTitle(`Frontera — ${path.basename(file)}`);
    installMenu();
    window?.webContents.reload();
    return true;
  } catch (e) {
    dialog.showErrorBox('Cannot open workspace', isUserError(e) ? e.message : `${file}: ${(e as Error).message}`);
    return false;
  }
}

function startupWorkspace(): string {
  const last = recent.find((p) => fs.existsSync(p));
  if (last) return last;
  ensureHome();
  return demoWorkspacePath();
}

function installMenu(): void {
  const template = buildMenuTemplate(
    {
      newWorkspace: async () => {
        const r = await dialog.showSaveDialog({
          title: 'New workspace',
          filters: [{ name: 'Frontera workspace', extensions: ['frontera'] }],
        });
        if (!r.canceled && r.filePath) openWorkspace(r.filePath, true);
      },
      openWorkspace: async () => {
        const r = await dialog.showOpenDialog({
          title: 'Open workspace',
          properties: ['openFile'],
          filters: [{ name: 'Frontera workspace', extensions: ['frontera'] }],
        });
        if (!r.canceled && r.filePaths[0]) openWorkspace(r.filePaths[0], false);
      },
      openRecent: (p) => openWorkspace(p, false),
      command: (name) => window?.webContents.send(COMMAND_CHANNEL, name),
      about: () =>
        void dialog.showMessageBox({
          type: 'info',
          title: 'About Frontera',
          message: aboutText(app.getVersion(), process.versions as Record<string, string>),
        }),
    },
    recent,
    isMac,
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

/** Every web contents (the window, and anything that might ever be created) gets the guards. */
function guard(contents: WebContents): void {
  contents.on('will-navigate', guardNavigation);
  contents.on('will-redirect', guardNavigation);
  contents.on('will-attach-webview', denyWebview);
  contents.setWindowOpenHandler(denyWindowOpen);
}

function registerIpc(): void {
  const handlers = createIpcHandlers(currentApi);
  ipcMain.handle(API_CHANNEL, (event, method, input, callId) => handlers.call(event, method, input, callId));
  ipcMain.on(CANCEL_CHANNEL, (event, callId) => handlers.cancel(event, callId));
  ipcMain.handle(PICK_FILES_CHANNEL, async (event) => {
    if (!isTrustedSender(event) || !window) return [];
    const r = await dialog.showOpenDialog(window, {
      title: 'Import data',
      properties: ['openFile', 'multiSelections'],
      filters: [
        { name: 'Shapefile, GeoJSON, CSV', extensions: ['shp', 'geojson', 'json', 'csv', 'tsv', 'txt'] },
        { name: 'All files', extensions: ['*'] },
      ],
    });
    return r.canceled ? [] : r.filePaths;
  });
}

async function createWindow(): Promise<void> {
  window = new BrowserWindow(buildWindowOptions(preloadPath));
  window.once('ready-to-show', () => window?.show());
  window.on('closed', () => (window = null));
  await window.loadURL(APP_START_URL);
}

app.on('web-contents-created', (_e, contents) => guard(contents));

app.whenReady().then(async () => {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler(denyPermissionRequest);
  ses.setPermissionCheckHandler(denyPermissionCheck);
  // No network, ever: anything but our own origin and in-memory URLs is cancelled.
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedRequestUrl(details.url) }));
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(rendererRoot, request));

  recent = loadRecent();
  const file = startupWorkspace();
  if (file === demoWorkspacePath()) {
    try {
      await ensureDemoWorkspace(file);
    } catch (e) {
      dialog.showErrorBox('Cannot build the demo workspace', (e as Error).message);
    }
  }
  if (!openWorkspace(file, true)) {
    app.quit();
    return;
  }
  registerIpc();
  installMenu();
  await createWindow();
  window?.setTitle(`Frontera — ${path.basename(file)}`);
});

app.on('window-all-closed', () => app.quit());
app.on('will-quit', () => {
  backend?.close();
  backend = null;
});
