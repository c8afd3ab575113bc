// Host-test entry for the capability tables (kernel/cap/): JS makes tables
// and test objects, then drives them by index through these exports and
// compares what it reads back with its own model.
import { errorName } from "../../../abi/errors";
import { kindName, rightsName, validRights } from "../../../abi/caps";
import { KernelObject } from "../../../kernel/cap/object";
import { Capability } from "../../../kernel/cap/capability";
import { CapTable, SLOTS, capError } from "../../../kernel/cap/table";
import { gcAllocations, gcCollect, gcLiveObjects } from "../../../kernel/heap/gc";

// Counts its destroy() calls and the capabilities it still had at each; may
// clear a table when destroyed, as a dying cell clears its own.
class TestObject extends KernelObject {
  destroyed: i32 = 0;
  capsAtDestroy: i32 = 0;
  clearsTable: i32 = -1;
  constructor(
    public id: i32,
    private k: u32,
  ) {
    super();
  }
  get kind(): u32 {
    return this.k;
  }
  destroy(): void {
    this.destroyed++;
    this.capsAtDestroy += this.caps;
    if (this.clearsTable >= 0) tables[this.clearsTable].clear();
  }
}

let tables = new Array<CapTable>();
let objects = new Array<TestObject>();
let kept: Capability | null = null;

export function reset(ntables: i32): void {
  tables = new Array<CapTable>();
  for (let i = 0; i < ntables; i++) tables.push(new CapTable(<u32>i));
  objects = new Array<TestObject>();
  kept = null;
}
export function newObject(kind: u32): i32 {
  objects.push(new TestObject(objects.length, kind));
  return objects.length - 1;
}
export function clearsOnDestroy(o: i32, t: i32): void {
  objects[o].clearsTable = t;
}
export function objCaps(o: i32): i32 {
  return objects[o].caps;
}
export function destroyed(o: i32): i32 {
  return objects[o].destroyed;
}
export function capsAtDestroy(o: i32): i32 {
  return objects[o].capsAtDestroy;
}

export function insertRoot(t: i32, o: i32, rights: u32): i64 {
  return tables[t].insertRoot(objects[o], rights);
}
export function insertRootAt(t: i32, slot: i32, o: i32, rights: u32): i64 {
  return tables[t].insertRootAt(slot, objects[o], rights);
}
export function copy(t: i32, slot: i64, mask: u32): i64 {
  return tables[t].copy(slot, mask);
}
export function copyTo(t: i32, slot: i64, mask: u32, dst: i32): i64 {
  return tables[t].copyTo(slot, mask, tables[dst]);
}
export function move(t: i32, slot: i64, dst: i32): i64 {
  return tables[t].move(slot, tables[dst]);
}
export function drop(t: i32, slot: i64): i64 {
  return tables[t].drop(slot);
}
export function revoke(t: i32, slot: i64): i64 {
  return tables[t].revoke(slot);
}
export function clear(t: i32): i32 {
  return tables[t].clear();
}
export function used(t: i32): i32 {
  return tables[t].used();
}

// The slot if the lookup succeeds, else capError.
export function lookup(t: i32, slot: i64, kind: u32, rights: u32): i64 {
  const cap = tables[t].lookup(slot, kind, rights);
  return cap === null ? capError : <i64>cap.slot;
}

// kind | rights << 8 | object << 16, or -1 for an empty (or out of range) slot.
export function info(t: i32, slot: i64): i64 {
  const cap = tables[t].get(slot);
  if (cap === null) return -1;
  return (<i64>cap.kind) | ((<i64>cap.rights) << 8) | ((<i64>(<TestObject>cap.object).id) << 16);
}

// "slot:kind:rights:object:parent" for each used slot, the parent as
// table.slot or "-" for an original, space separated.
export function dump(t: i32): string {
  let s = "";
  for (let i = 0; i < SLOTS; i++) {
    const cap = tables[t].get(i);
    if (cap === null) continue;
    const p = cap.parent;
    const ps = p === null ? "-" : p.table!.owner.toString() + "." + p.slot.toString();
    if (s.length > 0) s += " ";
    s += i.toString() + ":" + cap.kind.toString() + ":" + cap.rights.toString() + ":" + (<TestObject>cap.object).id.toString() + ":" + ps;
  }
  return s;
}

