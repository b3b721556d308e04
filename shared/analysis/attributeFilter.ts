/**
 * The attribute filter (a layer's definition query, as QGIS's "Filter…" and ArcGIS's definition
 * queries): conditions on a record's properties — field, operator, value — joined by `and` / `or`
 * (and binds tighter; parentheses group), written once as text that the CLI's --where, the API's
 * `selection.where`, the app's filter builder and every provenance share:
 *
 *     tipo = "homicidio" and victimas >= 2
 *     municipio contains "rio" or (fecha < "2023-07-01" and arma is not empty)
 *     tipo in ("homicidio", "secuestro")
 *
 * Operators: = != < <= > >= (also ≠ ≤ ≥ <>) on numbers, dates and text; `contains` and
 * `starts with` on text, ignoring case and accents ("rio" finds "Río"); `is empty`, `is not
 * empty`; `in (…)`. A comparison (and `in`) never keeps a record whose value is empty, as SQL's
 * NULL: `x != 3` keeps the records with another value of x, not those without one.
 *
 * Values are typed by the layer's field types: a number field compares numbers (a text cell
 * that reads as a number counts as it), a date field compares local days written YYYY-MM-DD (a
 * record's ISO or day-first date, its time of day aside), a text field compares text exactly
 * (= and in) or by code-unit order (< >). An unknown field, or a value of the wrong type, is
 * refused naming the field and the value.
 */
import { SaidError, type Sentence } from '../i18n/saidError.ts';
import type { FieldInfo, FieldType } from '../model/feature.ts';

type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';
type TextOp = 'contains' | 'starts with';
type EmptyOp = 'is empty' | 'is not empty';
export type FilterOp = CompareOp | TextOp | EmptyOp | 'in';

/** A literal as written: text, a number (with its text, so a code like 02007 stays itself on a text field), true/false. */
export type FilterLiteral = { text: string } | { number: number; text: string } | { bool: boolean };

export type FilterCondition =
  | { field: string; op: CompareOp | TextOp; value: FilterLiteral }
  | { field: string; op: EmptyOp }
  | { field: string; op: 'in'; values: FilterLiteral[] };

export type FilterExpr = { condition: FilterCondition } | { and: FilterExpr[] } | { or: FilterExpr[] };

/** A filter the reader refuses, with its words (the catalogue's filter section) for a host to say it in the analyst's language. */
export class FilterError extends SaidError {
  constructor(said: Sentence) {
    super('filter', said);
    this.name = 'FilterError';
  }
}

/** A malformed filter: the message names the 1-based column of the text where it went wrong. */
export class FilterSyntaxError extends FilterError {
  constructor(
    readonly column: number,
    readonly reason: Sentence,
  ) {
    super({ key: 'syntax', values: { column, reason } });
    this.name = 'FilterSyntaxError';
  }
}

// ---------- text → expression ----------

type Token =
  | { kind: 'word'; text: string; at: number }
  | { kind: 'field'; text: string; at: number }
  | { kind: 'string'; text: string; at: number }
  | { kind: 'number'; value: number; text: string; at: number }
  | { kind: 'op'; text: CompareOp; at: number }
  | { kind: 'punct'; text: '(' | ')' | ','; at: number }
  | { kind: 'end'; at: number };

const OPERATORS: [string, CompareOp][] = [
  ['>=', '>='],
  ['<=', '<='],
  ['!=', '!='],
  ['<>', '!='],
  ['==', '='],
  ['≥', '>='],
  ['≤', '<='],
  ['≠', '!='],
  ['=', '='],
  ['<', '<'],
  ['>', '>'],
];
const WORD_RE = /[\p{L}_][\p{L}\p{N}_.]*/uy;
const NUMBER_RE = /-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?(?![\p{L}\p{N}_])/uy;
const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'is', 'empty', 'contains', 'starts', 'with', 'true', 'false']);
const OPERATOR_LIST = '=, !=, <, <=, >, >=, contains, starts with, is empty, is not empty, in (…)';

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const at = i + 1;
    if (c === '(' || c === ')' || c === ',') {
      out.push({ kind: 'punct', text: c, at });
      i++;
      continue;
    }
    const op = OPERATORS.find(([s]) => src.startsWith(s, i));
    if (op) {
      out.push({ kind: 'op', text: op[1], at });
      i += op[0].length;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      let text = '';
      let j = i + 1;
      for (; j < src.length && src[j] !== c; j++) {
        if (src[j] === '\\' && j + 1 < src.length) j++;
        text += src[j];
      }
      if (j >= src.length) throw new FilterSyntaxError(at, { key: c === '`' ? 'unclosedField' : 'unclosedText', values: { quote: c } });
      out.push(c === '`' ? { kind: 'field', text, at } : { kind: 'string', text, at });
      i = j + 1;
      continue;
    }
    NUMBER_RE.lastIndex = i;
    const num = NUMBER_RE.exec(src);
    if (num) {
      out.push({ kind: 'number', value: Number(num[0]), text: num[0], at });
      i += num[0].length;
      continue;
    }
    WORD_RE.lastIndex = i;
    const word = WORD_RE.exec(src);
    if (word) {
      out.push({ kind: 'word', text: word[0], at });
      i += word[0].length;
      continue;
    }
    throw new FilterSyntaxError(at, { key: 'unexpected', values: { char: c } });
  }
  out.push({ kind: 'end', at: src.length + 1 });
  return out;
}

