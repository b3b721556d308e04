import { UserError } from '../../../shared/errors.ts';
import { translator } from '../../../shared/i18n/translator.ts';

/** What a new layer under a taken name should do instead: the command's --layer, or a name for a buffer or a derived layer. */
type Instead = 'layer' | 'buffer' | 'newLayer';

const KEYS: Record<Instead, string> = { layer: 'errors.layerTaken', buffer: 'errors.layerTakenBuffer', newLayer: 'errors.layerTakenNew' };

/**
 * "a layer named "x" already exists; …": the refusal of a file and of a team workspace alike,
 * its words kept so the command line and the app say it in the analyst's language.
 */
export function layerTakenError(name: string, instead: Instead): UserError {
  const key = KEYS[instead];
  const values = { name };
  return new UserError(translator('en', 'cli')(key, values), { key, values });
}
