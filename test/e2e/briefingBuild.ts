/**
 * The print page is part of the renderer build: ensureRendererBuilt rebuilds dist-renderer/
 * (index.html and briefing.html together, as a production build) when any renderer, shared or
 * basemap source is newer, so tests and the bench that print briefings share its lock.
 */
import { ensureRendererBuilt } from '../../scripts/web.ts';

export function ensureBriefingBuilt(): Promise<string> {
  return ensureRendererBuilt();
}
