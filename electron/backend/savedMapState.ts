/**
 * The workspace's saved map state, validated: for the app reopening it and for `frontera brief`,
 * which prints the saved view with the saved styles.
 */
import { MapStateInput, type SavedMapState } from '../../shared/api/mapState.ts';
import type { WorkspaceStore } from './store/store.ts';

export async function readSavedMapState(store: WorkspaceStore): Promise<SavedMapState> {
  const saved = await store.mapState();
  if (!saved) return { state: null, savedAt: null };
  // Saved by an older or newer version, or edited by hand: a state that no longer validates is
  // as good as none (the map opens on its defaults), never an error that keeps the app shut.
  let json: unknown = null;
  try {
    json = JSON.parse(saved.state);
  } catch {
    // not JSON: as good as none
  }
  const parsed = MapStateInput.safeParse(json);
  return parsed.success ? { state: parsed.data, savedAt: saved.savedAt } : { state: null, savedAt: saved.savedAt };
}
