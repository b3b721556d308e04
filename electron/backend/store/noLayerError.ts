import { UserError } from '../../../shared/errors.ts';
import { translator } from '../../../shared/i18n/translator.ts';

/**
 * "no layer "roads" in ws.frontera (layers: 1 incidents, 2 municipalities)": the error of a file
 * and of a team workspace alike, its words kept so the command line can say it in Spanish.
 */
export function noLayerError(idOrName: number | string, location: string, layers: { id: number; name: string }[]): UserError {
  const values = {
    ref: typeof idOrName === 'number' ? idOrName : `"${idOrName}"`,
    location,
    layers: layers.map((x) => `${x.id} ${x.name}`).join(', '),
  };
  const key = layers.length ? 'errors.noLayerList' : 'errors.noLayerYet';
  return new UserError(translator('en', 'cli')(key, values), { key, values });
}
