/**
 * `analyze dbscan --labels FILE.csv`: every selected incident's cluster, one `source_index,cluster`
 * line each (−1 = noise). Written as bytes, digit by digit: joining one string per incident took
 * ~15 ms of the 200k-incident run that `npm run bench -- cli` times beside scikit-learn (about a
 * twentieth of it); this takes ~2 ms.
 */
const HEADER = 'source_index,cluster\n';
const COMMA = 0x2c;
const NEWLINE = 0x0a;
const MINUS = 0x2d;
const ZERO = 0x30;

/** Writes the integer `v` at `at`; returns the position after it. */
function writeInt(out: Buffer, at: number, v: number): number {
  if (v < 0) {
    out[at++] = MINUS;
    v = -v;
  }
  let digits = 1;
  for (let p = 10; p <= v; p *= 10) digits++;
  for (let k = at + digits - 1; k >= at; k--) {
    out[k] = ZERO + (v % 10);
    v = Math.floor(v / 10);
  }
  return at + digits;
}

export function clusterLabelsCsv(sourceIndex: readonly number[], cluster: readonly number[]): Buffer {
  if (sourceIndex.length !== cluster.length) throw new Error(`labels: ${sourceIndex.length} incidents but ${cluster.length} clusters`);
  // Both are whole numbers from the store and DBSCAN; anything else is a bug, said as one.
  for (const list of [sourceIndex, cluster]) {
    for (const v of list) if (!Number.isSafeInteger(v)) throw new Error(`labels: ${v} is not a whole number`);
  }
  // The longest line: two 16-digit numbers with signs, a comma and a newline.
  const out = Buffer.allocUnsafe(HEADER.length + sourceIndex.length * 36);
  let at = out.write(HEADER, 0, 'latin1');
  for (let i = 0; i < sourceIndex.length; i++) {
    at = writeInt(out, at, sourceIndex[i]);
    out[at++] = COMMA;
    at = writeInt(out, at, cluster[i]);
    out[at++] = NEWLINE;
  }
  return out.subarray(0, at);
}
