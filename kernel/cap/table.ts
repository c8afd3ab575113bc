// A cell's capability table: SLOTS numbered slots, each empty or holding one
// capability. Cells name capabilities by slot in every system call, so
// `lookup` is on the IPC fast path: it neither allocates nor calls through
// the object. Errors are docs/syscalls.md's codes.
import { E_BADSLOT, E_BUSY, E_FULL, E_KIND, E_RIGHTS } from "../../abi/errors";
import { Capability } from "./capability";
import { adopt, deleteTree } from "./derivation";
import { validRights, CAP_SLOTS } from "../../abi/caps";
import { KernelObject } from "./object";

// abi/caps.ts's 64, so one u64 says which slots are in use.
export const SLOTS: i32 = <i32>CAP_SLOTS;

// Why the last lookup returned null: E_BADSLOT, E_KIND or E_RIGHTS.
export let capError: i64 = 0;

export class CapTable {
  private slots: StaticArray<Capability | null> = new StaticArray<Capability | null>(SLOTS);
  private inUse: u64 = 0; // bit i: slot i holds a capability

  constructor(public owner: u32 /* cell id */) {}

  // The capability in `slot`; null if the slot is empty or out of range (a
  // cell's number, so any i64).
  get(slot: i64): Capability | null {
    if (<u64>slot >= <u64>SLOTS) return null;
    return unchecked(this.slots[<i32>slot]);
  }

  // The capability in `slot` if it is of `kind` and holds every right in
  // `rights`; else null, with the reason in capError.
  lookup(slot: i64, kind: u32, rights: u32): Capability | null {
    const cap = this.get(slot);
    if (cap === null) {
      capError = E_BADSLOT;
      return null;
    }
    if (cap.kind != kind) {
      capError = E_KIND;
      return null;
    }
    if ((cap.rights & rights) != rights) {
      capError = E_RIGHTS;
      return null;
    }
    return cap;
  }

  // An original capability (no parent) in the lowest free slot: the slot, or
  // E_FULL. Rights the kind gives no meaning are dropped.
  insertRoot(obj: KernelObject, rights: u32): i64 {
    const slot = this.freeSlot();
    if (slot < 0) return E_FULL;
    return this.insertRootAt(slot, obj, rights);
  }

  // The same in a chosen slot (a new cell's initial capabilities): the slot,
  // E_BADSLOT out of range, E_BUSY if it is taken.
  insertRootAt(slot: i32, obj: KernelObject, rights: u32): i64 {
    if (<u32>slot >= <u32>SLOTS) return E_BADSLOT;
    if (unchecked(this.slots[slot]) !== null) return E_BUSY;
    const kind = obj.kind;
    if (validRights(kind) == 0) return E_KIND;
    this.place(new Capability(kind, rights & validRights(kind), obj), slot);
    obj.caps++;
    return slot;
  }

  // A child of the capability in `slot`, in this table's lowest free slot,
  // with no right its parent lacks: the new slot or an error.
  copy(slot: i64, mask: u32): i64 {
    return this.copyTo(slot, mask, this);
  }

  // The same into another cell's table (spawn hands a new cell copies), in
  // its lowest free slot or, given `to`, in that slot (which must be empty).
  copyTo(slot: i64, mask: u32, dst: CapTable, to: i32 = -1): i64 {
    const parent = this.get(slot);
    if (parent === null) return E_BADSLOT;
    const at = to >= 0 ? to : dst.freeSlot();
    if (at < 0) return E_FULL;
    if (at >= SLOTS) return E_BADSLOT;
    if (unchecked(dst.slots[at]) !== null) return E_BUSY;
    const kind = parent.kind;
    const child = new Capability(kind, parent.rights & mask & validRights(kind), parent.object);
    adopt(parent, child);
    dst.place(child, at);
    parent.object.caps++;
    return at;
  }

  // Transfer by IPC: the capability leaves `slot` for the lowest free slot
  // of `dst`, keeping its place in the derivation tree (whoever it was copied
  // from can still revoke it). The new slot, or an error with nothing
  // changed. Moving into the same table may land in the slot it left.
  move(slot: i64, dst: CapTable): i64 {
    const cap = this.get(slot);
    if (cap === null) return E_BADSLOT;
    const from = cap.slot;
    this.vacate(from);
    const at = dst.freeSlot();
    if (at < 0) {
      this.place(cap, from);
      return E_FULL;
    }
    dst.place(cap, at);
    return at;
  }

  // Delete the capability in `slot` and everything derived from it: how many
  // were deleted, or E_BADSLOT. Nothing brings it back.
  drop(slot: i64): i64 {
    const cap = this.get(slot);
    if (cap === null) return E_BADSLOT;
    return deleteTree(cap, false);
  }

  // Delete everything derived from the capability in `slot`, keeping it: how
  // many were deleted, or E_BADSLOT.
  revoke(slot: i64): i64 {
    const cap = this.get(slot);
    if (cap === null) return E_BADSLOT;
    return deleteTree(cap, true);
  }

  // A dying cell: delete every capability here and everything derived from
  // them, wherever it is. How many were deleted in all.
  clear(): i32 {
    let count = 0;
    for (let i = 0; i < SLOTS; i++) {
      const cap = unchecked(this.slots[i]);
      if (cap !== null) count += deleteTree(cap, false); // may empty later slots
    }
    return count;
  }

  used(): i32 {
    return <i32>popcnt(this.inUse);
  }

  // -1 when full.
  private freeSlot(): i32 {
    const free = ~this.inUse;
    return free == 0 ? -1 : <i32>ctz(free);
  }

  // Only for kernel/cap/: put `cap` in an empty slot.
  place(cap: Capability, slot: i32): void {
    unchecked((this.slots[slot] = cap));
    this.inUse |= (<u64>1) << slot;
    cap.table = this;
    cap.slot = slot;
  }

  // Only for kernel/cap/: empty a slot (the capability's own fields are the
  // caller's business).
  vacate(slot: i32): void {
    unchecked((this.slots[slot] = null));
    this.inUse &= ~((<u64>1) << slot);
  }
}
