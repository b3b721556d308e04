/**
 * Publish to team workspace…: the chosen layers of this workspace, with their stored analyses if
 * asked, copied into a team workspace on PostGIS (`team.publish`, the copy `frontera copy` makes).
 * The password lives in this dialog's state until it closes and goes with the one call; it is
 * never saved with the map state nor shown again.
 */
import { useState } from 'react';
import type { LayerInfo } from '../../shared/api/contract.ts';
import { isTeamUrl, type TeamPublishResult } from '../../shared/api/teamWorkspace.ts';
import type { ApiClient } from '../api/client.ts';
import { useWords } from '../i18n/language.tsx';
import { TeamAddressFields } from './TeamAddressFields.tsx';
import { teamError } from './teamErrors.ts';

export interface PublishDialogProps {
  api: ApiClient;
  layers: LayerInfo[];
  /** Checked when the dialog opens: the selected layer. */
  layerId: number | null;
  /** The publish is done: what to tell the analyst. */
  onDone: (message: string) => void;
  onClose: () => void;
}

export function PublishDialog({ api, layers, layerId, onDone, onClose }: PublishDialogProps) {
  const words = useWords();
  const { t } = words;
  const [url, setUrl] = useState('');
  const [password, setPassword] = useState('');
  const [chosen, setChosen] = useState<ReadonlySet<number>>(() => new Set(layerId !== null ? [layerId] : []));
  const [analyses, setAnalyses] = useState(true);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<TeamPublishResult | null>(null);

  const toggle = (id: number, on: boolean) =>
    setChosen((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  async function submit() {
    setError(null);
    setResult(null);
    if (!isTeamUrl(url)) return setError(t('team.errors.urlFormat'));
    const ids = layers.filter((l) => chosen.has(l.id)).map((l) => l.id);
    if (ids.length === 0) return setError(t('team.errors.noLayers'));
    setBusy(true);
    try {
      const done = await api['team.publish'](
        { url: url.trim(), layers: ids, analyses, ...(password !== '' ? { password } : {}) },
        { onProgress: (p) => setProgress(t('team.publish.progress', { name: p.message ?? '', done: p.done, total: p.total ?? ids.length })) },
      );
      setResult(done);
      onDone(t('team.publish.done', { url: done.url, count: done.layers.length, analyses: done.analyses }));
    } catch (e) {
      setError(teamError(e, words));
    } finally {
      setBusy(false);
      setProgress(null);
    }
  }

  return (
    <div className="modal-backdrop" role="dialog" aria-modal="true" aria-label={t('team.publish.title')}>
      <div className="modal team-dialog">
        <header className="panel-header">
          <h2>{t('team.publish.title')}</h2>
          <button onClick={onClose} title={t('common.close')} aria-label={t('common.close')}>
            ✕
          </button>
        </header>
        <p className="muted">{t('team.publish.intro')}</p>
        <div className="form-grid">
          <TeamAddressFields url={url} onUrl={setUrl} onPassword={setPassword} passwordHint={t('team.publish.passwordHint')} />
          <fieldset className="field team-layers">
            <legend>{t('team.publish.layers')}</legend>
            {layers.map((l) => (
              <label key={l.id} className="checkbox">
                <input type="checkbox" checked={chosen.has(l.id)} onChange={(e) => toggle(l.id, e.target.checked)} />
                <span>{l.name}</span>
              </label>
            ))}
          </fieldset>
          <label className="field checkbox">
            <input type="checkbox" checked={analyses} onChange={(e) => setAnalyses(e.target.checked)} data-testid="publish-analyses" />
            <span>{t('team.publish.analyses')}</span>
          </label>
        </div>
        {progress && (
          <p className="muted" role="status">
            {progress}
          </p>
        )}
        {result && (
          <p role="status" data-testid="publish-result">
            {t('team.publish.done', { url: result.url, count: result.layers.length, analyses: result.analyses })}
          </p>
        )}
        {error && (
          <p className="error" role="alert" data-testid="publish-error">
            {error}
          </p>
        )}
        <footer className="modal-footer">
          <button onClick={onClose}>{result ? t('common.close') : t('common.cancel')}</button>
          <button className="primary" disabled={busy} onClick={() => void submit()} data-testid="publish-run">
            {busy ? t('team.publish.running') : t('team.publish.run')}
          </button>
        </footer>
      </div>
    </div>
  );
}
