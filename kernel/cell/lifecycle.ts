// Cells are born and end here. A cell's thread runs the cell until it traps
// (kernel/syscall/trap.ts): a system call is served and the cell resumed; an
// interrupt may preempt it; any fault ends the cell alone. Whatever ends a
// cell (exit, fault, its CPU budget, a kill), its thread tears it down itself
// (end): back on the kernel's page tables, every frame returned, its
// capabilities deleted (and what was derived from them), the ledger told,
// its supervisor signalled. The kernel goes on.
import { println } from "../console";
import { FrameAllocator } from "../mm/frames";
import { PageTable } from "../mm/pagetable";
import { spawn, exitThread, currentThread, interrupt, wakeThread, schedError } from "../sched/sched";
import { thisCpu } from "../cpu/cpu";
import { userResult } from "../../hal/user";
import { setPageTable } from "../../hal/mmu";
import { record, verification } from "../trust/boot";
import { TrustedBundle } from "../trust/verify";
import { KIND_CELL as BUNDLE_CELL, ARCH_X86_64, ARCH_RISCV64 } from "../trust/bundle";
import { ptr } from "../trust/bytes";
import { E_NOENT, E_REFUSED, E_NOMEM, E_GONE, E_FULL, E_BUSY } from "../../abi/errors";
import { NO_SLOT, CAP_SLOTS } from "../../abi/caps";
import { faultResult } from "../../abi/traps";
import { CapTable } from "../cap/table";
import { Cell, CellState, cells, setCellOfThread, forgetCell } from "../object/cell";
import { Notification } from "../object/notification";
import { AddressSpace, spaceError } from "./addrspace";
import { loadImage, loadError } from "./loader";
import { EM_X86_64, EM_RISCV } from "./elf";

export const DEFAULT_QUOTA: u64 = 4096; // pages (16 MiB)
const CELL_PRIORITY: i32 = 1;

let frames: FrameAllocator | null = null;
let kernelPt: PageTable | null = null;
let archCode: u8 = 0;
let machine: u32 = 0;
let nextId: u32 = 1;
// What every cell's thread runs: kernel/syscall/trap.ts's loop, which serves
// the cell's traps (given here, so that this file needs no system calls).
let cellThread: () => void = (): void => {};

// `arch` is the platform's: cell images must be bundles for it, ELF files
// for its machine. `userMemoryGuard` says, for the log, how the CPU keeps
// the kernel's own accesses out of cell memory.
export function initCells(f: FrameAllocator, pt: PageTable, arch: string, userMemoryGuard: string, thread: () => void): void {
  frames = f;
  kernelPt = pt;
  const x86 = arch == "x86_64";
  archCode = x86 ? ARCH_X86_64 : ARCH_RISCV64;
  machine = x86 ? EM_X86_64 : EM_RISCV;
  cellThread = thread;
  println("cpu: " + userMemoryGuard + "; the kernel reaches cell memory through the direct map only");
}

export function cellFrames(): FrameAllocator {
  return frames!;
}
export function kernelTable(): PageTable {
  return kernelPt!;
}

// The verified cell image of that name for this architecture.
export function findImage(name: string): TrustedBundle | null {
  const bs = verification.bundles;
  for (let i = 0; i < bs.length; i++) {
    const b = bs[i].bundle;
    if (b.kind == BUNDLE_CELL && b.arch == archCode && b.name == name) return bs[i];
  }
  return null;
}

export let spawnError: string = "";

// A new cell from a verified image; its capabilities are copies of `give`
// (slots of `from`), in order. Returns the cell, or null with spawnError
// and spawnCode (an error code) set.
export let spawnCode: i64 = 0;
export function spawnCell(
  name: string,
  from: CapTable | null,
  give: Array<i64>,
  notify: Notification | null,
  budgetMs: u64,
  quota: u64,
  args: StaticArray<u8>,
): Cell | null {
  const image = findImage(name);
  if (image === null) return refuse(E_NOENT, "no verified cell image named '" + name + "'");
  const cell = new Cell(nextId++, name, image);
  cell.notify = notify;
  cell.budgetNs = budgetMs * 1_000_000;
  cell.quota = quota;
  cell.args = args;
  if (from !== null) {
    for (let i = 0; i < give.length; i++) {
      if (give[i] == <i64>NO_SLOT) continue; // the new cell's slot i stays empty
      const r = from.copyTo(give[i], 0xffff_ffff, cell.template, i);
      if (r < 0) {
        cell.template.clear();
        return refuse(r, "cannot give slot " + give[i].toString() + " (error " + r.toString() + ")");
      }
    }
  }
  const r = start(cell);
  if (r < 0) {
    cell.template.clear();
    return refuse(r, spawnError);
  }
  cells.push(cell);
  return cell;
}

