/**
 * Category codes as a briefing says them: `homicide` → "Homicides", `armed_confrontation` →
 * "Armed confrontations", `seizure_fentanyl` → "Fentanyl seizures"; several → "Homicides and
 * armed confrontations"; none → "Incidents".
 *
 * Input: codes as stored in the workspace (snake_case). Output: a capitalised plural phrase.
 * Text that is not a code (has capitals or spaces, e.g. a label the analyst typed) is kept as is.
 */

// Irregular or domain phrases the generic rule would get wrong.
const KNOWN: Record<string, string> = {
  homicide: 'homicides',
  armed_confrontation: 'armed confrontations',
  seizure_drugs: 'drug seizures',
  seizure_weapons: 'weapon seizures',
  seizure_weapon: 'weapon seizures',
  seizure_drug: 'drug seizures',
  kidnapping: 'kidnappings',
  robbery: 'robberies',
  other: 'other incidents',
  unknown: 'incidents of unknown category',
};

const CODE = /^[a-z0-9]+(?:_[a-z0-9]+)*$/;

export function isCategoryCode(s: string): boolean {
  return CODE.test(s);
}

function pluralize(word: string): string {
  if (/(s|x|z|ch|sh)$/.test(word)) return `${word}es`;
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  return `${word}s`;
}

/** Lower-case plural phrase for one code ("fentanyl seizures"). */
function phrase(code: string): string {
  const known = KNOWN[code];
  if (known) return known;
  const words = code.split('_').filter(Boolean);
  // `seizure_<what>` and `<kind>_<what>` codes read naturally as "<what> seizures".
  if (words.length >= 2 && (words[0] === 'seizure' || words[0] === 'seizures')) {
    return `${words.slice(1).join(' ')} seizures`;
  }
  words[words.length - 1] = pluralize(words[words.length - 1]);
  return words.join(' ');
}

function capitalise(s: string): string {
  return s.length === 0 ? s : s[0].toUpperCase() + s.slice(1);
}

/** "Homicides" for `homicide`; a non-code label comes back unchanged. */
export function categoryLabel(code: string): string {
  const c = code.trim();
  return isCategoryCode(c) ? capitalise(phrase(c)) : c;
}

/**
 * One phrase for a set of categories: "Incidents" for none, "A and b" for two, "A, b and c" for
 * more. `generated` is false when the phrase is the analyst's own text, which we never re-case.
 */
export function categoriesPhrase(codes: readonly string[] | undefined): { text: string; generated: boolean } {
  const list = (codes ?? []).map((c) => c.trim()).filter((c) => c.length > 0);
  const unique = [...new Set(list)];
  if (unique.length === 0) return { text: 'Incidents', generated: true };
  if (unique.length === 1 && !isCategoryCode(unique[0])) return { text: unique[0], generated: false };
  const parts = unique.map((c) => (isCategoryCode(c) ? phrase(c) : c));
  const joined = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
  return { text: capitalise(joined), generated: unique.every(isCategoryCode) };
}
