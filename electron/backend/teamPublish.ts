/**
 * Publish to team workspace…: the open workspace's chosen layers, and on request their stored
 * analyses, copied into a team workspace with copyWorkspace (the copy `frontera copy` makes:
 * fingerprints, provenance and audit entries kept). The target is opened for this call only,
 * with the password typed in the dialog, and closed after it; the open workspace is only read.
 */
import type { ApiInput, CallContext } from '../../shared/api/contract.ts';
import type { TeamPublishResult } from '../../shared/api/teamWorkspace.ts';
import type { WorkspaceStore } from './store/store.ts';
import { copyWorkspace } from './store/copyWorkspace.ts';
import { openStore } from './store/openStore.ts';

export async function publishToTeam(from: WorkspaceStore, req: ApiInput<'team.publish'>, ctx: CallContext = {}): Promise<TeamPublishResult> {
  // Names, as copyWorkspace takes them: an id given as text could name another layer called "2".
  const names: string[] = [];
  for (const id of req.layers) names.push((await from.getLayer(id)).name);
  // A team workspace is made by `frontera init` (its administrator's GRANTs come with it): never created here.
  const to = await openStore(req.url, { password: req.password });
  try {
    const summary = await copyWorkspace(from, to, {
      layers: names,
      analyses: req.analyses === true,
      actor: ctx.actor ?? 'app',
      onLayer: (name) => ctx.onProgress?.({ phase: 'publish', done: names.indexOf(name) + 1, total: names.length, message: name }),
    });
    return {
      url: to.location,
      layers: summary.layers.map((l) => ({ name: l.name, id: l.to, features: l.features })),
      analyses: summary.analyses,
      auditEntries: summary.auditEntries,
    };
  } finally {
    await to.close();
  }
}
