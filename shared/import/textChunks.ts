/**
 * Turns byte chunks of any size into text for the streaming parsers (CSV, GeoJSON), keeping the
 * byte offset of every decoded piece so error messages can point into the file.
 *
 * Encoding: the one given, else UTF-8 when the first 64 KiB (or first chunk) are valid UTF-8, else windows-1252
 * (what Excel and older Mexican government exports write). The decision needs the first bytes
 * only; a later byte that is not UTF-8 stops the import with a message naming the byte and the
 * --encoding option, instead of turning accented names into U+FFFD without a word.
 */
import { decodeBytes, isValidUtf8, resolveEncodingName } from './encoding.ts';
import { fileProblem, said } from './problems.ts';

/** Bytes looked at before choosing between UTF-8 and windows-1252. */
const SNIFF_BYTES = 64 * 1024;

export interface TextPiece {
  text: string;
  /** Byte offset in the file of text[0]. */
  base: number;
}

export class ChunkDecoder {
  private readonly fileName: string;
  private encoding: string | null;
  private decoder: TextDecoder | null = null;
  private dosPage = false;
  private sniff: Uint8Array[] = [];
  private sniffLength = 0;
  private started = false;
  /** Bytes handed to the decoder but not yet turned into text (an incomplete UTF-8 sequence). */
  private held = 0;
  private tail: number[] = [];
  private consumed = 0;

  private readonly sniffBytes: number;

  /** `sniffBytes`: how much to buffer before deciding the encoding (1: decide on the first chunk). */
  constructor(fileName: string, encoding: string | undefined, sniffBytes = SNIFF_BYTES) {
    this.fileName = fileName;
    this.sniffBytes = sniffBytes;
    this.encoding = encoding ? resolveEncodingName(encoding) : null;
  }

  /** The encoding in use, once decided. */
  get encodingName(): string | null {
    return this.encoding;
  }

  /** Text for the chunk (possibly empty while sniffing or mid-sequence). */
  push(chunk: Uint8Array): TextPiece {
    if (this.encoding === null) {
      this.sniff.push(chunk);
      this.sniffLength += chunk.length;
      if (this.sniffLength < this.sniffBytes) return { text: '', base: this.consumed };
      return this.decide(false);
    }
    return this.decode(chunk, false);
  }

  end(): TextPiece {
    if (this.encoding === null) return this.decide(true);
    return this.decode(new Uint8Array(0), true);
  }

  private decide(final: boolean): TextPiece {
    const all = concat(this.sniff, this.sniffLength);
    this.sniff = [];
    // An incomplete sequence at the cut is not a verdict against UTF-8.
    const cut = final ? all.length : all.length - incompleteTail(all.subarray(Math.max(0, all.length - 4)));
    this.encoding = isValidUtf8(all.subarray(0, cut)) ? 'utf-8' : 'windows-1252';
    return this.decode(all, final);
  }

  private decode(chunk: Uint8Array, final: boolean): TextPiece {
    const enc = this.encoding as string;
    if (!this.decoder && !this.dosPage) {
      if (enc === 'cp437' || enc === 'cp850') this.dosPage = true;
      else this.decoder = new TextDecoder(enc, { fatal: enc === 'utf-8', ignoreBOM: true });
    }
    let text: string;
    let bytes: number;
    if (this.dosPage) {
      text = decodeBytes(chunk, enc);
      bytes = chunk.length;
    } else if (enc === 'utf-8') {
      try {
        text = (this.decoder as TextDecoder).decode(chunk, { stream: !final });
      } catch {
        const heldBytes = this.held > 0 ? this.tail.slice(this.tail.length - this.held) : [];
        const at = this.consumed + firstInvalidUtf8(heldBytes, chunk);
        throw fileProblem(this.fileName, said('table.notUtf8', { at }));
      }
      this.updateTail(chunk);
      const held = final ? 0 : incompleteTail(Uint8Array.from(this.tail));
      bytes = this.held + chunk.length - held;
      this.held = held;
    } else {
      // Single-byte code pages keep offsets exact; multi-byte East Asian ones only approximately.
      text = (this.decoder as TextDecoder).decode(chunk, { stream: !final });
      bytes = chunk.length;
    }
    let base = this.consumed;
    this.consumed += bytes;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) {
        text = text.slice(1);
        base += enc === 'utf-8' ? 3 : 1;
      }
    }
    return { text, base };
  }

  private updateTail(chunk: Uint8Array): void {
    const n = chunk.length;
    if (n >= 4) this.tail = [chunk[n - 4], chunk[n - 3], chunk[n - 2], chunk[n - 1]];
    else {
      for (let i = 0; i < n; i++) this.tail.push(chunk[i]);
      if (this.tail.length > 4) this.tail.splice(0, this.tail.length - 4);
    }
  }
}

function concat(parts: Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(length);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** How many bytes at the end of `tail` start a UTF-8 sequence that the next chunk completes. */
function incompleteTail(tail: Uint8Array): number {
  for (let k = 1; k <= Math.min(4, tail.length); k++) {
    const b = tail[tail.length - k];
    if ((b & 0xc0) === 0x80) continue; // continuation byte: look further back
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return k < need ? k : 0;
  }
  return 0;
}

/** Index of the first bad byte in `before` (the held bytes) followed by `chunk`. */
function firstInvalidUtf8(before: number[], chunk: Uint8Array): number {
  const bytes = new Uint8Array(before.length + chunk.length);
  bytes.set(before, 0);
  bytes.set(chunk, before.length);
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const need = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (need === 0) break;
    let ok = i + need <= bytes.length;
    for (let k = 1; ok && k < need; k++) ok = (bytes[i + k] & 0xc0) === 0x80;
    if (!ok) break;
    i += need;
  }
  return i;
}
