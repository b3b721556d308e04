/**
 * The field list of a layer: the union of property names in first-seen order, each with the one
 * type that describes every non-null value seen (mixed numbers and text → 'string'; objects and
 * arrays → 'unknown'; only nulls → 'unknown').
 */
import type { FieldInfo, FieldType } from '../model/feature.ts';

const INT = 1;
const NUM = 2;
const STR = 4;
const BOOL = 8;
const OTHER = 16;
const DATE_LIKE = 32;

// ISO dates, day-first dates, with or without a clock time.
const DATE_RE = /^(?:\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}.*)?|\d{1,2}[/.-]\d{1,2}[/.-]\d{4}(?:[ T].*)?)$/;

/** A collector's state for merging: [name, type bits, index of the first record that had it]. */
export type FieldEntry = [string, number, number];

export class FieldCollector {
  private readonly seen = new Map<string, number>();
  private readonly first = new Map<string, number>();

  /** `index`: the record's, so that collectors of a sharded read merge in first-seen order. */
  add(properties: Record<string, unknown>, index = 0): void {
    for (const key in properties) {
      const v = properties[key];
      let bits = this.seen.get(key);
      if (bits === undefined) {
        bits = 0;
        this.seen.set(key, 0);
        this.first.set(key, index);
      }
      if (v === null || v === undefined || v === '') continue;
      let add: number;
      switch (typeof v) {
        case 'number':
          add = Number.isInteger(v) ? INT : NUM;
          break;
        case 'string':
          // Once a column holds text that is no date it is 'string' whatever comes: skip the
          // regex (a GeoJSON import tests every value of every feature here).
          add = bits & STR || !DATE_RE.test(v) ? STR : DATE_LIKE;
          break;
        case 'boolean':
          add = BOOL;
          break;
        default:
          add = v instanceof Date ? DATE_LIKE : OTHER;
      }
      if ((bits | add) !== bits) this.seen.set(key, bits | add);
    }
  }

  /** Declares a name even before any value is seen (CSV header), so column order is kept. */
  declare(name: string): void {
    if (!this.seen.has(name)) this.seen.set(name, 0);
  }

  fields(): FieldInfo[] {
    return [...this.seen].map(([name, bits]) => ({ name, type: typeOf(bits) }));
  }

  entries(): FieldEntry[] {
    return [...this.seen].map(([name, bits]) => [name, bits, this.first.get(name) ?? 0]);
  }

  /**
   * The fields one collector over all the records would give, from collectors that each saw a
   * share of them: names by first record (stable, so names new in the same record keep their
   * order), types from every share's values.
   */
  static merge(shares: FieldEntry[][]): FieldInfo[] {
    const all = new Map<string, FieldEntry>();
    for (const [name, bits, first] of shares.flat().sort((a, b) => a[2] - b[2])) {
      const e = all.get(name);
      if (e) e[1] |= bits;
      else all.set(name, [name, bits, first]);
    }
    return [...all.values()].map(([name, bits]) => ({ name, type: typeOf(bits) }));
  }
}

function typeOf(bits: number): FieldType {
  if (bits === 0 || bits & OTHER) return 'unknown';
  if (bits === INT) return 'integer';
  if (bits === INT || bits === NUM || bits === (INT | NUM)) return 'number';
  if (bits === BOOL) return 'boolean';
  if (bits === DATE_LIKE) return 'date';
  return 'string';
}
