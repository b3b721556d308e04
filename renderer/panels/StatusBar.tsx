import { useState, type KeyboardEvent } from 'react';
import { LanguageSwitch, useWords } from '../i18n/language.tsx';
import { COORDINATE_FORMATS, CoordinateError, formatCoordinate, formatDegrees, parseCoordinate, type CoordinateFormat } from '../../shared/geo/coordinateFormats.ts';
import { coordinateWords, formatShortName, storeCoordinateFormat, storedCoordinateFormat } from '../map/coordinateFormatSetting.ts';

export interface StatusBarProps {
  cursor: { lng: number; lat: number } | null;
  workspace: string | null;
  message: string | null;
  /** Go to a typed coordinate (the go-to box); absent while there is no map. */
  onGoTo?: (lon: number, lat: number) => void;
}

/**
 * Cursor position in decimal degrees and in the chosen format (DMS, UTM or MGRS), a go-to box,
 * the workspace, the last message, the language switch.
 */
export function StatusBar({ cursor, workspace, message, onGoTo }: StatusBarProps) {
  const { t, language } = useWords();
  const west = t('layerTools.status.west');
  const [format, setFormat] = useState<CoordinateFormat>(storedCoordinateFormat);
  const [goTo, setGoTo] = useState<{ error: string | null; note: string }>({ error: null, note: '' });
  const choose = (f: CoordinateFormat) => {
    setFormat(f);
    storeCoordinateFormat(f);
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter' || !onGoTo) return;
    const input = e.currentTarget.value;
    try {
      const p = parseCoordinate(input);
      onGoTo(p.lon, p.lat);
      setGoTo({ error: null, note: `${formatShortName(p.form, t)}: ${formatDegrees(p.lon, p.lat, west)}` });
    } catch (err) {
      // The reader says what it could not read and why, in the analyst's language.
      setGoTo({ error: err instanceof CoordinateError ? err.textIn(language) : (err as Error).message, note: '' });
    }
  };
  return (
    <footer className="status-bar">
      <span className="coords" data-testid="cursor-dd">{cursor ? formatDegrees(cursor.lng, cursor.lat, west) : '—'}</span>
      {format !== 'DD' && (
        <span className="coords coords-chosen" data-testid={`cursor-${format.toLowerCase()}`}>{cursor ? formatCoordinate(format, cursor.lng, cursor.lat, coordinateWords(t)) : ''}</span>
      )}
      <select aria-label={t('layerTools.status.format')} value={format} onChange={(e) => choose(e.target.value as CoordinateFormat)}>
        {COORDINATE_FORMATS.map((f) => (
          <option key={f} value={f} title={t(`layerTools.status.formatNames.${f}`)}>
            {formatShortName(f, t)}
          </option>
        ))}
      </select>
      <span className="goto-wrap">
        <input
          className="goto"
          aria-label={t('layerTools.status.goTo')}
          placeholder={t('layerTools.status.goToPlaceholder')}
          disabled={!onGoTo}
          aria-invalid={goTo.error !== null}
          aria-describedby={goTo.error ? 'goto-status' : undefined}
          title={goTo.note || t('layerTools.status.goToForms')}
          onKeyDown={onKey}
          onChange={() => goTo.error && setGoTo({ error: null, note: '' })}
        />
        {/* An error sits above the box in full (the bar has no room for it); how a success was read is the box's tooltip. */}
        {goTo.error && (
          <span id="goto-status" role="alert" className="error goto-error" data-testid="goto-status">
            {goTo.error}
          </span>
        )}
      </span>
      <span className="grow muted status-message" title={message ?? ''}>
        {message ?? ''}
      </span>
      <span className="muted" title={workspace ?? ''}>{workspace ? workspace.split(/[\\/]/).pop() : ''}</span>
      <LanguageSwitch />
    </footer>
  );
}
