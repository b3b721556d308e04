import { describe, expect, it } from 'vitest';
import { buildMenuTemplate, type MenuActions } from '../../../electron/main/menu.ts';

describe('View menu: the map tools', () => {
  it('forwards Measure Distance and Zoom to Selection to the renderer with QGIS-like accelerators', () => {
    const commands: string[] = [];
    const actions: MenuActions = {
      newWorkspace: () => {},
      openWorkspace: () => {},
      openRecent: () => {},
      command: (name) => void commands.push(name),
      about: () => {},
    };
    const view = buildMenuTemplate(actions, [], false).find((m) => m.label === 'View')!;
    const items = view.submenu as { label?: string; accelerator?: string; click?: () => void }[];
    const measure = items.find((i) => i.label === 'Measure Distance')!;
    const zoom = items.find((i) => i.label === 'Zoom to Selection')!;
    expect(measure.accelerator).toBe('CmdOrCtrl+Shift+M');
    expect(zoom.accelerator).toBe('CmdOrCtrl+J');
    measure.click!();
    zoom.click!();
    expect(commands).toEqual(['measure', 'zoom-selection']);
    // No accelerator is taken twice.
    const accelerators = buildMenuTemplate(actions, [], false)
      .flatMap((m) => (Array.isArray(m.submenu) ? m.submenu : []))
      .map((i) => (i as { accelerator?: string }).accelerator)
      .filter(Boolean);
    expect(new Set(accelerators).size).toBe(accelerators.length);
  });
});
