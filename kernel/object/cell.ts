// A cell: an isolated user program, the unit of isolation (Hubris's task).
// It has its own address space, capability table and one thread, and is
// the object a cell capability names: its supervisor reads its status,
// kills and restarts it. Its IPC state lives here while its thread waits.
import { KernelObject } from "../cap/object";
import { KIND_CELL } from "../../abi/caps";
import { CELL_RUNNING, CELL_EXITED, CELL_FAULTED, CELL_KILLED } from "../../abi/syscalls";
import { CapTable } from "../cap/table";
import { Thread, WaitQueue } from "../sched/thread";
import { TrustedBundle } from "../trust/verify";
import { AddressSpace } from "../cell/addrspace";
import { Notification } from "./notification";

// cell_status reports the first four; Starting is the kernel's own.
export const enum CellState {
  Running = CELL_RUNNING,
  Exited = CELL_EXITED,
  Faulted = CELL_FAULTED,
  Killed = CELL_KILLED,
  Starting = 4,
}

export class Cell extends KernelObject {
  state: CellState = CellState.Starting;
  code: i64 = 0; // exit code, or fault code (abi/traps.ts)
  reason: string = ""; // what the fault was, for people
  space: AddressSpace | null = null;
  thread: Thread | null = null;
  entry: u64 = 0;
  table: CapTable; // its capabilities
  template: CapTable; // what it was given at spawn: restart gives it again
  cpuNs: u64 = 0;
  budgetNs: u64 = 0; // 0: unlimited
  quota: u64 = 0; // pages
  objectPages: u64 = 0; // pages of memory objects it created (against the quota)
  killRequested: bool = false;
  restarts: u32 = 0;
  args: StaticArray<u8> = new StaticArray<u8>(0); // given at spawn (docs/syscalls.md, args)
  notify: Notification | null = null; // signalled (bit 0) when it ends
  // IPC: the message of a blocked send or call, the caller owed a reply,
  // and where this cell waits for its own reply.
  msgInfo: u64 = 0;
  msgWords: StaticArray<u64> = new StaticArray<u64>(4);
  msgIsCall: bool = false;
  msgCapSlot: i64 = 255;
  replyTo: Cell | null = null;
  replyWait: WaitQueue = new WaitQueue();

  constructor(
    public id: u32,
    public name: string,
    public image: TrustedBundle,
  ) {
    super();
    this.table = new CapTable(id);
    this.template = new CapTable(id);
  }

  get kind(): u32 {
    return KIND_CELL;
  }
  get alive(): bool {
    return this.state == CellState.Running || this.state == CellState.Starting;
  }

  stateName(): string {
    if (this.state == CellState.Running) return "running";
    if (this.state == CellState.Exited) return "exited";
    if (this.state == CellState.Faulted) return "faulted";
    if (this.state == CellState.Killed) return "killed";
    return "starting";
  }

  describe(): string {
    return this.name + " (" + this.stateName() + ")";
  }

  // Its last capability is gone. Once it has ended nobody can restart it or
  // ask about it again, so the kernel forgets it (a running cell is
  // forgotten when it ends: kernel/cell/lifecycle.ts end()).
  destroy(): void {
    if (!this.alive && this.thread === null) forgetCell(this);
  }
}

// The cell each thread runs, by thread id.
const byThread = new Array<Cell | null>();
export const cells = new Array<Cell>();

// Drops an ended cell no capability names from the list (kinfo's ps) and
// lets go of what it was given at spawn; else every cell ever started would
// stay in the kernel heap.
export function forgetCell(c: Cell): void {
  const i = cells.indexOf(c);
  if (i >= 0) cells.splice(i, 1);
  c.template.clear();
}

export function setCellOfThread(id: u32, c: Cell | null): void {
  while (<u32>byThread.length <= id) byThread.push(null);
  byThread[id] = c;
}

export function cellOfThread(id: u32): Cell | null {
  return id < <u32>byThread.length ? unchecked(byThread[id]) : null;
}
