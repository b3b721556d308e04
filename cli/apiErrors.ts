import { ApiInputError, validateInput, type ApiInput, type ApiName } from '../shared/api/contract.ts';
import { UsageError } from './command.ts';
import { DEFAULT_LANGUAGE, type Language } from '../shared/i18n/languages.ts';

const kebab = (s: string): string => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * Validates a CLI-built request with the API's own schema, so the CLI accepts exactly what the
 * app accepts; messages name the flag (`--min-points`), not the JSON key.
 */
export function validateForCli<K extends ApiName>(name: K, raw: unknown, language: Language = DEFAULT_LANGUAGE): ApiInput<K> {
  try {
    return validateInput(name, raw, language);
  } catch (e) {
    if (!(e instanceof ApiInputError)) throw e;
    const detail = e.message
      .replace(/^invalid input for [\w.]+: /, '')
      .split('; ')
      .map((part) => part.replace(/^([\w.]+):/, (_, p: string) => `--${kebab(p.split('.').pop() ?? p)}:`))
      .join('; ');
    throw new UsageError(detail);
  }
}