const isKeyword = (t: Token, k: string): boolean => t.kind === 'word' && t.text.toLowerCase() === k;
const shown = (t: Token): string | Sentence => (t.kind === 'end' ? { key: 'theEnd' } : `"${'text' in t ? t.text : ''}"`);

class Parser {
  private k = 0;

  constructor(private readonly tokens: Token[]) {}

  /** The current token (a method, not a getter: each call reads it afresh after k moves). */
  private cur(): Token {
    return this.tokens[this.k];
  }

  private isPunct(p: '(' | ')' | ','): boolean {
    const t = this.cur();
    return t.kind === 'punct' && t.text === p;
  }

  /** Refuses the filter at the current token: `key` of the catalogue's filter section, found what. */
  private fail(key: string, values: Sentence['values'] = {}): never {
    throw new FilterSyntaxError(this.cur().at, { key, values: { found: shown(this.cur()), ...values } });
  }

  parse(): FilterExpr {
    if (this.cur().kind === 'end') this.fail('empty');
    const e = this.or();
    if (this.cur().kind !== 'end') this.fail('expectedEnd');
    return e;
  }

  private or(): FilterExpr {
    const items = [this.and()];
    while (isKeyword(this.cur(), 'or')) {
      this.k++;
      items.push(this.and());
    }
    return items.length === 1 ? items[0] : { or: items };
  }

  private and(): FilterExpr {
    const items = [this.unary()];
    while (isKeyword(this.cur(), 'and')) {
      this.k++;
      items.push(this.unary());
    }
    return items.length === 1 ? items[0] : { and: items };
  }

  private unary(): FilterExpr {
    if (this.isPunct('(')) {
      this.k++;
      const e = this.or();
      if (!(this.isPunct(')'))) this.fail('expectedClose');
      this.k++;
      return e;
    }
    return { condition: this.condition() };
  }

  private condition(): FilterCondition {
    const f = this.cur();
    if (f.kind !== 'field' && !(f.kind === 'word' && !KEYWORDS.has(f.text.toLowerCase()))) {
      this.fail('expectedField');
    }
    const field = f.text;
    this.k++;
    const t = this.cur();
    if (t.kind === 'op') {
      this.k++;
      return { field, op: t.text, value: this.literal() };
    }
    if (isKeyword(t, 'contains')) {
      this.k++;
      return { field, op: 'contains', value: this.literal() };
    }
    if (isKeyword(t, 'starts')) {
      this.k++;
      if (!isKeyword(this.cur(), 'with')) this.fail('expectedWith');
      this.k++;
      return { field, op: 'starts with', value: this.literal() };
    }
    if (isKeyword(t, 'is')) {
      this.k++;
      const not = isKeyword(this.cur(), 'not');
      if (not) this.k++;
      if (!isKeyword(this.cur(), 'empty')) this.fail('expectedEmpty', { after: not ? 'is not' : 'is' });
      this.k++;
      return { field, op: not ? 'is not empty' : 'is empty' };
    }
    if (isKeyword(t, 'in')) {
      this.k++;
      if (!(this.isPunct('('))) this.fail('expectedOpen');
      this.k++;
      const values = [this.literal()];
      while (this.isPunct(',')) {
        this.k++;
        values.push(this.literal());
      }
      if (!(this.isPunct(')'))) this.fail('expectedListNext');
      this.k++;
      return { field, op: 'in', values };
    }
    this.fail('expectedOperator', { field, operators: OPERATOR_LIST });
  }

