/**
 * The application menu as data. Commands either run in main (dialogs, workspace switching) or
 * are forwarded to the renderer by name; main.ts supplies the actions.
 */
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  newWorkspace(): void;
  openWorkspace(): void;
  openRecent(path: string): void;
  /**
   * Forwarded to the renderer: 'import', 'export', 'print-briefing', 'zoom-region', 'toggle-table',
   * 'measure', 'zoom-selection', 'analysis'.
   */
  command(name: string): void;
  about(): void;
}

export function buildMenuTemplate(actions: MenuActions, recent: string[], isMac: boolean): MenuItemConstructorOptions[] {
  const recentItems: MenuItemConstructorOptions[] =
    recent.length === 0
      ? [{ label: 'No recent workspaces', enabled: false }]
      : recent.map((p) => ({ label: p, click: () => actions.openRecent(p) }));
  return [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'New Workspace…', accelerator: 'CmdOrCtrl+N', click: () => actions.newWorkspace() },
        { label: 'Open Workspace…', accelerator: 'CmdOrCtrl+O', click: () => actions.openWorkspace() },
        { label: 'Open Recent', submenu: recentItems },
        { type: 'separator' },
        { label: 'Import Data…', accelerator: 'CmdOrCtrl+I', click: () => actions.command('import') },
        { label: 'Export Layer…', accelerator: 'CmdOrCtrl+E', click: () => actions.command('export') },
        { label: 'Print Briefing…', accelerator: 'CmdOrCtrl+P', click: () => actions.command('print-briefing') },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: 'View',
      submenu: [
        { label: 'Zoom to Border Zone', accelerator: 'CmdOrCtrl+0', click: () => actions.command('zoom-region') },
        { label: 'Attribute Table', accelerator: 'CmdOrCtrl+T', click: () => actions.command('toggle-table') },
        { label: 'Measure Distance', accelerator: 'CmdOrCtrl+Shift+M', click: () => actions.command('measure') },
        { label: 'Zoom to Selection', accelerator: 'CmdOrCtrl+J', click: () => actions.command('zoom-selection') },
        { type: 'separator' },
        { role: 'resetZoom', label: 'Actual Size' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    {
      label: 'Analysis',
      submenu: [{ label: 'Show Analysis Panel', click: () => actions.command('analysis') }],
    },
    {
      label: 'Help',
      submenu: [{ label: 'About Frontera', click: () => actions.about() }],
    },
  ];
}

/** The About box's text: the versions an analyst or admin reports with a problem. */
export function aboutText(appVersion: string, versions: Record<string, string | undefined>): string {
  return [
    `Frontera ${appVersion}`,
    `Electron ${versions.electron ?? '?'}`,
    `Chromium ${versions.chrome ?? '?'}`,
    `Node.js ${versions.node ?? '?'}`,
    `V8 ${versions.v8 ?? '?'}`,
    '',
    'Offline: this application makes no network requests.',
  ].join('\n');
}
