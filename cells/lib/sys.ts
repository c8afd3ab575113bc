// The system calls of docs/syscalls.md for cells written in TS: the raw
// imports (cells/rt/start.c), the ABI re-exported from abi/, and one typed
// wrapper per call. Wrappers return r0: negative is an error code.

// One system call; r0 is the result, r1-r5 of the same call come from sysResult.
@external("sys", "call") export declare function sysCall(n: u32, a0: u64, a1: u64, a2: u64, a3: u64, a4: u64, a5: u64): i64;
// The same with a full 64-bit call number, for the fuzzers (cells/tests/fuzz, usertests).
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

// The ABI (abi/, the kernel's own copy): every call number and argument
// value, error, kind and right, slot, the info word and the address space.
export * from "../../abi/syscalls";
export * from "../../abi/errors";
export * from "../../abi/caps";
export * from "../../abi/ipc";
export * from "../../abi/memory";
export * from "../../abi/slots";
export * from "../../abi/traps";
import {
  SYS_EXIT,
  SYS_YIELD,
  SYS_SLEEP,
  SYS_MAP,
  SYS_UNMAP,
  SYS_MEM_CREATE,
  SYS_SEND,
  SYS_RECV,
  SYS_CALL,
  SYS_REPLY,
  SYS_REPLY_RECV,
  SYS_NOTIFY,
  SYS_WAIT,
  SYS_POLL,
  SYS_CAP_COPY,
  SYS_CAP_DROP,
  SYS_CAP_REVOKE,
  SYS_CAP_INFO,
  SYS_SPAWN,
  SYS_CELL_STATUS,
  SYS_CELL_KILL,
  SYS_CELL_RESTART,
  SYS_CONSOLE_WRITE,
  SYS_CONSOLE_READ,
  SYS_KINFO,
  SYS_TIME,
  SYS_TRAP,
  SYS_IRQ_WAIT,
  SYS_IRQ_ACK,
  SYS_NOTIFY_CREATE,
  SYS_ENDPOINT_CREATE,
  SYS_FILE_READ,
  SYS_ARGS,
  MAP_ANON,
  PROT_READ,
  PROT_WRITE,
  SPAWN_BLOCK_SIZE,
  SPAWN_NAME_PTR,
  SPAWN_NAME_LEN,
  SPAWN_NCAPS,
  SPAWN_CAPS_PTR,
  SPAWN_NOTIFY_SLOT,
  SPAWN_BUDGET_MS,
  SPAWN_ARGS_PTR,
  SPAWN_ARGS_LEN,
  SPAWN_RESERVED,
} from "../../abi/syscalls";
import { E_NOMEM } from "../../abi/errors";
import { NO_SLOT } from "../../abi/caps";
import { LINEAR_BASE, PAGE_SIZE } from "../../abi/memory";

// cells/rt/start.c places the linear memory at LINEAR_BASE: a TS pointer p
// is the address LINEAR_BASE + p for the kernel.
@inline export function addr(p: usize): u64 {
  return LINEAR_BASE + <u64>p;
}

// A received message. Reuse one (`msg`) in loops: filling it allocates nothing.
export class Msg {
  info: u64 = 0;
  w0: u64 = 0;
  w1: u64 = 0;
  w2: u64 = 0;
  w3: u64 = 0;
}
export const msg = new Msg();
function received(r: i64, m: Msg): i64 {
  if (r >= 0) {
    m.info = sysResult(1);
    m.w0 = sysResult(2);
    m.w1 = sysResult(3);
    m.w2 = sysResult(4);
    m.w3 = sysResult(5);
  }
  return r;
}

function sys0(n: u32): i64 {
  return sysCall(n, 0, 0, 0, 0, 0, 0);
}
function sys1(n: u32, a: u64): i64 {
  return sysCall(n, a, 0, 0, 0, 0, 0);
}
function sys2(n: u32, a: u64, b: u64): i64 {
  return sysCall(n, a, b, 0, 0, 0, 0);
}

export function exit(code: i32): void {
  sys1(SYS_EXIT, <u64>code);
  unreachable();
}
export function yield_(): i64 {
  return sys0(SYS_YIELD);
}
export function sleep(ns: u64): i64 {
  return sys1(SYS_SLEEP, ns);
}
export function map(slot: u32, va: u64, pages: u32, prot: u32): i64 {
  return sysCall(SYS_MAP, slot, va, pages, prot, 0, 0);
}
export function unmap(va: u64, pages: u32): i64 {
  return sys2(SYS_UNMAP, va, pages);
}
export function memCreate(pages: u32): i64 {
  return sys1(SYS_MEM_CREATE, pages);
}
export function send(ep: u32, info: u64, w0: u64 = 0, w1: u64 = 0, w2: u64 = 0, w3: u64 = 0): i64 {
  return sysCall(SYS_SEND, ep, info, w0, w1, w2, w3);
}
export function recv(ep: u32, m: Msg = msg): i64 {
  return received(sys1(SYS_RECV, ep), m);
}
export function call(ep: u32, info: u64, w0: u64 = 0, w1: u64 = 0, w2: u64 = 0, w3: u64 = 0, m: Msg = msg): i64 {
  return received(sysCall(SYS_CALL, ep, info, w0, w1, w2, w3), m);
}
export function reply(info: u64, w0: u64 = 0, w1: u64 = 0, w2: u64 = 0, w3: u64 = 0): i64 {
  return sysCall(SYS_REPLY, info, w0, w1, w2, w3, 0);
}
export function replyRecv(ep: u32, info: u64, w0: u64 = 0, w1: u64 = 0, w2: u64 = 0, w3: u64 = 0, m: Msg = msg): i64 {
  return received(sysCall(SYS_REPLY_RECV, ep, info, w0, w1, w2, w3), m);
}
export function notify(slot: u32, bits: u64): i64 {
  return sys2(SYS_NOTIFY, slot, bits);
}
export function wait(slot: u32): i64 {
  return sys1(SYS_WAIT, slot);
}
export function poll(slot: u32): i64 {
  return sys1(SYS_POLL, slot);
}
export function capCopy(slot: u32, rights: u32): i64 {
  return sys2(SYS_CAP_COPY, slot, rights);
}
export function capDrop(slot: u32): i64 {
  return sys1(SYS_CAP_DROP, slot);
}
export function capRevoke(slot: u32): i64 {
  return sys1(SYS_CAP_REVOKE, slot);
}
// kind | rights << 8, 0 for an empty slot.
export function capInfo(slot: u32): i64 {
  return sys1(SYS_CAP_INFO, slot);
}

