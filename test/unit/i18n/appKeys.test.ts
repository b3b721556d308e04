/**
 * The app's words as the components ask for them: every key a renderer file passes to `t()` as
 * written text is in the catalogue (resources.test.ts checks that Spanish has every English key),
 * so a key misspelt in a component fails here instead of showing the key to the analyst.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RESOURCES } from '../../../shared/i18n/translator.ts';

const rendererDir = path.resolve(import.meta.dirname, '../../../renderer');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

/** Whether `key` names a string of the app namespace, directly or as an i18next plural (_one/_other). */
function known(key: string): boolean {
  const leaf = (k: string) => {
    let node: unknown = RESOURCES.en.app;
    for (const part of k.split('.')) node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined;
    return typeof node === 'string';
  };
  return leaf(key) || (leaf(`${key}_one`) && leaf(`${key}_other`));
}

describe('app translation keys', () => {
  it('finds every key the renderer asks for in the catalogue', () => {
    const asked: string[] = [];
    for (const file of sourceFiles(rendererDir)) {
      const text = fs.readFileSync(file, 'utf8');
      if (!text.includes('useWords') && !text.includes('wordsFor')) continue;
      for (const m of text.matchAll(/\bt\('([\w.]+)'/g)) asked.push(`${path.relative(rendererDir, file)}: ${m[1]}`);
    }
    // The app's shell and dialogs ask for their words: the scan is not looking at nothing.
    expect(asked.length).toBeGreaterThan(50);
    expect(asked.filter((a) => !known(a.split(': ')[1]))).toEqual([]);
  });
});
