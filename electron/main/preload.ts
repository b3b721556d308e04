/**
 * The only bridge between the sandboxed page and the main process: `window.frontera`, the
 * shape renderer/api/bridge.ts declares. It forwards calls to fixed channels and never hands
 * the page ipcRenderer itself; main validates every input again.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { Progress } from '../../shared/api/contract.ts';
import type { SavePathRequest } from '../../shared/api/saveDialog.ts';
import type { TeamOpenRequest } from '../../shared/api/teamWorkspace.ts';
import {
  API_CHANNEL,
  CANCEL_CHANNEL,
  COMMAND_CHANNEL,
  LANGUAGE_CHANNEL,
  OPEN_TEAM_CHANNEL,
  PICK_FILES_CHANNEL,
  PROGRESS_CHANNEL,
  SAVE_PATH_CHANNEL,
} from './channels.ts';

const bridge = {
  call: (method: string, input: unknown, callId: string) => ipcRenderer.invoke(API_CHANNEL, method, input, callId),
  cancel: (callId: string) => ipcRenderer.send(CANCEL_CHANNEL, callId),
  onProgress(listener: (callId: string, progress: Progress) => void): () => void {
    const wrapped = (_e: IpcRendererEvent, callId: string, progress: Progress) => listener(callId, progress);
    ipcRenderer.on(PROGRESS_CHANNEL, wrapped);
    return () => void ipcRenderer.removeListener(PROGRESS_CHANNEL, wrapped);
  },
  onCommand(listener: (command: string) => void): () => void {
    const wrapped = (_e: IpcRendererEvent, command: string) => listener(command);
    ipcRenderer.on(COMMAND_CHANNEL, wrapped);
    return () => void ipcRenderer.removeListener(COMMAND_CHANNEL, wrapped);
  },
  pickFiles: () => ipcRenderer.invoke(PICK_FILES_CHANNEL) as Promise<string[]>,
  savePath: (request: SavePathRequest) => ipcRenderer.invoke(SAVE_PATH_CHANNEL, request) as Promise<string | null>,
  setLanguage: (language: string) => ipcRenderer.invoke(LANGUAGE_CHANNEL, language) as Promise<boolean>,
  openTeam: (request: TeamOpenRequest) => ipcRenderer.invoke(OPEN_TEAM_CHANNEL, request) as Promise<{ opened: string } | { error: string }>,
  pathsOf: (files: File[]) => files.map((f) => webUtils.getPathForFile(f)).filter((p) => p !== ''),
  versions: { electron: process.versions.electron ?? '', chrome: process.versions.chrome ?? '', node: process.versions.node ?? '' },
};

contextBridge.exposeInMainWorld('frontera', bridge);

export type PreloadBridge = typeof bridge;
