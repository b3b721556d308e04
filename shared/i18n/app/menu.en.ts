/** The app's words for the desktop menu (Electron main builds it in the app's language), in English (a section of app.en.ts). */
export const menuEn = {};
