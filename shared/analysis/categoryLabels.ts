/**
 * Category codes as a briefing says them: `homicide` → "Homicides" ("Homicidios"),
 * `armed_confrontation` → "Armed confrontations", `seizure_fentanyl` → "Fentanyl seizures"
 * ("Aseguramientos de fentanilo"); several → "Homicides and armed confrontations"; none →
 * "Incidents". The words are in shared/i18n/analysis.<language>.ts.
 *
 * Input: codes as stored in the workspace (snake_case), and a language (default English).
 * Output: a capitalised plural phrase. Text that is not a code (has capitals or spaces, e.g. a
 * label the analyst typed) is data and kept as is, in every language.
 *
 * A layer's own table of labels (shared/api/categoryLabels.ts: raw codes like "2" made
 * "Homicidio doloso" by the analyst) comes first when given: the label in the language asked,
 * else in the other language, else the phrase above.
 */
import type { CategoryLabels } from '../api/categoryLabels.ts';
import { capitalise, joinList } from '../i18n/format.ts';
import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from '../i18n/languages.ts';
import { translator } from '../i18n/translator.ts';

const CODE = /^[a-z0-9]+(?:_[a-z0-9]+)*$/;

function isCategoryCode(s: string): boolean {
  return CODE.test(s);
}

function pluralize(word: string): string {
  if (/(s|x|z|ch|sh)$/.test(word)) return `${word}es`;
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  return `${word}s`;
}

/**
 * Lower-case plural phrase for one code ("fentanyl seizures"), or null when the language has no
 * words for it: codes are English words, so only English can make a phrase of an unknown one.
 */
function phrase(code: string, language: Language): string | null {
  const t = translator(language, 'analysis');
  const known = t(`categories.known.${code}`, { defaultValue: '' });
  if (known) return known;
  const words = code.split('_').filter(Boolean);
  // `seizure_<what>` codes read naturally as "<what> seizures" ("aseguramientos de <what>").
  if (words.length >= 2 && (words[0] === 'seizure' || words[0] === 'seizures')) {
    const what = words.slice(1);
    return t('categories.seizureOf', { what: t(`categories.seized.${what.join('_')}`, { defaultValue: what.join(' ') }) });
  }
  if (language !== 'en') return null;
  words[words.length - 1] = pluralize(words[words.length - 1]);
  return words.join(' ');
}

/** A code the language cannot phrase, shown as the data it is: `vehicle_theft` → "vehicle theft". */
const codeWords = (code: string) => code.replace(/_/g, ' ');

/** The analyst's label for `code` in `language`, else in another language; null when the table has none. */
export function ownCategoryLabel(code: string, language: Language, labels: CategoryLabels | undefined): string | null {
  // Own properties only: a code such as "constructor" must not find Object's.
  const entry = labels && Object.hasOwn(labels, code) ? labels[code] : undefined;
  if (!entry) return null;
  for (const l of [language, ...LANGUAGES.filter((x) => x !== language)]) {
    const text = entry[l]?.trim();
    if (text) return text;
  }
  return null;
}

/** A code where its value is shown as data (a popup, the CLI's tables): "Homicidio doloso (2)" when the layer labels it, else the code. */
export function codeWithLabel(code: string, language: Language, labels: CategoryLabels | undefined): string {
  const own = ownCategoryLabel(code.trim(), language, labels);
  return own === null ? code : `${own} (${code})`;
}

/** "Homicides" for `homicide`; a non-code label comes back unchanged; the layer's own label when it has one. */
export function categoryLabel(code: string, language: Language = DEFAULT_LANGUAGE, labels?: CategoryLabels): string {
  const c = code.trim();
  const own = ownCategoryLabel(c, language, labels);
  if (own !== null) return own;
  return isCategoryCode(c) ? capitalise(phrase(c, language) ?? codeWords(c)) : c;
}

/**
 * One phrase for a set of categories: "Incidents" for none, "A and b" for two, "A, b and c" for
 * more. `generated` is false when the phrase holds the analyst's own text (never re-cased: a
 * label of the layer's table, or text that is no code) or a code the language has no words for.
 */
export function categoriesPhrase(
  codes: readonly string[] | undefined,
  language: Language = DEFAULT_LANGUAGE,
  labels?: CategoryLabels,
): { text: string; generated: boolean } {
  const list = (codes ?? []).map((c) => c.trim()).filter((c) => c.length > 0);
  const unique = [...new Set(list)];
  if (unique.length === 0) return { text: capitalise(translator(language, 'analysis')('categories.none')), generated: true };
  const own = unique.map((c) => ownCategoryLabel(c, language, labels));
  if (unique.length === 1 && (own[0] !== null || !isCategoryCode(unique[0]))) return { text: own[0] ?? unique[0], generated: false };
  const phrases = unique.map((c, i) => (own[i] === null && isCategoryCode(c) ? phrase(c, language) : null));
  const parts = unique.map((c, i) => own[i] ?? phrases[i] ?? (isCategoryCode(c) ? codeWords(c) : c));
  return { text: capitalise(joinList(parts, language)), generated: phrases.every((p) => p !== null) };
}
