/**
 * Damaged shapefiles, made by mutating the real INEGI fixture bytes: every case must end in an
 * ImportError (thrown by the parser, or built from its record problems as the back end does
 * without --skip-invalid) whose message names the file, the record and the reason.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { parseShapefile, type ShapefileParts } from '../../../shared/import/shapefile/index.ts';
import { ImportError, type ImportProblem } from '../../../shared/import/problems.ts';
import { UserError } from '../../../shared/errors.ts';
import type { RawRecord } from '../../../shared/model/feature.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const dir = path.resolve(repoRoot, '..', 'shared', 'fixtures', 'inegi-mun-lcc', 'sonora_bc');
const original = Object.fromEntries(
  ['shp', 'shx', 'dbf', 'prj', 'cpg'].map((e) => [e, new Uint8Array(readFileSync(path.join(dir, `mun_02_26.${e}`)))]),
) as Record<'shp' | 'shx' | 'dbf' | 'prj' | 'cpg', Uint8Array>;

const USER_PATH = 'sonora_bc/mun_02_26.shp';
const SHP = USER_PATH;
const SHX = 'sonora_bc/mun_02_26.shx';
const DBF = 'sonora_bc/mun_02_26.dbf';
const N = 85;

/** Fresh copies of the real files, so each test mutates its own bytes. */
function parts(): ShapefileParts {
  return {
    shp: original.shp.slice(),
    shx: original.shx.slice(),
    dbf: original.dbf.slice(),
    prj: original.prj.slice(),
    cpg: original.cpg.slice(),
    names: { shp: 'mun_02_26.shp', shx: 'mun_02_26.shx', dbf: 'mun_02_26.dbf', prj: 'mun_02_26.prj', cpg: 'mun_02_26.cpg' },
  };
}

function run(p: ShapefileParts): { records: RawRecord[]; problems: ImportProblem[] } {
  const records: RawRecord[] = [];
  const problems: ImportProblem[] = [];
  parseShapefile(p, { fileName: USER_PATH }, { onRecord: (r) => records.push(r), onProblem: (x) => problems.push(x) });
  return { records, problems };
}

/** The import as the back end runs it without --skip-invalid: any problem fails it. */
function importAll(p: ShapefileParts): RawRecord[] {
  const { records, problems } = run(p);
  if (problems.length) throw new ImportError(problems);
  return records;
}

function importError(p: ShapefileParts): ImportError {
  try {
    importAll(p);
  } catch (e) {
    if (e instanceof ImportError) return e;
    throw e;
  }
  throw new Error('expected an ImportError');
}

/** Offset and content length of record i, read from the .shx (big-endian 16-bit words). */
function shxEntry(shx: Uint8Array, i: number): { offset: number; length: number } {
  const dv = new DataView(shx.buffer, shx.byteOffset, shx.byteLength);
  return { offset: dv.getInt32(100 + 8 * i, false) * 2, length: dv.getInt32(104 + 8 * i, false) * 2 };
}

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

function dbfLayout(dbf: Uint8Array): { headerLength: number; recordLength: number } {
  return { headerLength: view(dbf).getUint16(8, true), recordLength: view(dbf).getUint16(10, true) };
}

describe('the undamaged fixture', () => {
  it('imports all 85 records without problems (the baseline every case below departs from)', () => {
    expect(importAll(parts())).toHaveLength(N);
  });
});

