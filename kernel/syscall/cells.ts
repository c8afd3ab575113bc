// exit, trap, spawn, cell_status, cell_kill, cell_restart (docs/syscalls.md).
import { userResult } from "../../hal/hal";
import { E_INVAL, E_FAULT } from "../../abi/errors";
import { KIND_CELL, KIND_NOTIFICATION, R_SPAWN, R_CONTROL, R_SIGNAL } from "../../abi/caps";
import { capError } from "../cap/table";
import { Cell, CellState } from "../object/cell";
import { Notification } from "../object/notification";
import { copyFromUser, copyToUser } from "../cell/uaccess";
import { exitCell, fault, killCell, restartCell, spawnCell, spawnCode, DEFAULT_QUOTA } from "../cell/lifecycle";
import { FAULT_WASM_TRAP, wasmTrapName } from "../../abi/traps";
import { KEEP } from "../../abi/syscalls";

const SPAWN_ARGS: u32 = 48;
const MAX_ARGS: u32 = 1024;
const MAX_NAME: u32 = 63;
const MAX_GIVE: u32 = 64;
const NO_SLOT: u32 = 255;

export function sysExit(cell: Cell, code: u64): i64 {
  exitCell(cell, <i64>code);
  return 0;
}

export function sysTrap(cell: Cell, code: u64): i64 {
  fault(cell, FAULT_WASM_TRAP, "wasm trap: " + wasmTrapName(code));
  return 0;
}

export function sysSpawn(cell: Cell, ctlSlot: u64, structPtr: u64): i64 {
  if (cell.table.lookup(<i64>ctlSlot, KIND_CELL, R_SPAWN) === null) return capError;
  const args = new StaticArray<u8>(SPAWN_ARGS);
  const a = changetype<usize>(args);
  if (!copyFromUser(cell.space!, a, structPtr, SPAWN_ARGS)) return E_FAULT;
  const namePtr = load<u64>(a), nameLen = load<u32>(a, 8), ncaps = load<u32>(a, 12);
  const capsPtr = load<u64>(a, 16), notifySlot = load<u32>(a, 24), budgetMs = load<u32>(a, 28);
  const argsPtr = load<u64>(a, 32), argsLen = load<u32>(a, 40), reserved = load<u32>(a, 44);
  if (nameLen == 0 || nameLen > MAX_NAME || ncaps > MAX_GIVE || argsLen > MAX_ARGS || reserved != 0) return E_INVAL;
  const argBytes = new StaticArray<u8>(<i32>argsLen);
  if (!copyFromUser(cell.space!, changetype<usize>(argBytes), argsPtr, argsLen)) return E_FAULT;
  const nameBuf = new StaticArray<u8>(<i32>nameLen);
  if (!copyFromUser(cell.space!, changetype<usize>(nameBuf), namePtr, nameLen)) return E_FAULT;
  const name = String.UTF8.decodeUnsafe(changetype<usize>(nameBuf), nameLen);
  const give = new Array<i64>();
  if (ncaps > 0) {
    const slots = new StaticArray<u32>(<i32>ncaps);
    if (!copyFromUser(cell.space!, changetype<usize>(slots), capsPtr, ncaps * 4)) return E_FAULT;
    for (let i = 0; i < <i32>ncaps; i++) give.push(<i64>slots[i]);
  }
  let notify: Notification | null = null;
  if (notifySlot != NO_SLOT) {
    const cap = cell.table.lookup(<i64>notifySlot, KIND_NOTIFICATION, R_SIGNAL);
    if (cap === null) return capError;
    notify = changetype<Notification>(cap.object);
  }
  const child = spawnCell(name, cell.table, give, notify, budgetMs, DEFAULT_QUOTA, argBytes);
  if (child === null) return spawnCode;
  const r = cell.table.insertRoot(child, R_CONTROL);
  if (r < 0) killCell(child);
  return r;
}

function controlled(cell: Cell, slot: u64): Cell | null {
  const cap = cell.table.lookup(<i64>slot, KIND_CELL, R_CONTROL);
  return cap === null ? null : changetype<Cell>(cap.object);
}

// The bytes its spawner gave the cell (the shell's command line; the
// kernel's command line for init): copies up to len, returns their length.
export function sysArgs(cell: Cell, ptr: u64, len: u64): i64 {
  const n = <u32>min<u64>(len, <u64>cell.args.length);
  if (n > 0 && !copyToUser(cell.space!, ptr, changetype<usize>(cell.args), n)) return E_FAULT;
  return <i64>cell.args.length;
}

export function sysCellStatus(cell: Cell, thread: u32, slot: u64): i64 {
  const c = controlled(cell, slot);
  if (c === null) return capError;
  // A cell still tearing itself down is running for its supervisor: the
  // notification comes when it is done, and restart would be refused.
  userResult(thread, 0, c.thread !== null && !c.alive ? <u64>CellState.Running : <u64>c.state);
  userResult(thread, 1, <u64>c.code);
  return KEEP;
}

export function sysCellKill(cell: Cell, slot: u64): i64 {
  const c = controlled(cell, slot);
  if (c === null) return capError;
  killCell(c);
  return 0;
}

export function sysCellRestart(cell: Cell, slot: u64): i64 {
  const c = controlled(cell, slot);
  if (c === null) return capError;
  return restartCell(c);
}
