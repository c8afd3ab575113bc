// The capability tables (kernel/cap/) against docs/syscalls.md: rights only
// ever shrink along a derivation, bad slots and wrong kinds or rights are
// refused, revoke and drop reach every copy in every table (also through
// moves and 1000-deep chains), a full table changes nothing, objects are
// destroyed exactly when their last capability goes, and thousands of random
// operations leave the tables exactly as a JS model of the same tree says.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadModule, type Loaded } from "./lib/fakehal.ts";
import * as errors from "../../abi/errors.ts";
import * as caps from "../../abi/caps.ts";

// The ABI's values (abi/, which tests/host/abi.test.ts holds to docs/syscalls.md);
// i64 results arrive in JS as bigints.
const E_BADSLOT = BigInt(errors.E_BADSLOT),
  E_KIND = BigInt(errors.E_KIND),
  E_RIGHTS = BigInt(errors.E_RIGHTS);
const E_FULL = BigInt(errors.E_FULL),
  E_BUSY = BigInt(errors.E_BUSY);
const SLOTS = caps.CAP_SLOTS;
const { KIND_ENDPOINT: ENDPOINT, KIND_NOTIFICATION: NOTIFICATION, KIND_MEMORY: MEMORY, KIND_CELL: CELL, KIND_CONSOLE: CONSOLE } = caps;
// Every kind, and the rights each may hold.
const KINDS = [
  caps.KIND_ENDPOINT,
  caps.KIND_NOTIFICATION,
  caps.KIND_MEMORY,
  caps.KIND_IRQ,
  caps.KIND_MMIO,
  caps.KIND_CELL,
  caps.KIND_CONSOLE,
  caps.KIND_KINFO,
  caps.KIND_INITRD,
];
const VALID: Record<number, number> = Object.fromEntries(KINDS.map((k) => [k, caps.validRights(k)]));
const BAD_SLOTS = [-1n, 64n, 65n, 255n, 1n << 32n, (1n << 32n) + 3n, (1n << 63n) - 1n, -(1n << 63n)];

let m: Loaded;
async function fresh(ntables: number): Promise<any> {
  m ??= await loadModule("caps");
  m.exports.reset(ntables);
  return m.exports;
}
const dumpOf = (x: any, t: number): string => m.str(x.dump(t));

test("names of errors, kinds and rights", async () => {
  const x = await fresh(0);
  for (const [name, code] of Object.entries(errors)) {
    if (name.startsWith("E_")) assert.equal(m.str(x.nameOfError(BigInt(code as number))), name);
  }
  assert.equal(m.str(x.nameOfError(0n)), "ok");
  assert.equal(m.str(x.nameOfError(7n)), "ok");
  assert.equal(m.str(x.nameOfError(-13n)), "E_-13");
  assert.equal(m.str(x.nameOfError(-(1n << 32n) - 4n)), "E_-4294967300", "no truncation to E_RIGHTS");
  const kinds = ["endpoint", "notification", "memory", "irq", "mmio", "cell", "console", "kinfo", "initrd"];
  kinds.forEach((name, i) => assert.equal(m.str(x.nameOfKind(i + 1)), name));
  for (const k of [0, ...KINDS, 10, 100]) assert.equal(x.valid(k), VALID[k] ?? 0, `validRights(${k})`);
  const rights: [number, number, string][] = [
    [1, 0b01011, "recv,send,grant"],
    [2, 3, "wait,signal"],
    [3, 0b01111, "read,write,exec,grant"],
    [4, 3, "wait,ack"],
    [5, 3, "read,write"],
    [6, 0b10010, "control,spawn"],
    [7, 2, "write"],
    [8, 1, "read"],
    [1, 0, "none"],
    [1, 4, "0x4"],
    [7, 0x23, "read,write,0x20"],
    [6, 1, "0x1"],
  ];
  for (const [k, r, s] of rights) assert.equal(m.str(x.nameOfRights(k, r)), s, `rightsName(${k}, ${r})`);
});

