/**
 * Text encodings of .dbf attributes: override, .cpg, language driver byte, UTF-8 detection,
 * windows-1252 fallback, on the real peer-suite and INEGI tables (mutated where a case needs it).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDbf } from '../../../shared/import/shapefile/dbf.ts';
import { decodeBytes, isValidUtf8, resolveEncodingName } from '../../../shared/import/encoding.ts';
import { UserError } from '../../../shared/errors.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const fixtures = path.resolve(repoRoot, '..', 'shared', 'fixtures');
const peer = (f: string) => new Uint8Array(readFileSync(path.join(fixtures, 'shapefile-peer-suite', f)));
const inegi = (f: string) => new Uint8Array(readFileSync(path.join(fixtures, 'inegi-mun-lcc', 'sonora_bc', f)));

const LDID = 29;

describe('isValidUtf8', () => {
  it('tells the UTF-8 tables from the Latin-1 one', () => {
    expect(isValidUtf8(peer('utf8-property.dbf'))).toBe(true);
    const mun = inegi('mun_02_26.dbf');
    const rows = mun.subarray(new DataView(mun.buffer, mun.byteOffset).getUint16(8, true));
    expect(isValidUtf8(rows)).toBe(true);
    // The binary header is not text (here its header length 481 = 0x01E1): the whole file is not UTF-8.
    expect(isValidUtf8(mun)).toBe(false);
    expect(isValidUtf8(peer('latin1-property.dbf'))).toBe(false);
    // A UTF-8 sequence cut in half is not valid.
    const utf8 = peer('utf8-property.dbf');
    const firstHigh = utf8.findIndex((b) => b >= 0xc0);
    expect(isValidUtf8(utf8.subarray(0, firstHigh + 1))).toBe(false);
  });
});

describe('encoding of a .dbf', () => {
  it('.cpg wins over detection; its common spellings all resolve', () => {
    const cpg = inegi('mun_02_26.cpg');
    expect(openDbf(inegi('mun_02_26.dbf'), 'mun.dbf', { cpg }).encoding).toBe('utf-8');
    const spellings: [string, string][] = [
      ['UTF-8', 'utf-8'],
      ['utf8', 'utf-8'],
      ['1252', 'windows-1252'],
      ['CP1252', 'windows-1252'],
      ['ISO-8859-1', 'windows-1252'],
      ['88591', 'windows-1252'],
      ['LATIN1', 'windows-1252'],
      ['ANSI 1252', 'windows-1252'],
      ['885915', 'iso-8859-15'],
      ['cp850', 'cp850'],
      ['437', 'cp437'],
    ];
    for (const [name, want] of spellings) expect(resolveEncodingName(name), name).toBe(want);
  });

  it('the language driver byte 0x57 (ANSI) reads the Latin-1 table as windows-1252', () => {
    const t = openDbf(peer('latin1-property.dbf'), 'latin1.dbf', {});
    expect(t.encoding).toBe('windows-1252');
    expect(t.readRow(0)).toEqual({ name: 'México' });
  });

  it('without .cpg or driver byte: UTF-8 when the bytes are valid UTF-8, else windows-1252', () => {
    const latin = peer('latin1-property.dbf');
    latin[LDID] = 0;
    expect(openDbf(latin, 'latin1.dbf', {}).readRow(0)).toEqual({ name: 'México' });
    const utf8 = peer('utf8-property.dbf');
    expect(utf8[LDID]).toBe(0);
    const t = openDbf(utf8, 'utf8.dbf', {});
    expect(t.encoding).toBe('utf-8');
    expect(t.readRow(0)).toEqual({ '☃': 'ηελλο ςορλδ' });
    const mun = openDbf(inegi('mun_02_26.dbf'), 'mun.dbf', {});
    expect(mun.encoding).toBe('utf-8');
    expect(Array.from({ length: mun.availableRows }, (_, i) => mun.readRow(i).NOMGEO)).toContain('San Luis Río Colorado');
  });

  it('the user override beats everything, and an unknown override is a UserError', () => {
    const t = openDbf(inegi('mun_02_26.dbf'), 'mun.dbf', { cpg: inegi('mun_02_26.cpg'), encoding: 'latin1' });
    const names = Array.from({ length: t.availableRows }, (_, i) => t.readRow(i).NOMGEO);
    // UTF-8 "í" (C3 AD) read as windows-1252 is "Ã" followed by a soft hyphen.
    expect(names).toContain('San Luis RÃ\u00ado Colorado');
    expect(() => openDbf(inegi('mun_02_26.dbf'), 'mun.dbf', { encoding: 'klingon' })).toThrow(UserError);
    expect(() => resolveEncodingName('klingon')).toThrow(/Unknown text encoding "klingon"/);
  });
});

describe('DOS code pages', () => {
  it('cp850 and cp437 give the Spanish letters of the IBM code charts', () => {
    // Code points from the published IBM code page 850 / 437 charts.
    const letters: [number, string][] = [
      [0x82, 'é'],
      [0x90, 'É'],
      [0xa0, 'á'],
      [0xa1, 'í'],
      [0xa2, 'ó'],
      [0xa3, 'ú'],
      [0xa4, 'ñ'],
      [0xa5, 'Ñ'],
      [0x81, 'ü'],
    ];
    for (const cp of ['cp850', 'cp437']) {
      for (const [byte, ch] of letters) expect(decodeBytes(Uint8Array.of(byte), cp), `${cp} ${byte}`).toBe(ch);
    }
    expect(decodeBytes(Uint8Array.of(0xb5, 0xd6, 0xe0, 0xe9), 'cp850')).toBe('ÁÍÓÚ');
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    for (const cp of ['cp850', 'cp437']) {
      const s = decodeBytes(all, cp);
      expect(s).toHaveLength(256);
      expect(new Set(s).size).toBe(256);
    }
  });

  it('the driver byte 0x02 selects cp850', () => {
    const latin = peer('latin1-property.dbf');
    latin[LDID] = 0x02;
    const t = openDbf(latin, 'latin1.dbf', {});
    expect(t.encoding).toBe('cp850');
    // "México" was written in windows-1252: é is 0xE9, which cp850 reads as Ú.
    expect(t.readRow(0)).toEqual({ name: 'MÚxico' });
  });
});
