// A console capability: the serial console (kernel/console.ts), shared by
// every cell that holds one. Like any capability it is authority: a cell
// without one can neither print nor read the keyboard.
import { KernelObject } from "../cap/object";
import { KIND_CONSOLE } from "../../abi/caps";
import { E_FAULT, E_INVAL } from "../../abi/errors";
import { MAX_COPY } from "../../abi/syscalls";
import { console, putc } from "../console";
import { sleepFor } from "../sched/sched";
import { copyFromUser, copyToUser, userRangeOk } from "../cell/uaccess";
import { Cell } from "./cell";

const CHUNK: u32 = 256;
const buf = new StaticArray<u8>(<i32>CHUNK);
const READ_POLL_NS: u64 = 10_000_000;

export class ConsoleObject extends KernelObject {
  get kind(): u32 {
    return KIND_CONSOLE;
  }
  describe(): string {
    return "serial console";
  }

  // console_write: len bytes of the cell's memory at ptr; all of it is
  // checked before a byte is printed.
  write(cell: Cell, ptr: u64, len: u64): i64 {
    if (len > <u64>MAX_COPY) return E_INVAL;
    const space = cell.space!;
    if (!userRangeOk(space, ptr, len, false)) return E_FAULT;
    let done: u64 = 0;
    while (done < len) {
      const n = <u32>min<u64>(len - done, <u64>CHUNK);
      if (!copyFromUser(space, changetype<usize>(buf), ptr + done, n)) return E_FAULT;
      for (let i: u32 = 0; i < n; i++) putc(<u32>unchecked(buf[i]));
      done += n;
    }
    return <i64>len;
  }

  // console_read: blocks (polling the UART every 10 ms, asleep between)
  // until at least one byte has come, then returns what is there, up to len.
  read(cell: Cell, ptr: u64, len: u64): i64 {
    if (len == 0 || len > <u64>CHUNK) return E_INVAL;
    if (!userRangeOk(cell.space!, ptr, len, true)) return E_FAULT;
    let n: u32 = 0;
    while (true) {
      while (n < <u32>len) {
        const c = console.getc();
        if (c < 0) break;
        unchecked((buf[n++] = <u8>c));
      }
      if (n > 0 || cell.killRequested) break;
      sleepFor(READ_POLL_NS);
    }
    if (!copyToUser(cell.space!, ptr, changetype<usize>(buf), n)) return E_FAULT;
    return <i64>n;
  }
}