test("derived rights never exceed the parent's: every kind, parent and mask", async () => {
  const x = await fresh(2);
  const masks = [...Array(32).keys(), 0xffffffff, 0xffffffe0, 0x80000000, 0x7fffffff];
  for (const kind of KINDS) {
    const o = x.newObject(kind);
    for (let asked = 0; asked < 32; asked++) {
      assert.equal(x.insertRoot(0, o, asked | 0xffffffe0), 0n);
      const p = asked & VALID[kind];
      assert.equal(Number(x.info(0, 0n) >> 8n) & 0xff, p, "an original holds only the kind's rights");
      for (const mask of masks) {
        const s = x.copyTo(0, 0n, mask, 1);
        assert.equal(s, 0n);
        const c = Number(x.info(1, s) >> 8n) & 0xff;
        assert.equal(c, p & mask & VALID[kind], `kind ${kind} parent ${p} mask ${mask}`);
        assert.equal(c & ~p, 0, "a right the parent lacks");
        // The child's own copy with every right asked gains nothing either.
        const g = x.copy(1, s, 0xffffffff);
        assert.equal(Number(x.info(1, g) >> 8n) & 0xff, c);
        // And lookups agree: each right it holds passes, each other one fails.
        for (let bit = 1; bit < 32; bit <<= 1) {
          const want: bigint = (c & bit) !== 0 ? s : E_RIGHTS;
          assert.equal(x.lookup(1, s, kind, bit), want, `lookup kind ${kind} rights ${c} bit ${bit}`);
        }
        assert.equal(x.drop(1, s), 2n);
      }
      assert.equal(x.drop(0, 0n), 1n);
    }
    assert.equal(x.destroyed(o), 32, "each original was the object's last capability when dropped");
  }
  assert.equal(x.checkTree(), 0);
});

test("empty and out-of-range slots, wrong kinds, missing rights", async () => {
  const x = await fresh(2);
  const ep = x.newObject(ENDPOINT);
  assert.equal(x.insertRoot(0, ep, 0b1011), 0n);
  assert.equal(x.insertRoot(0, ep, 0b0001), 1n);
  for (const s of [...BAD_SLOTS, 2n, 63n]) {
    assert.equal(x.copy(0, s, 0xff), E_BADSLOT, `copy ${s}`);
    assert.equal(x.copyTo(0, s, 0xff, 1), E_BADSLOT, `copyTo ${s}`);
    assert.equal(x.move(0, s, 1), E_BADSLOT, `move ${s}`);
    assert.equal(x.drop(0, s), E_BADSLOT, `drop ${s}`);
    assert.equal(x.revoke(0, s), E_BADSLOT, `revoke ${s}`);
    assert.equal(x.lookup(0, s, ENDPOINT, 0), E_BADSLOT, `lookup ${s}`);
    assert.equal(x.info(0, s), -1n);
  }
  assert.equal(x.lookup(0, 0n, ENDPOINT, 0b1011), 0n);
  assert.equal(x.lookup(0, 0n, NOTIFICATION, 0), E_KIND);
  assert.equal(x.lookup(0, 0n, MEMORY, 1), E_KIND, "the kind is checked before the rights");
  assert.equal(x.lookup(0, 1n, ENDPOINT, 1), 1n);
  assert.equal(x.lookup(0, 1n, ENDPOINT, 2), E_RIGHTS);
  assert.equal(x.lookup(0, 1n, ENDPOINT, 3), E_RIGHTS, "all rights asked, not any");
  assert.equal(x.lookup(0, 0n, ENDPOINT, 16), E_RIGHTS, "a right endpoints never hold");
  // Choosing the slot: out of range, taken, an object of no known kind.
  assert.equal(x.insertRootAt(0, 64, ep, 1), E_BADSLOT);
  assert.equal(x.insertRootAt(0, -1, ep, 1), E_BADSLOT);
  assert.equal(x.insertRootAt(0, 1, ep, 1), E_BUSY);
  assert.equal(x.insertRootAt(0, 40, ep, 3), 40n);
  assert.equal(x.insertRoot(0, x.newObject(0), 1), E_KIND);
  assert.equal(x.insertRoot(0, x.newObject(10), 1), E_KIND);
  assert.equal(x.used(0), 3);
  assert.equal(x.used(1), 0);
  assert.equal(x.objCaps(ep), 3);
  assert.equal(x.checkTree(), 0);
});

test("lookup does not allocate, hit or miss", async () => {
  const x = await fresh(1);
  const ep = x.newObject(ENDPOINT);
  assert.equal(x.insertRootAt(0, 5, ep, 0b1011), 5n);
  assert.equal(x.lookupAllocations(0, 5n, ENDPOINT, 2, 10_000), 0);
  assert.ok(x.copyAllocations(0, 5n) > 0, "the counter does see allocations");
});

