/**
 * The application menu as data. Commands either run in main (dialogs, workspace switching) or
 * are forwarded to the renderer by name; main.ts supplies the actions.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { COMMAND_SHORTCUTS, type AppCommand } from '../../shared/api/commands.ts';
import { DEFAULT_LANGUAGE, type Language } from '../../shared/i18n/languages.ts';
import { translator } from '../../shared/i18n/translator.ts';

/** The application's name, the macOS application menu's title (the same in every language). */
export const APP_NAME = 'Frontera';

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

/**
 * The menu in `language` (the renderer tells main which: pageRequests.ts): every
 * label from the catalogue's `menu` section; accelerators and commands the same in every language.
 */
export function buildMenuTemplate(actions: MenuActions, recent: string[], isMac: boolean, language: Language = DEFAULT_LANGUAGE): MenuItemConstructorOptions[] {
  const t = translator(language, 'app');
  const recentItems: MenuItemConstructorOptions[] =
    recent.length === 0
      ? [{ label: t('menu.noRecent'), enabled: false }]
      : recent.map((p) => ({ label: p, click: () => actions.openRecent(p) }));
  return [
    // macOS's application menu, its items named from the catalogue (Electron's own appMenu would
    // take the system's words, in the language of the Mac rather than of the app).
    ...(isMac
      ? [
          {
            label: APP_NAME,
            submenu: [
              { label: t('menu.about'), click: () => actions.about() },
              { type: 'separator' as const },
              { role: 'services' as const, label: t('menu.services') },
              { type: 'separator' as const },
              { role: 'hide' as const, label: t('menu.hide') },
              { role: 'hideOthers' as const, label: t('menu.hideOthers') },
              { role: 'unhide' as const, label: t('menu.showAll') },
              { type: 'separator' as const },
              { role: 'quit' as const, label: t('menu.quitApp') },
            ],
          },
        ]
      : []),
    {
      label: t('menu.file'),
      submenu: [
        { label: t('menu.newWorkspace'), accelerator: 'CmdOrCtrl+N', click: () => actions.newWorkspace() },
        { label: t('menu.openWorkspace'), accelerator: 'CmdOrCtrl+O', click: () => actions.openWorkspace() },
        { label: t('menu.openRecent'), submenu: recentItems },
        commandItem(t('menu.openTeam'), 'open-team', actions),
        { type: 'separator' },
        commandItem(t('menu.import'), 'import', actions),
        commandItem(t('menu.export'), 'export', actions),
        commandItem(t('menu.print'), 'print-briefing', actions),
        commandItem(t('menu.publishTeam'), 'publish-team', actions),
        { type: 'separator' },
        isMac ? { role: 'close', label: t('menu.closeWindow') } : { role: 'quit', label: t('menu.quit') },
      ],
    },
    {
      label: t('menu.view'),
      submenu: [
        commandItem(t('menu.zoomRegion'), 'zoom-region', actions),
        commandItem(t('menu.table'), 'toggle-table', actions),
        commandItem(t('menu.measure'), 'measure', actions),
        commandItem(t('menu.zoomSelection'), 'zoom-selection', actions),
        { type: 'separator' },
        { role: 'resetZoom', label: t('menu.actualSize') },
        { role: 'zoomIn', label: t('menu.zoomIn') },
        { role: 'zoomOut', label: t('menu.zoomOut') },
        { type: 'separator' },
        { role: 'togglefullscreen', label: t('menu.fullScreen') },
      ],
    },
    {
      label: t('menu.analysis'),
      submenu: [commandItem(t('menu.showAnalysis'), 'analysis', actions)],
    },
    {
      label: t('menu.help'),
      submenu: [{ label: t('menu.about'), click: () => actions.about() }],
    },
  ];
}

/** The About box's text: the versions an analyst or admin reports with a problem. */
export function aboutText(appVersion: string, versions: Record<string, string | undefined>, language: Language = DEFAULT_LANGUAGE): string {
  return [
    `Frontera ${appVersion}`,
    `Electron ${versions.electron ?? '?'}`,
    `Chromium ${versions.chrome ?? '?'}`,
    `Node.js ${versions.node ?? '?'}`,
    `V8 ${versions.v8 ?? '?'}`,
    '',
    translator(language, 'app')('menu.dialogs.offline'),
  ].join('\n');
}
