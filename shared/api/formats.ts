/**
 * The file formats the back end reads and writes, as the API lists them (`formats.list`) for the
 * app's import and export dialogs; the back end's registry (electron/backend/formats/) is the one
 * table they come from.
 */
export interface FormatInfo {
  id: string;
  label: string;
  /** `companions`: files that travel with one of these (a shapefile's .shx, .dbf …), never imported alone. */
  import: { extensions: string[]; companions: string[] } | null;
  export: {
    /** The first is the one a new file gets. */
    extensions: string[];
    /** 'points': a layer of lines or polygons cannot be written in it. */
    geometry: 'any' | 'points';
    /** Several layers and results in one file. */
    multiple: boolean;
    /** Whether a result's provenance goes inside the file (else beside it, NAME.provenance.json). */
    provenanceInFile: boolean;
  } | null;
}

/** The analysis-only outputs beside the feature formats: DBSCAN's label per incident, KDE's grid. */
export const ANALYSIS_OUTPUTS = {
  labels: { label: 'Cluster of each incident (CSV)', extensions: ['csv'], kinds: ['dbscan'] },
  grid: { label: 'Density grid (ESRI ASCII grid + .prj)', extensions: ['asc'], kinds: ['kde'] },
} as const;
export type AnalysisOutput = keyof typeof ANALYSIS_OUTPUTS;

/** The extensions that start an import, and those to upload along with them. */
export function importExtensions(formats: FormatInfo[]): { primary: string[]; companions: string[] } {
  return {
    primary: formats.flatMap((f) => f.import?.extensions ?? []),
    companions: formats.flatMap((f) => f.import?.companions ?? []),
  };
}

/** "… .shp, .zip, .geojson": a file-name extension, lower case, without the dot ('' for none). */
export function extensionOf(name: string): string {
  const base = name.replace(/\\/g, '/').split('/').pop() ?? name;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}
