/**
 * KML (OGC KML 2.2, Google Earth), streamed: every Placemark becomes a record, numbered
 * "placemark N" in document order, whatever Folder it sits in.
 *
 * Geometry as GeoJSON has it: Point, LineString, Polygon (LinearRing boundaries), a LinearRing
 * on its own as a one-ring Polygon, gx:Track as a LineString (its times as `coordTimes`, the way
 * @tmcw/togeojson gives them), and MultiGeometry as the Multi* of its parts when they are all of
 * one kind, else a GeometryCollection. Coordinates keep an altitude when the file gives one.
 *
 * Properties: `name`, `description`, `timestamp` (TimeStamp), `time_begin` / `time_end`
 * (TimeSpan: names the field mapping reads as time, and the end as the end), `folder` (the
 * Folder path, "Outer / Inner") and every ExtendedData field: Data values as text (as GDAL's
 * LIBKML driver reads them), SchemaData/SimpleData typed by the Schema's SimpleField (int,
 * float, bool …). An ExtendedData field of the same name as one of those wins: it is the data.
 * The CRS is WGS 84 by definition.
 */
import type { Geometry, LineString, Point, Polygon, Position } from 'geojson';
import { resolveCrs } from '../geo/crs.ts';
import { FieldCollector } from './fieldTypes.ts';
import { fileProblem, importProblem, said } from './problems.ts';
import type { ParseOptions, RecordSink, StreamParser } from './types.ts';
import { child, childText, createXmlStream, RecordProblem, type XmlNode } from './xmlElements.ts';

export const placemarkLocation = (index: number): string => `placemark ${index + 1}`;

/** "lon,lat[,alt] lon,lat[,alt] …" (spaces around the commas tolerated, as Google Earth does). */
function parseCoordinates(text: string, what: string): Position[] {
  const t = text.trim().replace(/\s*,\s*/g, ',');
  if (t === '') throw new RecordProblem(said('kml.noCoordinates', { what }));
  return t.split(/\s+/).map((tuple) => {
    const parts = tuple.split(',');
    if (parts.length < 2 || parts.length > 3) throw new RecordProblem(said('kml.tuple', { what, tuple: tuple.slice(0, 40) }));
    const pos = parts.map(Number);
    const bad = parts.findIndex((p, k) => p === '' || !Number.isFinite(pos[k]));
    if (bad >= 0) throw new RecordProblem(said('kml.notNumber', { what, value: parts[bad].slice(0, 40), tuple: tuple.slice(0, 40) }));
    return pos;
  });
}

function coordinatesOf(node: XmlNode, what: string): Position[] {
  const c = child(node, 'coordinates');
  if (!c) throw new RecordProblem(said('kml.noCoordinatesElement', { what }));
  return parseCoordinates(c.text, what);
}

function ring(node: XmlNode | undefined, what: string): Position[] {
  const r = node && child(node, 'LinearRing');
  if (!r) throw new RecordProblem(said('kml.noRing', { what }));
  return coordinatesOf(r, what);
}

/** gx:Track: <when> and <gx:coord> ("lon lat alt", spaces) pair up in order. */
function track(node: XmlNode): { line: LineString; times: (string | null)[] } {
  const coords: Position[] = [];
  const times: (string | null)[] = [];
  for (const c of node.children) {
    if (c.name === 'when') times.push(c.text.trim() || null);
    else if (c.name === 'coord') coords.push(...parseCoordinates(c.text.trim().split(/\s+/).join(','), 'gx:coord'));
  }
  if (coords.length === 0) throw new RecordProblem(said('kml.noTrackCoords'));
  return { line: { type: 'LineString', coordinates: coords }, times: times.length === coords.length ? times : [] };
}

/** The simple geometries of a geometry element, MultiGeometry flattened; gx:Track times into `times`. */
function geometries(node: XmlNode, times: (string | null)[][]): (Point | LineString | Polygon)[] {
  switch (node.name) {
    case 'Point': {
      const c = coordinatesOf(node, 'Point');
      if (c.length !== 1) throw new RecordProblem(said('kml.pointPositions', { n: c.length }));
      return [{ type: 'Point', coordinates: c[0] }];
    }
    case 'LineString':
      return [{ type: 'LineString', coordinates: coordinatesOf(node, 'LineString') }];
    case 'LinearRing':
      return [{ type: 'Polygon', coordinates: [coordinatesOf(node, 'LinearRing')] }];
    case 'Polygon': {
      const inner = node.children.filter((c) => c.name === 'innerBoundaryIs').flatMap((b) => b.children.filter((c) => c.name === 'LinearRing'));
      return [
        {
          type: 'Polygon',
          coordinates: [ring(child(node, 'outerBoundaryIs'), 'Polygon outerBoundaryIs'), ...inner.map((r) => coordinatesOf(r, 'Polygon innerBoundaryIs'))],
        },
      ];
    }
    case 'Track': {
      const t = track(node);
      times.push(t.times);
      return [t.line];
    }
    case 'MultiGeometry':
    case 'MultiTrack':
      return node.children.flatMap((c) => geometries(c, times));
    default:
      return [];
  }
}

