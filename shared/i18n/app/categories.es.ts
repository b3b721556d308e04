/** The app's words for the per-layer table of category labels, in Mexican Spanish (a section of app.es.ts). */
import type { Translation } from '../languages.ts';
import type { categoriesEn } from './categories.en.ts';

export const categoriesEs: Translation<typeof categoriesEn> = {};
