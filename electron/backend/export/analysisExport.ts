/**
 * Writes a stored analysis's result: its map features as GeoJSON (provenance in the file's
 * `frontera` member) or as CSV (one row per feature, points as lon/lat and other geometries as
 * WKT, nested values as JSON); DBSCAN's cluster of every incident as CSV (source_index, cluster:
 * -1 is noise); kernel density's grid as an ESRI ASCII grid with its .prj. Formats without room
 * for the provenance get NAME.provenance.json beside them. All files land together or not at all.
 */
import path from 'node:path';
import type { Feature, Geometry } from 'geojson';
import type { CallContext, ExportResult } from '../../../shared/api/contract.ts';
import {
  analysisExportFormats,
  formatInfo,
  formatOfPath,
  type AnalysisExportFormat,
} from '../../../shared/api/exportFormats.ts';
import { UserError } from '../../../shared/errors.ts';
import { toWkt } from '../../../shared/geo/wkt.ts';
import { utmPrjText } from '../../../shared/geo/utmWkt.ts';
import type { Workspace } from '../store/workspace.ts';
import { analysisGeoJson, type StoredResult } from '../analysis/analysisResults.ts';
import { OutputFiles, csvCell, provenanceSidecarPath, type TextOut } from './outputFiles.ts';
import { resultProvenance, type ResultProvenance } from './provenance.ts';

function chosenFormat(kind: string, id: number, out: string, format: AnalysisExportFormat | undefined): AnalysisExportFormat {
  const allowed = analysisExportFormats(kind as never);
  if (format && !allowed.includes(format)) {
    throw new UserError(`analysis ${id} (${kind}) cannot be exported as ${format}; it can be: ${allowed.join(', ')}`);
  }
  const chosen = format ?? formatOfPath(out, allowed);
  if (!chosen) {
    const exts = [...new Set(allowed.flatMap((f) => formatInfo(f).extensions))].map((e) => `.${e}`);
    throw new UserError(`cannot export analysis ${id} to "${out}": give a file ending in ${exts.join(', ')}`);
  }
  const ext = path.extname(out).slice(1).toLowerCase();
  if (!formatInfo(chosen).extensions.includes(ext)) {
    throw new UserError(`cannot export to "${out}" as ${chosen}: the file name must end in .${formatInfo(chosen).extensions[0]}`);
  }
  return chosen;
}

function writeGeoJson(w: TextOut, features: Feature<Geometry | null>[], provenance: ResultProvenance): void {
  // The provenance first, so a reader that streams the file sees where it came from before the data.
  w.write(`{"type":"FeatureCollection","frontera":${JSON.stringify(provenance)},"features":[\n`);
  features.forEach((f, i) => w.write((i ? ',\n' : '') + JSON.stringify({ type: 'Feature', geometry: f.geometry, properties: f.properties ?? {} })));
  w.write('\n]}\n');
}

/** Columns in first-seen order over every feature's properties. */
function propertyNames(features: Feature<Geometry | null>[]): string[] {
  const names = new Set<string>();
  for (const f of features) for (const k of Object.keys(f.properties ?? {})) names.add(k);
  return [...names];
}

function writeCsv(w: TextOut, features: Feature<Geometry | null>[]): void {
  const names = propertyNames(features);
  const points = features.every((f) => f.geometry?.type === 'Point');
  const geomCols = points ? ['lon', 'lat'] : ['wkt'];
  // A property that happens to share a geometry column's name keeps its value under a prefixed name.
  const header = [...geomCols, ...names.map((n) => (geomCols.includes(n) ? `frontera_${n}` : n))];
  w.write(header.map(csvCell).join(',') + '\r\n');
  for (const f of features) {
    const g = f.geometry;
    const geom = points && g?.type === 'Point' ? [g.coordinates[0], g.coordinates[1]] : [toWkt(g)];
    const p = f.properties ?? {};
    w.write([...geom, ...names.map((n) => p[n])].map(csvCell).join(',') + '\r\n');
  }
}

export async function exportAnalysis(
  ws: Workspace,
  id: number,
  out: string,
  ctx: CallContext = {},
  format?: AnalysisExportFormat,
): Promise<ExportResult> {
  const a = ws.getAnalysis(id);
  const chosen = chosenFormat(a.kind, id, out, format);
  const result = a.result as StoredResult | null;
  const provenance = resultProvenance(ws, a);
  let count = 0;
  const files = await OutputFiles.write(out, (files) => {
    const w = files.open(out);
    if (chosen === 'geojson') {
      const features = analysisGeoJson(a).features;
      writeGeoJson(w, features, provenance);
      count = features.length;
    } else if (chosen === 'csv') {
      const features = analysisGeoJson(a).features;
      writeCsv(w, features);
      count = features.length;
    } else if (chosen === 'labels') {
      if (!result?.labels) throw new UserError(`analysis ${id} holds no cluster labels`);
      const { sourceIndex, cluster } = result.labels;
      w.write('source_index,cluster\r\n');
      for (let i = 0; i < sourceIndex.length; i++) w.write(`${sourceIndex[i]},${cluster[i]}\r\n`);
      count = sourceIndex.length;
    } else {
      if (result?.asciiGrid === undefined || result.projectionEpsg === undefined) throw new UserError(`analysis ${id} holds no density grid`);
      w.write(result.asciiGrid);
      // The .asc format has no CRS; QGIS and ArcGIS read it from the .prj beside it.
      files.open(out.replace(/\.asc$/i, '') + '.prj').write(utmPrjText(result.projectionEpsg));
      count = Number(/^nrows\s+(\d+)/im.exec(result.asciiGrid)?.[1] ?? 0) * Number(/^ncols\s+(\d+)/im.exec(result.asciiGrid)?.[1] ?? 0);
    }
    if (formatInfo(chosen).provenanceSidecar) files.open(provenanceSidecarPath(out)).write(JSON.stringify(provenance, null, 2) + '\n');
  });
  ws.audit(ctx.actor ?? 'system', 'export.analysis', String(id), { analysisId: id, kind: a.kind, path: path.resolve(out), format: chosen, count, files: files.length });
  return { path: out, count, files };
}