const GEOMETRY_ELEMENTS = new Set(['Point', 'LineString', 'LinearRing', 'Polygon', 'MultiGeometry', 'Track', 'MultiTrack']);

/** A placemark's geometry as GeoJSON would write it, and the gx:Track times if it has any. */
function placemarkGeometry(pm: XmlNode): { geometry: Geometry | null; coordTimes: unknown } {
  const g = pm.children.find((c) => GEOMETRY_ELEMENTS.has(c.name));
  if (!g) return { geometry: null, coordTimes: undefined };
  const times: (string | null)[][] = [];
  const parts = geometries(g, times);
  const coordTimes = times.some((t) => t.length > 0) ? (times.length === 1 ? times[0] : times) : undefined;
  if (parts.length === 0) return { geometry: null, coordTimes };
  if (parts.length === 1 && g.name !== 'MultiGeometry' && g.name !== 'MultiTrack') return { geometry: parts[0], coordTimes };
  const kinds = new Set(parts.map((p) => p.type));
  if (kinds.size > 1) return { geometry: { type: 'GeometryCollection', geometries: parts }, coordTimes };
  const coordinates = parts.map((p) => p.coordinates);
  switch (parts[0].type) {
    case 'Point':
      return { geometry: { type: 'MultiPoint', coordinates: coordinates as Position[] }, coordTimes };
    case 'LineString':
      return { geometry: { type: 'MultiLineString', coordinates: coordinates as Position[][] }, coordTimes };
    default:
      return { geometry: { type: 'MultiPolygon', coordinates: coordinates as Position[][][] }, coordTimes };
  }
}

type SimpleType = 'integer' | 'number' | 'boolean' | 'string';

/** A SimpleField type as KML names them, as the value we keep. */
function simpleType(t: string | undefined): SimpleType {
  switch ((t ?? '').toLowerCase()) {
    case 'int':
    case 'uint':
    case 'short':
    case 'ushort':
      return 'integer';
    case 'float':
    case 'double':
      return 'number';
    case 'bool':
      return 'boolean';
    default:
      return 'string';
  }
}

function typedValue(t: string, type: SimpleType): unknown {
  if (type === 'string') return t;
  if (t === '') return null;
  if (type === 'boolean') {
    if (/^(1|true)$/i.test(t)) return true;
    if (/^(0|false)$/i.test(t)) return false;
    return t;
  }
  const n = Number(t);
  return Number.isFinite(n) && (type === 'number' || Number.isInteger(n)) ? n : t;
}

class KmlParser implements StreamParser {
  private readonly xml;
  private readonly fields = new FieldCollector();
  /** Schema id (and name) → field name → type. */
  private readonly schemas = new Map<string, Map<string, SimpleType>>();
  /** The open Folders' names, outermost first (null until their <name> is read). */
  private readonly folders: (string | null)[] = [];
  private index = 0;
  private started = false;
  private networkLinks = 0;

  constructor(
    private readonly opts: ParseOptions,
    private readonly sink: RecordSink,
  ) {
    this.xml = createXmlStream(
      opts.fileName,
      {
        open: (name, path) => {
          if (path.length === 0 && name !== 'kml') throw fileProblem(opts.fileName, said('kml.root', { name }));
          if (name === 'Placemark') {
            const wanted = opts.wants === undefined || opts.wants(this.index);
            if (!wanted) this.index++;
            return wanted ? 'build' : 'skip';
          }
          if (name === 'Schema') return 'build';
          if (name === 'name' && path[path.length - 1] === 'Folder') return 'build';
          if (name === 'Folder') this.folders.push(null);
          if (name === 'NetworkLink') this.networkLinks++;
          return 'walk';
        },
        element: (node, path) => {
          if (node.name === 'Placemark') this.placemark(node);
          else if (node.name === 'Schema') this.schema(node);
          else if (path[path.length - 1] === 'Folder') this.folders[this.folders.length - 1] = node.text.trim();
        },
        close: (name) => {
          if (name === 'Folder') this.folders.pop();
        },
      },
      opts.encoding,
    );
  }

