/**
 * Open team workspace…: in the desktop app, main opens the app on the PostGIS workspace (the
 * window reloads on it; the password stays with that workspace's connections). In the browser
 * shell, the loopback server serves the one workspace it was started on (electron/backend/
 * webServer.ts), so the dialog says how to start it on the team workspace instead.
 */
import { useState } from 'react';
import { isTeamUrl, type TeamOpenRequest } from '../../shared/api/teamWorkspace.ts';
import { useWords } from '../i18n/language.tsx';
import { TeamAddressFields } from './TeamAddressFields.tsx';
import { teamError } from './teamErrors.ts';

export interface OpenTeamDialogProps {
  /** Main's Open team workspace (the Electron bridge); absent in the browser shell. */
  openTeam?: (request: TeamOpenRequest) => Promise<{ opened: string } | { error: string }>;
  onClose: () => void;
}

/** The command that serves a team workspace in the browser; quoted, as a shell reads a URL with `?` and `&`. */
const serveCommand = (url: string, example: string): string => `frontera serve '${url.trim() || example}'`;

export function OpenTeamDialog({ openTeam, onClose }: OpenTeamDialogProps) {
  const words = useWords();
  const { t } = words;
  const [url, setUrl] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(open: NonNullable<typeof openTeam>) {
    setError(null);
    if (!isTeamUrl(url)) return setError(t('team.errors.urlFormat'));
    setBusy(true);
    try {
      const answer = await open({ url: url.trim(), ...(password !== '' ? { password } : {}) });
      // Opened: main reloads the window on the team workspace.
      if ('error' in answer) setError(teamError(new Error(answer.error), words));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="modal-backdrop" role="dialog" aria-modal="true" aria-label={t('team.open.title')}>
      <div className="modal team-dialog">
        <header className="panel-header">
          <h2>{t('team.open.title')}</h2>
          <button onClick={onClose} title={t('common.close')} aria-label={t('common.close')}>
            ✕
          </button>
        </header>
        <div className="form-grid">
          {openTeam ? (
            <TeamAddressFields url={url} onUrl={setUrl} onPassword={setPassword} passwordHint={t('team.open.passwordHint')} />
          ) : (
            <TeamAddressFields url={url} onUrl={setUrl} />
          )}
        </div>
        {!openTeam && (
          <>
            <p className="muted">{t('team.open.browserIntro')}</p>
            <pre className="team-command" data-testid="team-serve-command">
              {serveCommand(url, t('team.urlExample'))}
            </pre>
            <p className="muted">{t('team.open.browserPassword')}</p>
          </>
        )}
        {error && (
          <p className="error" role="alert" data-testid="open-team-error">
            {error}
          </p>
        )}
        <footer className="modal-footer">
          <button onClick={onClose}>{openTeam ? t('common.cancel') : t('common.close')}</button>
          {openTeam && (
            <button className="primary" disabled={busy} onClick={() => void submit(openTeam)} data-testid="open-team-run">
              {busy ? t('team.open.running') : t('team.open.run')}
            </button>
          )}
        </footer>
      </div>
    </div>
  );
}