test("revoke removes children and grandchildren in other tables, keeps the slot", async () => {
  const x = await fresh(4);
  const ep = x.newObject(ENDPOINT);
  assert.equal(x.insertRootAt(0, 3, ep, 0b1011), 3n);
  const c1 = x.copyTo(0, 3n, 0b1011, 1); // child in table 1
  const c2 = x.copy(0, 3n, 0b0001); // child in table 0
  const g1 = x.copyTo(1, c1, 0b0011, 2); // grandchild in table 2
  const g2 = x.copyTo(1, c1, 0b1000, 3); // grandchild in table 3
  const gg = x.copyTo(2, g1, 0b0010, 3); // great-grandchild in table 3
  const s1 = x.copyTo(0, c2, 0b0001, 2); // under the other child
  assert.equal(x.objCaps(ep), 7);
  // Revoking a middle capability takes only its own subtree.
  assert.equal(x.revoke(1, c1), 3n);
  assert.equal(x.info(1, c1) & 0xffffn, BigInt(ENDPOINT | (0b1011 << 8)), "the revoked slot stays, rights intact");
  for (const [t, s] of [
    [2, g1],
    [3, g2],
    [3, gg],
  ] as const)
    assert.equal(x.info(t, s), -1n);
  assert.equal(x.info(2, s1) & 0xffn, BigInt(ENDPOINT), "a cousin survives");
  assert.equal(x.objCaps(ep), 4);
  // Revoking the original takes everything else.
  assert.equal(x.copyTo(1, c1, 0b0001, 3), 0n);
  assert.equal(x.revoke(0, 3n), 4n);
  assert.equal(x.info(0, 3n), BigInt(ENDPOINT | (0b1011 << 8)));
  assert.equal(x.lookup(0, 3n, ENDPOINT, 0b1011), 3n);
  for (let t = 1; t < 4; t++) assert.equal(x.used(t), 0);
  assert.equal(x.used(0), 1);
  assert.equal(x.objCaps(ep), 1);
  assert.equal(x.destroyed(ep), 0);
  assert.equal(x.revoke(0, 3n), 0n, "nothing left to revoke");
  assert.equal(x.checkTree(), 0);
});

test("drop removes the capability and its descendants for good", async () => {
  const x = await fresh(3);
  const con = x.newObject(CONSOLE);
  assert.equal(x.insertRoot(0, con, 3), 0n);
  const mid = x.copyTo(0, 0n, 3, 1);
  const leaf = x.copyTo(1, mid, 2, 2);
  const other = x.copyTo(0, 0n, 1, 2);
  x.keep(1, mid);
  assert.equal(x.keptTable(), 1);
  assert.equal(x.drop(1, mid), 2n);
  assert.equal(x.info(1, mid), -1n);
  assert.equal(x.info(2, leaf), -1n);
  assert.equal(x.info(2, other) & 0xffn, BigInt(CONSOLE), "a sibling survives");
  assert.equal(x.keptTable(), -1, "a kept reference is marked dead");
  assert.equal(x.keptRights(), 0);
  assert.equal(x.keptHasParent(), 0);
  // The whole tree from the original: nothing brings it back.
  x.keep(0, 0n);
  assert.equal(x.drop(0, 0n), 2n);
  assert.equal(x.info(0, 0n), -1n);
  assert.equal(x.copy(0, 0n, 3), E_BADSLOT);
  assert.equal(x.copyTo(0, 0n, 3, 1), E_BADSLOT);
  assert.equal(x.lookup(0, 0n, CONSOLE, 2), E_BADSLOT);
  assert.equal(x.revoke(0, 0n), E_BADSLOT);
  assert.equal(x.drop(0, 0n), E_BADSLOT);
  assert.equal(x.move(0, 0n, 1), E_BADSLOT);
  for (let t = 0; t < 3; t++) assert.equal(x.used(t), 0);
  assert.equal(x.objCaps(con), 0);
  assert.equal(x.destroyed(con), 1);
  // A new capability in the same slot is a new one; the old stays dead.
  assert.equal(x.insertRoot(0, x.newObject(ENDPOINT), 1), 0n);
  assert.equal(x.keptTable(), -1);
  assert.equal(x.keptRights(), 0);
  assert.equal(x.lookup(0, 0n, CONSOLE, 0), E_KIND);
  assert.equal(x.checkTree(), 0);
});

