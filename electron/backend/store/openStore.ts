/**
 * Opens a workspace wherever it is: a `postgresql://` (or `postgres://`) URL is a team workspace
 * on PostGIS, anything else the path of a workspace file. The PostGIS store and its driver load
 * only when a URL asks for them.
 */
import path from 'node:path';
import { Workspace } from './workspace.ts';
import { SqliteStore } from './sqliteStore.ts';
import type { WorkspaceStore } from './store.ts';

/** Whether `location` names a team workspace (a PostGIS connection URL) rather than a file. */
export function isTeamWorkspace(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/** `password` (a team workspace's, typed in the app) stays with the connection pool; a file has none. */
export async function openStore(location: string, opts: { create?: boolean; password?: string } = {}): Promise<WorkspaceStore> {
  const { password, ...open } = opts;
  if (isTeamWorkspace(location)) {
    const { PostgisStore } = await import('./postgis/postgisStore.ts');
    return PostgisStore.open(location, { ...open, password });
  }
  return new SqliteStore(Workspace.open(location, open));
}

/** A workspace's name for a page or a file: a file's own name, a team workspace's URL (it holds no password). */
export function workspaceName(location: string): string {
  return isTeamWorkspace(location) ? location : path.basename(location);
}