describe('truncated files', () => {
  it('.shp cut inside the header → fatal, naming the .shp', () => {
    const p = parts();
    p.shp = p.shp.slice(0, 60);
    expect(importError(p).message).toBe(`${SHP}: only 60 bytes: a shapefile starts with a 100-byte header (file truncated?)`);
  });

  it('.shp cut at several record offsets → the records before are read, the cut ones are named', () => {
    for (const k of [0, 1, 40, 84]) {
      const { offset, length } = shxEntry(original.shx, k);
      for (const cut of [offset + 4, offset + 8 + Math.floor(length / 2), offset + 8 + length - 1]) {
        const p = parts();
        p.shp = p.shp.slice(0, cut);
        const { records, problems } = run(p);
        expect(records.map((r) => r.sourceIndex), `cut at ${cut}`).toEqual([...Array(k).keys()]);
        expect(problems).toHaveLength(N - k);
        expect(problems[0]).toMatchObject({ file: SHP, index: k, location: `record ${k + 1}` });
        expect(problems[0].reason).toMatch(/^truncated: /);
        expect(importError(p).message.split('\n')[0]).toMatch(new RegExp(`^${SHP}: record ${k + 1}: truncated: .*ends at byte ${cut}`));
      }
    }
  });

  it('.shx cut short → records it no longer lists are problems naming the .shx', () => {
    const p = parts();
    p.shx = p.shx!.slice(0, 100 + 8 * 30 + 5);
    const { records, problems } = run(p);
    expect(records).toHaveLength(30);
    expect(problems).toHaveLength(N - 30);
    expect(problems[0]).toMatchObject({ file: SHX, location: 'record 31' });
    expect(problems[0].reason).toMatch(/not listed in sonora_bc\/mun_02_26\.shx, which indexes only 30 records/);
    const q = parts();
    q.shx = q.shx!.slice(0, 50);
    expect(importError(q).message).toMatch(new RegExp(`^${SHX}: only 50 bytes`));
  });

  it('.dbf cut mid-row → attribute rows past the cut are problems naming the .dbf', () => {
    const { headerLength, recordLength } = dbfLayout(original.dbf);
    const p = parts();
    p.dbf = p.dbf!.slice(0, headerLength + recordLength * 20 + 7);
    const { records, problems } = run(p);
    expect(records).toHaveLength(20);
    expect(problems).toHaveLength(N - 20);
    expect(problems[0]).toMatchObject({ file: DBF, location: 'record 21' });
    expect(importError(p).message.split('\n')[0]).toMatch(new RegExp(`^${DBF}: record 21: truncated: the .dbf ends at byte ${headerLength + recordLength * 20 + 7}`));
  });

  it('.dbf cut inside its field descriptors → fatal, naming the .dbf', () => {
    const p = parts();
    p.dbf = p.dbf!.slice(0, 100);
    expect(importError(p).message).toMatch(new RegExp(`^${DBF}: the header length at byte 8 says \\d+ bytes, impossible for a 100-byte .dbf`));
  });
});

describe('lying lengths and counts', () => {
  it('a record header whose length disagrees with the .shx → that record only', () => {
    const p = parts();
    const { offset, length } = shxEntry(p.shx!, 5);
    view(p.shp).setInt32(offset + 4, length / 2 + 4, false);
    const { records, problems } = run(p);
    expect(records).toHaveLength(N - 1);
    expect(records.some((r) => r.sourceIndex === 5)).toBe(false);
    expect(problems).toMatchObject([
      {
        file: SHP,
        index: 5,
        location: 'record 6',
        reason: `the record header at byte ${offset} gives a content length of ${length + 8} bytes but the .shx gives ${length} bytes`,
      },
    ]);
  });

  it('a point count larger than the record → a reason, not a RangeError', () => {
    const p = parts();
    const { offset } = shxEntry(p.shx!, 10);
    view(p.shp).setInt32(offset + 8 + 40, 0x7fffffff, true);
    const e = importError(p);
    expect(e.message).toMatch(new RegExp(`^${SHP}: record 11: content length \\d+ bytes is too short for a Polygon of \\d+ parts and 2147483647 points`));
  });

  it('.dbf declaring one row fewer than the .shp has records → the last record has no attributes', () => {
    const p = parts();
    view(p.dbf!).setUint32(4, N - 1, true);
    expect(importError(p).message).toBe(`${DBF}: record 85: no attribute row: the .dbf has 84 rows but the .shp has more records`);
  });

  it('.dbf declaring more rows than it holds → truncated', () => {
    const p = parts();
    view(p.dbf!).setUint32(4, N + 3, true);
    expect(importError(p).message).toBe(`${DBF}: record 86: truncated: the header declares 88 rows but the file holds only 85`);
  });

  it('.shx missing its last entry → the last record is named as not indexed', () => {
    const p = parts();
    p.shx = p.shx!.slice(0, p.shx!.length - 8);
    expect(importError(p).message).toMatch(new RegExp(`^${SHX}: record 85: not listed in ${SHX}, which indexes only 84 records`));
  });

  it('.dbf with more rows than the .shp has shapes → the extra rows are named', () => {
    const p = parts();
    p.shx = p.shx!.slice(0, p.shx!.length - 16);
    const end = shxEntry(original.shx, 83).offset;
    p.shp = p.shp.slice(0, end);
    view(p.shp).setInt32(24, end / 2, false); // a consistent, shorter .shp: only the .dbf disagrees
    const { records, problems } = run(p);
    expect(records).toHaveLength(83);
    expect(problems.map((x) => `${x.file}: ${x.location}: ${x.reason}`)).toEqual([
      `${DBF}: record 84: attribute row without a shape: the .shp has 83 records, the .dbf 85 rows`,
      `${DBF}: record 85: attribute row without a shape: the .shp has 83 records, the .dbf 85 rows`,
    ]);
  });
});

