// The system calls of docs/syscalls.md for cells written in TS: the raw
// imports (cells/rt/start.c), every number, error, kind and right, and one
// typed wrapper per call. Wrappers return r0: negative is an error code.

// One system call; r0 is the result, r1-r5 of the same call come from sysResult.
@external("sys", "call") export declare function sysCall(n: u32, a0: u64, a1: u64, a2: u64, a3: u64, a4: u64, a5: u64): i64;
// The same with a full 64-bit call number, for the fuzzer (cells/fuzz).
@external("sys", "call_raw") export declare function sysCallRaw(n: u64, a0: u64, a1: u64, a2: u64, a3: u64, a4: u64, a5: u64): i64;
// r0-r5 of the last call (i = 0..5).
@external("sys", "result") export declare function sysResult(i: u32): u64;
// Grows the linear memory by n wasm pages without mapping them: old size in pages, or -1.
@external("sys", "reserve") declare function sysReserve(n: u32): i32;
// A u32 of the linear memory read with acquire / written with release order,
// for memory shared between cells (wasm2c 1.0.32 cannot translate wasm atomics).
@external("sys", "load_acquire") export declare function loadAcquire(off: usize): u32;
@external("sys", "store_release") export declare function storeRelease(off: usize, v: u32): void;
// A CPU fault made in C (cells/rt/start.c), for the fault-isolation tests:
// 1 null read, 2 write to own text, 3 execute data, 4 illegal instruction.
@external("sys", "fault") export declare function sysFault(kind: u32): void;

// cells/rt/start.c places the linear memory here: a TS pointer p is the
// address MEM_BASE + p for the kernel.
export const MEM_BASE: u64 = 0x1_0000_0000;
export const PAGE: u32 = 4096;
@inline export function addr(p: usize): u64 { return MEM_BASE + <u64>p; }

export const SYS_EXIT: u32 = 0, SYS_YIELD: u32 = 1, SYS_SLEEP: u32 = 2, SYS_MAP: u32 = 3, SYS_UNMAP: u32 = 4,
  SYS_MEM_CREATE: u32 = 5, SYS_SEND: u32 = 6, SYS_RECV: u32 = 7, SYS_CALL: u32 = 8, SYS_REPLY: u32 = 9,
  SYS_REPLY_RECV: u32 = 10, SYS_NOTIFY: u32 = 11, SYS_WAIT: u32 = 12, SYS_POLL: u32 = 13, SYS_CAP_COPY: u32 = 14,
  SYS_CAP_DROP: u32 = 15, SYS_CAP_REVOKE: u32 = 16, SYS_CAP_INFO: u32 = 17, SYS_SPAWN: u32 = 18,
  SYS_CELL_STATUS: u32 = 19, SYS_CELL_KILL: u32 = 20, SYS_CELL_RESTART: u32 = 21, SYS_CONSOLE_WRITE: u32 = 22,
  SYS_CONSOLE_READ: u32 = 23, SYS_KINFO: u32 = 24, SYS_TIME: u32 = 25, SYS_TRAP: u32 = 26, SYS_IRQ_WAIT: u32 = 27,
  SYS_IRQ_ACK: u32 = 28, SYS_NOTIFY_CREATE: u32 = 29, SYS_ENDPOINT_CREATE: u32 = 30,
  SYS_FILE_READ: u32 = 31, SYS_ARGS: u32 = 32;

export const E_NOSYS: i64 = -1, E_BADSLOT: i64 = -2, E_KIND: i64 = -3, E_RIGHTS: i64 = -4, E_FAULT: i64 = -5,
  E_INVAL: i64 = -6, E_NOMEM: i64 = -7, E_FULL: i64 = -8, E_GONE: i64 = -9, E_NOENT: i64 = -10,
  E_REFUSED: i64 = -11, E_BUSY: i64 = -12;

export const K_ENDPOINT: u32 = 1, K_NOTIFICATION: u32 = 2, K_MEMORY: u32 = 3, K_IRQ: u32 = 4, K_MMIO: u32 = 5,
  K_CELL: u32 = 6, K_CONSOLE: u32 = 7, K_KINFO: u32 = 8, K_INITRD: u32 = 9;

export const R_READ: u32 = 1, R_RECV: u32 = 1, R_WAIT: u32 = 1, R_WRITE: u32 = 2, R_SEND: u32 = 2,
  R_SIGNAL: u32 = 2, R_ACK: u32 = 2, R_CONTROL: u32 = 2, R_EXEC: u32 = 4, R_GRANT: u32 = 8, R_SPAWN: u32 = 16;