function refuse(code: i64, why: string): Cell | null {
  spawnCode = code;
  spawnError = why;
  return null;
}

// (Re)start: a fresh address space from the image, the capabilities of the
// template, a new thread. 0 or an error code, with spawnError.
export function start(cell: Cell): i64 {
  const space = AddressSpace.create(kernelPt!, cell.quota);
  if (space === null) {
    spawnError = spaceError;
    return E_NOMEM;
  }
  const entry = loadImage(space, cell.image, machine);
  if (entry == 0) {
    space.destroy();
    spawnError = loadError;
    println("cell: refused " + cell.name + ": " + loadError);
    record("cell-refused", ptr(cell.image.bundle.cid), "bad-elf");
    return E_REFUSED;
  }
  cell.table.clear();
  for (let i: i32 = 0; i < <i32>CAP_SLOTS; i++) {
    if (cell.template.get(i) === null) continue;
    const r = cell.template.copyTo(i, 0xffff_ffff, cell.table, i);
    if (r < 0) {
      space.destroy();
      spawnError = "cannot copy the cell's capabilities";
      return r;
    }
  }
  const t = spawn("cell:" + cell.name, cellThread, CELL_PRIORITY);
  if (t === null) {
    space.destroy();
    cell.table.clear();
    spawnError = schedError;
    return E_FULL;
  }
  cell.space = space;
  cell.entry = entry;
  cell.thread = t;
  cell.state = CellState.Running;
  cell.killRequested = false;
  cell.cpuNs = 0;
  cell.code = 0;
  cell.reason = "";
  t.root = space.root;
  setCellOfThread(t.id, cell);
  println("cell: started " + cell.name + " (cell " + cell.id.toString() + ", thread " + t.id.toString() + ")");
  record("cell-start", ptr(cell.image.bundle.cid), "ok");
  return 0;
}

// The cell's own requests to end (exit, a reported wasm trap) and its faults.
export function exitCell(cell: Cell, code: i64): void {
  if (!cell.alive) return;
  cell.state = CellState.Exited;
  cell.code = code;
  cell.killRequested = true;
}

export function fault(cell: Cell, code: u32, why: string): void {
  if (!cell.alive) return;
  cell.state = CellState.Faulted;
  cell.code = code;
  cell.reason = why;
  cell.killRequested = true;
}

// Ask a cell to end; its thread does the rest where it is.
export function killCell(cell: Cell): void {
  if (!cell.alive) return;
  cell.state = CellState.Killed;
  cell.killRequested = true;
  const t = cell.thread;
  if (t !== null && t !== currentThread()) interrupt(t);
}

// On the cell's own thread: tear it down and end the thread.
export function end(cell: Cell): void {
  const t = currentThread();
  const c = thisCpu();
  setPageTable(kernelPt!.root);
  c.loadedRoot = kernelPt!.root;
  t.root = 0;
  // A caller waiting for this cell's reply gets E_GONE.
  const caller = cell.replyTo;
  cell.replyTo = null;
  if (caller !== null && caller.thread !== null) {
    userResult(caller.thread!.id, 0, <u64>E_GONE);
    wakeThread(caller.thread!);
  }
  cell.table.clear();
  cell.space!.destroy();
  cell.space = null;
  setCellOfThread(t.id, null);
  let result = "exit-" + cell.code.toString();
  if (cell.state == CellState.Exited) {
    println("cell: " + cell.name + " exited with code " + cell.code.toString());
  } else if (cell.state == CellState.Faulted) {
    println("cell: " + cell.name + " faulted: " + cell.reason + "; killed, the kernel goes on");
    result = faultResult(<u32>cell.code);
  } else {
    println("cell: " + cell.name + " killed");
    result = "killed";
  }
  record(
    cell.state == CellState.Exited ? "cell-exit" : cell.state == CellState.Faulted ? "cell-fault" : "cell-kill",
    ptr(cell.image.bundle.cid),
    result.length > 32 ? "exit" : result,
  );
  // Only now has it ended for cell_status and cell_restart: its
  // supervisor, told at once, finds every frame and slot back and the
  // lines above already out.
  cell.thread = null;
  if (cell.notify !== null) cell.notify!.signal(1);
  if (cell.caps == 0) forgetCell(cell); // nobody holds it: nobody will ask
  exitThread();
}

// Start a cell that ended again, with what it was given at spawn.
export function restartCell(cell: Cell): i64 {
  if (cell.alive || cell.thread !== null) return E_BUSY; // not ended, or still tearing down
  cell.restarts++;
  return start(cell);
}
