/** The app's words for team workspaces: publish to and open a PostGIS workspace, in English (a section of app.en.ts). */
export const teamEn = {};
