/** The app's words for the per-layer table of category labels, in English (a section of app.en.ts). */
export const categoriesEn = {};
