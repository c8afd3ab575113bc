// Deliberate faults (`ktest.panic=<kind>` on the command line), to prove the
// panic path names each one: wasm traps made in TS, CPU faults made in C
// (module "ktest", hal/<arch>/cpu.c), and overflows of a thread's stack and
// its TS shadow stack.
import { println, dec } from "../console";
import { spawn, join, currentThread } from "../sched/sched";

@external("ktest", "null_read") declare function nullRead(): void;
@external("ktest", "illegal_instruction") declare function illegalInstruction(): void;
@external("ktest", "null_write") declare function nullWrite(): void;
// Recurse until the kernel stack runs into its guard page.
@external("ktest", "overflow_stack") declare function overflowStack(): void;
// Write to the guard page under the TS linear memory.
@external("ktest", "write_heap_guard") declare function writeHeapGuard(): void;

function overflowOwnStack(): void {
  overflowStack();
}

// A thread whose shadow stack is all but used up calls a function with a
// shadow frame: the frame's first store lands in the guard page below, as
// the deepest frame of a runaway recursion's would.
function deepShadow(): void {
  const top = currentThread().shadow!;
  __stack_pointer = top.guard + 4096 + 8;
  println(shadowFrame("x", "y"));
}
function shadowFrame(a: string, b: string): string {
  return a + b + a;
}

let divisor: i32 = 0; // a global, so the optimiser cannot see the zero

// The deliberate faults; returns only for an unknown kind.
export function runPanicTest(kind: string): void {
  println("ktest: deliberate panic: " + kind);
  if (kind == "unreachable") unreachable();
  if (kind == "oob") {
    const p = (<usize>memory.size()) << 16;
    store<u32>(p + 8, 1); // past the end of linear memory
  }
  if (kind == "divzero") println(dec(<u64>(100 / divisor)));
  if (kind == "abort") abort("deliberate abort");
  if (kind == "nullptr") nullRead();
  if (kind == "illegal") illegalInstruction();
  if (kind == "nullwrite") nullWrite();
  if (kind == "stackoverflow") overflowStack();
  if (kind == "heapguard") writeHeapGuard();
  if (kind == "shadowoverflow") {
    const t = spawn("deep", deepShadow, 1);
    if (t !== null) join(t);
  }
  if (kind == "threadstack") {
    const t = spawn("overflow", overflowOwnStack, 1);
    if (t !== null) join(t);
  }
  println("ktest: unknown panic kind '" + kind + "'");
}
