import { describe, expect, it } from 'vitest';
import { launchOf } from '../../../electron/main/launch.ts';

const commands = new Set(['import', 'brief', 'suggest-eps']);
const asked: string[] = [];
const isCommand = (w: string) => (asked.push(w), commands.has(w));

describe('how the app was started', () => {
  it('a CLI subcommand, help or version: the command line, with every argument', () => {
    expect(launchOf(['/opt/Frontera/frontera', 'import', 'w.frontera', 'a.csv'], false, isCommand)).toEqual({ mode: 'cli', args: ['import', 'w.frontera', 'a.csv'] });
    expect(launchOf(['/usr/bin/electron', '/repo', 'suggest-eps', 'w.frontera'], true, isCommand)).toEqual({ mode: 'cli', args: ['suggest-eps', 'w.frontera'] });
    expect(launchOf(['frontera', '--help'], false, isCommand)).toEqual({ mode: 'cli', args: ['--help'] });
    expect(launchOf(['frontera', '--version'], false, isCommand)).toEqual({ mode: 'cli', args: ['--version'] });
  });

  it('nothing, a workspace file or Chromium switches: the desktop app (on that workspace)', () => {
    asked.length = 0;
    expect(launchOf(['frontera'], false, isCommand)).toEqual({ mode: 'gui', workspace: null });
    expect(launchOf(['frontera', '/home/a/Casos 2026.frontera'], false, isCommand)).toEqual({ mode: 'gui', workspace: '/home/a/Casos 2026.frontera' });
    expect(launchOf(['frontera', '--no-sandbox', 'w.FRONTERA'], false, isCommand)).toEqual({ mode: 'gui', workspace: 'w.FRONTERA' });
    // A path, or a word that is no command, never loads the command line to ask… or is asked and refused.
    expect(launchOf(['frontera', '/tmp/x.csv'], false, isCommand)).toEqual({ mode: 'gui', workspace: null });
    expect(launchOf(['frontera', 'imprimir'], false, isCommand)).toEqual({ mode: 'gui', workspace: null });
    expect(asked).toEqual(['imprimir']);
  });
});
