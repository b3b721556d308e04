/** The app's words for the desktop menu (Electron main builds it in the app's language), in Mexican Spanish (a section of app.es.ts). */
import type { Translation } from '../languages.ts';
import type { menuEn } from './menu.en.ts';

export const menuEs: Translation<typeof menuEn> = {};
