/**
 * Text encodings for attribute tables and delimited text. Everything decodes through the
 * platform's TextDecoder (Node with full ICU and Chromium both carry the WHATWG set:
 * windows-125x, iso-8859-x, ibm866, shift_jis, gbk, big5, euc-kr …), except the two DOS code
 * pages that old dBASE files still use and WHATWG dropped: cp437 and cp850, decoded here
 * from their 128-entry upper halves.
 */
import { UserError } from '../errors.ts';

// Upper halves (0x80–0xFF) of the two DOS code pages the WHATWG set lacks.
const CP437_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';
const CP850_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜø£Ø×ƒáíóúñÑªº¿®¬½¼¡«»░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐└┴┬├─┼ãÃ╚╔╩╦╠═╬¤ðÐÊËÈıÍÎÏ┘┌█▄¦Ì▀ÓßÔÒõÕµþÞÚÛÙýÝ¯´\u00ad±‗¾¶§÷¸°¨·¹³²■\u00a0';

const DOS_PAGES: Record<string, string> = { cp437: CP437_HIGH, cp850: CP850_HIGH };

/**
 * Names seen in .cpg files and on command lines that TextDecoder does not know by itself.
 * Keys are lower-case with spaces, dashes and underscores removed.
 */
const ALIASES: Record<string, string> = {
  utf8: 'utf-8',
  ansi1252: 'windows-1252',
  ansi: 'windows-1252',
  latin1: 'windows-1252',
  iso88591: 'windows-1252',
  '88591': 'windows-1252',
  '437': 'cp437',
  cp437: 'cp437',
  ibm437: 'cp437',
  oem437: 'cp437',
  dos437: 'cp437',
  '850': 'cp850',
  cp850: 'cp850',
  ibm850: 'cp850',
  oem850: 'cp850',
  dos850: 'cp850',
  '866': 'ibm866',
  cp866: 'ibm866',
  '874': 'windows-874',
  cp874: 'windows-874',
  '932': 'shift_jis',
  cp932: 'shift_jis',
  '936': 'gbk',
  cp936: 'gbk',
  '949': 'euc-kr',
  cp949: 'euc-kr',
  '950': 'big5',
  cp950: 'big5',
};

function compact(name: string): string {
  return name.trim().toLowerCase().replace(/[\s_-]+/g, '');
}

/** A bare Windows code page number or its spellings: 1252, cp1252, win1252, ansi 1252. */
function windowsPage(key: string): string | null {
  const m = /^(?:cp|win|windows|ansi|ms)?(125[0-8])$/.exec(key);
  return m ? `windows-${m[1]}` : null;
}

/** ISO-8859 parts without separators, as ArcGIS writes them: 88591, 885915, iso885915. */
function isoPage(key: string): string | null {
  const m = /^(?:iso)?8859(\d{1,2})$/.exec(key);
  return m ? `iso-8859-${m[1]}` : null;
}

const canonical = new Map<string, string>();

/** Canonical encoding name (a TextDecoder label, or cp437/cp850) for any common spelling. */
export function resolveEncodingName(name: string): string {
  const cached = canonical.get(name);
  if (cached) return cached;
  const key = compact(name);
  const candidate = ALIASES[key] ?? windowsPage(key) ?? isoPage(key) ?? name.trim();
  let resolved: string | null = null;
  if (candidate in DOS_PAGES) resolved = candidate;
  else {
    try {
      // TextDecoder maps every WHATWG label to one canonical name (latin1 → windows-1252 …).
      resolved = new TextDecoder(candidate).encoding;
    } catch {
      resolved = null;
    }
  }
  if (!resolved || !name.trim()) {
    throw new UserError(
      `Unknown text encoding "${name}": use a name such as UTF-8, windows-1252 (ANSI/Latin-1), ISO-8859-15, cp850 or cp437`,
    );
  }
  canonical.set(name, resolved);
  return resolved;
}

export function isValidUtf8(bytes: Uint8Array): boolean {
  // Pure ASCII is the common case and needs no decoder.
  let i = 0;
  const n = bytes.length;
  while (i < n && bytes[i] < 0x80) i++;
  if (i === n) return true;
  // Streamed in slices so a large table is checked without building one huge string.
  const strict = new TextDecoder('utf-8', { fatal: true });
  const SLICE = 1 << 20;
  try {
    for (; i < n; i += SLICE) strict.decode(bytes.subarray(i, Math.min(n, i + SLICE)), { stream: true });
    strict.decode();
    return true;
  } catch {
    return false;
  }
}

const decoders = new Map<string, TextDecoder>();

function decoderFor(encoding: string): TextDecoder {
  let d = decoders.get(encoding);
  if (!d) {
    d = new TextDecoder(encoding);
    decoders.set(encoding, d);
  }
  return d;
}

function decodeDos(bytes: Uint8Array, high: string): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    out += b < 0x80 ? String.fromCharCode(b) : high[b - 0x80];
  }
  return out;
}

/** Decodes bytes in the given encoding (any name resolveEncodingName accepts); bad sequences become U+FFFD. */
export function decodeBytes(bytes: Uint8Array, encoding: string): string {
  const enc = resolveEncodingName(encoding);
  const high = DOS_PAGES[enc];
  if (high) return decodeDos(bytes, high);
  return decoderFor(enc).decode(bytes);
}
