/**
 * Finding and reading the bytes of an import source on disk: a shapefile's siblings in its
 * folder, the members of a .zip (guarded against zip bombs and path traversal), and the
 * fingerprint (sha256 of the source bytes) every layer records.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Unzip, UnzipInflate, unzipSync } from 'fflate';
import { extensionOf } from '../../shared/api/formats.ts';
import { fileProblem, said, type Said } from '../../shared/import/problems.ts';
import type { NamedBytes, ShapefileParts } from '../../shared/import/shapefile/index.ts';

/** Uncompressed bytes an archive may expand to, in total. */
const ZIP_MAX_TOTAL = 2 * 1024 ** 3;
/** Expansion ratio beyond which an entry (over ZIP_RATIO_FLOOR bytes) counts as a zip bomb. */
const ZIP_MAX_RATIO = 1000;
const ZIP_RATIO_FLOOR = 1024 * 1024;

const SHAPEFILE_PARTS = new Set(['shp', 'shx', 'dbf', 'prj', 'cpg']);


/** Reason text for an fs error, without a stack. */
function fsReason(e: unknown): Said {
  const code = (e as { code?: string }).code;
  switch (code) {
    case 'ENOENT':
      return said('files.notFound');
    case 'EACCES':
    case 'EPERM':
      return said('files.denied');
    case 'EISDIR':
      return said('files.folder');
    default:
      return said('files.unreadable', { code: code ?? (e as Error).message });
  }
}

/** Whole-file read, turning fs errors into an ImportError naming the file. */
export function readWhole(file: string): Uint8Array {
  try {
    if (fs.statSync(file).isDirectory()) throw Object.assign(new Error('dir'), { code: 'EISDIR' });
    return fs.readFileSync(file);
  } catch (e) {
    throw fileProblem(file, fsReason(e));
  }
}

/** Opens a file for streaming; ImportError naming it when it cannot be read. */
export function openForRead(file: string): { fd: number; size: number } {
  try {
    const st = fs.statSync(file);
    if (st.isDirectory()) throw Object.assign(new Error('dir'), { code: 'EISDIR' });
    return { fd: fs.openSync(file, 'r'), size: st.size };
  } catch (e) {
    throw fileProblem(file, fsReason(e));
  }
}

/** The .shp and its siblings (same base name, any case) from the folder beside it. */
export function readShapefileFromFolder(shpPath: string): { parts: NamedBytes[]; shpName: string } {
  const dir = path.dirname(shpPath);
  const base = path.basename(shpPath);
  const stem = base.slice(0, base.length - 4).toLowerCase();
  const shp = readWhole(shpPath);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (e) {
    throw fileProblem(shpPath, said('files.noListing', { reason: fsReason(e).words }));
  }
  const parts: NamedBytes[] = [{ name: base, bytes: shp }];
  for (const n of names) {
    if (n === base) continue;
    const dot = n.lastIndexOf('.');
    if (dot <= 0 || n.slice(0, dot).toLowerCase() !== stem) continue;
    if (!SHAPEFILE_PARTS.has(n.slice(dot + 1).toLowerCase())) continue;
    parts.push({ name: n, bytes: readWhole(path.join(dir, n)) });
  }
  return { parts, shpName: base };
}

/** Rejects names that would escape a folder if the archive were extracted (zip slip). */
function unsafeEntryReason(name: string): Said | null {
  const n = name.replace(/\\/g, '/');
  if (n.startsWith('/') || /^[A-Za-z]:/.test(n)) return said('files.absolute');
  if (n.split('/').includes('..')) return said('files.climbs');
  if (n.includes('\u0000')) return said('files.nul');
  return null;
}

/**
 * An entry's name as a message shows it: quoted, control characters escaped (a damaged archive's
 * "name" may be any bytes), and cut at 120 characters.
 */
function entryLabel(name: string): string {
  const shown = name.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return `"${shown.length > 120 ? `${shown.slice(0, 120)}…` : shown}"`;
}

