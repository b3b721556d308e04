/**
 * A layer's "Category labels…" (ArcGIS Pro's domain descriptions, a QGIS value map): each code of
 * its category field with its records, and a label per language, saved once for the layer
 * (`layers.setLabels`, audited). Every place that shows a category then shows the label
 * (shared/analysis/categoryLabels.ts). The codes and counts are the layer's own (LayerInfo.categories,
 * counted at import), so nothing here loops over the records.
 */
import { useEffect, useState } from 'react';
import type { LayerInfo } from '../../shared/api/contract.ts';
import type { LabelTable } from '../../shared/api/categoryLabels.ts';
import { LANGUAGES, type Language } from '../../shared/i18n/languages.ts';
import type { ApiClient } from '../api/client.ts';
import { describeError } from '../analysis/errors.ts';
import { useWords } from '../i18n/language.tsx';
import './categoryLabels.css';

type Draft = Record<string, Record<Language, string>>;

interface CategoryLabelsDialogProps {
  layer: LayerInfo;
  api: ApiClient;
  /** After a save: the layer list is read again, so every view shows the new labels. */
  onSaved: () => void;
  onClose: () => void;
}

const draftOf = (table: LabelTable): Draft => Object.fromEntries(table.rows.map((r) => [r.code, { en: r.en ?? '', es: r.es ?? '' }]));

export function CategoryLabelsDialog({ layer, api, onSaved, onClose }: CategoryLabelsDialogProps) {
  const { t, num, language } = useWords();
  const [table, setTable] = useState<LabelTable | null>(null);
  const [draft, setDraft] = useState<Draft>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    api['layers.labels']({ layer: layer.id }).then(
      (r) => live && (setTable(r), setDraft(draftOf(r))),
      (e: unknown) => live && setError(describeError(e, { t, language })),
    );
    return () => {
      live = false;
    };
  }, [api, layer.id]);

  const save = async () => {
    if (!table) return;
    // Only what changed: the audit entry says what the analyst set.
    const set = table.rows
      .filter((r) => LANGUAGES.some((l) => (r[l] ?? '') !== draft[r.code][l].trim()))
      .map((r) => ({ code: r.code, en: draft[r.code].en.trim(), es: draft[r.code].es.trim() }));
    if (set.length === 0) return onClose();
    setBusy(true);
    setError(null);
    try {
      await api['layers.setLabels']({ layer: layer.id, set });
      onSaved();
      onClose();
    } catch (e) {
      setError(describeError(e, { t, language }));
    } finally {
      setBusy(false);
    }
  };

  const title = t('categories.dialog', { layer: layer.name });
  return (
    <div className="filter-builder category-labels" role="dialog" aria-label={title} onClick={(e) => e.stopPropagation()}>
      <strong>{title}</strong>
      <p className="muted">{t('categories.intro', { field: table?.categoryField ?? t('categories.noField') })}</p>
      {table && (
        <table className="label-table">
          <thead>
            <tr>
              <th>{t('categories.code')}</th>
              <th className="num">{t('categories.records')}</th>
            </tr>
          </thead>
          {/* A code, its records, and under them its labels across the panel's width. */}
          {table.rows.map((r) => (
            <tbody key={r.code} data-testid="category-label-row" aria-label={t('categories.labels')}>
              <tr>
                <td>
                  <code>{r.code}</code>
                </td>
                <td className="num">{r.count > 0 ? num(r.count) : <span className="muted">{t('categories.notInLayer')}</span>}</td>
              </tr>
              <tr>
                <td colSpan={2}>
                  {LANGUAGES.map((l) => (
                    <label key={l} className="label-input">
                      <span className="muted">{l.toUpperCase()}</span>
                      <input
                        type="text"
                        maxLength={200}
                        // A code the layer no longer holds keeps its label for a re-import; it cannot be set here.
                        disabled={r.count === 0}
                        aria-label={t('categories.labelFor', { language: t(`categories.${l}`), code: r.code })}
                        value={draft[r.code]?.[l] ?? ''}
                        onChange={(e) => setDraft((d) => ({ ...d, [r.code]: { ...d[r.code], [l]: e.target.value } }))}
                      />
                    </label>
                  ))}
                </td>
              </tr>
            </tbody>
          ))}
        </table>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="filter-row">
        <button className="primary" disabled={busy || !table} onClick={() => void save()}>
          {busy ? t('categories.saving') : t('categories.save')}
        </button>
        <button onClick={onClose}>{t('common.cancel')}</button>
      </div>
    </div>
  );
}