export const PROT_READ: u32 = 1, PROT_WRITE: u32 = 2, PROT_EXEC: u32 = 4;
export const ANON: u32 = 0xffffffff; // map: fresh anonymous frames
export const NO_SLOT: u32 = 255;     // IPC info and spawn: no capability
export const CELL_RUNNING: i64 = 0, CELL_EXITED: i64 = 1, CELL_FAULTED: i64 = 2, CELL_KILLED: i64 = 3;
export const KINFO_CELLS: u32 = 0, KINFO_MEMORY: u32 = 1, KINFO_LEDGER: u32 = 2, KINFO_COUNTERS: u32 = 3;
export const TRAP_ABORT: u32 = 100; // cells/rt/start.c: AS abort(); wasm's own traps are 1-8

export function errorName(code: i64): string {
  switch (<i32>code) {
    case -1: return "E_NOSYS"; case -2: return "E_BADSLOT"; case -3: return "E_KIND";
    case -4: return "E_RIGHTS"; case -5: return "E_FAULT"; case -6: return "E_INVAL";
    case -7: return "E_NOMEM"; case -8: return "E_FULL"; case -9: return "E_GONE";
    case -10: return "E_NOENT"; case -11: return "E_REFUSED"; case -12: return "E_BUSY";
  }
  return code >= 0 ? "ok" : "E_UNKNOWN";
}

// IPC info word: label (bits 0-15), capability slot (16-23), wants a reply (24).
@inline export function info(label: u32, capSlot: u32 = NO_SLOT): u64 { return <u64>(label & 0xffff | (capSlot & 0xff) << 16); }
@inline export function infoLabel(info: u64): u32 { return <u32>info & 0xffff; }
@inline export function infoSlot(info: u64): u32 { return <u32>(info >> 16) & 0xff; }
@inline export function infoWantsReply(info: u64): bool { return (info >> 24 & 1) != 0; }

// A received message. Reuse one (`msg`) in loops: filling it allocates nothing.
export class Msg { info: u64 = 0; w0: u64 = 0; w1: u64 = 0; w2: u64 = 0; w3: u64 = 0; }
export const msg = new Msg();
function received(r: i64, m: Msg): i64 {
  if (r >= 0) { m.info = sysResult(1); m.w0 = sysResult(2); m.w1 = sysResult(3); m.w2 = sysResult(4); m.w3 = sysResult(5); }
  return r;
}

function sys0(n: u32): i64 { return sysCall(n, 0, 0, 0, 0, 0, 0); }
function sys1(n: u32, a: u64): i64 { return sysCall(n, a, 0, 0, 0, 0, 0); }
function sys2(n: u32, a: u64, b: u64): i64 { return sysCall(n, a, b, 0, 0, 0, 0); }

export function exit(code: i32): void { sys1(SYS_EXIT, <u64>code); unreachable(); }
export function yield_(): i64 { return sys0(SYS_YIELD); }
export function sleep(ns: u64): i64 { return sys1(SYS_SLEEP, ns); }
export function map(slot: u32, va: u64, pages: u32, prot: u32): i64 { return sysCall(SYS_MAP, slot, va, pages, prot, 0, 0); }
export function unmap(va: u64, pages: u32): i64 { return sys2(SYS_UNMAP, va, pages); }
export function memCreate(pages: u32): i64 { return sys1(SYS_MEM_CREATE, pages); }
export function send(ep: u32, info: u64, w0: u64 = 0, w1: u64 = 0, w2: u64 = 0, w3: u64 = 0): i64 { return sysCall(SYS_SEND, ep, info, w0, w1, w2, w3); }
export function recv(ep: u32, m: Msg = msg): i64 { return received(sys1(SYS_RECV, ep), m); }
export function call(ep: u32, info: u64, w0: u64 = 0, w1: u64 = 0, w2: u64 = 0, w3: u64 = 0, m: Msg = msg): i64 {
  return received(sysCall(SYS_CALL, ep, info, w0, w1, w2, w3), m);
}
export function reply(info: u64, w0: u64 = 0, w1: u64 = 0, w2: u64 = 0, w3: u64 = 0): i64 { return sysCall(SYS_REPLY, info, w0, w1, w2, w3, 0); }
export function replyRecv(ep: u32, info: u64, w0: u64 = 0, w1: u64 = 0, w2: u64 = 0, w3: u64 = 0, m: Msg = msg): i64 {
  return received(sysCall(SYS_REPLY_RECV, ep, info, w0, w1, w2, w3), m);
}
export function notify(slot: u32, bits: u64): i64 { return sys2(SYS_NOTIFY, slot, bits); }
export function wait(slot: u32): i64 { return sys1(SYS_WAIT, slot); }
export function poll(slot: u32): i64 { return sys1(SYS_POLL, slot); }
export function capCopy(slot: u32, rights: u32): i64 { return sys2(SYS_CAP_COPY, slot, rights); }
export function capDrop(slot: u32): i64 { return sys1(SYS_CAP_DROP, slot); }
export function capRevoke(slot: u32): i64 { return sys1(SYS_CAP_REVOKE, slot); }
// kind | rights << 8, 0 for an empty slot.
export function capInfo(slot: u32): i64 { return sys1(SYS_CAP_INFO, slot); }