test("a full table: copy, copyTo, move and insertRoot fail with nothing changed", async () => {
  const x = await fresh(3);
  const mem = x.newObject(MEMORY);
  const ep = x.newObject(ENDPOINT);
  assert.equal(x.insertRoot(0, ep, 0b1011), 0n);
  for (let i = 0; i < SLOTS; i++) assert.equal(x.insertRoot(1, mem, 0b1111), BigInt(i));
  assert.equal(x.used(1), SLOTS);
  const before = [0, 1, 2].map((t) => dumpOf(x, t));
  const caps = [x.objCaps(mem), x.objCaps(ep)];
  assert.equal(x.copyTo(0, 0n, 0xff, 1), E_FULL);
  assert.equal(x.move(0, 0n, 1), E_FULL);
  assert.equal(x.copy(1, 5n, 0xff), E_FULL);
  assert.equal(x.insertRoot(1, ep, 1), E_FULL);
  assert.deepEqual(
    [0, 1, 2].map((t) => dumpOf(x, t)),
    before,
  );
  assert.deepEqual([x.objCaps(mem), x.objCaps(ep)], caps);
  assert.equal(x.used(0), 1);
  assert.equal(x.used(1), SLOTS);
  assert.equal(x.revoke(0, 0n), 0n, "the failed copy left no child behind");
  assert.equal(x.checkTree(), 0);
  // A move within the full table lands where it was; into another, the lowest free slot.
  assert.equal(x.move(1, 17n, 1), 17n);
  assert.equal(x.move(1, 17n, 2), 0n);
  assert.equal(x.move(1, 40n, 1), 17n, "a move into its own table takes the lowest free slot");
  assert.equal(x.move(0, 0n, 1), 40n);
  assert.equal(x.used(0), 0);
  assert.equal(x.checkTree(), 0);
});

test("a moved capability keeps its derivation link", async () => {
  const x = await fresh(4);
  const ep = x.newObject(ENDPOINT);
  assert.equal(x.insertRoot(0, ep, 0b1011), 0n);
  const c = x.copyTo(0, 0n, 0b1011, 1);
  x.insertRoot(2, x.newObject(CONSOLE), 3); // so the move lands in slot 1
  const moved = x.move(1, c, 2);
  assert.equal(moved, 1n);
  assert.equal(x.info(1, c), -1n);
  assert.equal(m.str(x.dump(2)).split(" ")[1], "1:1:11:0:0.0", "its parent is still table 0's slot 0");
  const g = x.copyTo(2, moved, 0b0011, 3);
  // The original parent moves too; revoking it where it now sits still reaches both.
  const root = x.move(0, 0n, 3);
  assert.equal(x.revoke(3, root), 2n);
  assert.equal(x.info(2, moved), -1n);
  assert.equal(x.info(3, g), -1n);
  assert.equal(x.objCaps(ep), 1);
  // Dropping a moved parent works from its new table as well.
  const c2 = x.copyTo(3, root, 1, 0);
  assert.equal(x.move(3, root, 1), 0n);
  assert.equal(x.drop(1, 0n), 2n);
  assert.equal(x.info(0, c2), -1n);
  assert.equal(x.destroyed(ep), 1);
  assert.equal(x.checkTree(), 0);
});

