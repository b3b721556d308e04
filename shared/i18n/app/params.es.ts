/** The app's words for the analysis tools' own parameter fields (DBSCAN, KDE, Gi*, NNI, corridors, emerging, areas, compare, summary), in Mexican Spanish (a section of app.es.ts). */
import type { Translation } from '../languages.ts';
import type { paramsEn } from './params.en.ts';

export const paramsEs: Translation<typeof paramsEn> = {};
