/**
 * Writes a stored analysis's result: its map features in any format the registry writes
 * (formats/registry.ts), with the run's provenance inside the file where the format has room
 * and beside it as NAME.provenance.json where it has not; or one of the outputs only some
 * methods have — DBSCAN's cluster of every incident as CSV (source_index, cluster: -1 is noise),
 * kernel density's grid as an ESRI ASCII grid with its .prj. All files land together or none does.
 */
import path from 'node:path';
import type { CallContext, ExportResult } from '../../../shared/api/contract.ts';
import { ANALYSIS_OUTPUTS, type AnalysisOutput } from '../../../shared/api/formats.ts';
import { UserError } from '../../../shared/errors.ts';
import { utmPrjText } from '../../../shared/geo/utmWkt.ts';
import type { StoredAnalysis, WorkspaceStore } from '../store/store.ts';
import type { StoredResult } from '../analysis/analysisResults.ts';
import { extensionOf } from '../../../shared/api/formats.ts';
import { analysisItem } from './exportItems.ts';
import { OutputFiles, provenanceSidecarPath } from './outputFiles.ts';
import { resultProvenance } from './provenance.ts';
import { writeItems } from './writeItems.ts';

const isOutput = (f: string | undefined): f is AnalysisOutput => f !== undefined && Object.hasOwn(ANALYSIS_OUTPUTS, f);

/** DBSCAN's labels or KDE's grid, with the provenance beside them. */
async function writeOutput(ws: WorkspaceStore, a: StoredAnalysis, out: string, output: AnalysisOutput): Promise<{ count: number; files: string[] }> {
  const spec = ANALYSIS_OUTPUTS[output];
  if (!(spec.kinds as readonly string[]).includes(a.kind)) {
    throw new UserError(`analysis ${a.id} (${a.kind}) has no ${output}: ${spec.label} is for ${spec.kinds.join(', ')}`);
  }
  if (!(spec.extensions as readonly string[]).includes(extensionOf(out))) {
    throw new UserError(`cannot export to "${out}" as ${output}: the file name must end in .${spec.extensions[0]}`);
  }
  const result = a.result as StoredResult | null;
  const provenance = await resultProvenance(ws, a);
  let count = 0;
  const files = await OutputFiles.write(out, (files) => {
    const w = files.open(out);
    if (output === 'labels') {
      if (!result?.labels) throw new UserError(`analysis ${a.id} holds no cluster labels`);
      const { sourceIndex, cluster } = result.labels;
      w.write('source_index,cluster\r\n');
      for (let i = 0; i < sourceIndex.length; i++) w.write(`${sourceIndex[i]},${cluster[i]}\r\n`);
      count = sourceIndex.length;
    } else {
      if (result?.asciiGrid === undefined || result.projectionEpsg === undefined) throw new UserError(`analysis ${a.id} holds no density grid`);
      w.write(result.asciiGrid);
      // The .asc format has no CRS; QGIS and ArcGIS read it from the .prj beside it.
      files.open(out.replace(/\.asc$/i, '') + '.prj').write(utmPrjText(result.projectionEpsg));
      count = Number(/^nrows\s+(\d+)/im.exec(result.asciiGrid)?.[1] ?? 0) * Number(/^ncols\s+(\d+)/im.exec(result.asciiGrid)?.[1] ?? 0);
    }
    files.open(provenanceSidecarPath(out)).write(JSON.stringify(provenance, null, 2) + '\n');
  });
  return { count, files };
}

export async function exportAnalysis(ws: WorkspaceStore, id: number, out: string, ctx: CallContext = {}, format?: string): Promise<ExportResult> {
  const a = await ws.getAnalysis(id);
  const written = isOutput(format) ? { format, ...(await writeOutput(ws, a, out, format)) } : await writeItems(out, format, [await analysisItem(ws, a)], ctx);
  await ws.audit(ctx.actor ?? 'system', 'export.analysis', String(id), {
    analysisId: id,
    kind: a.kind,
    path: path.resolve(out),
    format: written.format,
    count: written.count,
    files: written.files.length,
  });
  const notes = 'notes' in written ? written.notes : [];
  return { path: written.files[0], count: written.count, files: written.files, ...(notes.length ? { notes } : {}) };
}
