/**
 * Loads the map state the workspace saved (once, before the layers are first shown) and saves
 * the app's map state back whenever it changes, a moment after the change settles — so a reload,
 * a reopened workspace or `frontera brief` finds the map as the analyst left it.
 */
import { useEffect, useRef, useState } from 'react';
import type { MapState } from '../../shared/api/mapState.ts';
import type { ApiClient } from '../api/client.ts';
import { sameSaved } from './mapStateModel.ts';

/** After the last change, how long the app waits before it saves (a pan ends in many events). */
export const SAVE_DELAY_MS = 400;

/** `undefined` while loading; null when the workspace has none (or it could not be read). */
export function useSavedMapState(api: ApiClient): MapState | null | undefined {
  const [saved, setSaved] = useState<MapState | null | undefined>(undefined);
  useEffect(() => {
    let stale = false;
    api['mapState.get']({}).then(
      (r) => !stale && setSaved(r.state),
      // Without its saved state the map still opens, on its defaults.
      () => !stale && setSaved(null),
    );
    return () => {
      stale = true;
    };
  }, [api]);
  return saved;
}

/** Saves `state` (null: not restored yet, nothing to save) when it differs from what was saved last. */
export function useSaveMapState(api: ApiClient, state: MapState | null, onError: (e: unknown) => void): void {
  const last = useRef<MapState | null>(null);
  const latestError = useRef(onError);
  latestError.current = onError;
  useEffect(() => {
    if (state === null || sameSaved(state, last.current)) return;
    const timer = setTimeout(() => {
      last.current = state;
      api['mapState.save'](state).catch((e: unknown) => latestError.current(e));
    }, SAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [api, state]);
}
