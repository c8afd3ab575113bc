// console_write, console_read (docs/syscalls.md): the console capability's
// calls (kernel/object/console.ts).
import { KIND_CONSOLE, R_READ, R_WRITE } from "../../abi/caps";
import { capError } from "../cap/table";
import { Cell } from "../object/cell";
import { ConsoleObject } from "../object/console";

function consoleOf(cell: Cell, slot: u64, rights: u32): ConsoleObject | null {
  const cap = cell.table.lookup(<i64>slot, KIND_CONSOLE, rights);
  return cap === null ? null : changetype<ConsoleObject>(cap.object);
}

export function sysConsoleWrite(cell: Cell, slot: u64, ptr: u64, len: u64): i64 {
  const c = consoleOf(cell, slot, R_WRITE);
  return c === null ? capError : c.write(cell, ptr, len);
}

export function sysConsoleRead(cell: Cell, slot: u64, ptr: u64, len: u64): i64 {
  const c = consoleOf(cell, slot, R_READ);
  return c === null ? capError : c.read(cell, ptr, len);
}
