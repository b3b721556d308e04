/**
 * Layers and results as KML 2.2 text, for the KML and KMZ writers. Written here rather than with
 * @placemarkio/tokml, which builds the whole document from one in-memory FeatureCollection and
 * writes ExtendedData as untyped Data: this streams feature by feature (a million incidents never
 * sit in memory), declares a typed Schema per layer so GDAL, Google Earth and our own reader get
 * numbers back as numbers, and shares one Style per category instead of one per placemark.
 *
 * The document: one layer's placemarks directly in the Document (named after it), or several
 * layers and results a Folder each. Every placemark has a `name` from a name-like field, a
 * `styleUrl` to its category's colour (ExportItem.style: the colours the map draws), and every
 * property in ExtendedData/SchemaData. A result's provenance is JSON in the Document's
 * ExtendedData, one Data per result (`frontera_provenance_<name>`).
 */
import type { Geometry, Position } from 'geojson';
import { normalizeName } from '../../../shared/import/fieldMapping.ts';
import type { FieldInfo } from '../../../shared/model/feature.ts';
import type { ExportItem, WriteContext } from './types.ts';

/** Field names that read as a feature's name, best first (normalised: accents and case ignored). */
const NAME_FIELDS = ['name', 'nombre', 'nomgeo', 'nom_mun', 'nom_loc', 'nom_ent', 'title', 'titulo', 'label', 'etiqueta', 'id', 'folio'];

function nameField(fields: FieldInfo[]): string | null {
  const byNorm = new Map(fields.map((f) => [normalizeName(f.name), f.name]));
  for (const n of NAME_FIELDS) {
    const f = byNorm.get(n);
    if (f !== undefined) return f;
  }
  return null;
}

// XML 1.0 cannot carry these characters at all, escaped or not.
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

