/** The app's words for team workspaces: publish to and open a PostGIS workspace, in Mexican Spanish (a section of app.es.ts). */
import type { Translation } from '../languages.ts';
import type { teamEn } from './team.en.ts';

export const teamEs: Translation<typeof teamEn> = {};
