/**
 * What the page does for each app command (shared/api/commands.ts) — from the desktop menu, or
 * from the keyboard in the browser shell. Every command has a handler: the record's type makes
 * a missing one a type error, and test/unit/electron/menuCommands.test.ts walks the menu.
 */
import { useEffect, useRef } from 'react';
import { isAppCommand, type AppCommand } from '../shared/api/commands.ts';
import { commandForKey } from './shortcuts.ts';

export interface CommandTargets {
  openImport(): void;
  openExport(): void;
  openPrint(): void;
  zoomToRegion(): void;
  toggleTable(): void;
  toggleMeasure(): void;
  zoomToSelection(): void;
  showAnalysisPanel(): void;
  openPublishTeam(): void;
  openTeamWorkspace(): void;
}

export type CommandHandlers = Record<AppCommand, () => void>;

export function commandHandlers(t: CommandTargets): CommandHandlers {
  return {
    import: () => t.openImport(),
    export: () => t.openExport(),
    'print-briefing': () => t.openPrint(),
    'zoom-region': () => t.zoomToRegion(),
    'toggle-table': () => t.toggleTable(),
    measure: () => t.toggleMeasure(),
    'zoom-selection': () => t.zoomToSelection(),
    analysis: () => t.showAnalysisPanel(),
    'publish-team': () => t.openPublishTeam(),
    'open-team': () => t.openTeamWorkspace(),
  };
}

/** Runs `name`'s handler; false for a name that is not a command (ignored, never thrown). */
export function runCommand(handlers: CommandHandlers, name: string): boolean {
  if (!isAppCommand(name)) return false;
  handlers[name]();
  return true;
}

const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);

/**
 * Runs the app's commands: those the desktop menu sends (`subscribe`), or, in the browser shell
 * where there is no menu, the commands' shortcuts pressed in the page.
 */
export function useAppCommands(subscribe: ((listener: (command: string) => void) => () => void) | undefined, handlers: CommandHandlers): void {
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    if (subscribe) return subscribe((command) => void runCommand(latest.current, command));
    const onKey = (e: KeyboardEvent) => {
      const command = commandForKey(e, isMac);
      if (!command) return;
      // Ctrl+P must open the app's print dialog, not the browser's.
      e.preventDefault();
      runCommand(latest.current, command);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [subscribe]);
}
