// (a) A hostile cell making 100,000 random system calls (cells/tests/fuzz): it
// must end normally, the kernel must go on answering, and every frame it
// used must come back.
import { println } from "../../lib/console";
import * as sys from "../../lib/sys";
import * as t from "./t";

const CALLS: u64 = 100_000,
  MAGIC: u64 = 0xf022_c0de;
// The fuzz cell's buckets: 0 for success, -code for each error code, 13 for anything else.
function bucketName(i: i32): string {
  return i == 0 ? "ok" : i == 13 ? "other" : sys.errorName(-i);
}

export function fuzz(seed: u64): void {
  println("usertests: fuzz seed " + seed.toString());
  const mem = sys.memCreate(1);
  const page = mem < 0 ? mem : sys.mapShared(<u32>mem, 1);
  const give = mem < 0 ? mem : sys.capCopy(<u32>mem, sys.R_READ | sys.R_WRITE); // not GRANT: the fuzzer tells it apart
  if (page < 0 || give < 0) {
    t.result("fuzz", "no results page: " + sys.errorName(page < 0 ? page : give));
    return;
  }
  const before = t.settledFrames(),
    heapBefore = t.heapFrames;
  const t0 = sys.time();
  const cell = t.start("fuzz", [<u32>give], seed.toString(), 120_000);
  if (cell < 0) {
    t.result("fuzz", "cannot start fuzz: " + sys.errorName(cell));
    return;
  }
  const st = t.finish(cell);
  const ns = sys.time() - t0;
  sys.capDrop(<u32>cell);
  sys.capDrop(<u32>give);
  const after = t.settledFrames(),
    heapAfter = t.heapFrames;
  const out = <usize>page;
  let hist = "",
    sum: u64 = 0;
  for (let i = 0; i < 14; i++) {
    const n = load<u64>(out + ((<usize>i) << 3));
    sum += n;
    if (n > 0) hist += " " + bucketName(i) + "=" + n.toString();
  }
  const calls = load<u64>(out, 14 * 8);
  println("usertests: fuzz made " + calls.toString() + " calls in " + (ns / 1_000_000).toString() + " ms:" + hist);
  println(
    "usertests: fuzz frames free before " +
      before.toString() +
      " after " +
      after.toString() +
      ", kernel heap frames before " +
      heapBefore.toString() +
      " after " +
      heapAfter.toString(),
  );
  // The kernel still answers: a new endpoint works end to end.
  const ep = sys.endpointCreate();
  const alive = ep >= 0 && sys.capInfo(<u32>ep) > 0 && sys.capDrop(<u32>ep) == 0 && sys.time() > t0;
  t.result(
    "fuzz: " + CALLS.toString() + " random system calls from a hostile cell, no frame leaked",
    t.first(
      t.describe("fuzz", st, <i64>calls),
      load<u64>(out, 15 * 8) != MAGIC || calls < CALLS || sum != calls
        ? "the fuzzer reported " + calls.toString() + " calls, histogram sum " + sum.toString()
        : "",
      alive ? "" : "the kernel no longer answers",
      // Every frame back: the kernel heap (collected and trimmed) counts apart,
      // since the ledger and the dead cell's record live there.
      t.eq("free frames + kernel heap frames after the fuzzer", after + heapAfter, before + heapBefore),
    ),
  );
  sys.unmap(sys.addr(out), 1);
  sys.capDrop(<u32>mem);
}
