/**
 * The languages Frontera writes in, and the conventions each one's numbers and dates follow.
 * English is the default everywhere, so a print made before a language could be chosen comes
 * out the same today.
 */
export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'en';

/** Numbers and month names: the US for English; Mexico for Spanish (1,234.5 and 24 h times). */
export const LOCALE: Record<Language, string> = { en: 'en-US', es: 'es-MX' };

/**
 * "a, b and c": Frontera's English has never used the serial comma (en-US's list format adds
 * one), and Spanish's "y" turns to "e" before an /i/ sound, which es-MX's list format knows.
 */
export const LIST_LOCALE: Record<Language, string> = { en: 'en-GB', es: 'es-MX' };

/**
 * How a calendar day is written for people. English prints ISO dates (2023-07-14), as it always
 * has. In Mexico an all-numeric date is read day first, so Spanish names the month (14 jul 2023).
 */
export const DATE_STYLE: Record<Language, 'iso' | 'named-month'> = { en: 'iso', es: 'named-month' };

/** Another language's resource for a namespace: exactly the English keys, every leaf a string. */
export type Translation<T> = { [K in keyof T]: T[K] extends string ? string : Translation<T[K]> };
