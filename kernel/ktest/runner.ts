// The in-kernel test runner (the KTEST=1 flavour, ./suite.ts registers the
// tests): each registered test runs in order and prints a TAP-style line; the
// summary line and the power-off status tell the harness the result.
import { println, dec } from "../console";

type TestFn = () => bool;

class KTest {
  constructor(
    public name: string,
    public fn: TestFn,
  ) {}
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
  if (after > leakBaseline)
    return fail(
      dec(after - leakBaseline) +
        " more frames free after the suite than before (" +
        dec(leakBaseline) +
        " before, " +
        dec(after) +
        " after)",
    );
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
