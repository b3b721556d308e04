/**
 * The desktop menu in the app's language (issue 18) and its team workspace commands (issue 19):
 * every label comes from the catalogue's `menu` section — the English ones exactly as they were
 * (tests and the issue name them), the Spanish ones different where the words differ — with the
 * same accelerators and commands in both; the page's language reaches main only as 'en' or 'es'
 * from our own frame; and "Publish to team workspace…" / "Open team workspace…" send commands
 * the page handles by opening their dialogs.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { APP_NAME, buildMenuTemplate, type MenuActions } from '../../../electron/main/menu.ts';
import { languageFrom, teamOpenFrom } from '../../../electron/main/pageRequests.ts';
import { commandHandlers, runCommand, type CommandTargets } from '../../../renderer/commands.ts';
import { appEn } from '../../../shared/i18n/app.en.ts';
import { appEs } from '../../../shared/i18n/app.es.ts';

const actions = (sent: string[] = []): MenuActions => ({
  newWorkspace: () => {},
  openWorkspace: () => {},
  openRecent: () => {},
  command: (name) => void sent.push(name),
  about: () => {},
});

function items(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? items(i.submenu) : [])]);
}

/** Every item's label, accelerator and role, in order (separators have no label). */
function shape(language: 'en' | 'es', isMac: boolean) {
  return items(buildMenuTemplate(actions(), [], isMac, language))
    // The macOS application menu's title is the app's name, the same in every language.
    .filter((i) => i.type !== 'separator' && i.label !== APP_NAME)
    .map(({ label, accelerator, role }) => ({ label, accelerator, role }));
}

const catalogue = (words: Record<string, unknown>): string[] =>
  Object.values(words).flatMap((v) => (typeof v === 'string' ? [v] : []));

const ENGLISH_TODAY = [
  'File', 'New Workspace…', 'Open Workspace…', 'Open Recent', 'No recent workspaces', 'Import Data…', 'Export Layer…', 'Print Briefing…',
  'View', 'Zoom to Border Zone', 'Attribute Table', 'Measure Distance', 'Zoom to Selection', 'Actual Size',
  'Analysis', 'Show Analysis Panel', 'Help', 'About Frontera',
];

describe('the desktop menu in the app language', () => {
  for (const isMac of [false, true]) {
    it(`labels every item from the catalogue in English and in Spanish (${isMac ? 'macOS' : 'Windows/Linux'})`, () => {
      const en = shape('en', isMac);
      const es = shape('es', isMac);
      const enWords = catalogue(appEn.menu);
      const esWords = catalogue(appEs.menu);
      for (const { label } of en) expect(enWords, `English label "${label}"`).toContain(label);
      for (const { label } of es) expect(esWords, `Spanish label "${label}"`).toContain(label);
      // The English labels of today, kept exactly; and the two new commands, as issue 19 names them.
      const enLabels = en.map((i) => i.label);
      expect(enLabels).toEqual(expect.arrayContaining([...ENGLISH_TODAY, 'Publish to team workspace…', 'Open team workspace…']));
      // Same items, accelerators and roles in both languages; the words differ (none of the
      // Spanish labels is the English one: "Análisis" is not "Analysis").
      expect(es.map(({ accelerator, role }) => ({ accelerator, role }))).toEqual(en.map(({ accelerator, role }) => ({ accelerator, role })));
      en.forEach((item, k) => expect(es[k].label, `${item.label} in Spanish`).not.toBe(item.label));
      expect(es.map((i) => i.label)).toEqual(expect.arrayContaining(['Archivo', 'Publicar en el espacio de trabajo del equipo…', 'Abrir espacio de trabajo del equipo…']));
    });
  }

  it('sends the same commands from the Spanish menu as from the English one', () => {
    const clicked = (language: 'en' | 'es') => {
      const sent: string[] = [];
      for (const item of items(buildMenuTemplate(actions(sent), ['/tmp/a.frontera'], false, language))) (item.click as (() => void) | undefined)?.();
      return sent;
    };
    expect(clicked('es')).toEqual(clicked('en'));
    expect(clicked('en')).toEqual(expect.arrayContaining(['publish-team', 'open-team']));
  });

  it('the page opens the publish and the open dialogs for the two team commands', () => {
    const taken: string[] = [];
    const targets = new Proxy({} as CommandTargets, { get: (_t, name) => () => void taken.push(String(name)) });
    const handlers = commandHandlers(targets);
    expect(runCommand(handlers, 'publish-team')).toBe(true);
    expect(runCommand(handlers, 'open-team')).toBe(true);
    expect(taken).toEqual(['openPublishTeam', 'openTeamWorkspace']);
  });
});

describe('what the page may tell main', () => {
  const ours = { senderFrame: { url: 'app://frontera/index.html', parent: null }, sender: { id: 1, send: () => {} } };
  const foreign = { senderFrame: { url: 'https://evil.example/', parent: null }, sender: { id: 2, send: () => {} } };

  it("takes 'en' and 'es' from our own page, and refuses anything else", () => {
    expect(languageFrom(ours, 'es')).toBe('es');
    expect(languageFrom(ours, 'en')).toBe('en');
    for (const bad of ['fr', 'ES', 'es-MX', '', null, 1, { language: 'es' }, ['es']]) expect(languageFrom(ours, bad)).toBeNull();
    expect(languageFrom(foreign, 'es')).toBeNull();
    expect(languageFrom({ ...ours, senderFrame: { url: 'app://frontera/index.html', parent: {} } }, 'es')).toBeNull();
  });

  it('takes an Open team workspace request only with a team URL, and never repeats its password', () => {
    const password = 'S3cret-in-request-42';
    expect(teamOpenFrom(ours, { url: ' postgresql://ana@gis:5432/sig?schema=equipo ', password })).toEqual({
      request: { url: 'postgresql://ana@gis:5432/sig?schema=equipo', password },
    });
    const notUrl = teamOpenFrom(ours, { url: '/home/ana/demo.frontera', password });
    expect(notUrl).toEqual({ error: expect.stringMatching(/^url: a team workspace URL starts with postgresql:\/\//) });
    const extra = teamOpenFrom(ours, { url: 'postgresql://ana@gis/sig', password, remember: true });
    expect('error' in extra && extra.error).toMatch(/remember/);
    const badPassword = teamOpenFrom(ours, { url: 'postgresql://ana@gis/sig', password: 42 });
    expect('error' in badPassword && badPassword.error).toMatch(/^password: /);
    for (const answer of [notUrl, extra]) expect(JSON.stringify(answer)).not.toContain(password);
    expect(teamOpenFrom(foreign, { url: 'postgresql://ana@gis/sig' })).toEqual({ error: 'forbidden' });
  });
});
