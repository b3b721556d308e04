/**
 * Picks a shapefile's sibling files out of a list of named byte arrays (an unzipped archive with
 * folders, or a folder listing). Siblings share the directory and base name, compared without
 * case, because archives made on Windows mix MUN.SHP with mun.dbf.
 */
import { fileProblem } from '../problems.ts';

export interface NamedBytes {
  name: string;
  bytes: Uint8Array;
}

export interface ShapefileParts {
  shp: Uint8Array;
  shx: Uint8Array | null;
  dbf: Uint8Array | null;
  prj: Uint8Array | null;
  cpg: Uint8Array | null;
  names: { shp: string; shx?: string; dbf?: string; prj?: string; cpg?: string };
}

function normalise(name: string): string {
  return name.replace(/\\/g, '/').replace(/^\.\//, '');
}

/** Lower-cased path without its extension: the key siblings share. */
function stem(name: string): string {
  const n = normalise(name).toLowerCase();
  const dot = n.lastIndexOf('.');
  return dot > n.lastIndexOf('/') ? n.slice(0, dot) : n;
}

function ext(name: string): string {
  const n = normalise(name).toLowerCase();
  const dot = n.lastIndexOf('.');
  return dot > n.lastIndexOf('/') ? n.slice(dot + 1) : '';
}

function baseName(name: string): string {
  const n = normalise(name);
  return n.slice(n.lastIndexOf('/') + 1);
}

/** macOS archive litter (__MACOSX/, ._x.shp) carries resource forks, not data. */
function isLitter(name: string): boolean {
  const n = normalise(name);
  return n.startsWith('__MACOSX/') || n.includes('/__MACOSX/') || baseName(n).startsWith('._');
}

/**
 * `shpName` picks one .shp when there are several: its path, base name or base name without
 * extension (any case). `sourceName` names the archive or folder in error messages.
 */
export function pickShapefileParts(entries: NamedBytes[], shpName?: string, sourceName = 'the archive'): ShapefileParts {
  const usable = entries.filter((e) => !isLitter(e.name));
  const shps = usable.filter((e) => ext(e.name) === 'shp');
  let chosen: NamedBytes | undefined;
  if (shpName !== undefined) {
    const want = normalise(shpName).toLowerCase();
    const wantStem = stem(shpName);
    chosen =
      shps.find((e) => normalise(e.name).toLowerCase() === want) ??
      shps.find((e) => baseName(e.name).toLowerCase() === want) ??
      shps.find((e) => stem(e.name) === wantStem || stem(baseName(e.name)) === wantStem);
    if (!chosen) {
      const list = shps.length ? shps.map((e) => normalise(e.name)).join(', ') : 'none';
      throw fileProblem(sourceName, `no shapefile named "${shpName}" (shapefiles present: ${list})`);
    }
  } else if (shps.length === 1) {
    chosen = shps[0];
  } else if (shps.length === 0) {
    const seen = usable.slice(0, 10).map((e) => normalise(e.name));
    throw fileProblem(
      sourceName,
      `no .shp file found${seen.length ? ` (files: ${seen.join(', ')}${usable.length > 10 ? ', …' : ''})` : ' (it is empty)'}`,
    );
  } else {
    throw fileProblem(
      sourceName,
      `holds ${shps.length} shapefiles (${shps.map((e) => normalise(e.name)).join(', ')}): choose one of them`,
    );
  }

  const key = stem(chosen.name);
  const sibling = (want: string): NamedBytes | undefined =>
    usable.find((e) => e !== chosen && stem(e.name) === key && ext(e.name) === want);
  const shx = sibling('shx');
  const dbf = sibling('dbf');
  const prj = sibling('prj');
  const cpg = sibling('cpg');
  const names: ShapefileParts['names'] = { shp: normalise(chosen.name) };
  if (shx) names.shx = normalise(shx.name);
  if (dbf) names.dbf = normalise(dbf.name);
  if (prj) names.prj = normalise(prj.name);
  if (cpg) names.cpg = normalise(cpg.name);
  return {
    shp: chosen.bytes,
    shx: shx?.bytes ?? null,
    dbf: dbf?.bytes ?? null,
    prj: prj?.bytes ?? null,
    cpg: cpg?.bytes ?? null,
    names,
  };
}