test("destroy runs exactly once, when the last capability goes", async () => {
  const x = await fresh(4);
  const n = x.newObject(NOTIFICATION);
  assert.equal(x.insertRoot(0, n, 3), 0n);
  assert.equal(x.insertRoot(1, n, 3), 0n); // a second original
  const a = x.copyTo(0, 0n, 3, 2);
  const b = x.copyTo(2, a, 1, 3);
  assert.equal(x.objCaps(n), 4);
  assert.equal(x.revoke(0, 0n), 2n);
  assert.equal(x.destroyed(n), 0);
  assert.equal(x.drop(0, 0n), 1n);
  assert.equal(x.destroyed(n), 0, "one capability is left");
  assert.equal(x.objCaps(n), 1);
  const c = x.copyTo(1, 0n, 3, 3);
  assert.equal(x.move(1, 0n, 2), 0n);
  assert.equal(x.drop(3, c), 1n);
  assert.equal(x.destroyed(n), 0);
  assert.equal(x.drop(2, 0n), 1n);
  assert.equal(x.destroyed(n), 1);
  assert.equal(x.capsAtDestroy(n), 0);
  for (let t = 0; t < 4; t++) x.clear(t);
  assert.equal(x.destroyed(n), 1);
  void b;
  // Through clear: two objects, copies spread over tables, one table cleared.
  const e1 = x.newObject(ENDPOINT),
    e2 = x.newObject(MEMORY);
  x.insertRoot(0, e1, 0xff);
  x.insertRoot(0, e2, 0xff);
  x.insertRoot(1, e2, 0xff);
  x.copyTo(0, 0n, 0xff, 1);
  x.copyTo(0, 1n, 0xff, 2);
  assert.equal(x.clear(0), 4);
  assert.equal(x.destroyed(e1), 1);
  assert.equal(x.destroyed(e2), 0);
  assert.equal(x.clear(1), 1);
  assert.equal(x.destroyed(e2), 1);
  assert.equal(x.capsAtDestroy(e1) + x.capsAtDestroy(e2), 0);
  assert.equal(x.checkTree(), 0);
});

test("a destroy that clears a table (a dying cell) runs with the tables consistent", async () => {
  const x = await fresh(4);
  const cell = x.newObject(CELL);
  const ep = x.newObject(ENDPOINT);
  x.clearsOnDestroy(cell, 1); // table 1 is that cell's own
  assert.equal(x.insertRoot(0, cell, 0x12), 0n);
  assert.equal(x.copyTo(0, 0n, 0x02, 1), 0n); // the cell holds a cap to itself
  assert.equal(x.insertRoot(0, ep, 0b1011), 1n);
  assert.equal(x.copyTo(0, 1n, 0b1011, 1), 1n);
  assert.equal(x.copyTo(1, 1n, 0b0010, 2), 0n); // derived from the cell's copy
  assert.equal(x.insertRoot(1, x.newObject(CONSOLE), 3), 2n);
  // Dropping the parent's cell capability deletes the cell's copy too: the
  // cell object is destroyed, and clears its table, reaching table 2.
  assert.equal(x.drop(0, 0n), 2n);
  assert.equal(x.destroyed(cell), 1);
  assert.equal(x.capsAtDestroy(cell), 0);
  for (const t of [1, 2]) assert.equal(x.used(t), 0);
  assert.equal(x.objCaps(ep), 1);
  assert.equal(x.destroyed(ep), 0);
  assert.equal(x.checkTree(), 0);
});

test("1000-deep and 100000-deep derivation chains across tables, revoked and dropped", async () => {
  for (const depth of [1000, 100_000]) {
    const ntables = Math.ceil(depth / (SLOTS - 1)) + 1;
    const x = await fresh(ntables);
    const mem = x.newObject(MEMORY);
    assert.equal(x.insertRoot(0, mem, 0b1111), 0n);
    // Level i in table i % ntables, so the chain crosses tables at every step.
    let t = 0,
      s = 0n;
    for (let i = 1; i < depth; i++) {
      const d = i % ntables;
      s = x.copyTo(t, s, 0xff, d);
      assert.ok(s >= 0n, `level ${i}: ${s}`);
      t = d;
    }
    assert.equal(x.objCaps(mem), depth);
    // Revoke from a point a few levels down, then the rest from the top.
    const t3 = 3 % ntables;
    assert.equal(x.revoke(t3, 0n), BigInt(depth - 4));
    assert.equal(x.objCaps(mem), 4);
    assert.equal(x.checkTree(), 0);
    assert.equal(x.revoke(0, 0n), 3n);
    assert.equal(x.destroyed(mem), 0);
    // Again, dropped from the top, and once more with clear.
    t = 0;
    s = 0n;
    for (let i = 1; i < depth; i++) {
      const d = i % ntables;
      s = x.copyTo(t, s, 0xff, d);
      t = d;
    }
    assert.equal(x.drop(0, 0n), BigInt(depth));
    assert.equal(x.destroyed(mem), 1);
    assert.equal(x.insertRoot(0, mem, 1), 0n);
    t = 0;
    s = 0n;
    for (let i = 1; i < depth; i++) {
      const d = i % ntables;
      s = x.copyTo(t, s, 0xff, d);
      t = d;
    }
    assert.equal(x.clear(0), depth);
    assert.equal(x.destroyed(mem), 2);
    assert.equal(x.checkTree(), 0);
  }
});