// The tree's own invariants, over every table: each capability knows its
// table and slot, rights within validRights, its parent is live and lists it
// once, its children point back, and every child listed is in some table.
// The number of violations (0 when sound).
export function checkTree(): i32 {
  let bad = 0;
  let live = 0;
  let listed = 0;
  for (let t = 0; t < tables.length; t++) {
    for (let i = 0; i < SLOTS; i++) {
      const cap = tables[t].get(i);
      if (cap === null) continue;
      live++;
      if (cap.table !== tables[t] || cap.slot != i) bad++;
      if ((cap.rights & ~validRights(cap.kind)) != 0) bad++;
      if (cap.kind != cap.object.kind) bad++;
      const p = cap.parent;
      if (p !== null) {
        if (p.table === null || p.object !== cap.object || (cap.rights & ~p.rights) != 0) bad++;
        let n = 0;
        for (let j = 0; j < p.children.length; j++) if (p.children[j] === cap) n++;
        if (n != 1) bad++;
      }
      for (let j = 0; j < cap.children.length; j++) {
        const c = cap.children[j];
        listed++;
        if (c.parent !== cap || c.table === null || c.table!.get(c.slot) !== c) bad++;
      }
    }
    if (tables[t].used() != countSlots(t)) bad++;
  }
  // Every child listed is one of the live capabilities with a parent.
  let withParent = 0;
  for (let t = 0; t < tables.length; t++)
    for (let i = 0; i < SLOTS; i++) {
      const cap = tables[t].get(i);
      if (cap !== null && cap.parent !== null) withParent++;
    }
  if (listed != withParent) bad++;
  return bad;
}
function countSlots(t: i32): i32 {
  let n = 0;
  for (let i = 0; i < SLOTS; i++) if (tables[t].get(i) !== null) n++;
  return n;
}

// A reference kept past the capability's deletion, as other kernel code might.
export function keep(t: i32, slot: i64): void {
  kept = tables[t].get(slot);
}
export function keptTable(): i32 {
  const k = kept!;
  return k.table === null ? -1 : <i32>k.table!.owner;
}
export function keptRights(): u32 {
  return kept!.rights;
}
export function keptHasParent(): bool {
  return kept!.parent !== null;
}

// Heap operations made by n lookups alternating a hit and each kind of miss.
export function lookupAllocations(t: i32, slot: i64, kind: u32, rights: u32, n: i32): u32 {
  const table = tables[t];
  const before = gcAllocations();
  let sink: i64 = 0;
  for (let i = 0; i < n; i++) {
    if (table.lookup(slot, kind, rights) !== null) sink++;
    if (table.lookup(slot, kind + 1, rights) === null) sink += capError;
    if (table.lookup(slot, kind, 0xffff_ffff) === null) sink += capError;
    if (table.lookup(<i64>i - 100, kind, rights) === null) sink += capError;
  }
  const used = gcAllocations() - before;
  return sink == 0x7fff_ffff ? 0 : used; // sink keeps the lookups from being optimised away
}

// Heap operations made by a copy and its drop: more than none.
export function copyAllocations(t: i32, slot: i64): u32 {
  const before = gcAllocations();
  tables[t].drop(tables[t].copy(slot, 0xffff_ffff));
  return gcAllocations() - before;
}

export function collect(): void {
  gcCollect();
}
export function liveObjects(): u32 {
  return gcLiveObjects();
}

export function nameOfError(e: i64): string {
  return errorName(e);
}
export function nameOfKind(kind: u32): string {
  return kindName(kind);
}
export function nameOfRights(kind: u32, rights: u32): string {
  return rightsName(kind, rights);
}
export function valid(kind: u32): u32 {
  return validRights(kind);
}
