/** The app's words for the layer tools: filter builder, style editor, legend, the coordinate readout and the map's popups, in English (a section of app.en.ts). */
export const layerToolsEn = {};
