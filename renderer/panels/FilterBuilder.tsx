/**
 * The layer's "Filter…" builder (QGIS's Filter…, ArcGIS's definition query): conditions of a
 * field, an operator and a value, joined by and / or, written as the filter's text form
 * (shared/analysis/attributeFilter.ts) that the back end applies to the map, the table, the
 * timeline and the tools. The text is checked here against the layer's fields as it is typed;
 * the back end checks it again.
 */
import { useMemo, useState } from 'react';
import type { TFunction } from 'i18next';
import type { LayerInfo } from '../../shared/api/contract.ts';
import type { FieldInfo } from '../../shared/model/feature.ts';
import {
  compileFilter,
  FilterError,
  filterConditions,
  formatFilter,
  parseFilter,
  type FilterCondition,
  type FilterExpr,
  type FilterLiteral,
  type FilterOp,
} from '../../shared/analysis/attributeFilter.ts';
import { useWords } from '../i18n/language.tsx';

/** The operators the builder writes in words, by their catalogue key; the others are signs. */
const OP_WORDS: Partial<Record<FilterOp, string>> = {
  contains: 'contains',
  'starts with': 'startsWith',
  'is empty': 'isEmpty',
  'is not empty': 'isNotEmpty',
  in: 'in',
};
const OP_SIGNS: Partial<Record<FilterOp, string>> = { '=': '=', '!=': '≠', '<': '<', '<=': '≤', '>': '>', '>=': '≥' };

/** An operator as the builder's list shows it: a sign, or its name in the language. */
function opLabel(op: FilterOp, t: TFunction): string {
  const word = OP_WORDS[op];
  return word ? t(`layerTools.filter.ops.${word}`) : (OP_SIGNS[op] ?? op);
}

const TEXT_OPS: FilterOp[] = ['=', '!=', 'contains', 'starts with', 'in', '<', '<=', '>', '>=', 'is empty', 'is not empty'];
const ORDERED_OPS: FilterOp[] = ['=', '!=', '<', '<=', '>', '>=', 'in', 'is empty', 'is not empty'];
const BOOLEAN_OPS: FilterOp[] = ['=', '!=', 'is empty', 'is not empty'];

function opsFor(type: FieldInfo['type'] | undefined): FilterOp[] {
  if (type === 'number' || type === 'integer' || type === 'date') return ORDERED_OPS;
  if (type === 'boolean') return BOOLEAN_OPS;
  return TEXT_OPS;
}

interface Row {
  join: 'and' | 'or';
  field: string;
  op: FilterOp;
  /** As typed; for `in`, values separated by commas. */
  value: string;
}

/** A value as typed, as the literal its field compares (numbers bare, text and dates quoted). */
function literal(raw: string, type: FieldInfo['type'] | undefined): FilterLiteral {
  const v = raw.trim();
  if ((type === 'number' || type === 'integer') && v !== '' && Number.isFinite(Number(v))) return { number: Number(v), text: v };
  if (type === 'boolean' && /^(true|false)$/i.test(v)) return { bool: v.toLowerCase() === 'true' };
  return { text: v };
}

function rowCondition(r: Row, types: Map<string, FieldInfo['type']>): FilterCondition {
  const type = types.get(r.field);
  if (r.op === 'is empty' || r.op === 'is not empty') return { field: r.field, op: r.op };
  if (r.op === 'in') return { field: r.field, op: 'in', values: r.value.split(',').map((v) => literal(v, type)) };
  return { field: r.field, op: r.op, value: literal(r.value, type) };
}

/** The rows as one expression: `and` binds tighter than `or`, as the text form reads. */
function rowsExpr(rows: Row[], types: Map<string, FieldInfo['type']>): FilterExpr {
  const groups: FilterExpr[][] = [[]];
  rows.forEach((r, i) => {
    if (i > 0 && r.join === 'or') groups.push([]);
    groups[groups.length - 1].push({ condition: rowCondition(r, types) });
  });
  const ands = groups.map((g) => (g.length === 1 ? g[0] : { and: g }));
  return ands.length === 1 ? ands[0] : { or: ands };
}

const valueText = (l: FilterLiteral): string => ('bool' in l ? String(l.bool) : l.text);

/** A saved filter as rows, when it is a plain list of conditions (no parentheses); null otherwise. */
function exprRows(text: string | undefined): Row[] | null {
  if (!text) return null;
  let e: FilterExpr;
  try {
    e = parseFilter(text);
  } catch {
    return null;
  }
  const ors = 'or' in e ? e.or : [e];
  const rows: Row[] = [];
  for (const part of ors) {
    const ands = 'and' in part ? part.and : [part];
    if (ands.some((a) => !('condition' in a))) return null;
    ands.forEach((a, k) => {
      const c = filterConditions(a)[0];
      const value = 'values' in c ? c.values.map(valueText).join(', ') : 'value' in c ? valueText(c.value) : '';
      rows.push({ join: rows.length === 0 || k > 0 ? 'and' : 'or', field: c.field, op: c.op, value });
    });
  }
  return rows;
}

/** What a field of each type takes, by the catalogue's layerTools.filter.bad keys. */
const VALUE_KIND: Partial<Record<FieldInfo['type'], 'number' | 'date' | 'boolean'>> = { number: 'number', integer: 'number', date: 'date', boolean: 'boolean' };

/**
 * The first row whose value its field cannot take, said in the builder's words (row, field and
 * value); whether it can is still the filter reader's decision, asked of each row alone. Null
 * when no single row is at fault (the reader's own message then stands).
 */
