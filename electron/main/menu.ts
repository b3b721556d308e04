/**
 * The application menu as data. Commands either run in main (dialogs, workspace switching) or
 * are forwarded to the renderer by name; main.ts supplies the actions.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { COMMAND_SHORTCUTS, type AppCommand } from '../../shared/api/commands.ts';

export interface MenuActions {
  newWorkspace(): void;
  openWorkspace(): void;
  openRecent(path: string): void;
  /** Forwarded to the renderer, which handles every AppCommand (shared/api/commands.ts). */
  command(name: AppCommand): void;
  about(): void;
}

/** A menu item that sends `command` to the page, with the command's shortcut. */
function commandItem(label: string, command: AppCommand, actions: MenuActions): MenuItemConstructorOptions {
  const accelerator = COMMAND_SHORTCUTS[command];
  return { label, ...(accelerator ? { accelerator } : {}), click: () => actions.command(command) };
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
        commandItem('Import Data…', 'import', actions),
        commandItem('Export Layer…', 'export', actions),
        commandItem('Print Briefing…', 'print-briefing', actions),
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: 'View',
      submenu: [
        commandItem('Zoom to Border Zone', 'zoom-region', actions),
        commandItem('Attribute Table', 'toggle-table', actions),
        commandItem('Measure Distance', 'measure', actions),
        commandItem('Zoom to Selection', 'zoom-selection', actions),
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
      submenu: [commandItem('Show Analysis Panel', 'analysis', actions)],
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
