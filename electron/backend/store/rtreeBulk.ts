/**
 * Bulk-loads the features R*Tree. SQLite's rtree inserts one entry at a time (choose-subtree,
 * splits, forced reinsertion): about 10 µs an entry, i.e. 10 s for a million imported points —
 * more than all the rest of an import. Packing the whole tree at once with Sort-Tile-Recursive
 * (Leutenegger et al. 1997) and writing the three shadow tables directly takes a fraction of
 * that, and gives a better tree (full nodes, little overlap).
 *
 * The shadow-table format is SQLite's own (ext/rtree/rtree.c), all big-endian:
 *   %_node(nodeno, data): data = [u16 depth (root only)][u16 cell count] then cells of
 *     [i64 rowid or child nodeno][f32 min0][f32 max0][f32 min1][f32 max1], zero-padded to the
 *     tree's node size (the length of the root's blob); node 1 is the root.
 *   %_rowid(rowid, nodeno): the leaf holding each entry;  %_parent(nodeno, parentnode).
 * Coordinates are rounded outwards to float32 exactly as rtreeValueDown/Up do. Tests check the
 * result with SQLite's rtreecheck() and against a scan.
 */
import type Database from 'better-sqlite3';

const CELL_BYTES = 8 + 4 * 4;
const RND_TOWARDS = 1 - 1 / 8388608;
const RND_AWAY = 1 + 1 / 8388608;

/** float32 not above d (SQLite's rtreeValueDown). */
export function f32Down(d: number): number {
  const f = Math.fround(d);
  return f > d ? Math.fround(d * (d < 0 ? RND_AWAY : RND_TOWARDS)) : f;
}

/** float32 not below d (SQLite's rtreeValueUp). */
export function f32Up(d: number): number {
  const f = Math.fround(d);
  return f < d ? Math.fround(d * (d < 0 ? RND_TOWARDS : RND_AWAY)) : f;
}

interface Boxes {
  n: number;
  id: Float64Array;
  minX: Float32Array;
  maxX: Float32Array;
  minY: Float32Array;
  maxY: Float32Array;
}

function allocBoxes(n: number): Boxes {
  return {
    n,
    id: new Float64Array(n),
    minX: new Float32Array(n),
    maxX: new Float32Array(n),
    minY: new Float32Array(n),
    maxY: new Float32Array(n),
  };
}

/**
 * Groups items 0..n-1 into nodes of at most `cap` (STR: x-sorted vertical slices, y-sorted
 * within a slice). Node sizes within a slice are even, so no node is left nearly empty.
 */
function strGroups(b: Boxes, cap: number): Uint32Array[] {
  const n = b.n;
  const cx = new Float64Array(n);
  const cy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    cx[i] = b.minX[i] + b.maxX[i];
    cy[i] = b.minY[i] + b.maxY[i];
  }
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  sortByKey(order, cx);
  const leaves = Math.ceil(n / cap);
  const slices = Math.ceil(Math.sqrt(leaves));
  const perSlice = Math.ceil(n / slices);
  const groups: Uint32Array[] = [];
  for (let s = 0; s < n; s += perSlice) {
    const slice = order.subarray(s, Math.min(n, s + perSlice));
    sortByKey(slice, cy);
    const k = Math.ceil(slice.length / cap);
    for (let g = 0; g < k; g++) {
      groups.push(slice.subarray(Math.floor((g * slice.length) / k), Math.floor(((g + 1) * slice.length) / k)));
    }
  }
  return groups;
}

const POS_BITS = 25;
const POS_SCALE = 2 ** POS_BITS;
const KEY_STEPS = 2 ** (53 - POS_BITS) - 1;

/**
 * Sorts the item numbers in `items` (in place) by key[item], to within 1/2^28 of the key range —
 * plenty for STR, which only needs nearby boxes together. Why not items.sort((a, b) => key[a] -
 * key[b]): a JS comparator over a million items took about 0.5 s per sort, and a repack sorts
 * twice; packing (quantised key, position) into one float64 and sorting a Float64Array natively
 * takes a fraction of that.
 */
