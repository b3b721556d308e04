/**
 * The app's commands, declared once: the desktop menu sends them (electron/main/menu.ts), the
 * page handles each (renderer/commands.ts) and, in the browser shell where there is no menu,
 * answers their shortcuts itself. A command the menu sends and the page does not handle fails
 * the type-check and test/unit/electron/menuCommands.test.ts.
 */
export const APP_COMMANDS = [
  'import',
  'export',
  'print-briefing',
  'zoom-region',
  'toggle-table',
  'measure',
  'zoom-selection',
  'analysis',
  'publish-team',
  'open-team',
] as const;
export type AppCommand = (typeof APP_COMMANDS)[number];

export function isAppCommand(name: unknown): name is AppCommand {
  return typeof name === 'string' && (APP_COMMANDS as readonly string[]).includes(name);
}

/** Electron accelerator syntax; the browser shell matches the same keys (renderer/shortcuts.ts). */
export const COMMAND_SHORTCUTS: Partial<Record<AppCommand, string>> = {
  import: 'CmdOrCtrl+I',
  export: 'CmdOrCtrl+E',
  'print-briefing': 'CmdOrCtrl+P',
  'zoom-region': 'CmdOrCtrl+0',
  'toggle-table': 'CmdOrCtrl+T',
  measure: 'CmdOrCtrl+Shift+M',
  'zoom-selection': 'CmdOrCtrl+J',
  analysis: 'CmdOrCtrl+Shift+A',
};
