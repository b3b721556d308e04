/**
 * Electron main process, kept thin: it wires the pure pieces next to it (window options,
 * guards, IPC handlers, the app:// protocol, the menu) to Electron and hosts the back end.
 * Compiled by esbuild into dist-electron/main.cjs (`npm run build:electron`).
 *
 * Started with a CLI subcommand (`frontera import …`), it is the `frontera` command line instead:
 * no window, the command's output and exit code, over the same back end; `brief` prints through
 * a hidden window of this app's own Chromium (launch.ts, cli.cjs beside main.cjs).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { BrowserWindow, Menu, app, dialog, ipcMain, protocol, session, type WebContents } from 'electron';
import { apiMethods, type Api, type ApiName } from '../../shared/api/contract.ts';
import { SavePathRequestInput, withRequestedExtension } from '../../shared/api/saveDialog.ts';
import { isUserError } from '../../shared/errors.ts';
import { openWorkspace as openAnyWorkspace, type Backend } from '../backend/backend.ts';
import { isTeamWorkspace, workspaceName } from '../backend/store/openStore.ts';
import { DEFAULT_LANGUAGE, type Language } from '../../shared/i18n/languages.ts';
import { translator } from '../../shared/i18n/translator.ts';
import type { CliHost } from '../backend/cliHost.ts';
import { API_CHANNEL, CANCEL_CHANNEL, COMMAND_CHANNEL, LANGUAGE_CHANNEL, OPEN_TEAM_CHANNEL, PICK_FILES_CHANNEL, SAVE_PATH_CHANNEL } from './channels.ts';
import {
  denyPermissionCheck,
  denyPermissionRequest,
  denyWebview,
  denyWindowOpen,
  guardNavigation,
  isAllowedRequestUrl,
} from './guards.ts';
import { createIpcHandlers, isTrustedSender, type IpcEventLike } from './ipc.ts';
import { launchOf } from './launch.ts';
import { languageFrom, teamOpenFrom } from './pageRequests.ts';
import { aboutText, buildMenuTemplate } from './menu.ts';
import { electronPrinter } from './printBriefing.ts';
import { serveAppRequest } from './protocol.ts';
import { addRecent, parseRecent } from './recent.ts';
import { APP_SCHEME, APP_START_URL, buildWindowOptions } from './windowOptions.ts';
import { demoWorkspacePath, ensureDemoWorkspace, ensureHome, recentListPath } from './workspaceLocation.ts';

const distElectron = __dirname;
const rendererRoot = path.join(distElectron, '..', 'dist-renderer');
const preloadPath = path.join(distElectron, 'preload.cjs');
const isMac = process.platform === 'darwin';

/** The command line, bundled beside main.cjs; loaded only when the app is started as the CLI. */
interface HostedCli {
  commandNames: string[];
  runCli(argv: string[], io: { stdout(t: string): void; stderr(t: string): void; isTTY: boolean }, host: CliHost): Promise<number>;
}
let hostedCli: HostedCli | null = null;
function loadCli(): HostedCli {
  // Loaded at run time from beside this bundle, like the workers: main.cjs does not contain the CLI.
  hostedCli ??= createRequire(__filename)(path.join(distElectron, 'cli.cjs')) as HostedCli;
  return hostedCli;
}

const launch = launchOf(process.argv, Boolean(process.defaultApp), (word) => loadCli().commandNames.includes(word));

// Must run before `ready`: app:// behaves like an https origin (fetch, workers, storage).
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } },
]);
// The command line must also run where there is no display (a server, an SSH session):
// Chromium's headless platform still draws the hidden print window with its software renderer.
if (launch.mode === 'cli' && process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  app.commandLine.appendSwitch('ozone-platform', 'headless');
}

let backend: Backend | null = null;
let window: BrowserWindow | null = null;
let recent: string[] = [];
/** The page's language (it tells main on load and on every switch): the menu's and main's dialogs'. */
let language: Language = DEFAULT_LANGUAGE;
const words = () => translator(language, 'app');

