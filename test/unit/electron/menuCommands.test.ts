/**
 * Every command the desktop menu sends is one the page handles: the test clicks every item of
 * the real menu template (Windows/Linux and macOS) and runs each command the menu emitted through
 * the page's own dispatch (renderer/commands.ts). A menu item whose command the page has no
 * handler for makes runCommand answer false and this test red. The browser shell's shortcuts
 * are the menu's accelerators, mapped back to the same commands.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { buildMenuTemplate, type MenuActions } from '../../../electron/main/menu.ts';
import { APP_COMMANDS, COMMAND_SHORTCUTS, type AppCommand } from '../../../shared/api/commands.ts';
import { commandHandlers, runCommand, type CommandTargets } from '../../../renderer/commands.ts';
import { commandForKey } from '../../../renderer/shortcuts.ts';

function items(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? items(i.submenu) : [])]);
}

/** Clicks every item of the menu; returns the commands sent to the page, with the item that sent each. */
function menuCommands(isMac: boolean): { label: string; command: string; accelerator?: string }[] {
  const sent: { label: string; command: string; accelerator?: string }[] = [];
  let current: MenuItemConstructorOptions | null = null;
  const actions: MenuActions = {
    newWorkspace: () => {},
    openWorkspace: () => {},
    openRecent: () => {},
    command: (name) => sent.push({ label: String(current?.label), command: name, accelerator: current?.accelerator as string | undefined }),
    about: () => {},
  };
  for (const item of items(buildMenuTemplate(actions, ['/tmp/a.frontera'], isMac))) {
    current = item;
    (item.click as (() => void) | undefined)?.();
  }
  return sent;
}

/** The page's handlers, each telling which of the page's actions it took. */
function pageHandlers(taken: string[]) {
  const targets = new Proxy({} as CommandTargets, { get: (_t, name) => () => void taken.push(String(name)) });
  return commandHandlers(targets);
}

describe('menu commands reach a handler in the page', () => {
  for (const isMac of [false, true]) {
    it(`every command of the ${isMac ? 'macOS' : 'Windows/Linux'} menu is handled by the page, each by its own action`, () => {
      const sent = menuCommands(isMac);
      expect(sent.length).toBeGreaterThanOrEqual(APP_COMMANDS.length);
      const taken: string[] = [];
      const handlers = pageHandlers(taken);
      for (const { label, command } of sent) {
        expect(runCommand(handlers, command), `menu item "${label}" sends "${command}", which the page does not handle`).toBe(true);
      }
      // One page action per command: no two menu commands silently do the same thing.
      expect(new Set(taken).size).toBe(new Set(sent.map((s) => s.command)).size);
      // And every command the page knows is reachable from the menu.
      expect(new Set(sent.map((s) => s.command))).toEqual(new Set(APP_COMMANDS));
    });
  }

  it('a name that is not a command is not handled (the check above can fail)', () => {
    const handlers = pageHandlers([]);
    expect(runCommand(handlers, 'print')).toBe(false);
    expect(runCommand(handlers, 'toString')).toBe(false);
  });

  it('the menu shows each command’s shortcut, and the browser shell maps the same keys back to it', () => {
    for (const { command, accelerator } of menuCommands(false)) {
      expect(accelerator).toBe(COMMAND_SHORTCUTS[command as AppCommand]);
    }
    for (const [command, spec] of Object.entries(COMMAND_SHORTCUTS)) {
      const parts = spec.split('+');
      const key = parts[parts.length - 1];
      const shift = parts.includes('Shift');
      const e = { key: shift ? key.toUpperCase() : key, shiftKey: shift, altKey: false };
      expect(commandForKey({ ...e, ctrlKey: true, metaKey: false }, false)).toBe(command);
      expect(commandForKey({ ...e, ctrlKey: false, metaKey: true }, true)).toBe(command);
      // ⌘ is not Ctrl on Windows, nor Ctrl ⌘ on a Mac.
      expect(commandForKey({ ...e, ctrlKey: false, metaKey: true }, false)).toBeNull();
      expect(commandForKey({ ...e, ctrlKey: true, metaKey: false }, true)).toBeNull();
    }
    expect(commandForKey({ key: 'p', ctrlKey: true, metaKey: false, shiftKey: false, altKey: true }, false)).toBeNull();
    expect(commandForKey({ key: 'p', ctrlKey: false, metaKey: false, shiftKey: false, altKey: false }, false)).toBeNull();
  });
});
