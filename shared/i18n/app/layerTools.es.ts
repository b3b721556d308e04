/** The app's words for the layer tools: filter builder, style editor, legend, the coordinate readout and the map's popups, in Mexican Spanish (a section of app.es.ts). */
import type { Translation } from '../languages.ts';
import type { layerToolsEn } from './layerTools.en.ts';

export const layerToolsEs: Translation<typeof layerToolsEn> = {};
