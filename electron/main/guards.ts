/**
 * Handlers that keep the window on our own pages and off the network. Pure functions of their
 * arguments so they are unit-tested without Electron; main.ts attaches them.
 */
import { APP_HOST, APP_ORIGIN, APP_SCHEME } from './windowOptions.ts';

/** True for URLs of our own app:// origin. */
export function isAppUrl(raw: string): boolean {
  try {
    const u = new URL(raw);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

/**
 * Requests the session may make: our own origin, in-memory URLs (MapLibre's workers and canvas
 * images), devtools. Everything else — http(s), file, ftp, ws — is cancelled: the app never
 * talks to the network and never reads files behind the back end's back.
 */
export function isAllowedRequestUrl(raw: string): boolean {
  if (isAppUrl(raw)) return true;
  return raw.startsWith(`blob:${APP_ORIGIN}/`) || raw.startsWith('data:') || raw.startsWith('devtools://');
}

interface PreventableEvent {
  preventDefault(): void;
}

/** will-navigate / will-redirect / will-frame-navigate: stay inside the app. */
export function guardNavigation(event: PreventableEvent, url: string): void {
  if (!isAppUrl(url)) event.preventDefault();
}

/** setWindowOpenHandler: no new windows, ever (links to the outside world don't exist offline). */
export function denyWindowOpen(): { action: 'deny' } {
  return { action: 'deny' };
}

/** will-attach-webview: no webviews. */
export function denyWebview(event: PreventableEvent): void {
  event.preventDefault();
}

/** session.setPermissionRequestHandler: geolocation, camera, notifications … all denied. */
export function denyPermissionRequest(_webContents: unknown, _permission: string, callback: (granted: boolean) => void): void {
  callback(false);
}

/** session.setPermissionCheckHandler. */
export function denyPermissionCheck(): boolean {
  return false;
}
