/** The recent-workspaces list: newest first, no duplicates, bounded. */
export const MAX_RECENT = 8;

export function addRecent(list: readonly string[], path: string): string[] {
  return [path, ...list.filter((p) => p !== path)].slice(0, MAX_RECENT);
}

/** Parses the stored list, dropping anything that is not a string (a hand-edited or damaged file). */
export function parseRecent(text: string | null): string[] {
  if (!text) return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((p): p is string => typeof p === 'string').slice(0, MAX_RECENT) : [];
  } catch {
    return [];
  }
}
