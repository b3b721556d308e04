/**
 * Whether a timeline, a comparison or emerging hot spots count records aoristically (spread over
 * their time windows, shared/analysis/aoristic.ts): as asked (`--aoristic`, `--no-aoristic`, the
 * app's checkbox), else on when the layer has records known only to a window. And how far before
 * a selection's time window to read records whose window may reach into it: the layer's widest.
 */
import type { LayerInfo } from '../../../shared/api/contract.ts';
import { describeWindows } from '../../../shared/analysis/aoristic.ts';

export interface AoristicChoice {
  on: boolean;
  /** 'asked': by the request; 'default': on because the layer has windows, off because it has none. */
  by: 'asked' | 'default';
  /** Records of the layer with a time window. */
  layerWindows: number;
  /** Milliseconds before a time window's start that a record's window may reach from (0: none). */
  reach: number;
}

export function aoristicChoice(layer: LayerInfo, asked: boolean | undefined): AoristicChoice {
  const windows = layer.timeWindows?.count ?? 0;
  const on = asked ?? windows > 0;
  return { on, by: asked === undefined ? 'default' : 'asked', layerWindows: windows, reach: on ? (layer.timeWindows?.widestMs ?? 0) : 0 };
}

/**
 * How the records were counted, in one line for people: "aoristic (on by default: the layer has
 * 1,874 records known only to a window …)"; null when the layer has no windows and nothing was asked.
 */
export function aoristicNote(layer: LayerInfo, c: AoristicChoice): string | null {
  if (c.by === 'default' && !c.on) return null;
  const windows = layer.timeWindows ? describeWindows(layer.timeWindows) : 'no time windows';
  // No flag or control named: the note reads the same in the CLI and in the app.
  if (!c.on) return `counted at each record's time (asked for); the layer has ${windows}`;
  const why = c.by === 'default' ? 'on by default: the layer has' : 'asked for; the layer has';
  return `aoristic: each record spread over its time window (${why} ${windows})`;
}