/** Hidden briefing windows being printed, by webContents id, and the back end each prints from. */
const printPages = new Map<number, Backend>();
/** Files the user chose in a save dialog: the only ones an export or a print from the page may write. */
const granted = new Set<string>();

const printer = electronPrinter({
  preloadPath,
  admit: (id, b) => {
    printPages.set(id, b);
    return () => void printPages.delete(id);
  },
});

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

function routeIpc(event: IpcEventLike): { api: Api; methods?: readonly ApiName[] } | null {
  // A page being printed may only ask for its model, from the back end that prints it.
  const printing = event.sender.id === undefined ? undefined : printPages.get(event.sender.id);
  if (printing) return { api: printing, methods: ['briefing.model'] };
  return launch.mode === 'gui' ? { api: currentApi } : null;
}

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

/**
 * Opens the app on a workspace file or a team workspace's URL (its password, typed in Open team
 * workspace…, stays with that workspace's connections only; the recent list keeps the URL, which
 * holds none). Throws, leaving the open workspace as it was, when it cannot be opened.
 */
async function switchWorkspace(location: string, opts: { create?: boolean; password?: string } = {}): Promise<void> {
  const next = await openAnyWorkspace(location, { ...opts, printBriefing: printer });
  const previous = backend;
  backend = next;
  void previous?.close();
  recent = addRecent(recent, location);
  saveRecent();
  window?.setTitle(`Frontera — ${workspaceName(location)}`);
  installMenu();
  window?.webContents.reload();
}

async function openWorkspace(location: string, create: boolean): Promise<boolean> {
  try {
    await switchWorkspace(location, { create });
    return true;
  } catch (e) {
    dialog.showErrorBox(words()('menu.dialogs.cannotOpen'), isUserError(e) ? e.message : `${location}: ${(e as Error).message}`);
    return false;
  }
}

function startupWorkspace(): string {
  if (launch.mode === 'gui' && launch.workspace && isTeamWorkspace(launch.workspace)) return launch.workspace;
  if (launch.mode === 'gui' && launch.workspace && fs.existsSync(launch.workspace)) return path.resolve(launch.workspace);
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
          title: words()('menu.dialogs.newTitle'),
          filters: [{ name: words()('menu.dialogs.workspaceFilter'), extensions: ['frontera'] }],
        });
        if (!r.canceled && r.filePath) await openWorkspace(r.filePath, true);
      },
      openWorkspace: async () => {
        const r = await dialog.showOpenDialog({
          title: words()('menu.dialogs.openTitle'),
          properties: ['openFile'],
          filters: [{ name: words()('menu.dialogs.workspaceFilter'), extensions: ['frontera'] }],
        });
        if (!r.canceled && r.filePaths[0]) await openWorkspace(r.filePaths[0], false);
      },
      openRecent: (p) => void openWorkspace(p, false),
      command: (name) => window?.webContents.send(COMMAND_CHANNEL, name),
      about: () =>
        void dialog.showMessageBox({
          type: 'info',
          title: 'About Frontera',
          message: aboutText(app.getVersion(), process.versions as Record<string, string>, language),
        }),
    },
    recent,
    isMac,
    language,
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

/** No network, ever: permissions denied, anything but our own origin cancelled; app:// served. */
function secureSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler(denyPermissionRequest);
  ses.setPermissionCheckHandler(denyPermissionCheck);
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedRequestUrl(details.url) }));
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(rendererRoot, request));
}

