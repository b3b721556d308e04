/**
 * `analyze dbscan --labels FILE.csv`: every selected incident's cluster, one `source_index,cluster`
 * line each (−1 = noise). Written as bytes, digit by digit: joining one string per incident took
 * ~45 ms of the 200k-incident run that `npm run bench -- cli` times beside scikit-learn (about a
 * tenth of it); this takes ~8 ms.
 */
const HEADER = 'source_index,cluster\n';
const COMMA = 0x2c;
const NEWLINE = 0x0a;
const MINUS = 0x2d;
const ZERO = 0x30;

/** Writes the whole number `v` at `at`; returns the position after it. */
function writeInt(out: Uint8Array, at: number, v: number): number {
  // Source indices and DBSCAN's labels are 32-bit integers; anything else is a bug, said as one.
  if ((v | 0) !== v) throw new Error(`labels: ${v} is not a 32-bit whole number`);
  if (v < 0) {
    out[at++] = MINUS;
    v = -v;
  }
  let digits = 1;
  for (let p = 10; p <= v; p *= 10) digits++;
  for (let k = at + digits - 1; k >= at; k--) {
    const q = (v / 10) | 0;
    out[k] = ZERO + v - 10 * q;
    v = q;
  }
  return at + digits;
}

export function clusterLabelsCsv(sourceIndex: readonly number[], cluster: readonly number[]): Buffer {
  if (sourceIndex.length !== cluster.length) throw new Error(`labels: ${sourceIndex.length} incidents but ${cluster.length} clusters`);
  // The longest line: two 11-character numbers (sign and ten digits), a comma and a newline.
  const out = new Uint8Array(HEADER.length + sourceIndex.length * 24);
  let at = 0;
  for (; at < HEADER.length; at++) out[at] = HEADER.charCodeAt(at);
  for (let i = 0; i < sourceIndex.length; i++) {
    at = writeInt(out, at, sourceIndex[i]);
    out[at++] = COMMA;
    at = writeInt(out, at, cluster[i]);
    out[at++] = NEWLINE;
  }
  return Buffer.from(out.buffer, 0, at);
}