function xmlText(s: string, replaced: { count: number }): string {
  let t = s;
  if (NOT_XML.test(t)) {
    replaced.count++;
    t = t.replace(new RegExp(NOT_XML.source, 'g'), '\uFFFD');
  }
  return t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** '#rrggbb' as KML's aabbggrr with the given alpha. */
function kmlColor(hex: string, alpha: number): string {
  const h = /^#?([0-9a-f]{6})$/i.exec(hex)?.[1] ?? '808080';
  const a = Math.round(alpha * 255).toString(16).padStart(2, '0');
  return `${a}${h.slice(4, 6)}${h.slice(2, 4)}${h.slice(0, 2)}`.toLowerCase();
}

/** The KML type of a field (SimpleField): what GDAL reads back as Integer, Real, String. */
function simpleFieldType(f: FieldInfo): string {
  switch (f.type) {
    case 'integer':
      return 'int';
    case 'number':
      return 'double';
    case 'boolean':
      return 'bool';
    default:
      return 'string';
  }
}

function valueText(v: unknown): string {
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

const coords = (ps: Position[]): string => ps.map((p) => p.join(',')).join(' ');

function geometryXml(g: Geometry): string {
  switch (g.type) {
    case 'Point':
      return `<Point><coordinates>${g.coordinates.join(',')}</coordinates></Point>`;
    case 'LineString':
      return `<LineString><coordinates>${coords(g.coordinates)}</coordinates></LineString>`;
    case 'Polygon': {
      const [outer, ...inner] = g.coordinates;
      const ring = (r: Position[]) => `<LinearRing><coordinates>${coords(r)}</coordinates></LinearRing>`;
      return `<Polygon><outerBoundaryIs>${ring(outer)}</outerBoundaryIs>${inner.map((r) => `<innerBoundaryIs>${ring(r)}</innerBoundaryIs>`).join('')}</Polygon>`;
    }
    case 'MultiPoint':
      return `<MultiGeometry>${g.coordinates.map((c) => geometryXml({ type: 'Point', coordinates: c })).join('')}</MultiGeometry>`;
    case 'MultiLineString':
      return `<MultiGeometry>${g.coordinates.map((c) => geometryXml({ type: 'LineString', coordinates: c })).join('')}</MultiGeometry>`;
    case 'MultiPolygon':
      return `<MultiGeometry>${g.coordinates.map((c) => geometryXml({ type: 'Polygon', coordinates: c })).join('')}</MultiGeometry>`;
    case 'GeometryCollection':
      return `<MultiGeometry>${g.geometries.map(geometryXml).join('')}</MultiGeometry>`;
  }
}

/** A Style: points and lines in the colour, polygons filled with it at the map's 30 % opacity. */
function styleXml(id: string, color: string): string {
  return (
    // <scale>: GDAL 3.6's LIBKML driver aborts copying an IconStyle that has a colour alone.
    `<Style id="${id}"><IconStyle><color>${kmlColor(color, 1)}</color><scale>1</scale></IconStyle>` +
    `<LineStyle><color>${kmlColor(color, 1)}</color><width>2</width></LineStyle>` +
    `<PolyStyle><color>${kmlColor(color, 0.3)}</color></PolyStyle></Style>\n`
  );
}

/**
 * Writes `items` as one KML document through `emit`; `title` names the Document. Resolves to the
 * placemarks written.
 */
export async function writeKml(items: ExportItem[], title: string, emit: (text: string) => void, ctx: WriteContext): Promise<number> {
  const replaced = { count: 0 };
  const x = (s: string): string => xmlText(s, replaced);
  const folders = items.length > 1;
  emit('<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2">\n<Document>\n');
  emit(`<name>${x(folders ? title : items[0].name)}</name>\n`);
  const provenance = items.filter((i) => i.provenance);
  if (provenance.length) {
    emit('<ExtendedData>\n');
    for (const i of provenance) {
      emit(`<Data name="frontera_provenance_${x(i.name)}"><displayName>Provenance of ${x(i.name)}</displayName><value>${x(JSON.stringify(i.provenance))}</value></Data>\n`);
    }
    emit('</ExtendedData>\n');
  }
  // Styles and schemas belong to the Document; ids are per item (s<item>_<k>, schema<item>).
  const colorIds = items.map((item, k) => {
    const ids = new Map<string, string>();
    if (!item.style) return ids;
    const colours = [...new Set([...Object.values(item.style.colors), item.style.fallback])];
    colours.forEach((c, j) => {
      ids.set(c, `s${k}_${j}`);
      emit(styleXml(`s${k}_${j}`, c));
    });
    return ids;
  });
  items.forEach((item, k) => {
    emit(`<Schema name="${x(item.name)}" id="schema${k}">\n`);
    for (const f of item.fields) emit(`<SimpleField name="${x(f.name)}" type="${simpleFieldType(f)}"/>\n`);
    emit('</Schema>\n');
  });

  let n = 0;
  for (const [k, item] of items.entries()) {
    if (folders) emit(`<Folder><name>${x(item.name)}</name>\n`);
    const nameKey = nameField(item.fields);
    const style = item.style;
    for await (const f of item.features()) {
      const parts = ['<Placemark>'];
      const name = nameKey === null ? null : f.properties[nameKey];
      if (name !== null && name !== undefined && name !== '') parts.push(`<name>${x(valueText(name))}</name>`);
      if (style) {
        const v = f.properties[style.field];
        const colour = (v === null || v === undefined ? undefined : style.colors[String(v)]) ?? style.fallback;
        parts.push(`<styleUrl>#${colorIds[k].get(colour)}</styleUrl>`);
      }
      parts.push(`<ExtendedData><SchemaData schemaUrl="#schema${k}">`);
      for (const field of item.fields) {
        const v = f.properties[field.name];
        if (v !== null && v !== undefined) parts.push(`<SimpleData name="${x(field.name)}">${x(valueText(v))}</SimpleData>`);
      }
      parts.push('</SchemaData></ExtendedData>');
      if (f.geometry) parts.push(geometryXml(f.geometry));
      parts.push('</Placemark>\n');
      emit(parts.join(''));
      await ctx.step(++n);
    }
    if (folders) emit('</Folder>\n');
  }
  emit('</Document>\n</kml>\n');
  if (replaced.count) ctx.note(`${replaced.count} values held control characters XML cannot carry; each was written as \uFFFD`);
  return n;
}