function rowError(rows: Row[], types: Map<string, FieldInfo['type']>, fields: FieldInfo[], layer: string, t: TFunction): string | null {
  for (const [i, r] of rows.entries()) {
    const kind = VALUE_KIND[types.get(r.field) ?? 'unknown'];
    if (!kind) continue;
    try {
      compileFilter(formatFilter({ condition: rowCondition(r, types) }), fields, layer);
    } catch {
      return t(`layerTools.filter.bad.${kind}`, { n: i + 1, field: r.field, value: r.value.trim() });
    }
  }
  return null;
}

export interface FilterBuilderProps {
  layer: LayerInfo;
  /** The filter in force, its text form. */
  value?: string;
  onApply: (filter: string | undefined) => void;
  onClose: () => void;
}

export function FilterBuilder({ layer, value, onApply, onClose }: FilterBuilderProps) {
  const { t, language } = useWords();
  const fields = layer.fields;
  const types = useMemo(() => new Map(fields.map((f) => [f.name, f.type])), [fields]);
  const blank = (): Row => ({ join: 'and', field: fields[0]?.name ?? '', op: '=', value: '' });
  const initial = exprRows(value);
  const [rows, setRows] = useState<Row[]>(initial ?? [blank()]);
  // A filter with parentheses (typed on the command line) is kept as text until a row changes.
  const [kept, setKept] = useState<string | null>(value && !initial ? value : null);
  const text = kept ?? formatFilter(rowsExpr(rows, types));
  const error = useMemo(() => {
    try {
      compileFilter(text, fields, layer.name);
      return null;
    } catch (e) {
      return (kept ? null : rowError(rows, types, fields, layer.name, t)) ?? (e instanceof FilterError ? e.textIn(language) : (e as Error).message);
    }
  }, [text, kept, rows, types, fields, layer.name, t, language]);
  const change = (i: number, patch: Partial<Row>) => {
    setKept(null);
    setRows((rs) =>
      rs.map((r, k) => {
        if (k !== i) return r;
        const next = { ...r, ...patch };
        // A field of another type may not take the operator chosen before.
        if (patch.field !== undefined && !opsFor(types.get(next.field)).includes(next.op)) next.op = '=';
        return next;
      }),
    );
  };

  return (
    <div className="filter-builder" role="dialog" aria-label={t('layerTools.filter.title', { layer: layer.name })} onClick={(e) => e.stopPropagation()}>
      <strong>{t('layerTools.filter.title', { layer: layer.name })}</strong>
      {fields.length === 0 ? (
        <p className="muted">{t('layerTools.filter.noFields')}</p>
      ) : (
        <>
          {kept && <p className="muted">{t('layerTools.filter.nested')}</p>}
          {rows.map((r, i) => (
            <div className="filter-row" key={i} data-testid="filter-row">
              {i > 0 ? (
                <select aria-label={t('layerTools.filter.join')} value={r.join} onChange={(e) => change(i, { join: e.target.value as Row['join'] })}>
                  <option value="and">{t('layerTools.filter.and')}</option>
                  <option value="or">{t('layerTools.filter.or')}</option>
                </select>
              ) : (
                <span className="filter-join" />
              )}
              <select aria-label={t('layerTools.filter.field')} value={r.field} onChange={(e) => change(i, { field: e.target.value })}>
                {fields.map((f) => (
                  <option key={f.name} value={f.name}>
                    {f.name} ({t(`layerTools.fieldTypes.${f.type}`)})
                  </option>
                ))}
              </select>
              <select aria-label={t('layerTools.filter.operator')} value={r.op} onChange={(e) => change(i, { op: e.target.value as FilterOp })}>
                {opsFor(types.get(r.field)).map((op) => (
                  <option key={op} value={op}>
                    {opLabel(op, t)}
                  </option>
                ))}
              </select>
              {r.op !== 'is empty' && r.op !== 'is not empty' && (
                <input
                  aria-label={r.op === 'in' ? t('layerTools.filter.valueList') : t('layerTools.filter.value')}
                  value={r.value}
                  placeholder={types.get(r.field) === 'date' ? t('layerTools.filter.datePlaceholder') : r.op === 'in' ? 'a, b, c' : ''}
                  onChange={(e) => change(i, { value: e.target.value })}
                />
              )}
              {rows.length > 1 && (
                <button title={t('layerTools.filter.remove')} aria-label={t('layerTools.filter.remove')} onClick={() => (setKept(null), setRows((rs) => rs.filter((_, k) => k !== i)))}>
                  ✕
                </button>
              )}
            </div>
          ))}
          <button onClick={() => (setKept(null), setRows((rs) => [...rs, blank()]))}>{t('layerTools.filter.add')}</button>
          <div className="filter-text">
            <span className="muted">{t('layerTools.filter.expression')}:</span> <code data-testid="filter-text">{text}</code>
          </div>
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
        </>
      )}
      <div className="filter-actions">
        <button className="primary" disabled={fields.length === 0 || error !== null} onClick={() => onApply(text)}>
          {t('layerTools.filter.apply')}
        </button>
        {value && <button onClick={() => onApply(undefined)}>{t('layerTools.filter.clear')}</button>}
        <button onClick={onClose}>{t('common.cancel')}</button>
      </div>
    </div>
  );
}

/** The chip under a filtered layer (and in the tools' selection): "Filter: tipo = "homicidio"". */
export function FilterChip({ filter, onClear }: { filter: string; onClear?: () => void }) {
  const { t } = useWords();
  return (
    <span className="filter-chip" data-testid="filter-chip" title={filter}>
      {t('layerTools.filter.chip', { filter })}
      {onClear && (
        <button aria-label={t('layerTools.filter.clear')} title={t('layerTools.filter.clear')} onClick={(e) => (e.stopPropagation(), onClear())}>
          ✕
        </button>
      )}
    </span>
  );
}
