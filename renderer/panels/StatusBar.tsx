import { LanguageSwitch } from '../i18n/language.tsx';
import { formatDegrees, formatUtm, toUtm } from '../map/coords.ts';

export interface StatusBarProps {
  cursor: { lng: number; lat: number } | null;
  workspace: string | null;
  message: string | null;
}

/** Cursor position in decimal degrees and UTM, the workspace, the last message, the language switch. */
export function StatusBar({ cursor, workspace, message }: StatusBarProps) {
  return (
    <footer className="status-bar">
      <span className="coords" data-testid="cursor-dd">{cursor ? formatDegrees(cursor.lng, cursor.lat) : '—'}</span>
      <span className="coords" data-testid="cursor-utm">{cursor ? formatUtm(toUtm(cursor.lng, cursor.lat)) : ''}</span>
      <span className="grow muted">{message ?? ''}</span>
      <span className="muted" title={workspace ?? ''}>{workspace ? workspace.split(/[\\/]/).pop() : ''}</span>
      <LanguageSwitch />
    </footer>
  );
}