function sortByKey(items: Uint32Array, key: Float64Array): void {
  const m = items.length;
  if (m < 2) return;
  if (m >= POS_SCALE) {
    items.sort((a, c) => key[a] - key[c]);
    return;
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (let j = 0; j < m; j++) {
    const v = key[items[j]];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const scale = hi > lo ? KEY_STEPS / (hi - lo) : 0;
  const packed = new Float64Array(m);
  for (let j = 0; j < m; j++) packed[j] = Math.floor((key[items[j]] - lo) * scale) * POS_SCALE + j;
  packed.sort();
  const copy = items.slice();
  for (let j = 0; j < m; j++) items[j] = copy[packed[j] % POS_SCALE];
}

function writeCell(dv: DataView, at: number, id: number, b: Boxes, i: number): void {
  dv.setUint32(at, Math.floor(id / 4294967296));
  dv.setUint32(at + 4, id >>> 0);
  dv.setFloat32(at + 8, b.minX[i]);
  dv.setFloat32(at + 12, b.maxX[i]);
  dv.setFloat32(at + 16, b.minY[i]);
  dv.setFloat32(at + 20, b.maxY[i]);
}

/**
 * Rebuilds `table` (an rtree over (id, min_lon, max_lon, min_lat, max_lat)) from its current
 * entries plus new points given as (id, lon, lat) triples, inside the caller's transaction.
 * The writer hands the points over from memory: reading a million rows back costs more.
 */
export function rebuildRtreeWithPoints(db: Database.Database, points: Float64Array, table = 'features_rtree'): number {
  const nodeSize = (db.prepare(`SELECT length(data) AS n FROM "${table}_node" WHERE nodeno = 1`).get() as { n: number }).n;
  const cap = Math.floor((nodeSize - 4) / CELL_BYTES);
  const existing = (db.prepare(`SELECT count(*) AS n FROM "${table}_rowid"`).get() as { n: number }).n;
  const adding = points.length / 3;
  const b = allocBoxes(existing + adding);
  let k = 0;
  // In id order, so that with the new points (higher ids, ascending) the %_rowid rows go in
  // ascending order without a sort.
  for (const r of db.prepare(`SELECT id, min_lon, max_lon, min_lat, max_lat FROM "${table}" ORDER BY id`).raw(true).iterate() as Iterable<number[]>) {
    b.id[k] = r[0];
    b.minX[k] = r[1];
    b.maxX[k] = r[2];
    b.minY[k] = r[3];
    b.maxY[k] = r[4];
    k++;
  }
  for (let j = 0; j < points.length; j += 3) {
    b.id[k] = points[j];
    b.minX[k] = f32Down(points[j + 1]);
    b.maxX[k] = f32Up(points[j + 1]);
    b.minY[k] = f32Down(points[j + 2]);
    b.maxY[k] = f32Up(points[j + 2]);
    k++;
  }
  b.n = k;

  // Pack level by level. Each level's boxes are the next level's items; node numbers are given
  // top-down at the end so the root is 1.
  interface Level {
    groups: Uint32Array[];
    items: Boxes;
  }
  const levels: Level[] = [];
  let items = b;
  for (;;) {
    const groups = items.n <= cap ? [Uint32Array.from({ length: items.n }, (_, i) => i)] : strGroups(items, cap);
    levels.push({ groups, items });
    if (groups.length === 1) break;
    const up = allocBoxes(groups.length);
    groups.forEach((g, j) => {
      let x0 = Infinity;
      let x1 = -Infinity;
      let y0 = Infinity;
      let y1 = -Infinity;
      for (const i of g) {
        if (items.minX[i] < x0) x0 = items.minX[i];
        if (items.maxX[i] > x1) x1 = items.maxX[i];
        if (items.minY[i] < y0) y0 = items.minY[i];
        if (items.maxY[i] > y1) y1 = items.maxY[i];
      }
      up.minX[j] = x0;
      up.maxX[j] = x1;
      up.minY[j] = y0;
      up.maxY[j] = y1;
    });
    items = up;
  }

  // Node numbers: root 1, then each level from the top.
  const nodeNo: Float64Array[] = levels.map((l) => new Float64Array(l.groups.length));
  let next = 1;
  for (let li = levels.length - 1; li >= 0; li--) for (let g = 0; g < levels[li].groups.length; g++) nodeNo[li][g] = next++;
  const depth = levels.length - 1;

  db.unsafeMode(true);
  try {
    db.prepare(`DELETE FROM "${table}_node"`).run();
    db.prepare(`DELETE FROM "${table}_rowid"`).run();
    db.prepare(`DELETE FROM "${table}_parent"`).run();
    const insNode = db.prepare(`INSERT INTO "${table}_node" (nodeno, data) VALUES (?, ?)`);
    const insParent = db.prepare(`INSERT INTO "${table}_parent" (nodeno, parentnode) VALUES (?, ?)`);
    const leafOf = new Float64Array(b.n);
    for (let li = 0; li < levels.length; li++) {
      const { groups } = levels[li];
      for (let g = 0; g < groups.length; g++) {
        const buf = Buffer.alloc(nodeSize);
        const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
        const me = nodeNo[li][g];
        if (me === 1) dv.setUint16(0, depth);
        dv.setUint16(2, groups[g].length);
        let at = 4;
        for (const i of groups[g]) {
          if (li === 0) {
            writeCell(dv, at, b.id[i], b, i);
            leafOf[i] = me;
          } else {
            writeCell(dv, at, nodeNo[li - 1][i], levels[li].items, i);
            insParent.run(nodeNo[li - 1][i], me);
          }
          at += CELL_BYTES;
        }
        insNode.run(me, buf);
      }
    }
    // Rowids in ascending order append to the b-tree instead of splitting pages at random.
    const order = new Uint32Array(b.n);
    let ascending = true;
    for (let i = 0; i < b.n; i++) {
      order[i] = i;
      if (i > 0 && b.id[i] < b.id[i - 1]) ascending = false;
    }
    if (!ascending) order.sort((x, y) => b.id[x] - b.id[y]);
    const ROWS = 256;
    const many = db.prepare(`INSERT INTO "${table}_rowid" (rowid, nodeno) VALUES ${Array(ROWS).fill('(?, ?)').join(', ')}`);
    const one = db.prepare(`INSERT INTO "${table}_rowid" (rowid, nodeno) VALUES (?, ?)`);
    const params: number[] = new Array(ROWS * 2);
    let i = 0;
    for (; i + ROWS <= b.n; i += ROWS) {
      for (let r = 0; r < ROWS; r++) {
        const e = order[i + r];
        params[2 * r] = b.id[e];
        params[2 * r + 1] = leafOf[e];
      }
      many.run(params);
    }
    for (; i < b.n; i++) one.run(b.id[order[i]], leafOf[order[i]]);
  } finally {
    db.unsafeMode(false);
  }
  return b.n;
}
