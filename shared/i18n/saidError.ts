/**
 * An error of the core said in the analyst's language: a sentence of a section of the analysis
 * catalogue (shared/i18n/analysis.*.ts) and its values, some of them sentences of the same
 * section. `message` is its English, as hosts, logs and tests have always read it; a host that
 * knows the analyst's language says it with `textIn`.
 */
import { UserError } from '../errors.ts';
import { DEFAULT_LANGUAGE, type Language } from './languages.ts';
import { translator } from './translator.ts';

export interface Sentence {
  key: string;
  values?: Record<string, string | number | Sentence>;
}

function sentenceIn(section: string, words: Sentence, language: Language): string {
  const values: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(words.values ?? {})) values[k] = typeof v === 'object' ? sentenceIn(section, v, language) : v;
  return translator(language, 'analysis')(`${section}.${words.key}`, values);
}

export class SaidError extends UserError {
  constructor(
    readonly section: string,
    readonly said: Sentence,
  ) {
    super(sentenceIn(section, said, DEFAULT_LANGUAGE));
    this.name = 'SaidError';
  }

  textIn(language: Language): string {
    return sentenceIn(this.section, this.said, language);
  }
}