// Starts the verified initrd cell `name` with copies of `caps` in its slots
// 0..; notifySlot (NO_SLOT: none) gets bit 0 when it ends; `args` are what
// it reads with args(). A new cell slot, or an error.
const spawnArgs = memory.data(<i32>SPAWN_BLOCK_SIZE, 8);
export function spawn(cell: u32, name: string, caps: Array<u32>, notifySlot: u32 = NO_SLOT, budgetMs: u32 = 0, args: string = ""): i64 {
  const n = String.UTF8.encode(name);
  const a = String.UTF8.encode(args);
  store<u64>(spawnArgs + SPAWN_NAME_PTR, addr(changetype<usize>(n)));
  store<u32>(spawnArgs + SPAWN_NAME_LEN, n.byteLength);
  store<u32>(spawnArgs + SPAWN_NCAPS, caps.length);
  store<u64>(spawnArgs + SPAWN_CAPS_PTR, addr(caps.dataStart));
  store<u32>(spawnArgs + SPAWN_NOTIFY_SLOT, notifySlot);
  store<u32>(spawnArgs + SPAWN_BUDGET_MS, budgetMs);
  store<u64>(spawnArgs + SPAWN_ARGS_PTR, addr(changetype<usize>(a)));
  store<u32>(spawnArgs + SPAWN_ARGS_LEN, a.byteLength);
  store<u32>(spawnArgs + SPAWN_RESERVED, 0);
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
export function cellStatus(cell: u32): i64 {
  return sys1(SYS_CELL_STATUS, cell);
}
export function cellKill(cell: u32): i64 {
  return sys1(SYS_CELL_KILL, cell);
}
export function cellRestart(cell: u32): i64 {
  return sys1(SYS_CELL_RESTART, cell);
}
export function consoleWrite(slot: u32, ptr: usize, len: usize): i64 {
  return sysCall(SYS_CONSOLE_WRITE, slot, addr(ptr), len, 0, 0, 0);
}
export function consoleRead(slot: u32, ptr: usize, len: usize): i64 {
  return sysCall(SYS_CONSOLE_READ, slot, addr(ptr), len, 0, 0, 0);
}
export function kinfo(slot: u32, what: u32, ptr: usize, len: usize): i64 {
  return sysCall(SYS_KINFO, slot, what, addr(ptr), len, 0, 0);
}
export function time(): i64 {
  return sys0(SYS_TIME);
}
export function trap(code: u32): void {
  sys1(SYS_TRAP, code);
  unreachable();
}
export function irqWait(slot: u32): i64 {
  return sys1(SYS_IRQ_WAIT, slot);
}
export function irqAck(slot: u32): i64 {
  return sys1(SYS_IRQ_ACK, slot);
}
export function notifyCreate(): i64 {
  return sys0(SYS_NOTIFY_CREATE);
}
export function endpointCreate(): i64 {
  return sys0(SYS_ENDPOINT_CREATE);
}
// Bytes of the initrd file `name` from `offset` into [ptr, ptr + len): how many, 0 at its end.
export function fileRead(slot: u32, name: string, offset: u64, ptr: usize, len: usize): i64 {
  const n = String.UTF8.encode(name);
  return sysCall(SYS_FILE_READ, slot, addr(changetype<usize>(n)), n.byteLength, offset, addr(ptr), len);
}

// Maps the memory or mmio capability `slot` (exactly `pages` pages) with
// `prot` at the start of fresh wasm pages of the linear memory, so TS can
// reach it with ordinary loads and stores: its offset there, or the map
// error. The rest of those wasm pages (all of them, if the map failed) is
// ordinary anonymous memory, so every page in bounds stays mapped.
export function mapInLinearMemory(slot: u32, pages: u32, prot: u32): i64 {
  const wasmPages = (pages + 15) >> 4;
  const old = sysReserve(wasmPages);
  if (old < 0) return E_NOMEM;
  const off = (<usize>old) << 16;
  const tail = (wasmPages << 4) - pages;
  const r = map(slot, addr(off), pages, prot);
  if (r < 0) map(MAP_ANON, addr(off), pages, PROT_READ | PROT_WRITE);
  if (tail > 0) map(MAP_ANON, addr(off + <usize>pages * PAGE_SIZE), tail, PROT_READ | PROT_WRITE);
  return r < 0 ? r : <i64>off;
}

// A memory capability shared with another cell, read-write (rings).
export function mapShared(slot: u32, pages: u32): i64 {
  return mapInLinearMemory(slot, pages, PROT_READ | PROT_WRITE);
}
