/**
 * How the file's coordinates and text are read: its coordinate system (the common ones of the
 * region to pick, any other to type) and its text encoding. Left alone, both are as the file
 * says or as detected.
 */
import { useState } from 'react';
import { useWords } from '../i18n/language.tsx';
import { CRS_CHOICES, ENCODINGS, importControls } from './controls.ts';

const OTHER = 'other';

export function CrsField(props: { value: string | undefined; needed: boolean; fileSays: string | null; onChange: (crs: string | undefined) => void }) {
  const listed = props.value === undefined || CRS_CHOICES.some((c) => c.value === props.value);
  const [typing, setTyping] = useState(!listed);
  const { t } = useWords();
  const asFile = props.needed ? t('import.crsChoose') : props.fileSays ? t('import.crsAsFile', { crs: props.fileSays }) : t('import.crsLonLat');
  return (
    <label className="field">
      <span>{importControls(t).crs}</span>
      <select
        value={typing ? OTHER : (props.value ?? '')}
        data-testid="import-crs"
        onChange={(e) => {
          const v = e.target.value;
          setTyping(v === OTHER);
          props.onChange(v === '' || v === OTHER ? undefined : v);
        }}
      >
        <option value="">{asFile}</option>
        {CRS_CHOICES.map((c) => (
          <option key={c.value} value={c.value}>
            {t(`layerTools.import.crsChoices.${c.key}`)}
          </option>
        ))}
        <option value={OTHER}>{t('import.crsOther')}</option>
      </select>
      {typing && (
        <input
          autoFocus
          value={props.value ?? ''}
          placeholder="EPSG:32613"
          data-testid="import-crs-other"
          onChange={(e) => props.onChange(e.target.value.trim() || undefined)}
        />
      )}
    </label>
  );
}

export function EncodingField(props: { value: string | undefined; onChange: (encoding: string | undefined) => void }) {
  const { t } = useWords();
  return (
    <label className="field">
      <span>{importControls(t).encoding}</span>
      <select value={props.value ?? ''} data-testid="import-encoding" onChange={(e) => props.onChange(e.target.value || undefined)}>
        <option value="">{t('import.detected')}</option>
        {ENCODINGS.map((e) => (
          <option key={e} value={e}>
            {e}
          </option>
        ))}
      </select>
    </label>
  );
}
