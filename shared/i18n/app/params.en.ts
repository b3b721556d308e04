/** The app's words for the analysis tools' own parameter fields (DBSCAN, KDE, Gi*, NNI, corridors, emerging, areas, compare, summary), in English (a section of app.en.ts). */
export const paramsEn = {};
