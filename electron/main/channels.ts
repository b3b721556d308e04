/** IPC channel names, shared by main (ipc.ts) and the preload, which must stay free of other imports. */
export const API_CHANNEL = 'api';
export const CANCEL_CHANNEL = 'api:cancel';
export const PROGRESS_CHANNEL = 'api:progress';
export const COMMAND_CHANNEL = 'app:command';
export const PICK_FILES_CHANNEL = 'app:pick-files';
export const SAVE_PATH_CHANNEL = 'app:save-path';
/** The page's language, so main builds the menu in it (pageRequests.ts). */
export const LANGUAGE_CHANNEL = 'app:language';
/** Open team workspace…: the page's dialog asks main to open the app on a PostGIS workspace. */
export const OPEN_TEAM_CHANNEL = 'app:open-team';
