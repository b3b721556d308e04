import type { Progress } from '../../shared/api/contract.ts';
import type { ImportProblem } from '../../shared/import/problems.ts';
import type { SavePathRequest } from '../../shared/api/saveDialog.ts';
import type { TeamOpenRequest } from '../../shared/api/teamWorkspace.ts';
import type { Language } from '../../shared/i18n/languages.ts';

/** One call's outcome, as the web server's JSON body and Electron's IPC reply both carry it. */
export type ApiEnvelope =
  | { result: unknown; error?: undefined }
  | { result?: undefined; error: ApiErrorBody };

export interface ApiErrorBody {
  /** HTTP-like: 400 the user's input, 499 cancelled, 500 internal. */
  status?: number;
  name?: string;
  message: string;
  problems?: ImportProblem[];
  total?: number;
  /** A refusal's message in each language (shared/i18n/userErrorText.ts), for the window to show the one it speaks. */
  messages?: Partial<Record<Language, string>>;
}

/**
 * What the Electron preload exposes as `window.frontera` (electron/main/preload.ts builds an
 * object of this shape; a unit test checks the two agree). Inputs are validated again in main.
 */
export interface FronteraBridge {
  /** Calls an API method; `callId` ties progress events and cancel() to this call. */
  call(method: string, input: unknown, callId: string): Promise<ApiEnvelope>;
  cancel(callId: string): void;
  /** Subscribes to progress of every call; returns the unsubscribe function. */
  onProgress(listener: (callId: string, progress: Progress) => void): () => void;
  /** Menu commands from the main process (e.g. 'import', 'zoom-region'); returns unsubscribe. */
  onCommand(listener: (command: string) => void): () => void;
  /** Native open dialog: absolute paths of the chosen files (empty when cancelled). */
  pickFiles(): Promise<string[]>;
  /**
   * Native save dialog: the path chosen (null when cancelled). Exports and prints from the page
   * may write only to paths chosen here.
   */
  savePath(request: SavePathRequest): Promise<string | null>;
  /** The app's language, so the desktop menu speaks it; false when main refuses the value. */
  setLanguage(language: string): Promise<boolean>;
  /**
   * Open team workspace…: main opens the app on the PostGIS workspace at `url` (the window then
   * reloads on it), or answers why it cannot. The password goes to that workspace's connections only.
   */
  openTeam(request: TeamOpenRequest): Promise<{ opened: string } | { error: string }>;
  /** Paths of files dropped on the page (the sandbox gives the page File objects, not paths). */
  pathsOf(files: File[]): string[];
  readonly versions: Record<string, string>;
}

declare global {
  interface Window {
    frontera?: FronteraBridge;
  }
}
