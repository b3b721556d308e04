import { useState, type KeyboardEvent } from 'react';
import { LanguageSwitch } from '../i18n/language.tsx';
import { COORDINATE_FORMATS, formatCoordinate, formatDegrees, parseCoordinate, type CoordinateFormat } from '../../shared/geo/coordinateFormats.ts';
import { storeCoordinateFormat, storedCoordinateFormat } from '../map/coordinateFormatSetting.ts';

export interface StatusBarProps {
  cursor: { lng: number; lat: number } | null;
  workspace: string | null;
  message: string | null;
  /** Go to a typed coordinate (the go-to box); absent while there is no map. */
  onGoTo?: (lon: number, lat: number) => void;
}

const TEXT = {
  format: 'Coordinate format',
  goTo: 'Go to coordinate',
  goToPlaceholder: 'Go to coordinate…',
  goToForms: 'lat, lon (32.4561, -114.7717), DMS, UTM (11S 709449 3593179) or MGRS (11SQR0944893179); Enter',
  readAs: (form: string, where: string) => `${form}: ${where}`,
};

/**
 * Cursor position in decimal degrees and in the chosen format (DMS, UTM or MGRS), a go-to box,
 * the workspace, the last message, the language switch.
 */
export function StatusBar({ cursor, workspace, message, onGoTo }: StatusBarProps) {
  const [format, setFormat] = useState<CoordinateFormat>(storedCoordinateFormat);
  const [goTo, setGoTo] = useState<{ error: string | null; note: string }>({ error: null, note: '' });
  const choose = (f: CoordinateFormat) => {
    setFormat(f);
    storeCoordinateFormat(f);
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter' || !onGoTo) return;
    try {
      const p = parseCoordinate(e.currentTarget.value);
      onGoTo(p.lon, p.lat);
      setGoTo({ error: null, note: TEXT.readAs(p.form, formatDegrees(p.lon, p.lat)) });
    } catch (err) {
      setGoTo({ error: err instanceof Error ? err.message : String(err), note: '' });
    }
  };
  return (
    <footer className="status-bar">
      <span className="coords" data-testid="cursor-dd">{cursor ? formatDegrees(cursor.lng, cursor.lat) : '—'}</span>
      {format !== 'DD' && (
        <span className="coords coords-chosen" data-testid={`cursor-${format.toLowerCase()}`}>{cursor ? formatCoordinate(format, cursor.lng, cursor.lat) : ''}</span>
      )}
      <select aria-label={TEXT.format} value={format} onChange={(e) => choose(e.target.value as CoordinateFormat)}>
        {COORDINATE_FORMATS.map((f) => (
          <option key={f} value={f}>
            {f}
          </option>
        ))}
      </select>
      <span className="goto-wrap">
        <input
          className="goto"
          aria-label={TEXT.goTo}
          placeholder={TEXT.goToPlaceholder}
          disabled={!onGoTo}
          aria-invalid={goTo.error !== null}
          aria-describedby={goTo.error ? 'goto-status' : undefined}
          title={goTo.note || TEXT.goToForms}
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
      <span className="grow muted">{message ?? ''}</span>
      <span className="muted" title={workspace ?? ''}>{workspace ? workspace.split(/[\\/]/).pop() : ''}</span>
      <LanguageSwitch />
    </footer>
  );
}