/**
 * The members of a zip we may need (by extension), inflated in memory. Declared sizes are
 * checked first (central directory), then the real output is counted while inflating, since a
 * hostile archive can declare small sizes and still expand without bound.
 */
export function readZipEntries(zipPath: string, wanted: (name: string) => boolean): NamedBytes[] {
  const data = readWhole(zipPath);
  const declared: { name: string; size: number; originalSize: number }[] = [];
  try {
    unzipSync(data, {
      filter: (f) => {
        declared.push({ name: f.name, size: f.size, originalSize: f.originalSize });
        return false;
      },
    });
  } catch (e) {
    throw fileProblem(zipPath, said('files.notZip', { reason: (e as Error).message }));
  }
  let declaredTotal = 0;
  for (const d of declared) {
    const unsafe = unsafeEntryReason(d.name);
    if (unsafe) throw fileProblem(zipPath, said('files.unsafe', { entry: entryLabel(d.name), reason: unsafe.words }));
    if (!wanted(d.name)) continue;
    declaredTotal += d.originalSize;
    if (d.originalSize > ZIP_RATIO_FLOOR && d.originalSize > ZIP_MAX_RATIO * Math.max(1, d.size)) {
      throw fileProblem(
        zipPath,
        said('files.bomb', { entry: entryLabel(d.name), ratio: Math.round(d.originalSize / Math.max(1, d.size)), bytes: d.originalSize }),
      );
    }
  }
  if (declaredTotal > ZIP_MAX_TOTAL) {
    throw fileProblem(zipPath, said('files.tooLarge', { bytes: declaredTotal, limit: ZIP_MAX_TOTAL }));
  }

  const out: NamedBytes[] = [];
  let total = 0;
  let failure: Error | null = null;
  const uz = new Unzip();
  uz.register(UnzipInflate);
  uz.onfile = (file) => {
    if (failure || !wanted(file.name)) return;
    const chunks: Uint8Array[] = [];
    let size = 0;
    const compressed = file.size ?? declared.find((d) => d.name === file.name)?.size ?? 0;
    file.ondata = (err, chunk, final) => {
      if (failure) return;
      if (err) {
        failure = fileProblem(zipPath, said('files.damaged', { entry: entryLabel(file.name), reason: err.message }));
        return;
      }
      size += chunk.length;
      total += chunk.length;
      if (total > ZIP_MAX_TOTAL) {
        failure = fileProblem(zipPath, said('files.pastLimit', { limit: ZIP_MAX_TOTAL, entry: entryLabel(file.name) }));
      } else if (size > ZIP_RATIO_FLOOR && size > ZIP_MAX_RATIO * Math.max(1, compressed)) {
        failure = fileProblem(
          zipPath,
          said('files.bombInflating', { entry: entryLabel(file.name), ratio: ZIP_MAX_RATIO }),
        );
      }
      if (failure) {
        file.terminate();
        return;
      }
      chunks.push(chunk);
      if (final) out.push({ name: file.name, bytes: concat(chunks, size) });
    };
    file.start();
  };
  try {
    // Push in slices so the inflater's size checks run while it works, not after.
    const step = 1 << 20;
    for (let at = 0; at < data.length && !failure; at += step) {
      uz.push(data.subarray(at, Math.min(data.length, at + step)), at + step >= data.length);
    }
  } catch (e) {
    if (!failure) failure = fileProblem(zipPath, said('files.notZip', { reason: (e as Error).message }));
  }
  if (failure) throw failure;
  return out;
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** sha256 over a shapefile's parts in a fixed order, so folder and zip give the same fingerprint. */
export function shapefileFingerprint(parts: ShapefileParts): string {
  const h = crypto.createHash('sha256');
  for (const p of [parts.shp, parts.shx, parts.dbf, parts.prj, parts.cpg]) {
    h.update(p ? `${p.length}:` : 'none:');
    if (p) h.update(p);
  }
  return h.digest('hex');
}

export function isShapefilePart(name: string): boolean {
  return SHAPEFILE_PARTS.has(extensionOf(name));
}
