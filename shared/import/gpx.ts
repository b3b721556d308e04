/**
 * GPX 1.0/1.1 (GPS exchange), streamed. A file holds up to three kinds of data, read as three
 * layers as GDAL's GPX driver reads them: waypoints (points: `ele`, `time`, `name`, `sym` …
 * every simple element, `link` its first href), routes and tracks (lines: `name`, `desc`,
 * `type` …). A route or track keeps the time of every point as `coordTimes` (an array, one per
 * position, null where a point has none; per segment for a track of several), the way
 * @tmcw/togeojson gives them, and its first and last time as `time_begin` / `time_end`. A
 * track of one segment is a LineString, of several a MultiLineString; positions are lon/lat
 * (a point's elevation stays in `ele` for waypoints, as GDAL has it). Records are numbered per
 * kind: "waypoint 3", "track 1". The CRS is WGS 84 by definition.
 */
import type { Geometry, Position } from 'geojson';
import { resolveCrs } from '../geo/crs.ts';
import { FieldCollector } from './fieldTypes.ts';
import { fileProblem, importProblem, said, type ImportWords } from './problems.ts';
import type { ParseOptions, RecordSink, StreamParser } from './types.ts';
import { child, createXmlStream, RecordProblem, type XmlNode } from './xmlElements.ts';

export type GpxKind = 'waypoints' | 'routes' | 'tracks';
export const GPX_KINDS: GpxKind[] = ['waypoints', 'routes', 'tracks'];

const ELEMENT: Record<GpxKind, string> = { waypoints: 'wpt', routes: 'rte', tracks: 'trk' };
const RECORD: Record<GpxKind, string> = { waypoints: 'waypoint', routes: 'route', tracks: 'track' };

export const gpxLocation = (kind: GpxKind) => (index: number): string => `${RECORD[kind]} ${index + 1}`;

const NUMBERS = new Set(['ele', 'magvar', 'geoidheight', 'hdop', 'vdop', 'pdop', 'ageofdgpsdata', 'course', 'speed']);
const INTEGERS = new Set(['sat', 'dgpsid', 'number']);
/** Children that are not properties: the points of a line, and extensions (GDAL leaves them out too). */
const NOT_PROPERTIES = new Set(['rtept', 'trkseg', 'trkpt', 'extensions']);

/** A waypoint-like element's position. */
function position(node: XmlNode, what: ImportWords): Position {
  const lon = Number(node.attrs.lon);
  const lat = Number(node.attrs.lat);
  for (const [k, v] of [['lon', lon], ['lat', lat]] as const) {
    if (node.attrs[k] === undefined) throw new RecordProblem(said('gpx.noAttribute', { what, attribute: k }));
    if (node.attrs[k].trim() === '' || !Number.isFinite(v)) throw new RecordProblem(said('gpx.notNumber', { what, attribute: k, value: node.attrs[k].slice(0, 40) }));
  }
  return [lon, lat];
}

/** The simple child elements as properties (numbers where GPX defines them so). */
function properties(node: XmlNode): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of node.children) {
    if (NOT_PROPERTIES.has(c.name) || c.name in out) continue;
    if (c.name === 'link') {
      out.link = c.attrs.href ?? null;
      continue;
    }
    if (c.children.length) continue;
    const t = c.text.trim();
    const n = Number(t);
    out[c.name] = (NUMBERS.has(c.name) || INTEGERS.has(c.name)) && t !== '' && Number.isFinite(n) ? n : t;
  }
  return out;
}

/** A route's (segment null) or track segment's positions and times. */
function line(points: XmlNode[], segment: number | null): { coords: Position[]; times: (string | null)[] } {
  const coords = points.map((p, k) =>
    position(p, (segment === null ? said('gpx.routePoint', { k: k + 1 }) : said('gpx.segmentPoint', { segment, k: k + 1 })).words),
  );
  const times = points.map((p) => child(p, 'time')?.text.trim() || null);
  return { coords, times };
}

