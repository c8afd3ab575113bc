// The bookkeeping of usertests: numbered TAP-like lines, the standard
// slots, and the helpers every test uses (start a cell, wait for its end,
// read the kernel's free frames).
import { println } from "../../lib/console";
import * as sys from "../../lib/sys";

export const SPAWN = sys.SPAWN,
  KINFO = sys.KINFO;
let count = 0;
export let passed = 0,
  failed = 0;

// One result: `why` empty is a pass.
export function result(name: string, why: string): void {
  count++;
  if (why.length == 0) {
    passed++;
    println("usertests: ok " + count.toString() + " - " + name);
  } else {
    failed++;
    println("usertests: not ok " + count.toString() + " - " + name + ": " + why);
  }
}

// The notification every helper cell signals when it ends.
export let ended: u32 = sys.NO_SLOT;
export function init(): void {
  ended = <u32>sys.notifyCreate();
}

// A helper cell (a cell slot), or a negative error.
export function start(name: string, caps: Array<u32>, args: string = "", budgetMs: u32 = 60_000, notifySlot: u32 = ended): i64 {
  return sys.spawn(SPAWN, name, caps, notifySlot, budgetMs, args);
}

// Waits for the cell to end: its state; `code` is then its exit or fault code.
export let code: i64 = 0;
export function finish(cell: i64): i64 {
  while (true) {
    const st = sys.cellStatus(<u32>cell);
    code = <i64>sys.sysResult(1);
    if (st != sys.CELL_RUNNING) return st;
    sys.wait(ended);
  }
}

// Starts, waits, drops: "" if it exited with code 0, else why not.
export function run(name: string, caps: Array<u32>, args: string): string {
  const c = start(name, caps, args);
  if (c < 0) return "cannot start " + name + ": " + sys.errorName(c);
  const st = finish(c);
  sys.capDrop(<u32>c);
  return describe(name, st, 0);
}

// "" if the state is exited with the code wanted, else what happened.
export function describe(name: string, st: i64, want: i64): string {
  if (st == sys.CELL_EXITED && code == want) return "";
  const how =
    st == sys.CELL_EXITED
      ? "exited with code "
      : st == sys.CELL_FAULTED
        ? "faulted with code "
        : st == sys.CELL_KILLED
          ? "was killed, code "
          : "state " + st.toString() + ", code ";
  return name + " " + how + code.toString();
}

// Free frames and kernel heap frames from kinfo(KINFO_MEMORY); the kernel
// collects and trims its heap first.
export let heapFrames: i64 = -1;
const text = new ArrayBuffer(512);
export function freeFrames(): i64 {
  const n = sys.kinfo(KINFO, sys.KINFO_MEMORY, changetype<usize>(text), 512);
  if (n < 0) return n;
  const s = String.UTF8.decode(text.slice(0, <i32>n));
  heapFrames = number(s, "kernel heap: ");
  return number(s, "frames: ");
}
// Free frames once they stop changing: a cell that ended gives its
// thread's stack back only when the scheduler reaps it, a moment later.
export function settledFrames(): i64 {
  let last = freeFrames();
  for (let i = 0; i < 20; i++) {
    sys.sleep(20_000_000);
    const now = freeFrames();
    if (now == last) return now;
    last = now;
  }
  return last;
}
function number(s: string, key: string): i64 {
  const i = s.indexOf(key);
  if (i < 0) return -1;
  let v: i64 = 0;
  for (let j = i + key.length; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c < 48 || c > 57) break;
    v = v * 10 + (c - 48);
  }
  return v;
}

export function eq(what: string, got: i64, want: i64): string {
  return got == want
    ? ""
    : what +
        ": got " +
        (got < 0 && got >= -12 ? sys.errorName(got) : got.toString()) +
        ", want " +
        (want < 0 && want >= -12 ? sys.errorName(want) : want.toString());
}
// The first failure of several checks ("" if none).
export function first(a: string, b: string = "", c: string = "", d: string = ""): string {
  return a.length > 0 ? a : b.length > 0 ? b : c.length > 0 ? c : d;
}
