/**
 * One export: the writer the file name (or the caller) asks for, the items written through it
 * into OutputFiles, a result's provenance beside the file where the format has no room for it,
 * progress and cancellation every so many features.
 */
import type { CallContext } from '../../../shared/api/contract.ts';
import { UserError } from '../../../shared/errors.ts';
import { CancelledError } from '../store/workspace.ts';
import { FORMATS, formatById, writerForPath } from '../formats/registry.ts';
import type { ExportItem, FormatModule, FormatWriter } from '../formats/types.ts';
import { extensionOf } from '../../../shared/api/formats.ts';
import { OutputFiles, provenanceSidecarPath } from './outputFiles.ts';

type Writing = FormatModule & { write: FormatWriter };

/** The formats written, for messages: "geojson (.geojson), csv (.csv), shapefile (.shp, .zip), …". */
function writableFormats(): string {
  return FORMATS.filter((f) => f.write).map((f) => `${f.id} (${f.write!.extensions.map((e) => `.${e}`).join(', ')})`).join(', ');
}

/** The writer `format` names or `out`'s extension asks for; a UserError saying what is possible otherwise. */
function chooseWriter(out: string, format: string | undefined): Writing {
  const ext = extensionOf(out);
  if (format !== undefined) {
    const f = formatById(format);
    if (!f?.write) throw new UserError(`cannot export as "${format}": the formats are ${writableFormats()}`);
    if (!f.write.extensions.includes(ext)) {
      throw new UserError(`cannot export to "${out}" as ${format}: the file name must end in .${f.write.extensions[0]}`);
    }
    return f as Writing;
  }
  const byName = writerForPath(out);
  if (!byName) throw new UserError(`cannot export to "${out}": unknown extension "${ext ? `.${ext}` : '(none)'}"; the formats are ${writableFormats()}`);
  return byName;
}

const REPORT_EVERY = 50_000;

export async function writeItems(
  out: string,
  format: string | undefined,
  items: ExportItem[],
  ctx: CallContext,
  check: (writer: Writing) => void = () => {},
): Promise<{ format: string; count: number; files: string[]; notes: string[] }> {
  const writer = chooseWriter(out, format);
  check(writer);
  if (items.length > 1 && !writer.write.multiple) throw new UserError(`${writer.label} holds one layer: export the ${items.length} one by one`);
  const total = items.reduce((n, i) => n + i.count, 0);
  let count = 0;
  const notes: string[] = [];
  const files = await OutputFiles.write(out, async (files) => {
    count = await writer.write.write(items, out, files, {
      ...ctx,
      note: (text) => void notes.push(text),
      async step(written) {
        if (written % REPORT_EVERY !== 0) return;
        ctx.onProgress?.({ phase: 'export', done: written, total });
        await new Promise((r) => setImmediate(r));
        if (ctx.signal?.aborted) throw new CancelledError('export');
      },
    });
    const provenance = items.find((i) => i.provenance)?.provenance;
    if (provenance && !writer.write.provenanceInFile) files.open(provenanceSidecarPath(out)).write(JSON.stringify(provenance, null, 2) + '\n');
  });
  return { format: writer.id, count, files, notes };
}