function lineRecord(node: XmlNode, kind: 'routes' | 'tracks'): { geometry: Geometry | null; properties: Record<string, unknown> } {
  const props = properties(node);
  const parts =
    kind === 'routes'
      ? [line(node.children.filter((c) => c.name === 'rtept'), null)]
      : node.children
          .filter((c) => c.name === 'trkseg')
          .map((seg, k) => line(seg.children.filter((c) => c.name === 'trkpt'), k + 1));
  // An empty segment is no line; one of a single point is left to the normaliser to refuse.
  const used = parts.filter((p) => p.coords.length > 0);
  const all = used.flatMap((p) => p.times).filter((t): t is string => t !== null);
  if (all.length) {
    props.coordTimes = used.length === 1 ? used[0].times : used.map((p) => p.times);
    props.time_begin = all[0];
    props.time_end = all[all.length - 1];
  }
  if (used.length === 0) return { geometry: null, properties: props };
  return {
    geometry: used.length === 1 ? { type: 'LineString', coordinates: used[0].coords } : { type: 'MultiLineString', coordinates: used.map((p) => p.coords) },
    properties: props,
  };
}

/** What a GPX file holds: records of each kind. */
export type GpxCounts = Record<GpxKind, number>;

class GpxParser implements StreamParser {
  private readonly xml;
  private readonly fields = new FieldCollector();
  readonly counts: GpxCounts = { waypoints: 0, routes: 0, tracks: 0 };
  private started = false;

  /** `kind` null: only count what the file holds (GpxCounts). */
  constructor(
    private readonly opts: ParseOptions,
    private readonly sink: RecordSink,
    private readonly kind: GpxKind | null,
  ) {
    this.xml = createXmlStream(
      opts.fileName,
      {
        open: (name, path) => {
          if (path.length === 0) {
            if (name !== 'gpx') throw fileProblem(opts.fileName, said('gpx.root', { name }));
            return 'walk';
          }
          if (path.length > 1) return 'skip';
          const k = GPX_KINDS.find((g) => ELEMENT[g] === name);
          if (!k) return 'skip';
          const index = this.counts[k]++;
          return k === this.kind && (opts.wants === undefined || opts.wants(index)) ? 'build' : 'skip';
        },
        element: (node) => this.record(node, this.counts[this.kind!] - 1),
      },
      opts.encoding,
    );
  }

  get bytesRead(): number {
    return this.xml.bytesRead;
  }

  push(chunk: Uint8Array): void {
    if (!this.started && this.kind) {
      this.started = true;
      this.sink.onCrs?.({ ...resolveCrs('EPSG:4326'), label: 'WGS 84 (GPX)' });
    }
    this.xml.push(chunk);
  }

  end(): void {
    this.xml.end();
    if (GPX_KINDS.every((k) => this.counts[k] === 0)) throw fileProblem(this.opts.fileName, said('gpx.empty'));
    if (this.kind) this.sink.onFields?.(this.fields.fields());
  }

  private record(node: XmlNode, index: number): void {
    const kind = this.kind!;
    let rec: { geometry: Geometry | null; properties: Record<string, unknown> };
    try {
      rec = kind === 'waypoints' ? { geometry: { type: 'Point', coordinates: position(node, said('gpx.waypoint').words) }, properties: properties(node) } : lineRecord(node, kind);
    } catch (e) {
      if (!(e instanceof RecordProblem)) throw e;
      this.sink.onProblem(importProblem(this.opts.fileName, gpxLocation(kind)(index), index, e.reason));
      return;
    }
    this.fields.add(rec.properties, index);
    this.sink.onRecord({ sourceIndex: index, ...rec });
  }
}

/** A reader of one kind of a GPX file's records. */
export function createGpxParser(kind: GpxKind) {
  return (opts: ParseOptions, sink: RecordSink): StreamParser => new GpxParser(opts, sink, kind);
}

/** A parser that only counts what a GPX file holds (read `counts` after end()). */
export function createGpxCounter(opts: ParseOptions): StreamParser & { counts: GpxCounts } {
  return new GpxParser(opts, { onRecord() {}, onProblem() {} }, null);
}
