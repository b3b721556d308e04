/** The URL and password fields both team workspace dialogs ask for. */
import { useWords } from '../i18n/language.tsx';

export interface TeamAddressFieldsProps {
  url: string;
  onUrl: (url: string) => void;
  /** Absent: no password field (the browser shell's server takes it from PGPASSWORD or ~/.pgpass). */
  onPassword?: (password: string) => void;
  passwordHint?: string;
}

export function TeamAddressFields(p: TeamAddressFieldsProps) {
  const { t } = useWords();
  return (
    <>
      <label className="field">
        <span>{t('team.url')}</span>
        <input type="text" spellCheck={false} autoComplete="off" placeholder={t('team.urlExample')} value={p.url} onChange={(e) => p.onUrl(e.target.value)} data-testid="team-url" />
      </label>
      {p.onPassword && (
        <label className="field">
          <span>{t('team.password')}</span>
          {/* Not remembered by the browser's password manager: it belongs to this one request. Left
              uncontrolled: React writes a controlled input's value into its `value` attribute, where
              the page's markup would carry the password. */}
          <input type="password" autoComplete="new-password" onChange={(e) => p.onPassword?.(e.target.value)} data-testid="team-password" />
          {p.passwordHint && <small className="muted">{p.passwordHint}</small>}
        </label>
      )}
    </>
  );
}
