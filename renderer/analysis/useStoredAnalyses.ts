/** The workspace's stored analysis runs (analysis.list), newest first; fetched again when `refreshKey` changes. */
import { useEffect, useState } from 'react';
import type { AnalysisListing } from '../../shared/api/contract.ts';
import type { ApiClient } from '../api/client.ts';
import { describeError } from './errors.ts';
import { useWords } from '../i18n/language.tsx';

export function useStoredAnalyses(api: ApiClient, refreshKey: unknown = 0, enabled = true): { list: AnalysisListing[] | null; error: string | null } {
  const [list, setList] = useState<AnalysisListing[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { t, language } = useWords();
  useEffect(() => {
    if (!enabled) return;
    let stale = false;
    api['analysis.list']({}).then(
      (l) => !stale && (setList([...l].sort((a, b) => b.id - a.id)), setError(null)),
      (e: unknown) => !stale && setError(describeError(e, { t, language })),
    );
    return () => {
      stale = true;
    };
  }, [api, refreshKey, enabled, t, language]);
  return { list, error };
}