// ---- a model of the same tree, and random operations checked against it ----

class MObj {
  caps = 0;
  destroyed = 0;
  constructor(
    public id: number,
    public kind: number,
  ) {}
}
class MCap {
  children: MCap[] = [];
  table = -1;
  slot = -1;
  constructor(
    public kind: number,
    public rights: number,
    public obj: MObj,
    public parent: MCap | null,
  ) {}
}

class Model {
  tables: (MCap | null)[][];
  objs: MObj[] = [];
  constructor(n: number) {
    this.tables = Array.from({ length: n }, () => new Array<MCap | null>(SLOTS).fill(null));
  }
  get(t: number, s: bigint): MCap | null {
    return s < 0n || s >= BigInt(SLOTS) ? null : this.tables[t][Number(s)];
  }
  free(t: number): number {
    return this.tables[t].indexOf(null);
  }
  place(c: MCap, t: number, s: number): void {
    this.tables[t][s] = c;
    c.table = t;
    c.slot = s;
  }
  insertRoot(t: number, o: number, rights: number): bigint {
    const s = this.free(t);
    if (s < 0) return E_FULL;
    const obj = this.objs[o];
    this.place(new MCap(obj.kind, rights & VALID[obj.kind], obj, null), t, s);
    obj.caps++;
    return BigInt(s);
  }
  copyTo(t: number, s: bigint, mask: number, d: number): bigint {
    const p = this.get(t, s);
    if (!p) return E_BADSLOT;
    const at = this.free(d);
    if (at < 0) return E_FULL;
    const c = new MCap(p.kind, p.rights & mask & VALID[p.kind], p.obj, p);
    p.children.push(c);
    this.place(c, d, at);
    p.obj.caps++;
    return BigInt(at);
  }
  move(t: number, s: bigint, d: number): bigint {
    const c = this.get(t, s);
    if (!c) return E_BADSLOT;
    this.tables[t][c.slot] = null;
    const at = this.free(d);
    if (at < 0) {
      this.tables[t][c.slot] = c;
      return E_FULL;
    }
    this.place(c, d, at);
    return BigInt(at);
  }
  private erase(c: MCap, keep: boolean): number {
    let n = 0;
    for (const ch of c.children) n += this.erase(ch, false);
    c.children = [];
    if (!keep) {
      this.tables[c.table][c.slot] = null;
      if (--c.obj.caps === 0) c.obj.destroyed++;
      n++;
    }
    return n;
  }
  drop(t: number, s: bigint): bigint {
    const c = this.get(t, s);
    if (!c) return E_BADSLOT;
    if (c.parent) c.parent.children.splice(c.parent.children.indexOf(c), 1);
    return BigInt(this.erase(c, false));
  }
  revoke(t: number, s: bigint): bigint {
    const c = this.get(t, s);
    return c ? BigInt(this.erase(c, true)) : E_BADSLOT;
  }
  clear(t: number): number {
    let n = 0;
    for (let i = 0; i < SLOTS; i++) if (this.tables[t][i]) n += Number(this.drop(t, BigInt(i)));
    return n;
  }
  dump(t: number): string {
    const out: string[] = [];
    this.tables[t].forEach((c, i) => {
      if (c) out.push(`${i}:${c.kind}:${c.rights}:${c.obj.id}:${c.parent ? `${c.parent.table}.${c.parent.slot}` : "-"}`);
    });
    return out.join(" ");
  }
}

