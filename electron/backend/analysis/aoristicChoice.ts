/**
 * Whether a timeline, a comparison or emerging hot spots count records aoristically (spread over
 * their time windows, shared/analysis/aoristic.ts): as asked (`--aoristic`, `--no-aoristic`, the
 * app's checkbox), else on when the layer has records known only to a window. And how far before
 * a selection's time window to read records whose window may reach into it: the layer's widest.
 */
import type { LayerInfo } from '../../../shared/api/contract.ts';
import { describeWindows } from '../../../shared/analysis/aoristic.ts';
import { DEFAULT_LANGUAGE, type Language } from '../../../shared/i18n/languages.ts';
import { translator } from '../../../shared/i18n/translator.ts';

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
export function aoristicNote(
  layer: Pick<LayerInfo, 'timeWindows'>,
  c: Pick<AoristicChoice, 'on' | 'by'>,
  language: Language = DEFAULT_LANGUAGE,
  { prefixed = true } = {},
): string | null {
  if (c.by === 'default' && !c.on) return null;
  const t = translator(language, 'analysis');
  const windows = layer.timeWindows ? describeWindows(layer.timeWindows, language) : t('aoristic.noLayerWindows');
  // No flag or control named: the note reads the same in the CLI and in the app.
  if (!c.on) return t('aoristic.countedAtTime', { windows });
  const note = t(c.by === 'default' ? 'aoristic.spreadDefault' : 'aoristic.spreadAsked', { windows });
  return prefixed ? t('aoristic.prefixed', { note }) : note;
}
