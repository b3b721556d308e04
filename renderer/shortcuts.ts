/**
 * The browser shell has no menu: the page answers the commands' shortcuts itself, written as
 * the menu's accelerators (shared/api/commands.ts). In the desktop app the menu takes them.
 */
import { COMMAND_SHORTCUTS, type AppCommand } from '../shared/api/commands.ts';

interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** Whether a key event is the accelerator `spec` ('CmdOrCtrl+Shift+M'); ⌘ counts as Ctrl on a Mac. */
function matchesAccelerator(e: KeyLike, spec: string, isMac: boolean): boolean {
  const parts = spec.split('+');
  const key = parts[parts.length - 1].toLowerCase();
  const mods = new Set(parts.slice(0, -1).map((m) => m.toLowerCase()));
  const cmdOrCtrl = mods.has('cmdorctrl');
  const wantCtrl = mods.has('ctrl') || (cmdOrCtrl && !isMac);
  const wantMeta = mods.has('cmd') || mods.has('command') || (cmdOrCtrl && isMac);
  return (
    e.key.toLowerCase() === key &&
    e.ctrlKey === wantCtrl &&
    e.metaKey === wantMeta &&
    e.shiftKey === mods.has('shift') &&
    e.altKey === (mods.has('alt') || mods.has('option'))
  );
}

/** The command a key event is the shortcut of, if any. */
export function commandForKey(e: KeyLike, isMac: boolean): AppCommand | null {
  for (const [command, spec] of Object.entries(COMMAND_SHORTCUTS) as [AppCommand, string][]) {
    if (matchesAccelerator(e, spec, isMac)) return command;
  }
  return null;
}