  private literal(): FilterLiteral {
    const t = this.cur();
    if (t.kind === 'string') {
      this.k++;
      return { text: t.text };
    }
    if (t.kind === 'number') {
      this.k++;
      return { number: t.value, text: t.text };
    }
    if (isKeyword(t, 'true') || isKeyword(t, 'false')) {
      this.k++;
      return { bool: isKeyword(t, 'true') };
    }
    // A bare word is text (tipo = homicidio), unless it is one of the filter's own words.
    if (t.kind === 'word' && !KEYWORDS.has(t.text.toLowerCase())) {
      this.k++;
      return { text: t.text };
    }
    this.fail('expectedValue');
  }
}

/** Parses the text form; FilterSyntaxError (with the column) when it is malformed. Field types are checked by compileFilter. */
export function parseFilter(text: string): FilterExpr {
  return new Parser(tokenize(text)).parse();
}

// ---------- expression → text ----------

const BARE_FIELD_RE = /^[\p{L}_][\p{L}\p{N}_.]*$/u;

function fieldText(name: string): string {
  return BARE_FIELD_RE.test(name) && !KEYWORDS.has(name.toLowerCase()) ? name : `\`${name.replace(/[`\\]/g, (c) => `\\${c}`)}\``;
}

function literalText(v: FilterLiteral): string {
  if ('bool' in v) return String(v.bool);
  if ('number' in v) return v.text;
  return `"${v.text.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

function conditionText(c: FilterCondition): string {
  const f = fieldText(c.field);
  if ('values' in c) return `${f} in (${c.values.map(literalText).join(', ')})`;
  if (!('value' in c)) return `${f} ${c.op}`;
  return `${f} ${c.op} ${literalText(c.value)}`;
}

/** The compact text form (CLI, provenance, the app's chip): parseFilter(formatFilter(e)) gives e back. */
export function formatFilter(e: FilterExpr): string {
  if ('condition' in e) return conditionText(e.condition);
  if ('and' in e) return e.and.map((x) => ('or' in x ? `(${formatFilter(x)})` : formatFilter(x))).join(' and ');
  return e.or.map(formatFilter).join(' or ');
}

/** Every condition of the expression, in order. */
export function filterConditions(e: FilterExpr): FilterCondition[] {
  if ('condition' in e) return [e.condition];
  return ('and' in e ? e.and : e.or).flatMap(filterConditions);
}

// ---------- typing and matching ----------

/** Text as compared by contains / starts with: accents and case set aside ("Río" → "rio"). */
export function foldText(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

const ISO_DAY_RE = /^(\d{4})-(\d{2})-(\d{2})/;
const DMY_RE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})/;

/** A date value's local day as YYYY-MM-DD (ISO text, or day-first as the importer reads it); null when none. */
function dayOf(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const s = v.trim();
  const iso = ISO_DAY_RE.exec(s);
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  const dmy = DMY_RE.exec(s);
  return dmy ? `${dmy[3]}-${dmy[2].padStart(2, '0')}-${dmy[1].padStart(2, '0')}` : null;
}

function numberOf(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  return NaN;
}

const isEmpty = (v: unknown): boolean => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

/** Distinct text values a contains / starts with remembers (a folio per record would grow it without use). */
const MEMO_VALUES = 65_536;

type Kind = 'number' | 'date' | 'text' | 'boolean';
const KIND_OF: Record<FieldType, Kind> = { number: 'number', integer: 'number', date: 'date', string: 'text', unknown: 'text', boolean: 'boolean' };

type Key = number | string | boolean;
type Predicate = (props: Record<string, unknown>) => boolean;

function refuse(field: string, kind: Exclude<Kind, 'text'>, v: FilterLiteral): never {
  throw new FilterError({ key: 'notKind', values: { field, kind: { key: `kinds.${kind}` }, value: literalText(v), need: { key: `need.${kind}` } } });
}

/** The literal as the field's kind compares it. */
function keyOf(field: string, kind: Kind, v: FilterLiteral): Key {
  switch (kind) {
    case 'number': {
      const n = 'number' in v ? v.number : 'text' in v && v.text.trim() !== '' ? Number(v.text) : NaN;
      if (!Number.isFinite(n)) refuse(field, kind, v);
      return n;
    }
    case 'date': {
      const d = 'text' in v && !('number' in v) ? v.text.trim() : '';
      if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) refuse(field, kind, v);
      return d;
    }
    case 'boolean':
      if (!('bool' in v)) refuse(field, kind, v);
      return v.bool;
    case 'text':
      return 'bool' in v ? String(v.bool) : v.text;
  }
}

/** The record's value as the field's kind compares it; null when empty or unreadable as that kind. */
function valueOf(kind: Kind, v: unknown): Key | null {
  if (isEmpty(v)) return null;
  switch (kind) {
    case 'number': {
      const n = numberOf(v);
      return Number.isNaN(n) ? null : n;
    }
    case 'date':
      return dayOf(v);
    case 'boolean':
      if (typeof v === 'boolean') return v;
      if (typeof v === 'string' && /^(true|false)$/i.test(v.trim())) return v.trim().toLowerCase() === 'true';
      return null;
    case 'text':
      return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v as number | boolean);
  }
}

function compare(op: CompareOp, a: Key, b: Key): boolean {
  switch (op) {
    case '=':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
}

function conditionPredicate(c: FilterCondition, types: Map<string, FieldType>, layer: string): Predicate {
  const type = types.get(c.field);
  if (type === undefined) {
    const names = [...types.keys()];
    const near = names.find((n) => foldText(n) === foldText(c.field));
    const fields = `${names.slice(0, 40).join(', ')}${names.length > 40 ? ', …' : ''}`;
    throw new FilterError(near ? { key: 'noFieldNear', values: { layer, field: c.field, near } } : { key: 'noField', values: { layer, field: c.field, fields } });
  }
  const kind = KIND_OF[type];
  const field = c.field;
  const get = (p: Record<string, unknown>): unknown => (Object.prototype.hasOwnProperty.call(p, field) ? p[field] : undefined);
  switch (c.op) {
    case 'is empty':
      return (p) => isEmpty(get(p));
    case 'is not empty':
      return (p) => !isEmpty(get(p));
    case 'contains':
    case 'starts with': {
      if (kind !== 'text') throw new FilterError({ key: 'textOnly', values: { op: c.op, field, kind: { key: `kinds.${kind}` } } });
      const needle = foldText(keyOf(field, kind, c.value) as string);
      const starts = c.op === 'starts with';
      // Text values repeat (towns, types): each distinct one is folded and tested once. NFD and
      // the mark strip cost ~0.7 µs a value, most of a million-record filter without this.
      const seen = new Map<string, boolean>();
      return (p) => {
        const v = valueOf(kind, get(p));
        if (v === null) return false;
        let hit = seen.get(v as string);
        if (hit === undefined) {
          const s = foldText(v as string);
          hit = starts ? s.startsWith(needle) : s.includes(needle);
          if (seen.size < MEMO_VALUES) seen.set(v as string, hit);
        }
        return hit;
      };
    }
    case 'in': {
      const keys = new Set(c.values.map((v) => keyOf(field, kind, v)));
      return (p) => {
        const v = valueOf(kind, get(p));
        return v !== null && keys.has(v);
      };
    }
    default: {
      const { op, value } = c as { op: CompareOp; value: FilterLiteral };
      const key = keyOf(field, kind, value);
      if (kind === 'boolean' && op !== '=' && op !== '!=') throw new FilterError({ key: 'booleanOps', values: { field } });
      return (p) => {
        const v = valueOf(kind, get(p));
        return v !== null && compare(op, v, key);
      };
    }
  }
}

function exprPredicate(e: FilterExpr, types: Map<string, FieldType>, layer: string): Predicate {
  if ('condition' in e) return conditionPredicate(e.condition, types, layer);
  const parts = ('and' in e ? e.and : e.or).map((x) => exprPredicate(x, types, layer));
  return 'and' in e ? (p) => parts.every((f) => f(p)) : (p) => parts.some((f) => f(p));
}

export interface CompiledFilter {
  /** The canonical text form (formatFilter), for provenance and display. */
  text: string;
  /** The fields the filter reads. */
  fields: string[];
  /** Whether a record's properties pass. */
  matches: Predicate;
}

/**
 * Parses and types a filter for a layer's fields: UserError naming the column of a syntax
 * error, an unknown field or a value of the wrong type.
 */
export function compileFilter(text: string, fields: readonly FieldInfo[], layer: string): CompiledFilter {
  let expr: FilterExpr;
  try {
    expr = parseFilter(text);
  } catch (e) {
    if (e instanceof FilterSyntaxError) throw new FilterError({ key: 'inText', values: { text, message: e.said } });
    throw e;
  }
  const types = new Map(fields.map((f) => [f.name, f.type]));
  return {
    text: formatFilter(expr),
    fields: [...new Set(filterConditions(expr).map((c) => c.field))],
    matches: exprPredicate(expr, types, layer),
  };
}
