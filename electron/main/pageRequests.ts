/**
 * What the page asks of main besides the API (whose calls ipc.ts checks): the language the
 * analyst chose, so the menu is rebuilt in it, and Open team workspace…, so main opens the app on
 * a PostGIS workspace. Both trust nothing: only our own top frame, only a language Frontera
 * writes, only a request the contract's schema accepts. Pure, so tested without Electron.
 */
import { TeamOpenInput, type TeamOpenRequest } from '../../shared/api/teamWorkspace.ts';
import { LANGUAGES, type Language } from '../../shared/i18n/languages.ts';
import { isTrustedSender, type IpcEventLike } from './ipc.ts';

/** The language the page reports; null (refused) from another frame or for anything but 'en' and 'es'. */
export function languageFrom(event: IpcEventLike, raw: unknown): Language | null {
  if (!isTrustedSender(event)) return null;
  return (LANGUAGES as readonly unknown[]).includes(raw) ? (raw as Language) : null;
}

/** An Open team workspace… request, or why it is refused (never repeating the password). */
export function teamOpenFrom(event: IpcEventLike, raw: unknown): { request: TeamOpenRequest } | { error: string } {
  if (!isTrustedSender(event)) return { error: 'forbidden' };
  const parsed = TeamOpenInput.safeParse(raw);
  if (!parsed.success) return { error: parsed.error.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`).join('; ') };
  return { request: parsed.data };
}