function registerIpc(): void {
  const handlers = createIpcHandlers(currentApi, undefined, { route: routeIpc, mayWrite: (out) => granted.has(path.resolve(out)) });
  ipcMain.handle(API_CHANNEL, (event, method, input, callId) => handlers.call(event, method, input, callId));
  ipcMain.on(CANCEL_CHANNEL, (event, callId) => handlers.cancel(event, callId));
  ipcMain.handle(PICK_FILES_CHANNEL, async (event) => {
    if (!isTrustedSender(event) || !window || event.sender !== window.webContents) return [];
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
  // The menu follows the page's language; a value that is not one of ours is refused (false).
  ipcMain.handle(LANGUAGE_CHANNEL, (event, raw: unknown) => {
    const chosen = languageFrom(event, raw);
    if (!chosen) return false;
    if (chosen !== language) {
      language = chosen;
      if (launch.mode === 'gui') installMenu();
    }
    return true;
  });
  // Open team workspace…: the page's dialog gets the reason back when it cannot be opened.
  ipcMain.handle(OPEN_TEAM_CHANNEL, async (event, raw: unknown) => {
    const asked = event.sender.id !== undefined && printPages.has(event.sender.id) ? { error: 'forbidden' } : teamOpenFrom(event, raw);
    if ('error' in asked) return asked;
    try {
      await switchWorkspace(asked.request.url, { password: asked.request.password });
      return { opened: asked.request.url };
    } catch (e) {
      if (isUserError(e)) return { error: e.message };
      process.stderr.write(`open team workspace: ${(e as Error)?.stack ?? String(e)}\n`);
      return { error: 'internal error (details are in the application log)' };
    }
  });
  let saveDir: string | null = null;
  ipcMain.handle(SAVE_PATH_CHANNEL, async (event, raw: unknown) => {
    if (!isTrustedSender(event) || !window || event.sender !== window.webContents) return null;
    const req = SavePathRequestInput.safeParse(raw);
    if (!req.success) return null;
    const { title, defaultName, filterName, extensions } = req.data;
    const r = await dialog.showSaveDialog(window, {
      title,
      defaultPath: path.join(saveDir ?? app.getPath('documents'), defaultName),
      filters: [{ name: filterName, extensions }],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    });
    if (r.canceled || !r.filePath) return null;
    const chosen = path.resolve(withRequestedExtension(r.filePath, extensions));
    granted.add(chosen);
    saveDir = path.dirname(chosen);
    return chosen;
  });
}

async function createWindow(): Promise<void> {
  window = new BrowserWindow(buildWindowOptions(preloadPath));
  window.once('ready-to-show', () => window?.show());
  window.on('closed', () => (window = null));
  await window.loadURL(APP_START_URL);
}

app.on('web-contents-created', (_e, contents) => guard(contents));

/** The installed app as the `frontera` command: the command's output, then its exit code. */
async function runAsCli(args: string[]): Promise<void> {
  app.dock?.hide();
  secureSession();
  registerIpc();
  const host: CliHost = { rendererDir: rendererRoot, briefingPrinter: async () => printer };
  const io = { stdout: (t: string) => void process.stdout.write(t), stderr: (t: string) => void process.stderr.write(t), isTTY: Boolean(process.stderr.isTTY) };
  let code: number;
  try {
    code = await loadCli().runCli(args, io, host);
  } catch (e) {
    io.stderr(`frontera: internal error: ${(e as Error)?.message ?? String(e)}\n`);
    code = 2;
  }
  // Exit once what the command wrote has reached its pipes.
  process.stdout.write('', () => process.stderr.write('', () => app.exit(code)));
}

async function runAsApp(): Promise<void> {
  secureSession();
  recent = loadRecent();
  const file = startupWorkspace();
  if (file === demoWorkspacePath()) {
    try {
      await ensureDemoWorkspace(file);
    } catch (e) {
      dialog.showErrorBox('Cannot build the demo workspace', (e as Error).message);
    }
  }
  if (!(await openWorkspace(file, !isTeamWorkspace(file)))) {
    app.quit();
    return;
  }
  registerIpc();
  installMenu();
  await createWindow();
  window?.setTitle(`Frontera — ${workspaceName(file)}`);
}

app.whenReady().then(() => (launch.mode === 'cli' ? runAsCli(launch.args) : runAsApp()));

// The command line's hidden print window closing is not the end of the app.
app.on('window-all-closed', () => {
  if (launch.mode === 'gui') app.quit();
});
app.on('will-quit', () => {
  backend?.close();
  backend = null;
});