function rng(seed: number): () => number {
  return () => {
    // mulberry32
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test("random operations over 4 tables and 5 objects agree with a model after every step", async () => {
  const NTABLES = 4,
    NOBJECTS = 5,
    STEPS = 4000,
    SEEDS = [1, 2, 3, 4, 5];
  const x = await fresh(0);
  x.collect();
  const baseline = x.liveObjects();
  const seen = new Map<string, number>();
  for (const seed of SEEDS) {
    const r = rng(seed);
    const pick = <T>(a: T[]): T => a[Math.floor(r() * a.length)];
    x.reset(NTABLES);
    const model = new Model(NTABLES);
    const pool: number[] = []; // objects with no destroy yet
    const newObject = (): number => {
      const kind = pick(KINDS);
      const id = x.newObject(kind);
      model.objs.push(new MObj(id, kind));
      assert.equal(id, model.objs.length - 1);
      return id;
    };
    for (let i = 0; i < NOBJECTS; i++) pool.push(newObject());
    // Mostly a used slot of the table; sometimes an empty or impossible one.
    const slotIn = (t: number): bigint => {
      const usedSlots = model.tables[t].flatMap((c, i) => (c ? [i] : []));
      if (usedSlots.length > 0 && r() < 0.9) return BigInt(pick(usedSlots));
      return pick([...BAD_SLOTS, BigInt(Math.floor(r() * SLOTS))]);
    };
    const mask = (): number => (r() < 0.1 ? 0xffffffff : Math.floor(r() * 32));
    for (let step = 0; step < STEPS; step++) {
      const t = Math.floor(r() * NTABLES),
        d = Math.floor(r() * NTABLES);
      // Alternate phases: one where deletions are rare and the tables fill
      // up, one that empties them again.
      const filling = step % 1000 < 500;
      const op = filling ? r() * 0.75 : r();
      let what: string, got: bigint | number, want: bigint | number;
      if (op < 0.14) {
        const o = pick(pool),
          rights = Math.floor(r() * 32);
        what = `insertRoot(${t}, obj ${o}, ${rights})`;
        got = x.insertRoot(t, o, rights);
        want = model.insertRoot(t, o, rights);
      } else if (op < 0.34) {
        const s = slotIn(t),
          k = mask();
        what = `copy(${t}, ${s}, ${k})`;
        got = x.copy(t, s, k);
        want = model.copyTo(t, s, k, t);
      } else if (op < 0.56) {
        const s = slotIn(t),
          k = mask();
        what = `copyTo(${t}, ${s}, ${k}, ${d})`;
        got = x.copyTo(t, s, k, d);
        want = model.copyTo(t, s, k, d);
      } else if (op < 0.72) {
        const s = slotIn(t);
        what = `move(${t}, ${s}, ${d})`;
        got = x.move(t, s, d);
        want = model.move(t, s, d);
      } else if (op < 0.85) {
        const s = slotIn(t);
        what = `drop(${t}, ${s})`;
        got = x.drop(t, s);
        want = model.drop(t, s);
      } else if (op < 0.97) {
        const s = slotIn(t);
        what = `revoke(${t}, ${s})`;
        got = x.revoke(t, s);
        want = model.revoke(t, s);
      } else {
        what = `clear(${t})`;
        got = x.clear(t);
        want = model.clear(t);
      }
      const where = `seed ${seed} step ${step}: ${what}`;
      assert.equal(got, want, where);
      const outcome = `${what.split("(")[0]} ${typeof got === "bigint" && got < 0n ? got : "ok"}`;
      seen.set(outcome, (seen.get(outcome) ?? 0) + 1);
      for (let i = 0; i < NTABLES; i++) {
        assert.equal(dumpOf(x, i), model.dump(i), `${where}: table ${i}`);
        assert.equal(x.used(i), model.tables[i].filter((c) => c).length, `${where}: used(${i})`);
      }
      for (const o of model.objs) {
        assert.equal(x.objCaps(o.id), o.caps, `${where}: caps of object ${o.id}`);
        assert.equal(x.destroyed(o.id), o.destroyed, `${where}: destroy calls of object ${o.id}`);
      }
      assert.equal(x.checkTree(), 0, `${where}: tree invariants`);
      // A destroyed object is replaced by a fresh one.
      for (let i = 0; i < pool.length; i++) if (model.objs[pool[i]].destroyed > 0) pool[i] = newObject();
    }
    for (const o of model.objs) assert.equal(x.capsAtDestroy(o.id), 0);
  }
  // Every operation met each of its outcomes.
  const want = [
    "insertRoot ok",
    "insertRoot -8",
    "copy ok",
    "copy -2",
    "copy -8",
    "copyTo ok",
    "copyTo -2",
    "copyTo -8",
    "move ok",
    "move -2",
    "move -8",
    "drop ok",
    "drop -2",
    "revoke ok",
    "revoke -2",
    "clear ok",
  ];
  for (const w of want) assert.ok((seen.get(w) ?? 0) > 0, `no "${w}" in ${[...seen.entries()].join(" ")}`);
  // Nothing is kept alive once the tables are gone (xv6's countfree, for the heap).
  x.reset(0);
  x.collect();
  assert.equal(x.liveObjects(), baseline, "live objects back to the baseline");
});