describe('shape types', () => {
  const setType = (p: ShapefileParts, i: number, type: number) => view(p.shp).setInt32(shxEntry(p.shx!, i).offset + 8, type, true);

  it('an unknown record shape type → that record, with the type', () => {
    const p = parts();
    setType(p, 3, 77);
    expect(importError(p).message).toBe(`${SHP}: record 4: unknown shape type 77`);
  });

  it('MultiPatch and a type other than the file’s → record problems', () => {
    const p = parts();
    setType(p, 7, 31);
    setType(p, 8, 1);
    expect(importError(p).message).toBe(
      `${SHP}: record 8: MultiPatch shapes (3D surfaces) are not supported\n${SHP}: record 9: shape type 1 (Point) differs from the file's 5 (Polygon)`,
    );
  });

  it('a Null shape is kept as a record with geometry null', () => {
    const p = parts();
    setType(p, 12, 0);
    const records = importAll(p);
    expect(records).toHaveLength(N);
    expect(records[12].geometry).toBeNull();
    expect(records[12].properties.NOMGEO).toBe(importAll(parts())[12].properties.NOMGEO);
  });

  it('an unknown type in the header → fatal; a .dbf passed as .shp → not a shapefile', () => {
    const p = parts();
    view(p.shp).setInt32(32, 77, true);
    expect(importError(p).message).toBe(`${SHP}: unknown shape type 77 in the header (byte 32)`);
    const q = parts();
    q.shp = original.dbf.slice();
    expect(importError(q).message).toMatch(new RegExp(`^${SHP}: not a shapefile: the file code at byte 0 is -?\\d+, expected 9994`));
  });

  it('a NaN coordinate → a record problem, never NaN in the output', () => {
    const p = parts();
    view(p.shp).setFloat64(shxEntry(p.shx!, 2).offset + 8 + 44 + 4 * 1 + 16 * 3, Number.NaN, true);
    const e = importError(p);
    expect(e.message).toMatch(/record 3: a coordinate is not a finite number/);
  });
});

describe('missing and unreadable companions', () => {
  it('missing .shx or .dbf → fatal, saying which file is missing', () => {
    const p = parts();
    p.shx = null;
    expect(importError(p).message).toMatch(new RegExp(`^${SHX}: missing: a shapefile needs its .shx index next to mun_02_26.shp`));
    const q = parts();
    q.dbf = null;
    expect(importError(q).message).toMatch(new RegExp(`^${DBF}: missing: a shapefile needs its .dbf attribute table`));
  });

  it('garbage .prj → fatal, naming the .prj', () => {
    const p = parts();
    p.prj = original.prj.slice().reverse();
    expect(importError(p).message).toMatch(/^sonora_bc\/mun_02_26\.prj: cannot read the CRS in the \.prj/);
  });

  it('.cpg naming an unknown encoding → fatal, naming the .cpg and the name', () => {
    const p = parts();
    p.cpg = original.cpg.slice().reverse(); // "UTF-8" backwards
    const name = new TextDecoder().decode(p.cpg).trim();
    expect(importError(p).message).toBe(
      `sonora_bc/mun_02_26.cpg: unknown text encoding "${name}": fix the .cpg (e.g. UTF-8 or 1252) or give the encoding with --encoding`,
    );
  });

  it('a deleted .dbf row drops its record silently, as GDAL does', () => {
    const p = parts();
    const { headerLength, recordLength } = dbfLayout(p.dbf!);
    p.dbf![headerLength + 2 * recordLength] = '*'.charCodeAt(0);
    const records = importAll(p);
    expect(records).toHaveLength(N - 1);
    expect(records.map((r) => r.sourceIndex)).not.toContain(2);
  });
});

describe('random damage (seeded)', () => {
  it('never throws anything but ImportError/UserError, never loops, never emits NaN', () => {
    const files = ['shp', 'shx', 'dbf'] as const;
    fc.assert(
      fc.property(
        fc.constantFrom(...files),
        fc.nat(),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        (which, cutSeed, edits, cut) => {
          const p = parts();
          let b = p[which]!;
          for (const [at, value] of edits) b[at % b.length] = value;
          if (cut) b = b.slice(0, cutSeed % b.length);
          p[which] = b;
          try {
            const { records } = run(p);
            // NaN and Infinity serialise as null inside a coordinate array.
            const bad = records.find((r) => r.geometry !== null && /[[,]null[\],]/.test(JSON.stringify(r.geometry)));
            expect(bad).toBeUndefined();
          } catch (e) {
            expect(e).toBeInstanceOf(UserError);
          }
        },
      ),
      { seed: 20261125, numRuns: 200 },
    );
  });
});