// Starts the verified initrd cell `name` with copies of `caps` in its slots
// 0..; notifySlot (NO_SLOT: none) gets bit 0 when it ends; `args` are what
// it reads with args(). A new cell slot, or an error.
const spawnArgs = memory.data(48, 8);
export function spawn(cell: u32, name: string, caps: Array<u32>, notifySlot: u32 = NO_SLOT, budgetMs: u32 = 0, args: string = ""): i64 {
  const n = String.UTF8.encode(name);
  const a = String.UTF8.encode(args);
  store<u64>(spawnArgs, addr(changetype<usize>(n)));
  store<u32>(spawnArgs, n.byteLength, 8);
  store<u32>(spawnArgs, caps.length, 12);
  store<u64>(spawnArgs, addr(caps.dataStart), 16);
  store<u32>(spawnArgs, notifySlot, 24);
  store<u32>(spawnArgs, budgetMs, 28);
  store<u64>(spawnArgs, addr(changetype<usize>(a)), 32);
  store<u32>(spawnArgs, a.byteLength, 40);
  store<u32>(spawnArgs, 0, 44);
  return sys2(SYS_SPAWN, cell, addr(spawnArgs));
}

// This cell's arguments (the spawner's; init: the kernel's command line).
export function args(): string {
  const len = <i32>sys2(SYS_ARGS, 0, 0);
  if (len <= 0) return "";
  const buf = new ArrayBuffer(len);
  sys2(SYS_ARGS, addr(changetype<usize>(buf)), <u64>len);
  return String.UTF8.decode(buf);
}
// The state (CELL_RUNNING...); sysResult(1) is then the exit or fault code.
export function cellStatus(cell: u32): i64 { return sys1(SYS_CELL_STATUS, cell); }
export function cellKill(cell: u32): i64 { return sys1(SYS_CELL_KILL, cell); }
export function cellRestart(cell: u32): i64 { return sys1(SYS_CELL_RESTART, cell); }
export function consoleWrite(slot: u32, ptr: usize, len: usize): i64 { return sysCall(SYS_CONSOLE_WRITE, slot, addr(ptr), len, 0, 0, 0); }
export function consoleRead(slot: u32, ptr: usize, len: usize): i64 { return sysCall(SYS_CONSOLE_READ, slot, addr(ptr), len, 0, 0, 0); }
export function kinfo(slot: u32, what: u32, ptr: usize, len: usize): i64 { return sysCall(SYS_KINFO, slot, what, addr(ptr), len, 0, 0); }
export function time(): i64 { return sys0(SYS_TIME); }
export function trap(code: u32): void { sys1(SYS_TRAP, code); unreachable(); }
export function irqWait(slot: u32): i64 { return sys1(SYS_IRQ_WAIT, slot); }
export function irqAck(slot: u32): i64 { return sys1(SYS_IRQ_ACK, slot); }
export function notifyCreate(): i64 { return sys0(SYS_NOTIFY_CREATE); }
export function endpointCreate(): i64 { return sys0(SYS_ENDPOINT_CREATE); }
// Bytes of the initrd file `name` from `offset` into [ptr, ptr + len): how many, 0 at its end.
export function fileRead(slot: u32, name: string, offset: u64, ptr: usize, len: usize): i64 {
  const n = String.UTF8.encode(name);
  return sysCall(SYS_FILE_READ, slot, addr(changetype<usize>(n)), n.byteLength, offset, addr(ptr), len);
}

// Maps the memory capability `slot` (exactly `pages` pages) read-write inside
// the linear memory, so TS can reach it: its offset there, or an error. The
// rest of the wasm pages it takes stays ordinary anonymous memory.
export function mapShared(slot: u32, pages: u32): i64 {
  const wasmPages = (pages + 15) >> 4;
  const old = sysReserve(wasmPages);
  if (old < 0) return E_NOMEM;
  const off = <usize>old << 16;
  const tail = (wasmPages << 4) - pages;
  let r = map(slot, addr(off), pages, PROT_READ | PROT_WRITE);
  if (r < 0) map(ANON, addr(off), pages, PROT_READ | PROT_WRITE); // keep every page in bounds mapped
  if (tail > 0) map(ANON, addr(off + <usize>pages * PAGE), tail, PROT_READ | PROT_WRITE);
  return r < 0 ? r : <i64>off;
}