  get bytesRead(): number {
    return this.xml.bytesRead;
  }

  push(chunk: Uint8Array): void {
    if (!this.started) {
      this.started = true;
      this.sink.onCrs?.({ ...resolveCrs('EPSG:4326'), label: 'WGS 84 (KML)' });
    }
    this.xml.push(chunk);
  }

  end(): void {
    this.xml.end();
    if (this.index === 0) {
      const links = this.networkLinks ? said('kml.links', { n: this.networkLinks }).words : '';
      throw fileProblem(this.opts.fileName, said('kml.noPlacemark', { links }));
    }
    this.sink.onFields?.(this.fields.fields());
  }

  private schema(node: XmlNode): void {
    const fields = new Map<string, SimpleType>();
    for (const f of node.children) if (f.name === 'SimpleField' && f.attrs.name !== undefined) fields.set(f.attrs.name, simpleType(f.attrs.type));
    if (node.attrs.id) this.schemas.set(node.attrs.id, fields);
    if (node.attrs.name && !this.schemas.has(node.attrs.name)) this.schemas.set(node.attrs.name, fields);
  }

  private placemark(pm: XmlNode): void {
    const index = this.index++;
    const properties: Record<string, unknown> = {};
    const name = childText(pm, 'name');
    if (name !== undefined) properties.name = name;
    const description = child(pm, 'description');
    if (description) properties.description = description.text.trim();
    const stamp = child(pm, 'TimeStamp');
    if (stamp) properties.timestamp = childText(stamp, 'when') ?? null;
    const span = child(pm, 'TimeSpan');
    if (span) {
      properties.time_begin = childText(span, 'begin') ?? null;
      properties.time_end = childText(span, 'end') ?? null;
    }
    if (this.folders.length) properties.folder = this.folders.map((f) => f ?? '').join(' / ');
    let geometry: Geometry | null;
    try {
      const g = placemarkGeometry(pm);
      geometry = g.geometry;
      if (g.coordTimes !== undefined) properties.coordTimes = g.coordTimes;
    } catch (e) {
      if (!(e instanceof RecordProblem)) throw e;
      this.sink.onProblem(importProblem(this.opts.fileName, placemarkLocation(index), index, e.reason));
      return;
    }
    const extended = child(pm, 'ExtendedData');
    if (extended) this.extendedData(extended, properties);
    this.fields.add(properties, index);
    this.sink.onRecord({ sourceIndex: index, geometry, properties });
  }

  private extendedData(ext: XmlNode, properties: Record<string, unknown>): void {
    for (const d of ext.children) {
      if (d.name === 'Data' && d.attrs.name !== undefined) properties[d.attrs.name] = childText(d, 'value') ?? null;
      else if (d.name === 'SchemaData') {
        const url = d.attrs.schemaUrl ?? '';
        const types = this.schemas.get(url.slice(url.indexOf('#') + 1));
        for (const s of d.children) {
          if (s.name === 'SimpleData' && s.attrs.name !== undefined) properties[s.attrs.name] = typedValue(s.text.trim(), types?.get(s.attrs.name) ?? 'string');
        }
      }
    }
  }
}

export function createKmlParser(opts: ParseOptions, sink: RecordSink): StreamParser {
  return new KmlParser(opts, sink);
}

/**
 * What a KML document holds besides its placemarks' data: how many placemarks, and the hrefs its
 * NetworkLinks point to (a KMZ written by GDAL's LIBKML driver is a doc.kml linking to one
 * layers/NAME.kml per layer inside the archive).
 */
export function kmlContents(bytes: Uint8Array, fileName: string): { placemarks: number; links: string[] } {
  let placemarks = 0;
  const links: string[] = [];
  const xml = createXmlStream(fileName, {
    open: (name, path) => {
      if (name === 'Placemark') {
        placemarks++;
        return 'skip';
      }
      return name === 'href' && path.includes('NetworkLink') ? 'build' : 'walk';
    },
    element: (node) => void links.push(node.text.trim()),
  });
  xml.push(bytes);
  xml.end();
  return { placemarks, links };
}
