// A capability: the right to use one object in some ways (kind, rights,
// object), held in one slot of one cell's table. It is also a node of the
// derivation tree: a copy is a child of what it was copied from, in whatever
// table it went to, so revoking a capability can reach every copy made of it
// (kernel/cap/derivation.ts).
import { KernelObject } from "./object";
import { CapTable } from "./table";

export class Capability {
  parent: Capability | null = null; // what it was copied from; null for an original
  children: Array<Capability> = new Array<Capability>(); // copies made from it
  // Where it sits. null once deleted, with rights 0: code that kept a
  // reference checks `cap.table !== null` before trusting it.
  table: CapTable | null = null;
  slot: i32 = -1;

  // kind is the object's, kept here so a lookup needs no virtual call.
  constructor(
    public kind: u32,
    public rights: u32,
    public object: KernelObject,
  ) {}
}
