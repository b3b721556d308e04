/**
 * XML read as a stream for the record formats built on it (KML, GPX): bytes go through saxes, a
 * push parser that never loads the file whole, and only the elements the format asks for (a
 * Placemark, a waypoint) are built into small trees and handed over when they close; the rest
 * is walked past, its element names kept as the path. Memory is bounded by the largest record.
 *
 * A DOM reader (@tmcw/togeojson on @xmldom/xmldom) was measured first on 100,000 placemarks
 * (60 MB, as ogr2ogr writes them from a point CSV): 34 s and 3.4 GB peak RSS, against 3.0 s
 * and 0.5 GB for ogr2ogr into a GeoPackage; saxes alone walks the same file in 0.6 s.
 *
 * Security: saxes fetches nothing and expands no declared entity, and a DOCTYPE that declares
 * entities (billion laughs, external entities) is refused outright, naming the file. Broken XML
 * is refused with its line and column.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { ImportError, fileProblem, importProblem, said, type Said } from './problems.ts';

/** An element as a record format reads it: local name (prefix dropped), attributes, its own text, children. */
export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  /** Its text and CDATA, untrimmed; the children's text is theirs. */
  text: string;
  children: XmlNode[];
}

/** What to do with an element that opens outside any element being built. */
type OpenAction = 'build' | 'skip' | 'walk';

export interface XmlHandler {
  /**
   * An element opens; `path` holds its ancestors' local names, root first. 'build': hand it over
   * whole (element) when it closes; 'skip': pass over it and all inside it (close is still
   * called); 'walk': look inside it (close is called when it ends).
   */
  open(name: string, path: readonly string[], attrs: Record<string, string>): OpenAction;
  element(node: XmlNode, path: readonly string[]): void;
  close?(name: string, path: readonly string[]): void;
}

/** Elements inside one built element may nest this deep (KML's MultiGeometry nests; no real file comes near). */
const MAX_BUILD_DEPTH = 100;
/** Bytes gathered before decoding starts, enough to hold an XML declaration with its encoding. */
const DECLARATION_BYTES = 200;

const localName = (name: string): string => {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
};

/** The encoding an XML declaration at the start of the bytes names, if any. */
function declaredEncoding(head: Uint8Array): string | null {
  const text = String.fromCharCode(...head.subarray(0, Math.min(head.length, DECLARATION_BYTES)));
  const m = /^(?:\uFEFF|\xEF\xBB\xBF)?<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(text);
  return m ? m[1] : null;
}

export interface XmlStream {
  push(chunk: Uint8Array): void;
  end(): void;
  readonly bytesRead: number;
}

/**
 * A push parser over `handler`. `encoding`: the caller's override; otherwise the XML
 * declaration's, else UTF-8 (XML's default). Throws ImportError naming `fileName`.
 */
export function createXmlStream(fileName: string, handler: XmlHandler, encoding?: string): XmlStream {
  const parser = new SaxesParser({ position: true, xmlns: false });
  let decoder: TextDecoder | null = null;
  let bytesRead = 0;
  const path: string[] = [];
  // The element being built, innermost last; building[0] is the one handed over.
  const building: XmlNode[] = [];
  // Inside a skipped element: how deep.
  let skipping = 0;
  let skippedName = '';

  const where = (): string => `line ${parser.line}, column ${parser.column + 1}`;
  const broken = (reason: string): ImportError => new ImportError([importProblem(fileName, where(), null, said('xml.broken', { reason }))]);

  parser.on('error', (e) => {
    // saxes prefixes its message with "line:column: "; the location says it already.
    throw broken(e.message.replace(/^\d+:\d+: /, '').replace(/\.$/, ''));
  });
  parser.on('doctype', (doctype) => {
    if (/<!ENTITY/i.test(doctype)) {
      throw fileProblem(fileName, said('xml.entities'));
    }
  });
  parser.on('opentag', (tag: SaxesTagPlain) => {
    if (skipping > 0) {
      if (!tag.isSelfClosing) skipping++;
      return;
    }
    const name = localName(tag.name);
    if (building.length > 0) {
      if (building.length >= MAX_BUILD_DEPTH) throw broken(`elements nest more than ${MAX_BUILD_DEPTH} deep inside <${building[0].name}>`);
      const node: XmlNode = { name, attrs: tag.attributes, text: '', children: [] };
      building[building.length - 1].children.push(node);
      if (!tag.isSelfClosing) building.push(node);
      return;
    }
    const action = handler.open(name, path, tag.attributes);
    if (action === 'build') {
      const node: XmlNode = { name, attrs: tag.attributes, text: '', children: [] };
      if (tag.isSelfClosing) handler.element(node, path);
      else {
        building.push(node);
        path.push(name);
      }
    } else if (action === 'skip') {
      if (tag.isSelfClosing) handler.close?.(name, path);
      else {
        skipping = 1;
        skippedName = name;
      }
    } else if (tag.isSelfClosing) handler.close?.(name, path);
    else path.push(name);
  });
  parser.on('closetag', (tag) => {
    // A self-closing element was dealt with as it opened.
    if (tag.isSelfClosing) return;
    if (skipping > 0) {
      if (--skipping === 0) handler.close?.(skippedName, path);
      return;
    }
    if (building.length > 1) {
      building.pop();
      return;
    }
    const name = path.pop()!;
    if (building.length === 1) handler.element(building.pop()!, path);
    else handler.close?.(name, path);
  });
  const onText = (t: string): void => {
    if (building.length > 0) building[building.length - 1].text += t;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);

  const head: Uint8Array[] = [];
  const startDecoding = (): void => {
    const first = new Uint8Array(bytesRead);
    let at = 0;
    for (const c of head) {
      first.set(c, at);
      at += c.length;
    }
    const label = encoding ?? declaredEncoding(first) ?? 'utf-8';
    try {
      decoder = new TextDecoder(label, { fatal: true });
    } catch {
      throw fileProblem(fileName, said('xml.encoding', { label }));
    }
    parser.write(decode(first, true));
  };

  const decode = (chunk: Uint8Array, stream: boolean): string => {
    try {
      return decoder!.decode(chunk, { stream });
    } catch {
      throw fileProblem(fileName, `bytes ${bytesRead - chunk.length}–${bytesRead} are not valid ${decoder!.encoding} text (the encoding ${encoding ? 'given' : 'the XML declaration names, or UTF-8'})`);
    }
  };

  return {
    get bytesRead() {
      return bytesRead;
    },
    push(chunk) {
      bytesRead += chunk.length;
      if (decoder) {
        parser.write(decode(chunk, true));
        return;
      }
      // The XML declaration decides the decoder: gather the first bytes until it can be read whole.
      head.push(chunk);
      if (bytesRead >= DECLARATION_BYTES) startDecoding();
    },
    end() {
      if (!decoder) startDecoding();
      parser.write(decode(new Uint8Array(0), false));
      if (bytesRead === 0) throw fileProblem(fileName, said('xlsx.empty'));
      parser.close();
    },
  };
}

/** Thrown while converting one record's element: becomes that record's problem (sink.onProblem), not the file's. */
export class RecordProblem extends Error {
  /** A sentence of the import catalogue. */
  constructor(readonly reason: Said) {
    super(reason.text);
  }
}

/** The node's first child of a local name. */
export function child(node: XmlNode, name: string): XmlNode | undefined {
  return node.children.find((c) => c.name === name);
}

/** The trimmed text of the node's first child of a local name, or undefined. */
export function childText(node: XmlNode, name: string): string | undefined {
  const c = child(node, name);
  return c === undefined ? undefined : c.text.trim();
}
