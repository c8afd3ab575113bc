// In-kernel tests (the KTEST=1 flavour): each registered test runs in order and
// prints a TAP-style line; the summary line and the power-off status tell the
// harness the result. `ktest.panic=<kind>` on the command line instead runs one
// deliberate fault, to prove the panic path.
import { println, dec } from "../console";
import { fault } from "../../hal/hal";
import { spawn, join, currentThread } from "../sched/sched";

type TestFn = () => bool;

class KTest {
  constructor(public name: string, public fn: TestFn) {}
}

const tests = new Array<KTest>();
export let ktestDetail: string = ""; // a failing test says why here

export function ktest(name: string, fn: TestFn): void {
  tests.push(new KTest(name, fn));
}

export function fail(why: string): bool {
  ktestDetail = why;
  return false;
}

let leakBaseline: u64 = 0;
let countFreeFrames: () => u64 = (): u64 => 0;
let settleHeap: () => void = (): void => {};

// The heap is part of the count: collected and trimmed before both counts,
// its free pages are back with the frame allocator, and a page still held by
// an object the suite kept counts as taken.
function leakCheck(): bool {
  settleHeap();
  const after = countFreeFrames();
  if (after == leakBaseline) return true;
  if (after > leakBaseline) return fail(dec(after - leakBaseline) + " more frames free after the suite than before (" + dec(leakBaseline) + " before, " + dec(after) + " after)");
  return fail(dec(leakBaseline - after) + " frames not given back (" + dec(leakBaseline) + " before, " + dec(after) + " after)");
}

// Runs every test, then the leak check (in the spirit of xv6's countfree():
// the suite must give back every frame it took); returns the number that failed.
// `only` (ktest.only= on the command line) keeps the tests whose names start
// with it, for machines where the rest cannot pass.
export function runKtests(freeFrames: () => u64, settle: () => void, only: string | null = null): i32 {
  let failed = 0;
  countFreeFrames = freeFrames;
  settleHeap = settle;
  settle();
  leakBaseline = freeFrames();
  if (only !== null) {
    println("ktest: only the tests named '" + only + "...'");
    for (let i = tests.length - 1; i >= 0; i--) {
      if (!tests[i].name.startsWith(only)) tests.splice(i, 1);
    }
  }
  ktest("leak check: free frames (and heap pages) after the suite equal those before", leakCheck);
  for (let i = 0; i < tests.length; i++) {
    ktestDetail = "";
    const ok = tests[i].fn();
    if (!ok) failed++;
    println((ok ? "ok " : "not ok ") + dec(i + 1) + " - " + tests[i].name);
    if (!ok && ktestDetail.length > 0) println("# " + ktestDetail);
  }
  println("ktest: " + dec(tests.length - failed) + " passed, " + dec(failed) + " failed");
  return failed;
}

function overflowOwnStack(): void { fault(3); }

// A thread whose shadow stack is all but used up calls a function with a
// shadow frame: the frame's first store lands in the guard page below, as
// the deepest frame of a runaway recursion's would.
function deepShadow(): void {
  const top = currentThread().shadow!;
  __stack_pointer = top.guard + 4096 + 8;
  println(shadowFrame("x", "y"));
}
function shadowFrame(a: string, b: string): string { return a + b + a; }

let divisor: i32 = 0; // a global, so the optimiser cannot see the zero

// The deliberate faults; returns only for an unknown kind.
export function runPanicTest(kind: string): void {
  println("ktest: deliberate panic: " + kind);
  if (kind == "unreachable") unreachable();
  if (kind == "oob") {
    const p = <usize>memory.size() << 16;
    store<u32>(p + 8, 1); // past the end of linear memory
  }
  if (kind == "divzero") println(dec(<u64>(100 / divisor)));
  if (kind == "abort") abort("deliberate abort");
  if (kind == "nullptr") fault(0);
  if (kind == "illegal") fault(1);
  if (kind == "nullwrite") fault(2);
  if (kind == "stackoverflow") fault(3);
  if (kind == "heapguard") fault(4);
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
